// `authentication.master.*` in the settings model (spec http.md §9) and a Basic login through
// it, end to end from configuration text.
#include <catch2/catch.hpp>

#include "httpconf/authentication.hpp"
#include "httpconf/http_settings.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("master user needs both keys", "[settings][auth]") {
    const FlatConfig both =
        load_ok("[authentication.master]\nuser = \"master\"\nsecret = \"{PLAIN}pw\"\n");
    BuiltSettings built = build_http_settings(both);
    REQUIRE(built.settings->master_user.has_value());
    CHECK(built.settings->master_user->user == "master");
    CHECK(built.settings->master_user->secret == "{PLAIN}pw");
    CHECK(built.diagnostics.empty());

    const FlatConfig one = load_ok("[authentication.master]\n\nsecret = \"pw\"\n");
    BuiltSettings half = build_http_settings(one);
    CHECK_FALSE(half.settings->master_user.has_value());
    REQUIRE(half.diagnostics.size() == 1);
    CHECK(half.diagnostics[0].code == "auth.master.incomplete");
    CHECK(half.diagnostics[0].message ==
          "authentication.master.user is missing, so there is no master user");
    CHECK(half.diagnostics[0].line == 3);
}

TEST_CASE("Basic logins against a configured directory, fallback admin and master user",
          "[settings][auth]") {
    const FlatConfig config = load_ok(
        "[server.http]\nhsts = true\n"
        "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"\"\n"
        "[authentication.master]\nuser = \"master\"\nsecret = "
        "\"{SHA}W6ph5Mm5Pz8GgiULbPgzG37mj9g=\"\n"
        "[directory.mem]\ntype = \"memory\"\n"
        "[[directory.mem.principals]]\nname = \"jane\"\nclass = \"individual\"\n"
        "secret = \"{PLAIN}jane-pass\"\nemail = \"jane@example.org\"\n");
    BuiltSettings built = build_http_settings(config);
    const HttpSettings& settings = *built.settings;
    REQUIRE(settings.target == TargetVersion{0, 8});

    const auto login = [&](std::string_view header) {
        const AuthorizationHeader parsed = parse_authorization(header);
        REQUIRE(parsed.credentials.has_value());
        return authenticate(settings, parsed.credentials->login, parsed.credentials->secret);
    };
    // "JANE:jane-pass": the login is lower-cased first.
    const auto jane = login("Basic SkFORTpqYW5lLXBhc3M=");
    REQUIRE(jane.has_value());
    CHECK(jane->emails == std::vector<std::string>{"jane@example.org"});
    // "jane%master:password" — {SHA} of "password".
    const auto impersonated = login("basic amFuZSVtYXN0ZXI6cGFzc3dvcmQ=");
    REQUIRE(impersonated.has_value());
    CHECK(impersonated->name == "jane");
    CHECK(impersonated->via == AuthenticatedIdentity::Via::MasterUser);
    // "admin:" — an empty fallback secret matches an empty password at 0.8.
    const auto admin = login("Basic YWRtaW46");
    REQUIRE(admin.has_value());
    CHECK(admin->via == AuthenticatedIdentity::Via::FallbackAdmin);
}
