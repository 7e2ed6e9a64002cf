#include "server/snapshot.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
#include <variant>

#include "expr/compiler.hpp"

namespace httpctl::server {

std::vector<conf::HeaderLine> configured_response_headers(const conf::HttpSettings& settings) {
    // spec http.md §10.3: custom headers (flat-key order), then CORS, then HSTS; a rejected custom
    // list contributes nothing (settings.headers is already empty then, §6.1).
    std::vector<conf::HeaderLine> list = settings.headers;
    if (settings.permissive_cors) {
        // spec §10.4: exactly these three, static.
        list.push_back({"access-control-allow-origin", "*"});
        list.push_back({"access-control-allow-headers",
                        "Authorization, Content-Type, Accept, X-Requested-With"});
        list.push_back(
            {"access-control-allow-methods", "POST, GET, PATCH, PUT, DELETE, HEAD, OPTIONS"});
    }
    if (settings.hsts) {
        list.push_back(
            {"strict-transport-security", "max-age=31536000; includeSubDomains; preload"});
    }
    return list;
}

namespace {

// An optional rate setting (spec http.md §4, §6.1): absent → the default; a "disabled" word →
// no limit; an unreadable value keeps the default, as Stalwart does after recording the error
// (the checker reports it).
std::optional<Rate> rate_setting(const conf::FlatConfig* config, std::string_view key,
                                 Rate fallback) {
    const std::optional<std::string_view> text =
        config != nullptr ? config->value(key) : std::nullopt;
    if (!text) return fallback;
    auto parsed = parse_rate(*text);
    if (const auto* rate = std::get_if<std::optional<Rate>>(&parsed)) return *rate;
    return fallback;
}

// A duration setting (spec http.md §4): absent or unreadable → the default (the checker reports
// an unreadable value).
std::chrono::milliseconds duration_setting(const conf::FlatConfig* config, std::string_view key,
                                           std::chrono::milliseconds fallback) {
    const std::optional<std::string_view> text =
        config != nullptr ? config->value(key) : std::nullopt;
    if (!text) return fallback;
    const std::optional<std::int64_t> millis = expr::parse_duration(*text);
    if (!millis || *millis < 0) return fallback;
    return std::chrono::milliseconds(*millis);
}

}  // namespace

std::shared_ptr<const ConfigSnapshot> make_snapshot(conf::CheckReport report, std::string origin,
                                                    std::uint64_t generation) {
    auto snapshot = std::make_shared<ConfigSnapshot>();
    if (report.settings) snapshot->response_headers = configured_response_headers(*report.settings);
    const conf::FlatConfig* config = report.config.get();
    snapshot->auth_rate = rate_setting(config, "authentication.rate-limit", Rate{10, 60});
    snapshot->anonymous_rate =
        rate_setting(config,
                     report.target.reads_http_prefix() ? "http.rate-limit.anonymous"
                                                       : "jmap.rate-limit.anonymous",
                     Rate{100, 60});
    // Capped at ten years so that "now + ttl" cannot overflow the clock.
    snapshot->credential_cache_ttl =
        std::min(duration_setting(config, "cache.session.ttl", std::chrono::hours(1)),
                 std::chrono::milliseconds(std::chrono::hours(24 * 3650)));
    snapshot->report = std::move(report);
    snapshot->loaded_at = std::chrono::system_clock::now();
    snapshot->origin = std::move(origin);
    snapshot->generation = generation;
    return snapshot;
}

}  // namespace httpctl::server
