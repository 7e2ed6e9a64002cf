// Rules unknown-key, renamed-key, deprecated-key.
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("unknown-key suggests the nearest known key", "[lint][keys]") {
    const auto bad =
        lint_text(kTlsListener + "[server.http]\npermisive-cors = true\nhsts = true\n");
    INFO(describe_findings(bad));
    const auto found = findings_of(bad, "unknown-key");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("did you mean server.http.permissive-cors?") != std::string::npos);
    CHECK(found[0].line == 10);
    CHECK(found[0].column == 1);
    CHECK(found[0].end_column == 15);

    const auto far =
        findings_of(lint_text(kTlsListener + "[server.http]\nbanana = 1\n"), "unknown-key");
    REQUIRE(far.size() == 1);
    CHECK(far[0].message.find("did you mean") == std::string::npos);
}

TEST_CASE("unknown-key: keys are case-sensitive", "[lint][keys]") {
    // spec http.md §2.2: the first character of a table header keeps its case.
    const auto header =
        findings_of(lint_text(kTlsListener + "[Server.HTTP]\nhsts = true\n"), "unknown-key");
    REQUIRE(header.size() == 1);
    CHECK(header[0].message.find("Server.http.hsts") != std::string::npos);
    CHECK(header[0].message.find("did you mean server.http.hsts?") != std::string::npos);
    CHECK(header[0].help.find("case-sensitive") != std::string::npos);

    const auto key =
        findings_of(lint_text(kTlsListener + "[server.http]\nHSTS = true\n"), "unknown-key");
    REQUIRE(key.size() == 1);
    CHECK(key[0].message.find("did you mean server.http.hsts?") != std::string::npos);
}

TEST_CASE("unknown-key knows each version's keys and their sub-keys", "[lint][keys]") {
    const std::string good08 =
        kTlsListener +
        "[server.http]\n"
        "url = [ { if = \"listener == 'https'\", then = \"'https://mail.example.org'\" },\n"
        "        { else = \"'http://mail.example.org'\" } ]\n"
        "headers = [\"X-Frame-Options: DENY\"]\n"
        "permissive-cors = false\nhsts = true\nuse-x-forwarded = false\n";
    const auto silent08 = lint_text(good08);
    INFO(describe_findings(silent08));
    CHECK(count_rule(silent08, "unknown-key") == 0);

    // allowed-endpoint and rate-limit.* exist only under the 0.12 prefix.
    const auto bad08 = lint_text(kTlsListener + "[server.http]\nallowed-endpoint = \"200\"\n");
    CHECK(count_rule(bad08, "unknown-key") == 1);

    const auto good012 = lint_text(
        "[http]\nallowed-endpoint = \"200\"\nrate-limit.account = \"1000/1m\"\n"
        "rate-limit.anonymous = \"100/1m\"\nhsts = false\n");
    INFO(describe_findings(good012));
    CHECK(count_rule(good012, "unknown-key") == 0);
    const auto typo012 =
        findings_of(lint_text("[http]\nrate-limit.anonymus = \"100/1m\"\n"), "unknown-key");
    REQUIRE(typo012.size() == 1);
    CHECK(typo012[0].message.find("did you mean http.rate-limit.anonymous?") != std::string::npos);
}

TEST_CASE("renamed-key: keys 0.12 moved, in both directions", "[lint][keys]") {
    const auto old_names = lint_text(
        "[http]\nhsts = true\n[jmap.rate-limit]\nanonymous = \"100/1m\"\n"
        "[jmap.folders.inbox]\nname = \"Inbox\"\n");
    INFO(describe_findings(old_names));
    const auto found = findings_of(old_names, "renamed-key");
    REQUIRE(found.size() == 2);
    CHECK(found[0].message.find("http.rate-limit.anonymous") != std::string::npos);
    CHECK(found[1].message.find("email.folders.inbox.name") != std::string::npos);

    const auto new_names = lint_text(kTlsListener +
                                     "[server.http]\nhsts = true\n[email]\n"
                                     "auto-expunge = \"30d\"\n");
    CHECK(count_rule(new_names, "renamed-key") == 1);
    // The server.http. / http. move is check's target.ignored-key, not repeated here.
    const auto mixed = lint_text("[http]\nhsts = true\n[server.http]\nhsts = true\n");
    CHECK(count_rule(mixed, "renamed-key") == 0);
}

TEST_CASE("deprecated-key: lookup.default.* on 0.12", "[lint][keys]") {
    const auto found = findings_of(
        lint_text("[http]\nhsts = false\n[lookup.default]\nhostname = \"mail.example.org\"\n"),
        "deprecated-key");
    REQUIRE(found.size() == 1);
    CHECK(found[0].severity == Severity::Note);
    CHECK(found[0].message.find("server.hostname") != std::string::npos);
    CHECK(count_rule(lint_text(kTlsListener + "[server.http]\nhsts = true\n"), "deprecated-key") ==
          0);
}
