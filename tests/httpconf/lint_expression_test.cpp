// Rule lenient-expression.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("lenient-expression: a single = swallows the next character", "[lint][expression]") {
    const auto bad =
        lint_text(kTlsListener +
                  "[server.http]\n"
                  "url = [ { if = \"is_tls =1\", then = \"'https://mail.example.org'\" },\n"
                  "        { else = \"'http://mail.example.org'\" } ]\n");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "lenient-expression");
    REQUIRE(found.size() >= 1);
    CHECK(found[0].line == 10);
    CHECK(found[0].column == 24);  // the `=` inside "is_tls =1"
    CHECK(found[0].end_column == 26);
    CHECK(found[0].message.find("==") != std::string::npos);
}

TEST_CASE("lenient-expression: dangling operator and values side by side", "[lint][expression]") {
    CHECK(count_rule(lint_text(kTlsListener + "[server.http]\nurl = \"'https://a.example' +\"\n"),
                     "lenient-expression") >= 1);
    CHECK(
        count_rule(lint_text(kTlsListener +
                             "[server.http]\nurl = \"'https://a.example' 'https://b.example'\"\n"),
                   "lenient-expression") == 1);
    CHECK(count_rule(lint_text(kTlsListener + "[server.http]\nurl = \"'https://a.example'\"\n"),
                     "lenient-expression") == 0);
}

TEST_CASE("lenient-expression: allowed-endpoint is checked from 0.12 on", "[lint][expression]") {
    const auto bad = lint_text("[http]\nallowed-endpoint = \"200 403\"\n");
    INFO(describe_findings(bad));
    CHECK(count_rule(bad, "lenient-expression") == 1);
    CHECK(count_rule(lint_text("[http]\nallowed-endpoint = \"200\"\n"), "lenient-expression") == 0);
}
