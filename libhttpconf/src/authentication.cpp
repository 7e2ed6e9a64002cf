#include "httpconf/authentication.hpp"

#include <unicode/locid.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "base64.hpp"
#include "httpconf/secret_hash.hpp"
#include "utf8.hpp"

namespace httpctl::conf {

namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto lower = [](char c) {
            return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
        };
        if (lower(a[i]) != lower(b[i])) return false;
    }
    return true;
}

bool is_visible_ascii(std::string_view value) noexcept {
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte != '\t' && (byte < 0x20 || byte > 0x7e)) return false;
    }
    return true;
}

std::string_view trim_ascii(std::string_view text) noexcept {
    const auto is_space = [](char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    };
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    return text;
}

// Rust's `trim().to_lowercase()` on valid UTF-8: White_Space trimmed at both ends, then full
// Unicode lower-casing (context-sensitive final sigma included), independent of any locale.
std::string trim_and_lowercase(std::string_view text) {
    icu::UnicodeString unicode = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
    int32_t start = 0;
    int32_t end = unicode.length();
    while (start < end && u_isUWhiteSpace(unicode.char32At(start))) {
        start = unicode.moveIndex32(start, 1);
    }
    while (end > start) {
        const int32_t previous = unicode.moveIndex32(end, -1);
        if (!u_isUWhiteSpace(unicode.char32At(previous))) break;
        end = previous;
    }
    icu::UnicodeString trimmed(unicode, start, end - start);
    trimmed.toLower(icu::Locale::getRoot());
    std::string out;
    trimmed.toUTF8String(out);
    return out;
}

std::optional<BasicCredentials> decode_basic(std::string_view token) {
    const std::optional<std::string> decoded = base64::decode_lenient(token);
    if (!decoded || utf8::find_invalid(*decoded)) return std::nullopt;
    const std::size_t colon = decoded->find(':');
    if (colon == std::string::npos) return std::nullopt;
    return BasicCredentials{trim_and_lowercase(std::string_view(*decoded).substr(0, colon)),
                            decoded->substr(colon + 1)};
}

constexpr std::string_view kTotpPrefix = "otpauth://";
constexpr std::string_view kAppPasswordPrefix = "$app$";

// A directory principal's secrets: any password (or app password) may match; a TOTP secret
// makes the principal unusable here (see authentication.hpp).
bool principal_accepts(const Principal& principal, std::string_view secret, expr::Dialect dialect) {
    for (const std::string& stored : principal.secrets) {
        if (std::string_view(stored).substr(0, kTotpPrefix.size()) == kTotpPrefix) return false;
    }
    for (const std::string& stored : principal.secrets) {
        std::string_view hash = stored;
        if (hash.substr(0, kAppPasswordPrefix.size()) == kAppPasswordPrefix) {
            const std::size_t end_of_name = hash.find('$', kAppPasswordPrefix.size());
            if (end_of_name == std::string_view::npos) continue;
            hash = hash.substr(end_of_name + 1);
        }
        if (verify_secret(hash, secret, dialect).matches) return true;
    }
    return false;
}

AuthenticatedIdentity identity_of(const HttpSettings& settings, std::size_t index,
                                  AuthenticatedIdentity::Via via) {
    const Principal& principal = settings.principals[index];
    AuthenticatedIdentity identity;
    identity.name = principal.name;
    identity.is_superuser = principal.is_superuser();
    identity.account_id = static_cast<std::uint32_t>(index);
    identity.description = principal.description;
    identity.emails = principal.emails;
    identity.via = via;
    return identity;
}

std::optional<std::size_t> find_principal(const HttpSettings& settings, std::string_view name) {
    for (std::size_t i = 0; i < settings.principals.size(); ++i) {
        if (settings.principals[i].name == name) return i;
    }
    return std::nullopt;
}

}  // namespace

AuthorizationHeader parse_authorization(std::optional<std::string_view> value) {
    AuthorizationHeader header;
    if (!value || !is_visible_ascii(*value)) return header;
    const std::size_t space = value->find(' ');
    if (space == std::string_view::npos) return header;
    const std::string_view scheme = value->substr(0, space);
    header.token = std::string(trim_ascii(value->substr(space + 1)));
    if (equals_ignore_case(scheme, "basic")) {
        header.scheme = AuthScheme::Basic;
        header.credentials = decode_basic(header.token);
    } else if (equals_ignore_case(scheme, "bearer")) {
        header.scheme = AuthScheme::Bearer;
    } else {
        header.scheme = AuthScheme::Other;
    }
    return header;
}

std::optional<AuthenticatedIdentity> authenticate(const HttpSettings& settings,
                                                  std::string_view login, std::string_view secret) {
    const expr::Dialect dialect = settings.target.dialect();
    // spec http.md §9: the directory first.
    if (const auto index = find_principal(settings, login)) {
        if (principal_accepts(settings.principals[*index], secret, dialect)) {
            return identity_of(settings, *index, AuthenticatedIdentity::Via::Directory);
        }
    }
    // Then the fallback admin: exact, case-sensitive name.
    if (settings.fallback_admin && login == settings.fallback_admin->user) {
        if (verify_secret(settings.fallback_admin->secret, secret, dialect).matches) {
            AuthenticatedIdentity identity;
            identity.name = "Fallback Administrator";
            identity.is_superuser = true;
            identity.account_id = kFallbackAdminAccountId;
            identity.via = AuthenticatedIdentity::Via::FallbackAdmin;
            return identity;
        }
        return std::nullopt;  // the fallback admin's name never reaches the master user
    }
    // Then the master user: `<user>%<master>` (the `%` is optional) with the master secret.
    if (settings.master_user && !settings.master_user->user.empty()) {
        const std::string_view master = settings.master_user->user;
        if (login.size() >= master.size() && login.substr(login.size() - master.size()) == master &&
            verify_secret(settings.master_user->secret, secret, dialect).matches) {
            std::string_view target = login.substr(0, login.size() - master.size());
            if (!target.empty() && target.back() == '%') target.remove_suffix(1);
            if (const auto index = find_principal(settings, target)) {
                return identity_of(settings, *index, AuthenticatedIdentity::Via::MasterUser);
            }
        }
    }
    return std::nullopt;
}

}  // namespace httpctl::conf
