// HTTP authentication as Stalwart does it (spec http.md §10.2, §9): reading the
// `Authorization` header, and checking Basic credentials against the in-memory directory, the
// fallback administrator and the master user of an HttpSettings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/http_settings.hpp"

namespace httpctl::conf {

enum class AuthScheme : std::uint8_t {
    None,    // no usable header: the anonymous rate limit applies (§10.2)
    Basic,   // the authentication-attempt rate limit applies
    Bearer,  // an OAuth token; the anonymous rate limit applies
    Other,   // any other scheme: anonymous
};

struct BasicCredentials {
    std::string login;   // trimmed and lower-cased (Unicode)
    std::string secret;  // as sent
};

struct AuthorizationHeader {
    AuthScheme scheme = AuthScheme::None;
    std::string token;  // after the first space, trimmed
    // Basic only: nullopt when the token is not base64 of UTF-8 `login:secret` (the request is
    // then unauthenticated).
    std::optional<BasicCredentials> credentials;
};

// `value` is the first `Authorization` header, or nullopt without one. A value that is not
// visible ASCII or has no space is treated as absent (scheme None), like Stalwart.
[[nodiscard]] AuthorizationHeader parse_authorization(std::optional<std::string_view> value);

// Who a successful login is.
struct AuthenticatedIdentity {
    enum class Via : std::uint8_t { Directory, FallbackAdmin, MasterUser };
    std::string name;  // principal name; "Fallback Administrator" for the fallback admin
    bool is_superuser = false;
    // The fallback admin's is u32::MAX (§9). Directory principals have no stored ids here, so
    // theirs is their position in HttpSettings::principals: stable for one configuration.
    std::uint32_t account_id = 0;
    std::string description;
    std::vector<std::string> emails;
    Via via = Via::Directory;
};

inline constexpr std::uint32_t kFallbackAdminAccountId = 0xFFFF'FFFF;

// Checks `login`/`secret` in Stalwart's order (§9, §10.2): the in-memory directory principal
// named exactly `login` (any of its secrets), then the fallback admin (exact, case-sensitive
// name), then the master user (a login ending with the master name, an optional `%` before
// it, the master secret; the rest names the directory principal to act as). When the login is
// the fallback admin's name the master user is not consulted. The empty-secret rule follows
// the settings' target (§9). A principal with a TOTP secret (`otpauth://…`) is never
// authenticated: one-time codes are not implemented, and skipping the second factor would be
// wrong. App passwords (`$app$<name>$<hash>`) are checked like passwords.
[[nodiscard]] std::optional<AuthenticatedIdentity> authenticate(const HttpSettings& settings,
                                                                std::string_view login,
                                                                std::string_view secret);

}  // namespace httpctl::conf
