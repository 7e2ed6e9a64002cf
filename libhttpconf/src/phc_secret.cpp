#include "phc_secret.hpp"

#include <argon2.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base64.hpp"

namespace httpctl::conf {

namespace {

// Safety limits (see secret_hash.hpp): refuse work a real secret never needs.
constexpr std::uint64_t kMaxMemoryBytes = std::uint64_t{1} << 30;
constexpr std::uint32_t kMaxPbkdf2Rounds = 10'000'000;
constexpr std::uint32_t kMaxArgon2Passes = 256;
constexpr std::uint32_t kMaxScryptParallelism = 64;

struct PhcString {
    std::string_view algorithm;
    std::optional<std::uint32_t> version;
    std::vector<std::pair<std::string_view, std::string_view>> params;
    std::string salt;  // decoded
    std::string hash;  // decoded
};

bool is_ident(std::string_view text) noexcept {
    if (text.empty() || text.size() > 32) return false;
    for (const char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return true;
}

bool is_param_value(std::string_view text) noexcept {
    if (text.empty() || text.size() > 64) return false;
    for (const char c : text) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '/' || c == '+' || c == '.' || c == '-')) {
            return false;
        }
    }
    return true;
}

std::optional<std::uint32_t> parse_decimal(std::string_view text) noexcept {
    if (text.empty() || text.size() > 10) return std::nullopt;
    if (text.size() > 1 && text.front() == '0') return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::vector<std::string_view> split_fields(std::string_view text, char separator) {
    std::vector<std::string_view> fields;
    while (true) {
        const std::size_t at = text.find(separator);
        fields.push_back(text.substr(0, at));
        if (at == std::string_view::npos) break;
        text.remove_prefix(at + 1);
    }
    return fields;
}

// The PHC string format as Stalwart's parser reads it: `$id[$v=N][$k=v,...][$salt[$hash]]`.
// Verification needs both salt and hash, so this parser requires them.
std::variant<PhcString, std::string> parse_phc(std::string_view text) {
    const std::vector<std::string_view> fields = split_fields(text, '$');
    if (fields.size() < 2 || !fields[0].empty()) return std::string("not a PHC string");
    PhcString phc;
    phc.algorithm = fields[1];
    if (!is_ident(phc.algorithm)) return std::string("invalid PHC algorithm identifier");
    std::size_t next = 2;
    if (next < fields.size() && fields[next].substr(0, 2) == "v=") {
        phc.version = parse_decimal(fields[next].substr(2));
        if (!phc.version) return std::string("invalid PHC version");
        ++next;
    }
    if (next < fields.size() && fields[next].find('=') != std::string_view::npos) {
        for (const std::string_view pair : split_fields(fields[next], ',')) {
            const std::size_t eq = pair.find('=');
            if (eq == std::string_view::npos) return std::string("invalid PHC parameter");
            const std::string_view name = pair.substr(0, eq);
            const std::string_view value = pair.substr(eq + 1);
            if (!is_ident(name) || !is_param_value(value)) {
                return std::string("invalid PHC parameter");
            }
            for (const auto& [seen, ignored] : phc.params) {
                if (seen == name) return "duplicate PHC parameter \"" + std::string(name) + "\"";
            }
            phc.params.emplace_back(name, value);
        }
        ++next;
    }
    if (next + 2 != fields.size()) return std::string("a PHC string needs a salt and a hash");
    const std::string_view salt_text = fields[next];
    if (salt_text.size() < 4 || salt_text.size() > 64) {
        return std::string("PHC salt must be 4 to 64 characters");
    }
    std::optional<std::string> salt = base64::decode_phc(salt_text);
    std::optional<std::string> hash = base64::decode_phc(fields[next + 1]);
    if (!salt) return std::string("PHC salt is not valid B64");
    if (!hash) return std::string("PHC hash is not valid B64");
    if (hash->size() < 10 || hash->size() > 64) {
        return std::string("PHC hash must be 10 to 64 bytes");
    }
    phc.salt = std::move(*salt);
    phc.hash = std::move(*hash);
    return phc;
}

bool same_bytes(const std::string& computed, const std::string& expected) noexcept {
    return computed.size() == expected.size() &&
           CRYPTO_memcmp(computed.data(), expected.data(), computed.size()) == 0;
}

SecretVerification problem(std::string text) {
    return SecretVerification{false, std::move(text)};
}

SecretVerification verify_argon2(const PhcString& phc, argon2_type type,
                                 std::string_view password) {
    // Defaults of the verifier Stalwart uses: m=19456, t=2, p=1, version 0x13.
    std::uint32_t m_cost = 19456;
    std::uint32_t t_cost = 2;
    std::uint32_t lanes = 1;
    for (const auto& [name, value] : phc.params) {
        const std::optional<std::uint32_t> number = parse_decimal(value);
        if (name == "m" && number) {
            m_cost = *number;
        } else if (name == "t" && number) {
            t_cost = *number;
        } else if (name == "p" && number) {
            lanes = *number;
        } else {
            return problem("unsupported argon2 parameter \"" + std::string(name) + "\"");
        }
    }
    const std::uint32_t version = phc.version.value_or(ARGON2_VERSION_13);
    if (version != ARGON2_VERSION_10 && version != ARGON2_VERSION_13) {
        return problem("unsupported argon2 version " + std::to_string(version));
    }
    if (std::uint64_t{m_cost} * 1024 > kMaxMemoryBytes) {
        return problem("argon2 memory cost above the 1 GiB safety limit");
    }
    if (t_cost > kMaxArgon2Passes) return problem("argon2 time cost above the limit of 256");
    std::string computed(phc.hash.size(), '\0');
    const int status = argon2_hash(
        t_cost, m_cost, lanes, password.data(), password.size(), phc.salt.data(), phc.salt.size(),
        computed.data(), computed.size(), nullptr, 0, type, static_cast<argon2_version>(version));
    if (status != ARGON2_OK) {
        return problem(std::string("argon2: ") + argon2_error_message(status));
    }
    return SecretVerification{same_bytes(computed, phc.hash), {}};
}

SecretVerification verify_pbkdf2(const PhcString& phc, const EVP_MD* digest,
                                 std::string_view password) {
    if (phc.version) return problem("PBKDF2 hashes have no version");
    std::uint32_t rounds = 10'000;
    std::optional<std::uint32_t> length;
    for (const auto& [name, value] : phc.params) {
        const std::optional<std::uint32_t> number = parse_decimal(value);
        if (name == "i" && number) {
            rounds = *number;
        } else if (name == "l" && number) {
            length = *number;
        } else {
            return problem("unsupported PBKDF2 parameter \"" + std::string(name) + "\"");
        }
    }
    if (length && *length != phc.hash.size()) {
        return problem("PBKDF2 l= does not match the hash length");
    }
    if (rounds == 0 || rounds > kMaxPbkdf2Rounds) {
        return problem("PBKDF2 round count outside 1..10000000");
    }
    if (phc.salt.size() > 48) return problem("PBKDF2 salt longer than 48 bytes");
    // Without l= the verifier computes 32 bytes, so a longer stored hash never matches.
    const std::size_t output_length = length.value_or(32);
    std::string computed(output_length, '\0');
    if (PKCS5_PBKDF2_HMAC(password.data(), static_cast<int>(password.size()),
                          reinterpret_cast<const unsigned char*>(phc.salt.data()),
                          static_cast<int>(phc.salt.size()), static_cast<int>(rounds), digest,
                          static_cast<int>(computed.size()),
                          reinterpret_cast<unsigned char*>(computed.data())) != 1) {
        return problem("PBKDF2 computation failed");
    }
    return SecretVerification{same_bytes(computed, phc.hash), {}};
}

SecretVerification verify_scrypt(const PhcString& phc, std::string_view password) {
    if (phc.version) return problem("scrypt hashes have no version");
    std::uint32_t log_n = 17;
    std::uint32_t r = 8;
    std::uint32_t p = 1;
    for (const auto& [name, value] : phc.params) {
        const std::optional<std::uint32_t> number = parse_decimal(value);
        if (name == "ln" && number) {
            log_n = *number;
        } else if (name == "r" && number) {
            r = *number;
        } else if (name == "p" && number) {
            p = *number;
        } else {
            return problem("unsupported scrypt parameter \"" + std::string(name) + "\"");
        }
    }
    if (log_n == 0 || log_n >= 64 || r == 0 || p == 0) {
        return problem("invalid scrypt parameters");
    }
    const std::uint64_t n = std::uint64_t{1} << log_n;
    // scrypt needs 128·r·N bytes (plus 128·r·p); refuse what exceeds the limit.
    if (log_n > 40 || std::uint64_t{128} * r > kMaxMemoryBytes / n) {
        return problem("scrypt memory cost above the 1 GiB safety limit");
    }
    if (p > kMaxScryptParallelism) return problem("scrypt parallelism above the limit of 64");
    std::string computed(phc.hash.size(), '\0');
    const std::uint64_t max_memory = kMaxMemoryBytes + std::uint64_t{128} * r * (p + 2);
    if (EVP_PBE_scrypt(password.data(), password.size(),
                       reinterpret_cast<const unsigned char*>(phc.salt.data()), phc.salt.size(), n,
                       r, p, max_memory, reinterpret_cast<unsigned char*>(computed.data()),
                       computed.size()) != 1) {
        return problem("scrypt computation failed (parameters out of range)");
    }
    return SecretVerification{same_bytes(computed, phc.hash), {}};
}

}  // namespace

SecretVerification verify_phc_secret(std::string_view stored, std::string_view password) {
    std::variant<PhcString, std::string> parsed = parse_phc(stored);
    if (auto* error = std::get_if<std::string>(&parsed)) return problem(std::move(*error));
    const PhcString& phc = std::get<PhcString>(parsed);
    // The verifiers Stalwart tries: argon2 (d, i, id), PBKDF2 (SHA-256, SHA-512; plain
    // `pbkdf2` = SHA-1 is not built in) and scrypt. Any other id never matches.
    if (phc.algorithm == "argon2id") return verify_argon2(phc, Argon2_id, password);
    if (phc.algorithm == "argon2i") return verify_argon2(phc, Argon2_i, password);
    if (phc.algorithm == "argon2d") return verify_argon2(phc, Argon2_d, password);
    if (phc.algorithm == "pbkdf2-sha256") return verify_pbkdf2(phc, EVP_sha256(), password);
    if (phc.algorithm == "pbkdf2-sha512") return verify_pbkdf2(phc, EVP_sha512(), password);
    if (phc.algorithm == "scrypt") return verify_scrypt(phc, password);
    return problem("unsupported PHC algorithm \"" + std::string(phc.algorithm) + "\"");
}

std::string_view phc_format_name(std::string_view stored) noexcept {
    const std::size_t end = stored.find('$', 1);
    const std::string_view id = stored.substr(1, end == std::string_view::npos ? end : end - 1);
    if (id == "argon2id") return "argon2id";
    if (id == "argon2i") return "argon2i";
    if (id == "argon2d") return "argon2d";
    if (id == "pbkdf2-sha256") return "PBKDF2-SHA256";
    if (id == "pbkdf2-sha512") return "PBKDF2-SHA512";
    if (id == "scrypt") return "scrypt";
    return "unsupported";
}

}  // namespace httpctl::conf
