// What `serve` runs on top of the transport: the configuration (loaded and checked with the
// checker), the snapshot in use and its atomic replacement on reload, the listeners to bind, the
// client-IP policy, and the request handler that puts them together with the Router.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/client_ip.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

struct ServeOptions {
    // The configuration file; unset: the built-in default (one plain listener on
    // 127.0.0.1:8080, an `admin` fallback administrator).
    std::optional<std::string> config_path;
    // `ADDR:PORT` adds a plain HTTP listener named `cli`; `ID=ADDR:PORT` binds ADDR:PORT in
    // place of listener ID's configured addresses (its TLS settings stay; expressions still see
    // the configured bind, as behind a port mapping).
    std::vector<std::string> listen;
    std::optional<conf::TargetVersion> target;  // unset: inferred from the key names
    ServerLimits limits;
    std::optional<std::uint64_t> max_body_bytes;  // caps every route's body limit
    AccessLogFormat log_format = AccessLogFormat::Plain;
    // When set (and `use-x-forwarded` is on), forwarded addresses count only when vouched for
    // by these proxies, instead of Stalwart's rule that believes any client.
    std::optional<conf::CidrSet> trusted_proxies;
};

// The configuration `serve` uses when no file is given.
[[nodiscard]] std::string_view builtin_default_config() noexcept;

// A `--listen` value, parsed.
struct ListenOverride {
    std::string listener_id;  // empty: add the `cli` listener
    std::string ip;
    std::uint16_t port = 0;
};
[[nodiscard]] std::variant<ListenOverride, std::string> parse_listen(std::string_view text);

// Whether a report stops the server from starting (or a reload from being applied).
[[nodiscard]] bool has_errors(const conf::CheckReport& report) noexcept;

class ServeService {
  public:
    // `log` receives server messages (one line each, no newline).
    ServeService(ServeOptions options, std::function<void(std::string_view)> log);
    ~ServeService();
    ServeService(const ServeService&) = delete;
    ServeService& operator=(const ServeService&) = delete;

    // Reads and checks the configuration. On success (no errors) the report becomes the
    // snapshot in use; either way the report is returned for printing.
    conf::CheckReport load();
    // The addresses to bind for the snapshot in use, or an error (bad --listen, certificate).
    [[nodiscard]] std::variant<std::vector<BindSpec>, std::string> bind_specs() const;
    // Re-reads and checks the configuration; applies it unless it has errors or `dry_run`.
    // In-flight requests keep the snapshot they started with. Logs the outcome.
    ReloadResult reload(bool dry_run);
    // The transport hooks: client IP, routing with the current snapshot, body limits.
    [[nodiscard]] ServerHooks hooks();

    [[nodiscard]] std::shared_ptr<const ConfigSnapshot> current() const;
    [[nodiscard]] const ServeOptions& options() const noexcept { return options_; }

  private:
    [[nodiscard]] std::variant<std::string, std::string> read_config_text() const;
    [[nodiscard]] conf::CheckReport check_text(const std::string& text) const;
    [[nodiscard]] const conf::ClientIpPolicy& client_ip_policy(
        const ConfigSnapshot& snapshot) const noexcept;
    [[nodiscard]] std::uint64_t body_limit(std::string_view target) const;

    ServeOptions options_;
    std::function<void(std::string_view)> log_;
    std::unique_ptr<Router> router_;
    mutable std::mutex snapshot_mutex_;  // guards the pointer only; snapshots are immutable
    std::shared_ptr<const ConfigSnapshot> snapshot_;
    std::mutex reload_mutex_;  // one reload at a time (SIGHUP and /api/reload may race)
    std::uint64_t generation_ = 0;
    // The four possible policies, built once (a request only picks one).
    conf::ClientIpPolicy peer_policy_;
    conf::ClientIpPolicy stalwart08_policy_;
    conf::ClientIpPolicy stalwart012_policy_;
    conf::ClientIpPolicy trusted_policy_;
};

}  // namespace httpctl::server
