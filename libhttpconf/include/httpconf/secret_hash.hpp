// Checking a password against a stored secret in any format Stalwart accepts (spec http.md §9):
// PHC strings (argon2, PBKDF2, scrypt), crypt(3) formats (bcrypt, SHA-512/256/1 crypt, MD5
// crypt, BSDi and traditional DES), LDAP-style `{ALGO}` prefixes, and clear text. Every
// comparison of secret material runs in constant time.
#pragma once

#include <string>
#include <string_view>

#include "expr/value.hpp"

namespace httpctl::conf {

struct SecretVerification {
    bool matches = false;
    // Why the stored secret can never match any password (unsupported `$…` or `{ALGO}` prefix,
    // malformed hash, parameters beyond the safety limits); empty for a plain wrong password.
    std::string problem;
};

// `dialect` selects the release: at 0.8 an empty stored secret matches an empty password, from
// 0.12 on it never matches (§9). The password is used as given (no trimming).
//
// Beyond Stalwart, to keep a bad configuration from stalling or exhausting the process, PHC
// hashes that would need more than 1 GiB of memory, more than 256 argon2 passes, scrypt p > 64
// or more than 10,000,000 PBKDF2 rounds are reported as problems instead of being computed. A
// password containing a NUL byte never matches a crypt(3) format (the C interface cannot represent
// it).
[[nodiscard]] SecretVerification verify_secret(std::string_view stored, std::string_view password,
                                               expr::Dialect dialect);

// The format the stored secret is in, for reports: "argon2id", "argon2i", "argon2d",
// "PBKDF2-SHA256", "PBKDF2-SHA512", "scrypt", "bcrypt", "SHA-512 crypt", "SHA-256 crypt",
// "SHA-1 crypt", "MD5 crypt", "BSDi DES crypt", "DES crypt", "{SHA}", "{SSHA}", "{SHA256}",
// "{SSHA256}", "{SHA512}", "{SSHA512}", "{MD5}", "clear text" (also for `{PLAIN}`/`{CLEAR}`),
// "empty", or "unsupported" (a format that never matches).
[[nodiscard]] std::string_view describe_secret_format(std::string_view stored) noexcept;

// True when describe_secret_format() says "clear text": what a linter flags.
[[nodiscard]] bool is_clear_text_secret(std::string_view stored) noexcept;

}  // namespace httpctl::conf
