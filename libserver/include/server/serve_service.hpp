// What `serve` runs on top of the transport: the configuration (loaded and checked with the
// checker), the snapshot in use and its atomic replacement on reload, the listeners to bind, the
// client-IP policy, and the request handler that puts them together with the Router.
#pragma once

#include <cstdint>
#include <filesystem>
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
#include "httpconf/macros.hpp"
#include "server/http_server.hpp"
#include "server/jmap_routes.hpp"
#include "server/management_api.hpp"
#include "server/router.hpp"
#include "server/settings_store.hpp"
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
    // Where uploaded JMAP blobs are kept (the blob store is DIR/blob-store, created when
    // missing). Unset: a fresh temporary directory, removed when the service ends.
    std::optional<std::string> data_dir;
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
    // `log` receives server messages and access-log lines (one line each, no newline), from
    // several threads at once (see ServerHooks::log).
    ServeService(ServeOptions options, std::function<void(std::string_view)> log);
    ~ServeService();
    ServeService(const ServeService&) = delete;
    ServeService& operator=(const ServeService&) = delete;

    // Opens what survives restarts and wires it into the router: the blob store behind JMAP
    // upload/download (see ServeOptions::data_dir) and, when a configuration file is given, its
    // settings overlay `<config>.settings.json` behind the management API's settings writes (the
    // built-in configuration has none: those answer `Unsupported`). Call once, before load().
    // "" on success, else why the storage cannot be used.
    [[nodiscard]] std::string open_storage();
    // The directory blobs are stored in; empty before open_storage().
    [[nodiscard]] const std::filesystem::path& blob_directory() const noexcept {
        return blob_directory_;
    }
    // Ends every open event stream at once; call before stopping the transport so a graceful
    // stop does not wait for them (they also notice the transport's stop within ~100 ms).
    void shutdown_push() const;

    // Reads and checks the configuration. On success (no errors) the report becomes the
    // snapshot in use; either way the report is returned for printing.
    conf::CheckReport load();
    // The addresses to bind for the snapshot in use, or an error (bad --listen, certificate).
    [[nodiscard]] std::variant<std::vector<BindSpec>, std::string> bind_specs() const;
    // Re-reads and checks the configuration (the file with the settings overlay applied);
    // applies it unless it has errors or `dry_run`. In-flight requests keep the snapshot they
    // started with. Logs the outcome. `cause` names what asked for it in the log line.
    ReloadResult reload(bool dry_run, std::string_view cause = "reload");
    // The transport hooks: client IP, routing with the current snapshot, body limits.
    [[nodiscard]] ServerHooks hooks();

    [[nodiscard]] std::shared_ptr<const ConfigSnapshot> current() const;
    [[nodiscard]] const ServeOptions& options() const noexcept { return options_; }

  private:
    // The configuration file's own text (or the built-in one), or why it cannot be read.
    [[nodiscard]] std::variant<std::string, std::string> read_config_text() const;
    // The `[server.listener.cli]` table of the `--listen ADDR:PORT` options ("" for none).
    [[nodiscard]] std::string listen_listener_text() const;
    // The check of the configuration as served: the file's own when the settings overlay is
    // empty or the file has errors the overlay does not replace; else the file with the overlay
    // applied, its diagnostics mapped back (diagnostic_origin.hpp). `result` is the reload
    // answer built from the same check.
    struct CheckedConfig {
        conf::CheckReport report;
        ReloadResult result;
    };
    [[nodiscard]] CheckedConfig check_configuration(const std::string& file_text) const;
    [[nodiscard]] conf::CheckOptions check_options() const;
    [[nodiscard]] conf::CheckReport check_text(const std::string& text) const;
    void install_router();
    [[nodiscard]] const conf::ClientIpPolicy& client_ip_policy(
        const ConfigSnapshot& snapshot) const noexcept;
    [[nodiscard]] std::uint64_t body_limit(std::string_view target) const;
    // Resolves the client IP (spec §10.1) and routes the request with `snapshot`.
    [[nodiscard]] HttpResponse answer(HttpRequest& request, const ConfigSnapshot& snapshot) const;

    ServeOptions options_;
    std::function<void(std::string_view)> log_;
    conf::SystemMacroSources macro_sources_;
    std::filesystem::path blob_directory_;
    std::filesystem::path temporary_data_dir_;  // removed by the destructor when set
    std::shared_ptr<JmapService> jmap_;
    std::unique_ptr<SettingsStore> settings_;  // null with the built-in configuration
    std::shared_ptr<ManagementEnvironment> management_;
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
