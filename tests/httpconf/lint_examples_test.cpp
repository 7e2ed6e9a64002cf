// Whole files: the example config lints clean, every examples/broken/lint-*.toml gives exactly
// the rules its header names, and the real Stalwart configs of the corpus give only findings
// that are right for them (each one listed here with the reason).
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "lint_test_support.hpp"
#include "support/process.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;
namespace fs = std::filesystem;

namespace {

std::vector<Diagnostic> lint_file(const fs::path& path) {
    const std::string text = httpctl::test::read_binary_file(path.string());
    const CheckReport report = check_config_text(text, path.filename().string());
    if (!report.config) return {};
    return lint_config(report);
}

std::set<std::string> rule_set(const std::vector<Diagnostic>& findings) {
    std::set<std::string> ids;
    for (const Diagnostic& d : findings)
        ids.insert(d.code);
    return ids;
}

// The ids after `# lint rules:` in the file's header comment.
std::set<std::string> declared_rules(const std::string& text) {
    std::istringstream lines(text);
    std::string line;
    while (std::getline(lines, line)) {
        const std::string marker = "# lint rules:";
        if (!line.starts_with(marker)) continue;
        std::istringstream words(line.substr(marker.size()));
        std::set<std::string> ids;
        for (std::string id; words >> id;)
            ids.insert(id);
        return ids;
    }
    return {};
}

}  // namespace

TEST_CASE("examples/config.toml has no lint finding", "[lint][examples]") {
    const auto findings = lint_file(fs::path(HTTPCTL_SOURCE_DIR) / "examples" / "config.toml");
    INFO(describe_findings(findings));
    CHECK(findings.empty());
}

TEST_CASE("each examples/broken/lint-*.toml gives exactly its declared rules", "[lint][examples]") {
    std::size_t files = 0;
    std::set<std::string> covered;
    for (const auto& item :
         fs::directory_iterator(fs::path(HTTPCTL_SOURCE_DIR) / "examples" / "broken")) {
        const std::string name = item.path().filename().string();
        if (!name.starts_with("lint-") || item.path().extension() != ".toml") continue;
        ++files;
        const std::string text = httpctl::test::read_binary_file(item.path().string());
        const std::set<std::string> declared = declared_rules(text);
        const CheckReport report = check_config_text(text, name);
        INFO(name);
        REQUIRE(report.config != nullptr);
        REQUIRE_FALSE(declared.empty());
        const auto findings = lint_config(report);
        INFO(describe_findings(findings));
        CHECK(rule_set(findings) == declared);
        covered.insert(declared.begin(), declared.end());
    }
    CHECK(files >= 10);
    // Every rule but the one about allow comments has an example.
    for (const LintRule& rule : lint_rules()) {
        if (rule.id == "allow-unknown-rule") continue;
        INFO(rule.id);
        CHECK(covered.contains(std::string(rule.id)));
    }
}

TEST_CASE("the corpus gives only findings that are right for it", "[lint][corpus]") {
    // Why each expected finding is right:
    // - acme test configs: `server.http.permissive-cors = true` (a test server, but the warning
    //   is exactly what an admin copying it should see).
    // - spamfilter.toml, lists.toml, rules-dynvalue.toml: standard TOML rejects them (bare
    //   values such as 192.168.0.1), so other TOML tools cannot read them.
    // - HEAD acme config: it uses the 0.8 name server.http.*; inferred as a 0.8 file.
    const std::map<std::string, std::set<std::string>> expected = {
        {"v0.8.5__tests__resources__acme__config", {"cors-with-admin-api"}},
        {"HEAD__tests__resources__acme__config", {"cors-with-admin-api"}},
        {"v0.8.5__resources__config__spamfilter", {"toml-portability"}},
        {"v0.8.5__tests__resources__smtp__config__lists", {"toml-portability"}},
        {"HEAD__tests__resources__smtp__config__lists", {"toml-portability"}},
        {"v0.8.5__tests__resources__smtp__config__rules-dynvalue", {"toml-portability"}},
        {"HEAD__tests__resources__smtp__config__rules-dynvalue", {"toml-portability"}},
    };
    std::size_t files = 0;
    for (const auto& item :
         fs::directory_iterator(fs::path(HTTPCTL_SHARED_DIR) / "corpus" / "configs")) {
        if (item.path().extension() != ".toml") continue;
        ++files;
        const std::string stem = item.path().stem().string();
        const auto findings = lint_file(item.path());
        INFO(stem << "\n" << describe_findings(findings));
        const auto wanted = expected.find(stem);
        CHECK(rule_set(findings) ==
              (wanted == expected.end() ? std::set<std::string>{} : wanted->second));
    }
    CHECK(files == 22);
}

TEST_CASE("the shipped default configs give no finding at all", "[lint][corpus]") {
    for (const char* name :
         {"v0.8.5__resources__config__config.toml", "HEAD__resources__config__config.toml"}) {
        const auto findings = lint_file(fs::path(HTTPCTL_SHARED_DIR) / "corpus" / "configs" / name);
        INFO(name << "\n" << describe_findings(findings));
        CHECK(findings.empty());
    }
}
