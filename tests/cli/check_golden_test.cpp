// Golden output of `check` in every format (tests/cli/golden; README.md there says how to
// regenerate them), and code-point columns on a UTF-8 line in every format.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <string>

#include "check_support.hpp"

namespace {

using namespace httpctl::test::check;

const std::vector<std::string> kInputs = {"inputs/clean.toml", "inputs/findings.toml",
                                          "inputs/rejected.toml"};

Run check_inputs(std::vector<std::string> options) {
    std::vector<std::string> args{"check"};
    args.insert(args.end(), options.begin(), options.end());
    args.insert(args.end(), kInputs.begin(), kInputs.end());
    return run_httpctl(args, "", "NO_COLOR=1", golden_dir());
}

std::size_t code_points(std::string_view text) {
    std::size_t n = 0;
    for (char c : text)
        n += (static_cast<unsigned char>(c) & 0xC0U) != 0x80U ? 1 : 0;
    return n;
}

// Line and 1-based code-point column of the first `marker` in the golden input `file`.
std::pair<int, int> position_of(const std::string& file, const std::string& marker) {
    std::ifstream in(golden_dir() + "/" + file, std::ios::binary);
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::size_t at = line.find(marker);
        if (at != std::string::npos) {
            return {number, static_cast<int>(code_points(line.substr(0, at))) + 1};
        }
    }
    FAIL("marker " << marker << " not in " << file);
    return {0, 0};
}

}  // namespace

TEST_CASE("check golden: human", "[cli][check][golden]") {
    const Run r = check_inputs({});
    CHECK(r.exit_code == 1);
    check_golden("check.human.txt", r.out);
}

TEST_CASE("check golden: human -v (base URLs)", "[cli][check][golden]") {
    const Run r = check_inputs({"-v"});
    CHECK(r.exit_code == 1);
    check_golden("check.verbose.txt", r.out);
}

TEST_CASE("check golden: human in colour", "[cli][check][golden]") {
    const Run r = check_inputs({"--color=always"});
    CHECK(r.exit_code == 1);
    check_golden("check.color.txt", r.out);
}

TEST_CASE("check golden: json", "[cli][check][golden]") {
    const Run r = check_inputs({"--format", "json"});
    CHECK(r.exit_code == 1);
    check_golden("check.json", r.out);
}

TEST_CASE("check golden: sarif", "[cli][check][golden]") {
    const Run r = check_inputs({"--format", "sarif"});
    CHECK(r.exit_code == 1);
    check_golden("check.sarif", r.out);
}

TEST_CASE("check golden: github", "[cli][check][golden]") {
    const Run r = check_inputs({"--format", "github"});
    CHECK(r.exit_code == 1);
    check_golden("check.github.txt", r.out);
}

TEST_CASE("check: columns count characters on a UTF-8 line, in every format",
          "[cli][check][utf8]") {
    // inputs/findings.toml has an unknown variable after non-ASCII text on the same line.
    const auto [line, column] = position_of("inputs/findings.toml", "hostnme");
    const std::string file = "inputs/findings.toml";
    const std::string at = std::to_string(line) + ":" + std::to_string(column);

    const Run human = run_httpctl({"check", file}, "", "NO_COLOR=1", golden_dir());
    INFO(human.out);
    CHECK(contains(human.out, file + ":" + at + ": error: "));

    const Run github = run_httpctl({"check", "-f", "github", file}, "", "NO_COLOR=1", golden_dir());
    INFO(github.out);
    CHECK(contains(github.out, "line=" + std::to_string(line) + ",col=" + std::to_string(column) +
                                   ",endColumn=" + std::to_string(column + 6)));

    const Run json = run_httpctl({"check", "-f", "json", file}, "", "NO_COLOR=1", golden_dir());
    const nlohmann::json json_doc = nlohmann::json::parse(json.out);
    bool found = false;
    for (const auto& d : json_doc["files"][0]["diagnostics"]) {
        if (d.value("line", 0) == line && d.value("column", 0) == column) {
            found = true;
            CHECK(d["end_column"] == column + 7);
        }
    }
    CHECK(found);

    const Run sarif = run_httpctl({"check", "-f", "sarif", file}, "", "NO_COLOR=1", golden_dir());
    const nlohmann::json run = nlohmann::json::parse(sarif.out)["runs"][0];
    CHECK(run["columnKind"] == "unicodeCodePoints");
    found = false;
    for (const auto& result : run["results"]) {
        const auto& region = result["locations"][0]["physicalLocation"]["region"];
        if (region.value("startLine", 0) == line && region.value("startColumn", 0) == column) {
            found = true;
            CHECK(region["endColumn"] == column + 7);
        }
    }
    CHECK(found);
}
