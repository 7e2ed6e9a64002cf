#include "server/router.hpp"

#include <exception>
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>
#include <utility>

#include "endpoint_gate.hpp"
#include "problem.hpp"
#include "request_auth.hpp"
#include "server/jmap_session.hpp"
#include "session_route.hpp"

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

// The raw path split on '/' after the leading slash (spec http.md §11: no percent-decoding;
// `/jmap` and `/jmap/` are the same route, `//jmap` has an empty first segment).
class PathSegments {
  public:
    explicit PathSegments(std::string_view path) : rest_(path) {
        if (!rest_.empty() && rest_.front() == '/') rest_.remove_prefix(1);
    }
    // What is left, unsplit (e.g. "settings/list" after "/api/").
    [[nodiscard]] std::string_view rest() const { return done_ ? std::string_view() : rest_; }
    // The next segment, "" when there is none.
    std::string_view next() {
        if (done_) return {};
        const auto slash = rest_.find('/');
        std::string_view segment = rest_.substr(0, slash);
        if (slash == std::string_view::npos) {
            done_ = true;
        } else {
            rest_.remove_prefix(slash + 1);
        }
        return segment;
    }

  private:
    std::string_view rest_;
    bool done_ = false;
};

// `?dry-run`, `?dry-run=true`, `?a=1&dry-run`: the key is present (Stalwart checks the key only).
bool query_has_key(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        std::string_view pair = query.substr(0, amp);
        if (pair.substr(0, pair.find('=')) == key) return true;
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return false;
}

std::string reload_json(const ReloadResult& result) {
    auto issues = [](const std::vector<ReloadIssue>& list) {
        Json out = Json::object();
        for (const ReloadIssue& issue : list) {
            Json entry;
            entry["type"] = issue.type;
            if (!issue.error.empty()) entry["error"] = issue.error;
            out[issue.key] = entry;  // spec §1: one issue per key, the last one wins
        }
        return out;
    };
    Json data;
    data["warnings"] = issues(result.warnings);
    data["errors"] = issues(result.errors);
    Json body;
    body["data"] = data;
    return body.dump(-1, ' ', false, Json::error_handler_t::replace);
}

HttpResponse unauthorized(const ConfigSnapshot& snapshot) {
    return unauthorized_problem(snapshot.head_dialect());
}

HttpResponse rate_limited(const AuthStep& step) {
    return step.outcome == AuthStep::Outcome::AuthRateLimited ? too_many_auth_attempts_problem()
                                                              : too_many_requests_problem();
}

bool is_rate_limited(const AuthStep& step) {
    return step.outcome == AuthStep::Outcome::AuthRateLimited ||
           step.outcome == AuthStep::Outcome::AnonRateLimited;
}

}  // namespace

struct Router::State {
    RouterHooks hooks;
    RequestAuthenticator auth;

    explicit State(RouterHooks h)
        : hooks(std::move(h)), auth(hooks.now ? hooks.now : RequestAuthenticator::Clock{[] {
              return std::chrono::steady_clock::now();
          }}) {}

    HttpResponse route(const HttpRequest& request, const ConfigSnapshot& snapshot) const;
    HttpResponse route_jmap(const HttpRequest& request, const ConfigSnapshot& snapshot,
                            PathSegments& path) const;
    HttpResponse route_well_known(const HttpRequest& request, const ConfigSnapshot& snapshot,
                                  PathSegments& path) const;
    HttpResponse route_api(const HttpRequest& request, const ConfigSnapshot& snapshot,
                           PathSegments& path) const;
    HttpResponse route_healthz(const HttpRequest& request, const ConfigSnapshot& snapshot,
                               PathSegments& path) const;
    HttpResponse status_only(int status, const ConfigSnapshot& snapshot) const;
};

Router::Router(RouterHooks hooks) : state_(std::make_unique<State>(std::move(hooks))) {}
Router::~Router() = default;

HttpResponse Router::handle(const HttpRequest& request, const ConfigSnapshot& snapshot) const {
    HttpResponse response;
    try {
        response = state_->route(request, snapshot);
    } catch (const std::exception&) {
        response = internal_error_problem();
    }
    // spec http.md §10 step 3, §10.3: every routed response gets the configured list; each entry
    // replaces every header of that name already present, so a name configured twice ends up
    // with the last value.
    for (const conf::HeaderLine& line : snapshot.response_headers) {
        bool placed = false;
        for (auto it = response.headers.begin(); it != response.headers.end();) {
            if (it->first != line.name) {
                ++it;
            } else if (!placed) {
                it->second = line.value;
                placed = true;
                ++it;
            } else {
                it = response.headers.erase(it);
            }
        }
        if (!placed) response.headers.emplace_back(line.name, line.value);
    }
    return response;
}

bool Router::answers_at_once(const HttpRequest& request, const ConfigSnapshot& snapshot) const {
    if (!request.body.empty()) return false;
    if (!snapshot.usable()) return true;
    const RequestAuthenticator& auth = state_->auth;
    const bool options = request.method == "OPTIONS";
    PathSegments path(request.path);
    const std::string_view first = path.next();
    if (first == "jmap") {
        // Mirrors route_jmap: 0.12+ answers OPTIONS before authenticating; the session route
        // authenticates; everything else under /jmap (API, blobs, push) may block.
        if (options) return snapshot.head_dialect() || auth.decides_at_once(request, snapshot);
        const bool session =
            snapshot.head_dialect() && path.next() == "session" && request.method == "GET";
        return session && auth.decides_at_once(request, snapshot);
    }
    if (first == ".well-known") {
        if (options || snapshot.head_dialect()) return true;
        // 0.8 answers the session object at /.well-known/jmap, authenticated.
        return path.next() != "jmap" || auth.decides_at_once(request, snapshot);
    }
    if (first == "api") return options;  // reload and the management API touch the disk
    if (first == "healthz") return !state_->hooks.ready;  // an unknown readiness check may block
    return true;                                          // /auth, robots.txt, the web-admin 404s
}

HttpResponse Router::State::route(const HttpRequest& request,
                                  const ConfigSnapshot& snapshot) const {
    if (!snapshot.usable()) return internal_error_problem();
    if (snapshot.head_dialect()) {
        // spec §6.2, §11: every request first passes `http.allowed-endpoint`.
        if (const auto status = endpoint_gate_status(request, snapshot)) {
            return status_problem(*status);
        }
    }
    PathSegments path(request.path);
    const std::string_view first = path.next();
    if (first == "jmap") return route_jmap(request, snapshot, path);
    if (first == ".well-known") return route_well_known(request, snapshot, path);
    if (first == "api") return route_api(request, snapshot, path);
    if (first == "auth") {
        // spec §10.5: OPTIONS /auth/… → 204. The OAuth endpoints themselves are not served.
        if (request.method == "OPTIONS") return empty_response(204);
        return not_found_problem();
    }
    if (first == "robots.txt") {
        // spec §11: any method, including OPTIONS (§10.5); 0.12+ applies the anonymous limit.
        if (snapshot.head_dialect() && !auth.anonymous_allowed(request, snapshot)) {
            return too_many_requests_problem();
        }
        HttpResponse response;
        response.set_header("content-type", "text/plain");
        response.body = "User-agent: *\nDisallow: /\n";
        return response;
    }
    if (first == "healthz") return route_healthz(request, snapshot, path);
    // spec §11: everything else is the web-admin bundle, which is not served: 404 problem.
    return not_found_problem();
}

HttpResponse Router::State::route_jmap(const HttpRequest& request, const ConfigSnapshot& snapshot,
                                       PathSegments& path) const {
    const std::string_view sub = path.next();
    // spec §14: at 0.12+ OPTIONS /jmap/* answers 204 without touching authentication.
    if (snapshot.head_dialect() && request.method == "OPTIONS") return empty_response(204);

    const AuthStep step = auth.authenticate(request, snapshot);
    if (is_rate_limited(step)) return rate_limited(step);  // §10.5: the limiter runs first
    // spec §10.5: OPTIONS /jmap… → 204 whatever the credentials.
    if (request.method == "OPTIONS") return empty_response(204);

    if (snapshot.head_dialect() && sub == "session" && request.method == "GET") {
        // spec §11 (0.12+): without Authorization, a session with no accounts.
        if (step.user || !step.had_authorization) {
            return session_response(request, snapshot, step.user);
        }
        return unauthorized(snapshot);
    }
    // spec §11: everything else under /jmap answers 401 first when unauthenticated, then the
    // JMAP service (API, upload, download, push, the WebSocket upgrade), then 404.
    if (!step.user) return unauthorized(snapshot);
    if (hooks.jmap) {
        const JmapAccount account{jmap_id(step.user->account_id), session_state({})};
        const std::string_view rest = std::string_view(request.path).substr(5);  // after "/jmap"
        if (std::optional<HttpResponse> answer =
                hooks.jmap->answer(request, rest, snapshot, account)) {
            return std::move(*answer);
        }
    }
    return not_found_problem();
}

HttpResponse Router::State::route_well_known(const HttpRequest& request,
                                             const ConfigSnapshot& snapshot,
                                             PathSegments& path) const {
    // spec §10.5: OPTIONS /.well-known/… → 204 for any sub-path.
    if (request.method == "OPTIONS") return empty_response(204);
    const std::string_view name = path.next();
    if (name == "jmap") {
        if (snapshot.head_dialect()) {
            // spec §11, §14: 0.12+ redirects, no authentication.
            if (request.method != "GET") return not_found_problem();
            HttpResponse response;
            response.status = 307;
            response.set_header("location", "/jmap/session");
            response.set_header("cache-control", "no-cache");
            return response;
        }
        if (request.method != "GET") return not_found_problem();
        const AuthStep step = auth.authenticate(request, snapshot);
        if (is_rate_limited(step)) return rate_limited(step);
        if (!step.user) return unauthorized(snapshot);
        return session_response(request, snapshot, step.user);
    }
    if (name == "oauth-authorization-server" && request.method == "GET") {
        if (!auth.anonymous_allowed(request, snapshot)) return too_many_requests_problem();
        return oauth_metadata_response(request, snapshot);
    }
    if (snapshot.head_dialect() && (name == "caldav" || name == "carddav")) {
        // spec §11 (0.12+): any method, 307 to the DAV collection.
        HttpResponse response;
        response.status = 307;
        response.set_header("location", name == "caldav" ? "/dav/cal" : "/dav/card");
        return response;
    }
    // ACME, MTA-STS and autoconfig answer 404 when nothing provides them (spec §11).
    return not_found_problem();
}

HttpResponse Router::State::route_api(const HttpRequest& request, const ConfigSnapshot& snapshot,
                                      PathSegments& path) const {
    // spec §10.5: OPTIONS /api… → 204 before any authentication.
    if (request.method == "OPTIONS") return empty_response(204);
    const AuthStep step = auth.authenticate(request, snapshot);
    if (is_rate_limited(step)) return rate_limited(step);
    if (!step.user) return unauthorized(snapshot);

    // spec §13.1: admin routes need a superuser; others get 404 at 0.8, 403 at 0.12+.
    if (!step.user->superuser) {
        return snapshot.head_dialect() ? forbidden_problem() : not_found_problem();
    }
    const std::string_view rest = path.rest();
    const std::string_view first = path.next();
    const std::string_view second = path.next();
    if (first == "reload" && second.empty() && request.method == "GET") {
        const bool dry_run = query_has_key(request.query, "dry-run");
        const ReloadResult result = hooks.reload ? hooks.reload(dry_run) : ReloadResult{};
        return json_response(reload_json(result));
    }
    if (hooks.management)
        return answer_management_request(request, rest, snapshot, *hooks.management);
    return not_found_problem();
}

HttpResponse Router::State::route_healthz(const HttpRequest& request,
                                          const ConfigSnapshot& snapshot,
                                          PathSegments& path) const {
    // spec §11: any method; 0.12+ applies the anonymous limit.
    if (snapshot.head_dialect() && !auth.anonymous_allowed(request, snapshot)) {
        return too_many_requests_problem();
    }
    const std::string_view check = path.next();
    if (check == "live") return status_only(200, snapshot);
    if (check == "ready") return status_only(!hooks.ready || hooks.ready() ? 200 : 503, snapshot);
    return not_found_problem();
}

HttpResponse Router::State::status_only(int status, const ConfigSnapshot& snapshot) const {
    // spec §11: an empty body at 0.8; 0.12+ sends a problem JSON body for the status.
    if (!snapshot.head_dialect()) return empty_response(status);
    const std::string_view phrase = reason_phrase(status);
    return problem_response(status, phrase, phrase);
}

}  // namespace httpctl::server
