// `stalwart-httpctl lint`, run as a real process: check diagnostics plus lint findings, --allow
// (validated against the rule registry), inline allow comments, --explain, exit statuses, golden
// output in every format and SARIF validity.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <set>
#include <sstream>
#include <string>

#include "check_support.hpp"

namespace {

using namespace httpctl::test::check;
using httpctl::test::TempFile;

// Warnings only: X-Forwarded-For trusted from anyone.
constexpr const char* kForwarded =
    "[server.listener.\"https\"]\n"
    "protocol = \"http\"\n"
    "bind = [\"[::]:443\"]\n"
    "tls.implicit = true\n"
    "\n"
    "[http]\n"
    "use-x-forwarded = true\n";

std::string with_status(const Run& r) {
    return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

Run lint_inputs(std::vector<std::string> options) {
    std::vector<std::string> args{"lint"};
    args.insert(args.end(), options.begin(), options.end());
    args.push_back("inputs/lint.toml");
    args.push_back("inputs/lint-allowed.toml");
    return run_httpctl(args, "", "NO_COLOR=1", golden_dir());
}

// The rule ids the CLI knows, as listed after an unknown rule.
std::set<std::string> listed_rules() {
    const Run r = run_httpctl({"lint", "--explain", "no-such-rule"});
    const std::size_t at = r.err.find("rules:");
    REQUIRE(at != std::string::npos);
    std::istringstream words(r.err.substr(at + 6));
    std::set<std::string> ids;
    for (std::string id; words >> id;)
        ids.insert(id);
    return ids;
}

}  // namespace

TEST_CASE("lint: findings with their rule id; warnings exit 0, --strict 1", "[cli][lint]") {
    TempFile file(kForwarded);
    const Run r = run_httpctl({"lint", file.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, ": warning: "));
    CHECK(contains(r.out, "[forwarded-ip-spoofable]"));
    CHECK(contains(r.out, "linted 1 file: "));
    CHECK(run_httpctl({"lint", "--strict", file.path()}).exit_code == 1);
    // check itself does not report lint rules.
    CHECK_FALSE(contains(run_httpctl({"check", file.path()}).out, "forwarded-ip-spoofable"));
}

TEST_CASE("lint: everything check reports too", "[cli][lint]") {
    TempFile rejected("a = \"x\" y\n");
    const Run r = run_httpctl({"lint", rejected.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, rejected.path() + ":1:9: error: "));
}

TEST_CASE("lint --allow RULE drops that rule; unknown rules are usage errors", "[cli][lint]") {
    TempFile file(kForwarded);
    const Run allowed = run_httpctl({"lint", "--allow", "forwarded-ip-spoofable", file.path()});
    INFO(with_status(allowed));
    CHECK(allowed.exit_code == 0);
    CHECK_FALSE(contains(allowed.out, "forwarded-ip-spoofable"));
    // Repeatable and comma-separated.
    const Run list =
        run_httpctl({"lint", "--allow", "url-trailing-slash,forwarded-ip-spoofable", file.path()});
    CHECK_FALSE(contains(list.out, "forwarded-ip-spoofable"));

    const Run typo = run_httpctl({"lint", "--allow", "forwarded-ip-spofable", file.path()});
    INFO(with_status(typo));
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err,
                   "unknown rule \"forwarded-ip-spofable\" (did you mean "
                   "forwarded-ip-spoofable?)"));
    CHECK(typo.out.empty());
}

TEST_CASE("lint --explain RULE prints the rule's explanation", "[cli][lint]") {
    const Run r = run_httpctl({"lint", "--explain", "forwarded-ip-spoofable"});
    INFO(with_status(r));
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("forwarded-ip-spoofable (warning): ", 0) == 0);
    CHECK(r.out.size() > 200);  // the explanation, not just the summary

    const Run typo = run_httpctl({"lint", "--explain", "url-trailing-slashes"});
    INFO(with_status(typo));
    CHECK(typo.exit_code == 2);
    CHECK(contains(typo.err, "(did you mean url-trailing-slash?)"));
    const Run far = run_httpctl({"lint", "--explain", "zzzzzzzzzzzz"});
    CHECK(far.exit_code == 2);
    CHECK_FALSE(contains(far.err, "did you mean"));
    // Neither FILE nor --explain: usage error.
    CHECK(run_httpctl({"lint"}).exit_code == 2);
}

TEST_CASE("lint: every rule of the registry can be explained", "[cli][lint]") {
    const std::set<std::string> ids = listed_rules();
    // --explain without a rule lists them, one a line: `id (severity): summary`.
    const Run list = run_httpctl({"lint", "--explain"});
    INFO(with_status(list));
    CHECK(list.exit_code == 0);
    std::istringstream lines(list.out);
    std::set<std::string> listed;
    for (std::string line; std::getline(lines, line);)
        listed.insert(line.substr(0, line.find(' ')));
    CHECK(listed == ids);
    CHECK(ids.size() >= 10);
    CHECK(ids.count("forwarded-ip-spoofable") == 1);
    for (const std::string& id : ids) {
        const Run r = run_httpctl({"lint", "--explain", id});
        INFO(id << "\n" << with_status(r));
        CHECK(r.exit_code == 0);
        CHECK(r.out.rfind(id + " (", 0) == 0);
    }
}

TEST_CASE("lint --format sarif lists every lint rule", "[cli][lint][sarif]") {
    const Run r = lint_inputs({"--format", "sarif"});
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    std::set<std::string> lint_ids;
    for (const auto& rule : doc["runs"][0]["tool"]["driver"]["rules"]) {
        if (rule["properties"]["tags"][0] == "lint") lint_ids.insert(rule["id"]);
    }
    CHECK(lint_ids == listed_rules());
}

TEST_CASE("lint golden: human", "[cli][lint][golden]") {
    const Run r = lint_inputs({});
    CHECK(r.exit_code == 1);
    check_golden("lint.human.txt", r.out);
}

TEST_CASE("lint golden: json", "[cli][lint][golden]") {
    const Run r = lint_inputs({"--format", "json"});
    CHECK(r.exit_code == 1);
    check_golden("lint.json", r.out);
}

TEST_CASE("lint golden: sarif", "[cli][lint][golden]") {
    const Run r = lint_inputs({"--format", "sarif"});
    CHECK(r.exit_code == 1);
    check_golden("lint.sarif", r.out);
}

TEST_CASE("lint golden: github", "[cli][lint][golden]") {
    const Run r = lint_inputs({"--format", "github"});
    CHECK(r.exit_code == 1);
    check_golden("lint.github.txt", r.out);
}
