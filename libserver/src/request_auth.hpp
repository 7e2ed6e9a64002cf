// The authentication step of a routed request (spec http.md §10.2): read `Authorization`,
// authenticate Basic credentials against the snapshot's directory and fallback admin, and apply
// the per-IP limits — `authentication.rate-limit` for Basic attempts (failed attempts count),
// the anonymous limit for everything else. Routes then decide what "unauthenticated" means.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "server/exchange.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

struct AuthenticatedUser {
    std::string login;  // as sent, trimmed and lower-cased (§10.2)
    std::string name;   // the principal's name
    std::uint32_t account_id = 0;
    bool superuser = false;
};

struct AuthStep {
    enum class Outcome {
        Anonymous,        // no usable credentials, or wrong ones
        Authenticated,    // `user` is set
        AuthRateLimited,  // 429 Too Many Authentication Attempts
        AnonRateLimited,  // 429 Too Many Requests
    };
    Outcome outcome = Outcome::Anonymous;
    std::optional<AuthenticatedUser> user;
    bool had_authorization = false;  // an Authorization header was present
};

class RequestAuthenticator {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;
    explicit RequestAuthenticator(Clock clock);
    ~RequestAuthenticator();
    RequestAuthenticator(const RequestAuthenticator&) = delete;
    RequestAuthenticator& operator=(const RequestAuthenticator&) = delete;

    // The full step: credentials, limits. Thread-safe.
    [[nodiscard]] AuthStep authenticate(const HttpRequest& request,
                                        const ConfigSnapshot& snapshot) const;
    // True when authenticate() will not verify a secret for this request: no Authorization
    // header, a scheme other than Basic, or a value still in the snapshot's credential cache.
    // (Verifying a bcrypt or Argon2 hash takes milliseconds.) Thread-safe.
    [[nodiscard]] bool decides_at_once(const HttpRequest& request,
                                       const ConfigSnapshot& snapshot) const;
    // Only the anonymous limit (routes that do not authenticate, spec §11). True: allowed.
    [[nodiscard]] bool anonymous_allowed(const HttpRequest& request,
                                         const ConfigSnapshot& snapshot) const;

  private:
    struct Limiters;
    std::unique_ptr<Limiters> limiters_;
};

}  // namespace httpctl::server
