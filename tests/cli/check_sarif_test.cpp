// The SARIF output of `check` and `lint` validated by Microsoft's SARIF Multitool: the SARIF
// 2.1.0 JSON schema and the rules GitHub code scanning applies to uploads.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <string>

#include "check_support.hpp"

namespace {

using namespace httpctl::test::check;
using httpctl::test::read_binary_file;
using httpctl::test::shell_quote;
using httpctl::test::TempFile;

// Validates `sarif` and returns the validator's findings (each "ruleId: arguments"), except the
// one advisory rule we do not follow: SARIF2005 asks for a tool web page (informationUri) and
// the tool has none.
std::vector<std::string> validator_findings(const std::string& sarif) {
    const std::string tool = HTTPCTL_SARIF_MULTITOOL;
    INFO("SARIF Multitool at " << tool << " (install it with: scripts/bootstrap deps)");
    REQUIRE(std::filesystem::exists(tool));
    // The validator only looks at files named *.sarif.
    TempFile scratch("");
    const std::string input = scratch.path() + ".sarif";
    std::ofstream(input, std::ios::binary) << sarif;
    const std::string log = scratch.path() + ".validation.json";
    const Run r = httpctl::test::run_command(
        shell_quote(tool) + " validate --rule-kind 'Sarif;Gh' --log ForceOverwrite -o " +
        shell_quote(log) + " " + shell_quote(input));
    std::filesystem::remove(input);
    INFO("validator exit " << r.exit_code << "\n" << r.out << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(std::filesystem::exists(log));
    const nlohmann::json report = nlohmann::json::parse(read_binary_file(log));
    std::filesystem::remove(log);
    std::vector<std::string> findings;
    bool analysed = false;
    for (const nlohmann::json& result : report["runs"][0]["results"]) {
        const std::string rule = result["ruleId"].get<std::string>();
        const std::string uri =
            result["locations"][0]["physicalLocation"]["artifactLocation"].value("uri", "");
        analysed = analysed || uri.ends_with(input);
        if (rule == "SARIF2005") continue;
        std::string text = rule + ": ";
        if (result.contains("message") && result["message"].contains("arguments")) {
            text += result["message"]["arguments"].dump();
        }
        findings.push_back(text);
    }
    // The file was really analysed, not skipped: the tool has no web page, so SARIF2005 (or
    // a finding of the bad example) always names it.
    REQUIRE(analysed);
    return findings;
}

}  // namespace

TEST_CASE("check --format sarif: valid SARIF 2.1.0 that code scanning accepts",
          "[cli][check][sarif]") {
    const std::string dir = golden_dir();
    const Run r = run_httpctl({"check", "--format", "sarif", "inputs/clean.toml",
                               "inputs/findings.toml", "inputs/rejected.toml"},
                              "", "NO_COLOR=1", dir);
    INFO(r.err);
    CHECK(r.exit_code == 1);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["runs"][0]["results"].size() >= 3);
    CHECK(validator_findings(r.out) == std::vector<std::string>{});
}

TEST_CASE("check --format sarif: a clean run is valid too", "[cli][check][sarif]") {
    const Run r = run_httpctl({"check", "--format", "sarif", "inputs/clean.toml"}, "", "NO_COLOR=1",
                              golden_dir());
    CHECK(r.exit_code == 0);
    CHECK(validator_findings(r.out) == std::vector<std::string>{});
}

TEST_CASE("SARIF validation catches what it should (the test can fail)", "[cli][sarif]") {
    // Column 0 is outside SARIF's 1-based columns; a rule without descriptions fails GitHub's.
    const std::string bad = R"({"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x",
        "rules": [{"id": "r"}]}}, "results": [{"ruleId": "r", "message": {"text": "m."},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a.toml"},
        "region": {"startLine": 1, "startColumn": 0}}}]}]}]})";
    const std::vector<std::string> findings = validator_findings(bad);
    CHECK_FALSE(findings.empty());
}

TEST_CASE("lint --format sarif: valid SARIF 2.1.0 with every lint rule described",
          "[cli][lint][sarif]") {
    const Run r =
        run_httpctl({"lint", "--format", "sarif", "inputs/lint.toml", "inputs/findings.toml"}, "",
                    "NO_COLOR=1", golden_dir());
    INFO(r.err);
    CHECK(r.exit_code == 1);
    CHECK(validator_findings(r.out) == std::vector<std::string>{});
}
