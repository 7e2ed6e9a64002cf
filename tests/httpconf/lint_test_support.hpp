// Helpers for the lint tests: check and lint a config text, look at the rule ids found.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/lint.hpp"

namespace httpctl::conf::test {

// A 0.8-style file with one implicit-TLS HTTP listener on [::]:443 and a host name: the start
// of most rule tests (append `[server.http]` settings to it).
extern const std::string kTlsListener;

// check_config_text + lint_config; fails the current test when the file does not load.
std::vector<Diagnostic> lint_text(std::string_view text, const LintOptions& options = {},
                                  std::optional<TargetVersion> target = std::nullopt);

std::vector<std::string> rule_ids(const std::vector<Diagnostic>& findings);
std::vector<Diagnostic> findings_of(const std::vector<Diagnostic>& findings, std::string_view rule);
std::size_t count_rule(const std::vector<Diagnostic>& findings, std::string_view rule);

// The findings printed one per line (file:line:col: severity: [rule] message), for failure output.
std::string describe_findings(const std::vector<Diagnostic>& findings);

}  // namespace httpctl::conf::test
