// Rules header-entry-shape, header-breaks-response, header-overridden, header-duplicate.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

std::vector<Diagnostic> with_http(const std::string& settings) {
    return lint_text(kTlsListener + "[server.http]\n" + settings);
}

}  // namespace

TEST_CASE("header-entry-shape: a table of headers is not read as names and values",
          "[lint][headers]") {
    const auto inline_table = with_http("headers = { X-Frame-Options = \"DENY\" }\n");
    INFO(describe_findings(inline_table));
    auto found = findings_of(inline_table, "header-entry-shape");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("X-Frame-Options") != std::string::npos);
    CHECK(found[0].help.find("\"X-Frame-Options: DENY\"") != std::string::npos);
    CHECK(found[0].line == 10);
    CHECK(found[0].column == 13);  // the sub-key inside the braces

    const auto section =
        lint_text(kTlsListener + "[server.http.headers]\nX-A = \"1\"\nX-B = \"2\"\n");
    CHECK(count_rule(section, "header-entry-shape") == 2);

    const auto nested = with_http("headers = [[\"X-A\", \"1\"]]\n");
    CHECK(count_rule(nested, "header-entry-shape") == 2);
}

TEST_CASE("header-entry-shape: several headers in one string", "[lint][headers]") {
    CHECK(count_rule(with_http("headers = \"X-A: 1, X-B: 2\"\n"), "header-entry-shape") == 1);
    CHECK(count_rule(with_http("headers = \"X-A: 1\\nX-B: 2\"\n"), "header-entry-shape") == 1);
    // Commas and colons that are part of one value are fine.
    const auto good = with_http(
        "headers = [\"Content-Security-Policy: default-src 'self', https://cdn.example.org\",\n"
        "           \"Permissions-Policy: camera=(), microphone=()\",\n"
        "           \"X-Frame-Options: DENY\"]\n");
    INFO(describe_findings(good));
    CHECK(count_rule(good, "header-entry-shape") == 0);
    CHECK(count_rule(with_http("headers = \"X-Frame-Options: DENY\"\n"), "header-entry-shape") ==
          0);
}

TEST_CASE("header-breaks-response: framing and content headers", "[lint][headers]") {
    for (const char* name : {"Content-Type", "content-length", "Transfer-Encoding",
                             "Content-Encoding", "Connection", "Upgrade"}) {
        const auto bad = with_http("headers = [\"X-A: 1\", \" " + std::string(name) + " : x\"]\n");
        INFO(name << "\n" << describe_findings(bad));
        const auto found = findings_of(bad, "header-breaks-response");
        REQUIRE(found.size() == 1);
        CHECK(found[0].column == 22);  // the second array element
    }
    CHECK(count_rule(with_http("headers = [\"X-Content-Type-Options: nosniff\"]\n"),
                     "header-breaks-response") == 0);
}

TEST_CASE("header-overridden: CORS and HSTS win over custom entries", "[lint][headers]") {
    const auto cors = with_http(
        "permissive-cors = true\n"
        "headers = [\"Access-Control-Allow-Origin: https://app.example.org\"]\n");
    INFO(describe_findings(cors));
    const auto found = findings_of(cors, "header-overridden");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("permissive-cors") != std::string::npos);

    const auto hsts =
        with_http("hsts = true\nheaders = \"Strict-Transport-Security: max-age=60\"\n");
    CHECK(count_rule(hsts, "header-overridden") == 1);

    // Without the built-in option the custom header is what is sent.
    CHECK(count_rule(with_http("headers = \"Strict-Transport-Security: max-age=60\"\n"),
                     "header-overridden") == 0);
    CHECK(count_rule(with_http("headers = \"Access-Control-Allow-Origin: *\"\n"),
                     "header-overridden") == 0);
}

TEST_CASE("header-duplicate: every entry but the last of a name", "[lint][headers]") {
    const auto bad = with_http(
        "headers = [\"X-Frame-Options: DENY\",\n"
        "           \"Referrer-Policy: no-referrer\",\n"
        "           \"x-frame-options: SAMEORIGIN\"]\n");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "header-duplicate");
    REQUIRE(found.size() == 1);
    CHECK(found[0].line == 10);
    CHECK(found[0].message.find("line 12") != std::string::npos);

    CHECK(count_rule(with_http("headers = [\"X-A: 1\", \"X-B: 1\"]\n"), "header-duplicate") == 0);
}

TEST_CASE("header rules stay silent when Stalwart drops the whole list", "[lint][headers]") {
    // One bad item: no custom header is sent at all (spec http.md §6.1); check reports it.
    const auto rejected =
        with_http("hsts = true\nheaders = [\"Strict-Transport-Security: 1\", \"bad\"]\n");
    INFO(describe_findings(rejected));
    CHECK(count_rule(rejected, "header-overridden") == 0);
}
