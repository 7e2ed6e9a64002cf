#include "request_auth.hpp"

#include <mutex>
#include <string_view>
#include <utility>

#include "httpconf/authentication.hpp"
#include "server/rate_limiter.hpp"
#include "snapshot_caches.hpp"

namespace httpctl::server {
namespace {

const std::string& client_ip_of(const HttpRequest& request) {
    return request.client_ip.empty() ? request.peer_ip : request.client_ip;
}

// One limiter per kind of limit, keyed by client IP. A RateLimiter has one fixed rate, so when a
// reloaded snapshot configures another rate the limiter is replaced (its counts start afresh).
class SwappableLimiter {
  public:
    explicit SwappableLimiter(RequestAuthenticator::Clock clock) : clock_(std::move(clock)) {}
    std::shared_ptr<RateLimiter> for_rate(const Rate& rate) {
        const std::lock_guard lock(mutex_);
        if (!limiter_ || !(limiter_->rate() == rate)) {
            limiter_ = std::make_shared<RateLimiter>(rate, kMaxTrackedClients, clock_);
        }
        return limiter_;
    }

  private:
    static constexpr std::size_t kMaxTrackedClients = 100'000;
    RequestAuthenticator::Clock clock_;
    std::mutex mutex_;
    std::shared_ptr<RateLimiter> limiter_;
};

}  // namespace

struct RequestAuthenticator::Limiters {
    Clock clock;
    SwappableLimiter attempts;   // failed Basic attempts per IP (`authentication.rate-limit`)
    SwappableLimiter anonymous;  // unauthenticated requests per IP
    explicit Limiters(const Clock& c) : clock(c), attempts(c), anonymous(c) {}
};

RequestAuthenticator::RequestAuthenticator(Clock clock)
    : limiters_(std::make_unique<Limiters>(clock)) {}
RequestAuthenticator::~RequestAuthenticator() = default;

bool RequestAuthenticator::anonymous_allowed(const HttpRequest& request,
                                             const ConfigSnapshot& snapshot) const {
    if (!snapshot.anonymous_rate) return true;
    return limiters_->anonymous.for_rate(*snapshot.anonymous_rate)
        ->hit(client_ip_of(request))
        .allowed;
}

bool RequestAuthenticator::decides_at_once(const HttpRequest& request,
                                           const ConfigSnapshot& snapshot) const {
    const std::string* header = request.header("authorization");
    if (header == nullptr) return true;
    if (snapshot.credential_cache_ttl.count() > 0 &&
        snapshot.caches.get().credentials.find(*header, limiters_->clock())) {
        return true;
    }
    const conf::AuthorizationHeader authorization = conf::parse_authorization(*header);
    return authorization.scheme != conf::AuthScheme::Basic;
}

AuthStep RequestAuthenticator::authenticate(const HttpRequest& request,
                                            const ConfigSnapshot& snapshot) const {
    AuthStep step;
    const std::string* header = request.header("authorization");
    step.had_authorization = header != nullptr;

    // spec http.md §10.2: a value that authenticated less than `cache.session.ttl` ago is
    // accepted as it is, before the authentication limit is looked at — like Stalwart, which
    // consults its session cache first.
    CredentialCache& credentials_cache = snapshot.caches.get().credentials;
    const bool use_cache = header != nullptr && snapshot.credential_cache_ttl.count() > 0;
    if (use_cache) {
        if (std::optional<AuthenticatedUser> cached =
                credentials_cache.find(*header, limiters_->clock())) {
            step.outcome = AuthStep::Outcome::Authenticated;
            step.user = std::move(cached);
            return step;
        }
    }
    const conf::AuthorizationHeader authorization =
        conf::parse_authorization(header ? std::optional<std::string_view>(*header) : std::nullopt);

    // spec http.md §10.2: only Basic is checked against the authentication limit; no header,
    // Bearer (no tokens are issued here) and other schemes take the anonymous limit and stay
    // unauthenticated.
    if (authorization.scheme != conf::AuthScheme::Basic) {
        if (!anonymous_allowed(request, snapshot))
            step.outcome = AuthStep::Outcome::AnonRateLimited;
        return step;
    }
    const std::string& ip = client_ip_of(request);
    // Stalwart's soft check: a client over the limit is refused before its credentials are
    // looked at; only failures are counted.
    if (snapshot.auth_rate &&
        !limiters_->attempts.for_rate(*snapshot.auth_rate)->peek(ip).allowed) {
        step.outcome = AuthStep::Outcome::AuthRateLimited;
        return step;
    }
    if (!authorization.credentials) return step;  // undecodable: unauthenticated (§10.2)

    const conf::BasicCredentials& credentials = *authorization.credentials;
    const std::optional<conf::AuthenticatedIdentity> identity =
        conf::authenticate(snapshot.settings(), credentials.login, credentials.secret);
    if (!identity) {
        // Failed attempts count against the authentication limit (§10.2).
        if (snapshot.auth_rate) (void)limiters_->attempts.for_rate(*snapshot.auth_rate)->hit(ip);
        return step;
    }
    step.outcome = AuthStep::Outcome::Authenticated;
    AuthenticatedUser user;
    user.login = credentials.login;
    user.name = identity->name;
    user.account_id = identity->account_id;
    user.superuser = identity->is_superuser;
    if (use_cache) {
        // Only successes are remembered (§10.2).
        credentials_cache.store(*header, user, limiters_->clock() + snapshot.credential_cache_ttl);
    }
    step.user = std::move(user);
    return step;
}

}  // namespace httpctl::server
