// Suppression: --allow RULE and `# stalwart-httpctl: allow=RULE` on the key's line.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("allow option drops every finding of a rule", "[lint][suppression]") {
    const std::string text = kTlsListener +
                             "[server.http]\nuse-x-forwarded = true\nhsts = true\n"
                             "headers = \"Strict-Transport-Security: max-age=1\"\n";
    REQUIRE(count_rule(lint_text(text), "forwarded-ip-spoofable") == 1);
    REQUIRE(count_rule(lint_text(text), "header-overridden") == 1);
    LintOptions options;
    options.allow = {"forwarded-ip-spoofable"};
    const auto allowed = lint_text(text, options);
    CHECK(count_rule(allowed, "forwarded-ip-spoofable") == 0);
    CHECK(count_rule(allowed, "header-overridden") == 1);
}

TEST_CASE("an inline allow comment drops findings on its line only", "[lint][suppression]") {
    const std::string text =
        kTlsListener +
        "[server.http]\n"
        "use-x-forwarded = true  # stalwart-httpctl: allow=forwarded-ip-spoofable\n"
        "permissive-cors = true\n";
    const auto found = lint_text(text);
    INFO(describe_findings(found));
    CHECK(count_rule(found, "forwarded-ip-spoofable") == 0);
    CHECK(count_rule(found, "cors-with-admin-api") == 1);
    CHECK(count_rule(found, "allow-unknown-rule") == 0);
}

TEST_CASE("an inline allow lists several rules and covers a multi-line value",
          "[lint][suppression]") {
    const std::string text =
        kTlsListener +
        "[server.http]\n"
        "permissive-cors = true\n"
        "hsts = true\n"
        "headers = [ # stalwart-httpctl: allow = header-duplicate, header-overridden\n"
        "  \"Access-Control-Allow-Origin: https://a.example\",\n"
        "  \"X-A: 1\",\n"
        "  \"X-A: 2\",\n"
        "]\n";
    const auto found = lint_text(text);
    INFO(describe_findings(found));
    CHECK(count_rule(found, "header-duplicate") == 0);
    CHECK(count_rule(found, "header-overridden") == 0);
    CHECK(count_rule(found, "cors-with-admin-api") == 1);
    // Without the comment both fire.
    const auto unsuppressed = lint_text(
        kTlsListener +
        "[server.http]\npermissive-cors = true\nhsts = true\nheaders = [\n"
        "  \"Access-Control-Allow-Origin: https://a.example\",\n  \"X-A: 1\",\n  \"X-A: 2\",\n]\n");
    CHECK(count_rule(unsuppressed, "header-duplicate") == 1);
    CHECK(count_rule(unsuppressed, "header-overridden") == 1);
}

TEST_CASE("an allow comment naming no rule is reported", "[lint][suppression]") {
    const std::string text =
        kTlsListener +
        "[server.http]\nuse-x-forwarded = true  # stalwart-httpctl: allow=forwarded-ip-spofable\n";
    const auto found = lint_text(text);
    INFO(describe_findings(found));
    CHECK(count_rule(found, "forwarded-ip-spoofable") == 1);
    const auto unknown = findings_of(found, "allow-unknown-rule");
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].line == 10);
    CHECK(unknown[0].column == 51);
    CHECK(unknown[0].message.find("forwarded-ip-spofable") != std::string::npos);
}

TEST_CASE("comments that are not allow markers suppress nothing", "[lint][suppression]") {
    const std::string text = kTlsListener +
                             "[server.http]\n"
                             "use-x-forwarded = true  # allow=forwarded-ip-spoofable\n";
    CHECK(count_rule(lint_text(text), "forwarded-ip-spoofable") == 1);
}
