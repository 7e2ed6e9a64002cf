// Rules forwarded-ip-spoofable, cors-with-admin-api, hsts-without-tls.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("forwarded-ip-spoofable fires on use-x-forwarded = true only", "[lint][security]") {
    const auto bad = lint_text(kTlsListener + "[server.http]\nuse-x-forwarded = true\n");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "forwarded-ip-spoofable");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == Severity::Warning);
    CHECK(found[0].line == 10);
    CHECK(found[0].column == 19);  // the value `true`
    CHECK(found[0].end_column == 23);
    CHECK_FALSE(found[0].help.empty());

    const auto good = lint_text(kTlsListener + "[server.http]\nuse-x-forwarded = false\n");
    CHECK(count_rule(good, "forwarded-ip-spoofable") == 0);
    // A value Stalwart does not read as a boolean is false (spec http.md §4), and check's.
    const auto invalid = lint_text(kTlsListener + "[server.http]\nuse-x-forwarded = \"yes\"\n");
    CHECK(count_rule(invalid, "forwarded-ip-spoofable") == 0);
}

TEST_CASE("forwarded-ip-spoofable names the 0.12 left-most entry rule", "[lint][security]") {
    const auto found =
        findings_of(lint_text("[http]\nuse-x-forwarded = true\n"), "forwarded-ip-spoofable");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("left-most") != std::string::npos);
}

TEST_CASE("cors-with-admin-api fires when permissive-cors is on", "[lint][security]") {
    const std::string admin = "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"x\"\n";
    const auto bad = lint_text(kTlsListener + admin + "[server.http]\npermissive-cors = true\n");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "cors-with-admin-api");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("'admin'") != std::string::npos);
    CHECK(found[0].line == 13);

    CHECK(count_rule(lint_text(kTlsListener + admin + "[server.http]\npermissive-cors = false\n"),
                     "cors-with-admin-api") == 0);
    CHECK(count_rule(lint_text(kTlsListener + admin), "cors-with-admin-api") == 0);
}

TEST_CASE("hsts-without-tls fires only when no HTTP listener uses implicit TLS",
          "[lint][security]") {
    const std::string plain =
        "[server.listener.web]\nprotocol = \"http\"\nbind = \"0.0.0.0:8080\"\n"
        "[server.listener.imaps]\nprotocol = \"imap\"\nbind = \"[::]:993\"\ntls.implicit = true\n";
    const auto bad = lint_text(plain + "[server.http]\nhsts = true\n");
    INFO(describe_findings(bad));
    REQUIRE(count_rule(bad, "hsts-without-tls") == 1);

    // A TLS listener of another protocol does not count; an HTTP one does.
    CHECK(count_rule(lint_text(kTlsListener + "[server.http]\nhsts = true\n"),
                     "hsts-without-tls") == 0);
    // tls.implicit has no effect with tls.enable = false (spec http.md §7).
    const std::string disabled =
        "[server.listener.web]\nprotocol = \"http\"\nbind = \"[::]:443\"\n"
        "tls.implicit = true\ntls.enable = false\n";
    CHECK(count_rule(lint_text(disabled + "[server.http]\nhsts = true\n"), "hsts-without-tls") ==
          1);
    CHECK(count_rule(lint_text(plain + "[server.http]\nhsts = false\n"), "hsts-without-tls") == 0);
}
