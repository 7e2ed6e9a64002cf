// PHC-string secrets (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`, `$pbkdf2-sha256$i=…$…`,
// `$scrypt$ln=…,r=…,p=…$…`), verified the way Stalwart's password-hash stack does (spec http.md
// §9). Internal to the library.
#pragma once

#include <string_view>

#include "httpconf/secret_hash.hpp"

namespace httpctl::conf {

[[nodiscard]] SecretVerification verify_phc_secret(std::string_view stored,
                                                   std::string_view password);

// "argon2id", "PBKDF2-SHA256", ... or "unsupported" when the algorithm id is not one Stalwart
// verifies.
[[nodiscard]] std::string_view phc_format_name(std::string_view stored) noexcept;

}  // namespace httpctl::conf
