// The typed model of the settings the HTTP side of Stalwart reads (spec http.md §5–§9), built
// once from a FlatConfig and then shared read-only by the checker, the linter, the REPL and the
// server. Building never fails: every problem becomes a Diagnostic and the setting keeps the
// value Stalwart would use in that case (usually its built-in default), so the model always
// describes what the real server would do with the same file.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/if_block.hpp"
#include "expr/stores.hpp"
#include "expr/value.hpp"
#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"

namespace httpctl::conf {

// Which Stalwart release the file is meant for. Releases before 0.12 read `server.http.*` and
// the 0.8 expression dialect; 0.12 and later read `http.*` (spec §6.2).
struct TargetVersion {
    std::uint32_t major = 0;
    std::uint32_t minor = 12;
    [[nodiscard]] bool reads_http_prefix() const noexcept { return major > 0 || minor >= 12; }
    [[nodiscard]] expr::Dialect dialect() const noexcept {
        return reads_http_prefix() ? expr::Dialect::Head : expr::Dialect::V08;
    }
    [[nodiscard]] std::string to_string() const;  // "0.8", "0.12"
    friend bool operator==(const TargetVersion&, const TargetVersion&) = default;
};

// "0.8", "0.8.5", "0.11", "0.12", "0.13.1", "head" (= newest known). nullopt when unreadable.
[[nodiscard]] std::optional<TargetVersion> parse_target_version(std::string_view text);

// One address a listener binds (spec §7): the configured text, and its IP and port as Stalwart
// parses them. `local_ip`/`local_port` in expressions come from here, not from the socket.
struct BindAddress {
    std::string text;  // as written, e.g. "[::]:443"
    std::string ip;    // e.g. "::" (no brackets)
    std::uint16_t port = 0;
    SourceLocation where;  // of the value in the file
};

struct Listener {
    std::string id;
    std::string protocol;  // lower-cased; "https" already mapped to "http" (§7)
    std::vector<BindAddress> binds;
    bool tls_enable = true;
    bool tls_implicit = false;
    SourceLocation where;  // of the `protocol` value
    [[nodiscard]] bool is_http() const noexcept { return protocol == "http"; }
    // `protocol`/`is_tls` in expressions: implicit TLS on a TLS-enabled listener (§7).
    [[nodiscard]] bool uses_tls() const noexcept { return tls_enable && tls_implicit; }
};

// One configured response header, already validated (§6.1): name lower-cased and trimmed.
struct HeaderLine {
    std::string name;
    std::string value;
};

// The JMAP core limits that shape the session object (§6.1, §12).
struct JmapLimits {
    std::uint64_t max_size_request = 10'000'000;
    std::uint64_t max_calls_in_request = 16;
    std::uint64_t max_concurrent_requests = 4;
    std::uint64_t max_size_upload = 50'000'000;
    std::uint64_t max_concurrent_upload = 4;
    std::uint64_t max_objects_in_get = 500;
    std::uint64_t max_objects_in_set = 500;
};

// `authentication.fallback-admin.*` (§9); present only when both keys are.
struct FallbackAdmin {
    std::string user;
    std::string secret;  // any format of §9, macros already expanded when the caller did so
};

// `authentication.master.*` (§9); present only when both keys are. Logging in as
// `<user>%<master>` with the master secret authenticates as `<user>`.
struct MasterUser {
    std::string user;
    std::string secret;
};

// A principal of an in-memory directory (`directory.<id>.type = "memory"`,
// `directory.<id>.principals.NNNN.{name,secret,email,type,description}`).
struct Principal {
    std::string name;
    std::string type = "individual";  // individual, admin/superuser, group, ...
    std::string description;
    std::vector<std::string> secrets;
    std::vector<std::string> emails;
    [[nodiscard]] bool is_superuser() const noexcept;
};

struct HttpSettings {
    TargetVersion target;
    // The file the positions in this model refer to; every SourceLocation::file below views
    // this string, so the model stays valid after the FlatConfig it was built from is gone.
    std::string file_name;
    // "server.http." or "http." — the prefix the target reads; key names below drop it.
    std::string prefix = "http.";

    // `url` (§6.1): the compiled block actually in effect (Stalwart's default when the setting is
    // absent or does not compile), with `url_configured` telling which.
    expr::IfBlock url;
    bool url_configured = false;
    // `allowed-endpoint` (§6.2, 0.12+ only): nullopt when absent or not read by the target.
    std::optional<expr::IfBlock> allowed_endpoint;

    // Custom headers in flat-key order; empty when any item was bad (§6.1: one bad item drops
    // all of them), with `headers_rejected` set.
    std::vector<HeaderLine> headers;
    bool headers_rejected = false;
    bool permissive_cors = false;
    bool hsts = false;
    bool use_x_forwarded = false;

    JmapLimits limits;
    std::vector<Listener> listeners;  // every listener, sorted by id (§7)

    // "The server hostname" as the target reads it (§8), and where it came from
    // ("server.hostname", "lookup.default.hostname" or "machine").
    std::string hostname;
    std::string hostname_source;

    std::optional<FallbackAdmin> fallback_admin;
    std::optional<MasterUser> master_user;
    std::vector<Principal> principals;  // of every in-memory directory

    // `lookup.<store>.<key>` maps for key_get/key_exists.
    expr::InMemoryStores stores;

    [[nodiscard]] const Listener* find_listener(std::string_view id) const noexcept;
    [[nodiscard]] std::vector<const Listener*> http_listeners() const;
};

struct BuildOptions {
    // nullopt: infer from the key names (any `http.*` key → 0.12, else `server.http.*` → 0.8,
    // else 0.12).
    std::optional<TargetVersion> target;
    // The OS host name Stalwart would fall back to (§8); the checker passes a fixed name so its
    // output does not depend on the machine.
    std::string machine_hostname = "localhost";
};

struct BuiltSettings {
    std::shared_ptr<const HttpSettings> settings;  // never null
    std::vector<Diagnostic> diagnostics;           // what Stalwart reports or silently swallows
};

// `config` must outlive nothing: the result copies what it needs. Diagnostics carry positions
// from `config` (file:line:column of the offending value, or inside an expression).
[[nodiscard]] BuiltSettings build_http_settings(const FlatConfig& config,
                                                const BuildOptions& options = {});

// The default `url` expression text of the target (§6.1, §6.2).
[[nodiscard]] std::string_view default_url_expression(const TargetVersion& target) noexcept;

}  // namespace httpctl::conf
