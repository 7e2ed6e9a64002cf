// `Authorization` parsing and the directory → fallback admin → master user order of spec
// http.md §9 and §10.2.
#include <string>

#include <catch2/catch.hpp>

#include "httpconf/authentication.hpp"

using namespace httpctl::conf;

namespace {

// "$6$..." stores "correct horse" (openssl passwd -6 -salt saltsaltsalt).
constexpr std::string_view kSha512Crypt =
    "$6$saltsaltsalt$Cy2drr8kDRji6smvDcT28wkqtq0R0VzVL5CkrjPQCITc5d/"
    "31j94knt9rGTcVSyjLXfjsiIsBh5ee8qR/3QDx1";

Principal principal(std::string name, std::string type, std::vector<std::string> secrets) {
    Principal p;
    p.name = std::move(name);
    p.type = std::move(type);
    p.secrets = std::move(secrets);
    return p;
}

HttpSettings settings_for(std::uint32_t minor) {
    HttpSettings settings;
    settings.target = TargetVersion{0, minor};
    Principal jane = principal("jane", "individual", {"{PLAIN}jane-pass"});
    jane.description = "Jane Doe";
    jane.emails = {"jane@example.org", "j@example.org"};
    settings.principals.push_back(jane);
    settings.principals.push_back(principal("root", "admin", {std::string(kSha512Crypt)}));
    settings.principals.push_back(
        principal("multi", "individual", {"{PLAIN}first", "$app$phone$app-secret", "second"}));
    settings.principals.push_back(
        principal("totp", "individual", {"{PLAIN}pw", "otpauth://totp/x?secret=JBSWY3DPEHPK3PXP"}));
    settings.principals.push_back(principal("nosecret", "individual", {}));
    settings.fallback_admin = FallbackAdmin{"admin", "fallback-pass"};
    settings.master_user = MasterUser{"master", "master-pass"};
    return settings;
}

std::string basic(std::string_view base64) {
    return "Basic " + std::string(base64);
}

}  // namespace

TEST_CASE("parse_authorization: schemes and tokens", "[auth]") {
    CHECK(parse_authorization(std::nullopt).scheme == AuthScheme::None);
    // "jane:jane-pass"
    const AuthorizationHeader ok = parse_authorization(basic("amFuZTpqYW5lLXBhc3M="));
    REQUIRE(ok.scheme == AuthScheme::Basic);
    REQUIRE(ok.credentials.has_value());
    CHECK(ok.credentials->login == "jane");
    CHECK(ok.credentials->secret == "jane-pass");

    const AuthorizationHeader bearer = parse_authorization("bEaReR   abc.def  ");
    CHECK(bearer.scheme == AuthScheme::Bearer);
    CHECK(bearer.token == "abc.def");
    CHECK_FALSE(bearer.credentials.has_value());
    CHECK(parse_authorization("Digest x=1").scheme == AuthScheme::Other);
    CHECK(parse_authorization("BASIC amFuZTpqYW5lLXBhc3M=").scheme == AuthScheme::Basic);
    // No space, a tab instead of a space, or bytes outside visible ASCII: as if absent.
    CHECK(parse_authorization("Basic").scheme == AuthScheme::None);
    CHECK(parse_authorization("Basic\tamFuZTpqYW5lLXBhc3M=").scheme == AuthScheme::None);
    CHECK(parse_authorization("Basic amFuZTpqYW5lLXBhc3M=\x80").scheme == AuthScheme::None);
}

TEST_CASE("Basic credentials: login trimmed and lower-cased, secret as sent", "[auth]") {
    // " JaNe :  Pass : word " → login "jane", secret "  Pass : word "
    const AuthorizationHeader mixed = parse_authorization(basic("IEphTmUgOiAgUGFzcyA6IHdvcmQg"));
    REQUIRE(mixed.credentials.has_value());
    CHECK(mixed.credentials->login == "jane");
    CHECK(mixed.credentials->secret == "  Pass : word ");
    // Unicode lower-casing and white space: "\u00a0ÄNNE\u2003:x" → "änne"
    const AuthorizationHeader unicode = parse_authorization(basic("wqDDhE5OReKAgzp4"));
    REQUIRE(unicode.credentials.has_value());
    CHECK(unicode.credentials->login == "\xc3\xa4nne");
    // Base64 decoding is lenient about white space inside the token.
    const AuthorizationHeader spaced = parse_authorization(basic("amFu ZTpq YW5lLXBhc3M="));
    REQUIRE(spaced.credentials.has_value());
    CHECK(spaced.credentials->secret == "jane-pass");
    // Empty secret: "jane:"
    const AuthorizationHeader empty = parse_authorization(basic("amFuZTo="));
    REQUIRE(empty.credentials.has_value());
    CHECK(empty.credentials->secret.empty());
}

TEST_CASE("Basic credentials that cannot be read leave the request unauthenticated", "[auth]") {
    for (const char* token :
         {"!!!!", "amFuZQ==" /* "jane", no colon */, "", "/w==" /* 0xff: not UTF-8 */}) {
        INFO(token);
        const AuthorizationHeader header = parse_authorization(basic(token));
        CHECK(header.scheme == AuthScheme::Basic);
        CHECK_FALSE(header.credentials.has_value());
    }
}

TEST_CASE("directory principals authenticate with any of their secrets", "[auth]") {
    const HttpSettings settings = settings_for(12);
    const auto jane = authenticate(settings, "jane", "jane-pass");
    REQUIRE(jane.has_value());
    CHECK(jane->name == "jane");
    CHECK_FALSE(jane->is_superuser);
    CHECK(jane->account_id == 0);
    CHECK(jane->description == "Jane Doe");
    CHECK(jane->emails == std::vector<std::string>{"jane@example.org", "j@example.org"});
    CHECK(jane->via == AuthenticatedIdentity::Via::Directory);

    const auto root = authenticate(settings, "root", "correct horse");
    REQUIRE(root.has_value());
    CHECK(root->is_superuser);
    CHECK(root->account_id == 1);

    CHECK(authenticate(settings, "multi", "first").has_value());
    CHECK(authenticate(settings, "multi", "second").has_value());
    CHECK(authenticate(settings, "multi", "app-secret").has_value());
    CHECK_FALSE(authenticate(settings, "multi", "$app$phone$app-secret").has_value());
    CHECK_FALSE(authenticate(settings, "jane", "wrong").has_value());
    CHECK_FALSE(authenticate(settings, "Jane", "jane-pass").has_value());
    CHECK_FALSE(authenticate(settings, "nobody", "jane-pass").has_value());
    // TOTP principals are refused even with the right password.
    CHECK_FALSE(authenticate(settings, "totp", "pw").has_value());
    CHECK_FALSE(authenticate(settings, "totp", "pw$123456").has_value());
    CHECK_FALSE(authenticate(settings, "nosecret", "").has_value());
}

TEST_CASE("fallback admin: exact, case-sensitive name; a superuser with id u32::MAX", "[auth]") {
    HttpSettings settings = settings_for(8);
    const auto admin = authenticate(settings, "admin", "fallback-pass");
    REQUIRE(admin.has_value());
    CHECK(admin->name == "Fallback Administrator");
    CHECK(admin->is_superuser);
    CHECK(admin->account_id == 0xFFFFFFFFu);
    CHECK(admin->via == AuthenticatedIdentity::Via::FallbackAdmin);
    CHECK_FALSE(authenticate(settings, "admin", "wrong").has_value());
    CHECK_FALSE(authenticate(settings, "Admin", "fallback-pass").has_value());

    // An upper-case fallback user can never log in over HTTP: Basic logins are lower-cased.
    settings.fallback_admin = FallbackAdmin{"Admin", "fallback-pass"};
    const AuthorizationHeader header = parse_authorization(basic("QWRtaW46ZmFsbGJhY2stcGFzcw=="));
    REQUIRE(header.credentials.has_value());
    CHECK(header.credentials->login == "admin");
    CHECK_FALSE(
        authenticate(settings, header.credentials->login, header.credentials->secret).has_value());

    // The directory comes first: a principal named like the fallback admin wins with its own
    // secret, and the fallback secret still works for the same name.
    settings.fallback_admin = FallbackAdmin{"jane", "fallback-pass"};
    CHECK(authenticate(settings, "jane", "jane-pass")->via ==
          AuthenticatedIdentity::Via::Directory);
    CHECK(authenticate(settings, "jane", "fallback-pass")->via ==
          AuthenticatedIdentity::Via::FallbackAdmin);
}

TEST_CASE("master user: <user>%<master> with the master secret acts as <user>", "[auth]") {
    HttpSettings settings = settings_for(12);
    const auto as_jane = authenticate(settings, "jane%master", "master-pass");
    REQUIRE(as_jane.has_value());
    CHECK(as_jane->name == "jane");
    CHECK(as_jane->account_id == 0);
    CHECK(as_jane->via == AuthenticatedIdentity::Via::MasterUser);
    // Any login ending with the master name works; the '%' is optional.
    CHECK(authenticate(settings, "janemaster", "master-pass")->name == "jane");
    CHECK(authenticate(settings, "root%master", "master-pass")->is_superuser);
    CHECK_FALSE(authenticate(settings, "jane%master", "jane-pass").has_value());
    CHECK_FALSE(authenticate(settings, "nobody%master", "master-pass").has_value());
    CHECK_FALSE(authenticate(settings, "master", "master-pass").has_value());
    CHECK_FALSE(authenticate(settings, "jane%mastER", "master-pass").has_value());
    // The fallback admin's name never reaches the master user.
    settings.fallback_admin = FallbackAdmin{"jane%master", "other"};
    CHECK_FALSE(authenticate(settings, "jane%master", "master-pass").has_value());
    // Without a master user nothing changes.
    settings.master_user.reset();
    CHECK_FALSE(authenticate(settings, "root%master", "master-pass").has_value());
}

TEST_CASE("empty secrets follow the target release (spec http.md §9)", "[auth]") {
    HttpSettings v08 = settings_for(8);
    v08.fallback_admin = FallbackAdmin{"admin", ""};
    CHECK(authenticate(v08, "admin", "").has_value());
    CHECK_FALSE(authenticate(v08, "admin", "x").has_value());
    HttpSettings head = settings_for(12);
    head.fallback_admin = FallbackAdmin{"admin", ""};
    CHECK_FALSE(authenticate(head, "admin", "").has_value());
}
