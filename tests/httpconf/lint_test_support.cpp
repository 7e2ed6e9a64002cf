#include "lint_test_support.hpp"

#include <algorithm>

#include <catch2/catch.hpp>

namespace httpctl::conf::test {

const std::string kTlsListener =
    "[server.listener.https]\n"
    "protocol = \"http\"\n"
    "bind = \"[::]:443\"\n"
    "tls.implicit = true\n"
    "\n"
    "[lookup.default]\n"
    "hostname = \"mail.example.org\"\n"
    "\n";

std::vector<Diagnostic> lint_text(std::string_view text, const LintOptions& options,
                                  std::optional<TargetVersion> target) {
    CheckOptions check;
    check.target = target;
    const CheckReport report = check_config_text(text, "test.toml", check);
    INFO(text);
    REQUIRE(report.config != nullptr);
    return lint_config(report, options);
}

std::vector<std::string> rule_ids(const std::vector<Diagnostic>& findings) {
    std::vector<std::string> ids;
    for (const Diagnostic& d : findings)
        ids.push_back(d.code);
    return ids;
}

std::vector<Diagnostic> findings_of(const std::vector<Diagnostic>& findings,
                                    std::string_view rule) {
    std::vector<Diagnostic> out;
    std::copy_if(findings.begin(), findings.end(), std::back_inserter(out),
                 [rule](const Diagnostic& d) { return d.code == rule; });
    return out;
}

std::size_t count_rule(const std::vector<Diagnostic>& findings, std::string_view rule) {
    return findings_of(findings, rule).size();
}

std::string describe_findings(const std::vector<Diagnostic>& findings) {
    std::string out;
    for (const Diagnostic& d : findings)
        out += to_compact_text(d) + " [" + d.code + "]\n";
    return out.empty() ? "(no findings)\n" : out;
}

}  // namespace httpctl::conf::test
