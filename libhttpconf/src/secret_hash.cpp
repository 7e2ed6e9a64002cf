#include "httpconf/secret_hash.hpp"

#include <crypt.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <memory>
#include <optional>
#include <string>

#include "base64.hpp"
#include "phc_secret.hpp"

namespace httpctl::conf {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) noexcept {
    return text.substr(0, prefix.size()) == prefix;
}

bool same_text(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SecretVerification result(bool matches) {
    return SecretVerification{matches, {}};
}
SecretVerification problem(std::string text) {
    return SecretVerification{false, std::move(text)};
}

// crypt(3) through libxcrypt: the stored hash is its own setting string, and a match reproduces
// it exactly.
SecretVerification verify_crypt(std::string_view stored, std::string_view password) {
    if (password.find('\0') != std::string_view::npos) return result(false);
    if (stored.find('\0') != std::string_view::npos) return problem("secret contains a NUL byte");
    const std::string phrase(password);
    const std::string setting(stored);
    auto data = std::make_unique<crypt_data>();
    const char* hashed = crypt_rn(phrase.c_str(), setting.c_str(), data.get(), sizeof(crypt_data));
    if (hashed == nullptr || hashed[0] == '*') return problem("malformed crypt(3) hash");
    return result(same_text(hashed, stored));
}

// Traditional DES crypt: 13 characters of the crypt alphabet (two of salt, eleven of hash).
bool is_des_crypt(std::string_view stored) noexcept {
    if (stored.size() != 13) return false;
    for (const char c : stored) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '.' || c == '/';
        if (!ok) return false;
    }
    return true;
}

std::string digest(const EVP_MD* md, std::string_view first, std::string_view second = {}) {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), first.data(), first.size()) != 1 ||
        EVP_DigestUpdate(ctx.get(), second.data(), second.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), out, &length) != 1) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(out), length);
}

// `{SHA}`-style: base64 of the digest, compared as text (padding included).
SecretVerification verify_plain_digest(const EVP_MD* md, std::string_view encoded,
                                       std::string_view password) {
    return result(same_text(base64::encode_padded(digest(md, password)), encoded));
}

// `{SSHA}`-style: base64(digest(password ‖ salt) ‖ salt). Undecodable text or fewer bytes than
// one digest never match.
SecretVerification verify_salted_digest(const EVP_MD* md, std::string_view encoded,
                                        std::string_view password) {
    const std::optional<std::string> decoded = base64::decode_lenient(encoded);
    const auto size = static_cast<std::size_t>(EVP_MD_get_size(md));
    if (!decoded || decoded->size() < size) return result(false);
    const std::string_view stored_hash = std::string_view(*decoded).substr(0, size);
    const std::string_view salt = std::string_view(*decoded).substr(size);
    return result(same_text(digest(md, password, salt), stored_hash));
}

// spec http.md §9: what follows a leading `$`.
SecretVerification verify_dollar(std::string_view stored, std::string_view password) {
    if (starts_with(stored, "$argon2") || starts_with(stored, "$pbkdf2") ||
        starts_with(stored, "$scrypt")) {
        return verify_phc_secret(stored, password);
    }
    if (starts_with(stored, "$2")) {
        if (!starts_with(stored, "$2a$") && !starts_with(stored, "$2b$") &&
            !starts_with(stored, "$2y$")) {
            return problem("unsupported bcrypt variant");
        }
        return verify_crypt(stored, password);
    }
    if (starts_with(stored, "$6$") || starts_with(stored, "$5$") || starts_with(stored, "$sha1$") ||
        starts_with(stored, "$1$")) {
        return verify_crypt(stored, password);
    }
    if (starts_with(stored, "$sha1") || starts_with(stored, "$1")) {
        return problem("malformed crypt(3) hash");
    }
    return problem("unsupported hash prefix");
}

// spec http.md §9: `{ALGO}` prefixes, matched case-sensitively as listed.
SecretVerification verify_braced(std::string_view algorithm, std::string_view rest,
                                 std::string_view password) {
    if (algorithm == "ARGON2" || algorithm == "ARGON2I" || algorithm == "ARGON2ID" ||
        algorithm == "PBKDF2") {
        return verify_dollar(rest, password);
    }
    if (algorithm == "SHA") return verify_plain_digest(EVP_sha1(), rest, password);
    if (algorithm == "SSHA") return verify_salted_digest(EVP_sha1(), rest, password);
    if (algorithm == "SHA256") return verify_plain_digest(EVP_sha256(), rest, password);
    if (algorithm == "SSHA256") return verify_salted_digest(EVP_sha256(), rest, password);
    if (algorithm == "SHA512") return verify_plain_digest(EVP_sha512(), rest, password);
    if (algorithm == "SSHA512") return verify_salted_digest(EVP_sha512(), rest, password);
    if (algorithm == "MD5") return verify_plain_digest(EVP_md5(), rest, password);
    if (algorithm == "CRYPT" || algorithm == "crypt") {
        if (starts_with(rest, "$")) return verify_dollar(rest, password);
        if (!is_des_crypt(rest)) return result(false);
        return verify_crypt(rest, password);
    }
    if (algorithm == "PLAIN" || algorithm == "plain" || algorithm == "CLEAR" ||
        algorithm == "clear") {
        return result(same_text(rest, password));
    }
    return problem("unsupported algorithm {" + std::string(algorithm) + "}");
}

}  // namespace

SecretVerification verify_secret(std::string_view stored, std::string_view password,
                                 expr::Dialect dialect) {
    if (stored.empty()) {
        // spec http.md §9: 0.8 compares the empty secret as clear text; 0.12+ never matches.
        return result(dialect == expr::Dialect::V08 && password.empty());
    }
    if (stored.front() == '$') return verify_dollar(stored, password);
    if (stored.front() == '_') {
        if (stored.size() != 20) return result(false);
        return verify_crypt(stored, password);
    }
    if (stored.front() == '{') {
        const std::size_t close = stored.find('}');
        if (close == std::string_view::npos) return problem("'{' without a closing '}'");
        return verify_braced(stored.substr(1, close - 1), stored.substr(close + 1), password);
    }
    return result(same_text(stored, password));
}

std::string_view describe_secret_format(std::string_view stored) noexcept {
    if (stored.empty()) return "empty";
    const auto dollar_format = [](std::string_view text) -> std::string_view {
        if (starts_with(text, "$argon2") || starts_with(text, "$pbkdf2") ||
            starts_with(text, "$scrypt")) {
            return phc_format_name(text);
        }
        if (starts_with(text, "$2a$") || starts_with(text, "$2b$") || starts_with(text, "$2y$")) {
            return "bcrypt";
        }
        if (starts_with(text, "$6$")) return "SHA-512 crypt";
        if (starts_with(text, "$5$")) return "SHA-256 crypt";
        if (starts_with(text, "$sha1$")) return "SHA-1 crypt";
        if (starts_with(text, "$1$")) return "MD5 crypt";
        return "unsupported";
    };
    if (stored.front() == '$') return dollar_format(stored);
    if (stored.front() == '_') return "BSDi DES crypt";
    if (stored.front() != '{') return "clear text";
    const std::size_t close = stored.find('}');
    if (close == std::string_view::npos) return "unsupported";
    const std::string_view algorithm = stored.substr(1, close - 1);
    const std::string_view rest = stored.substr(close + 1);
    if (algorithm == "ARGON2" || algorithm == "ARGON2I" || algorithm == "ARGON2ID" ||
        algorithm == "PBKDF2") {
        return dollar_format(rest);
    }
    if (algorithm == "CRYPT" || algorithm == "crypt") {
        return starts_with(rest, "$") ? dollar_format(rest) : "DES crypt";
    }
    if (algorithm == "PLAIN" || algorithm == "plain" || algorithm == "CLEAR" ||
        algorithm == "clear") {
        return "clear text";
    }
    for (const std::string_view known :
         {"{SHA}", "{SSHA}", "{SHA256}", "{SSHA256}", "{SHA512}", "{SSHA512}", "{MD5}"}) {
        if (stored.substr(0, close + 1) == known) return known;
    }
    return "unsupported";
}

bool is_clear_text_secret(std::string_view stored) noexcept {
    return describe_secret_format(stored) == "clear text";
}

}  // namespace httpctl::conf
