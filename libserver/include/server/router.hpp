// The routing layer of `serve` (spec http.md §10–§13), independent of the HTTP library: the
// transport turns a connection's request into an HttpRequest (client IP already resolved,
// spec §10.1), calls Router::handle with the snapshot current at that moment, and writes the
// HttpResponse back. handle() applies the configured headers (§10.3) itself, so every response it
// returns is final.
//
// A Router is long-lived and shared by all transport threads: handle() is const-correct and
// thread-safe; the only mutable state (the authentication-attempt rate limiter) is internally
// synchronised. Configuration lives in the snapshot, never in the Router, so a reload only
// swaps snapshots.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/exchange.hpp"
#include "server/jmap_routes.hpp"
#include "server/management_api.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

// One entry of the `GET /api/reload` answer (spec §1, §13.2):
// `{"data":{"warnings":{KEY:{"type":…}},"errors":{KEY:{"type":…,"error":…}}}}`.
struct ReloadIssue {
    std::string key;    // the config key it is about ("*" for the whole file)
    std::string type;   // errors: "Parse", "Build", "Macro"; warnings: "Missing", "Unused", ...
    std::string error;  // the message; omitted from the JSON when empty
};

struct ReloadResult {
    std::vector<ReloadIssue> warnings;
    std::vector<ReloadIssue> errors;
};

// Turns a checker report into the reload answer: each diagnostic becomes an issue keyed by the
// config key whose key or value it points into ("*" when it points at none); errors are "Parse"
// ("Macro" for macro diagnostics), warnings "Unused"/"Missing" by code, else "Other". As in
// Stalwart, only one issue per key survives (the last one).
[[nodiscard]] ReloadResult reload_result_from_report(const conf::CheckReport& report);

struct RouterHooks {
    // `GET /api/reload[?dry-run]`: re-read the configuration, swap the snapshot unless
    // `dry_run`, and tell what was found. Unset: the route answers with an empty result.
    std::function<ReloadResult(bool dry_run)> reload;
    // `/healthz/ready`: 200 when true, else 503. Unset: always ready.
    std::function<bool()> ready;
    // Clock for the rate limiter; unset: std::chrono::steady_clock::now. Tests inject one.
    std::function<std::chrono::steady_clock::time_point()> now;
    // The JMAP API, blobs and push for authenticated accounts (`/jmap…`). Unset: those answer
    // 404 once authenticated.
    std::shared_ptr<const JmapService> jmap;
    // The management API beyond `/api/reload` for superusers. Unset: 404.
    std::shared_ptr<const ManagementEnvironment> management;
};

class Router {
  public:
    explicit Router(RouterHooks hooks = {});
    ~Router();
    Router(const Router&) = delete;
    Router& operator=(const Router&) = delete;

    // Never throws; an internal failure becomes the 500 problem response.
    [[nodiscard]] HttpResponse handle(const HttpRequest& request,
                                      const ConfigSnapshot& snapshot) const;
    // True when handle() answers this request without blocking work: no secret to verify (no
    // credentials, or credentials in the snapshot's cache), no disk, no body, no stream — the
    // session object, redirects, OPTIONS, robots.txt, health checks, 404s. The transport may then
    // answer it on an event-loop thread (ServerHooks::quick). Thread-safe.
    [[nodiscard]] bool answers_at_once(const HttpRequest& request,
                                       const ConfigSnapshot& snapshot) const;

  private:
    struct State;  // rate limiters and hooks
    std::unique_ptr<State> state_;
};

}  // namespace httpctl::server
