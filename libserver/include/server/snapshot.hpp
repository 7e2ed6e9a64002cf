// One loaded configuration as the server uses it: the checker's report plus what the router
// precomputes from it once, so that a request never re-derives anything from the file. A
// snapshot is immutable and shared as `std::shared_ptr<const ConfigSnapshot>`: a reload builds
// a new one and swaps the pointer, requests in flight keep the one they started with.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/http_settings.hpp"
#include "server/rate_limiter.hpp"

namespace httpctl::server {

class SnapshotCaches;  // libserver-internal: see SnapshotCacheSlot

// A snapshot's memo of answers computed from it (serialized JMAP session bodies) and of verified
// `Authorization` values (spec http.md §10.2). It is the one mutable part of a snapshot,
// internally synchronised, and it dies with the snapshot, so nothing computed from an old
// configuration outlives a reload. Copying a snapshot gives the copy empty caches of its own.
class SnapshotCacheSlot {
  public:
    SnapshotCacheSlot();
    ~SnapshotCacheSlot();
    SnapshotCacheSlot(const SnapshotCacheSlot& other);
    SnapshotCacheSlot& operator=(const SnapshotCacheSlot& other);

    [[nodiscard]] SnapshotCaches& get() const noexcept { return *caches_; }

  private:
    std::unique_ptr<SnapshotCaches> caches_;  // never null
};

struct ConfigSnapshot {
    conf::CheckReport report;  // config + settings + diagnostics (settings null: file rejected)

    // The configured response headers in the order Stalwart applies them (spec http.md §10.3):
    // custom headers in flat-key order, then the three CORS headers (§10.4) when
    // permissive-cors is on, then HSTS when hsts is on. Names lower-case. Duplicates are kept:
    // applying them in order with replace semantics makes the last one win, as in Stalwart.
    // Empty custom part when the custom list was rejected (§6.1).
    std::vector<conf::HeaderLine> response_headers;

    // The per-client-IP limits (spec http.md §6.1, §10.2): failed Basic attempts
    // (`authentication.rate-limit`, default 10/1m) and unauthenticated requests
    // (`jmap.rate-limit.anonymous` at 0.8, `http.rate-limit.anonymous` at 0.12+, default 100/1m).
    // nullopt: the limit is disabled.
    std::optional<Rate> auth_rate;
    std::optional<Rate> anonymous_rate;

    // How long a successful `Authorization` value stays cached (`cache.session.ttl`, spec
    // http.md §6.1, §10.2; default 1h). Zero: not cached.
    std::chrono::milliseconds credential_cache_ttl{std::chrono::hours(1)};

    SnapshotCacheSlot caches;

    std::chrono::system_clock::time_point loaded_at;
    std::string origin;            // what it was loaded from, e.g. the file name
    std::uint64_t generation = 0;  // 0 for the first load, +1 per successful reload

    // The settings; only valid when `usable()`.
    [[nodiscard]] const conf::HttpSettings& settings() const noexcept { return *report.settings; }
    [[nodiscard]] bool usable() const noexcept { return report.settings != nullptr; }
    // 0.12+ routing and behaviour (spec §14) — decided by the report's target version.
    [[nodiscard]] bool head_dialect() const noexcept { return report.target.reads_http_prefix(); }
};

// The §10.3 header list for these settings.
[[nodiscard]] std::vector<conf::HeaderLine> configured_response_headers(
    const conf::HttpSettings& settings);

// Builds a snapshot (precomputes `response_headers` and the rates, stamps `loaded_at` with the
// current time).
[[nodiscard]] std::shared_ptr<const ConfigSnapshot> make_snapshot(conf::CheckReport report,
                                                                  std::string origin,
                                                                  std::uint64_t generation = 0);

}  // namespace httpctl::server
