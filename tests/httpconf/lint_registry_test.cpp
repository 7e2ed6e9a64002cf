// The rule registry and its documentation: ids, explanations, the man page and the README.
#include <set>
#include <string>

#include <catch2/catch.hpp>

#include "httpconf/lint.hpp"
#include "support/process.hpp"

using namespace httpctl::conf;

namespace {

bool is_kebab_case(std::string_view id) {
    if (id.empty() || id.front() == '-' || id.back() == '-') return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    }
    return id.find("--") == std::string_view::npos;
}

// groff writes a hyphen as `\-`.
std::string groff_text(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '-') out += '\\';
        out += c;
    }
    return out;
}

}  // namespace

TEST_CASE("lint rules have unique kebab-case ids and full documentation", "[lint][registry]") {
    REQUIRE(lint_rules().size() >= 15);
    std::set<std::string_view> ids;
    for (const LintRule& rule : lint_rules()) {
        INFO(rule.id);
        CHECK(is_kebab_case(rule.id));
        CHECK(ids.insert(rule.id).second);
        CHECK(rule.severity != Severity::Error);
        CHECK_FALSE(rule.summary.empty());
        CHECK(rule.summary.find('\n') == std::string_view::npos);
        CHECK(rule.explanation.find("Fix:") != std::string_view::npos);
        CHECK(find_lint_rule(rule.id) == &rule);
    }
    CHECK(find_lint_rule("no-such-rule") == nullptr);
    CHECK(find_lint_rule("") == nullptr);
}

TEST_CASE("every lint rule is listed in the man page's RULES section", "[lint][registry]") {
    const std::string page =
        httpctl::test::read_binary_file(HTTPCTL_SOURCE_DIR "/man/stalwart-httpctl-lint.1");
    const std::size_t rules = page.find("\n.SH RULES\n");
    REQUIRE(rules != std::string::npos);
    const std::size_t next = page.find("\n.SH ", rules + 1);
    const std::string section = page.substr(rules, next - rules);
    for (const LintRule& rule : lint_rules()) {
        INFO(rule.id);
        CHECK(section.find("\n.BR " + groff_text(rule.id) + " \" (" +
                           std::string(severity_name(rule.severity)) + ")\"\n") !=
              std::string::npos);
    }
}

TEST_CASE("every lint rule is in the README's rule table", "[lint][registry]") {
    const std::string readme = httpctl::test::read_binary_file(HTTPCTL_SOURCE_DIR "/README.md");
    for (const LintRule& rule : lint_rules()) {
        INFO(rule.id);
        CHECK(readme.find("| `" + std::string(rule.id) + "` | " +
                          std::string(severity_name(rule.severity)) + " |") != std::string::npos);
    }
}
