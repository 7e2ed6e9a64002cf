// `lint`: risky or dead HTTP settings, each finding tagged with a stable rule id (spec http.md
// §5.5, §6, §10, §15). Rules read the CheckReport; they never re-read the file, except the
// portability rule, which reads it a second time as standard TOML (toml11) on purpose.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/diagnostic.hpp"

namespace httpctl::conf {

struct LintRule {
    // e.g. "forwarded-ip-spoofable": kebab-case, no dots. A finding's Diagnostic::code is exactly
    // the rule id (check codes contain dots, so the two never collide).
    std::string_view id;
    Severity severity;          // default severity of its findings
    std::string_view summary;   // one line
    std::string_view explanation;  // `lint --explain RULE`: why it matters, how to fix, example
};

[[nodiscard]] std::span<const LintRule> lint_rules() noexcept;
[[nodiscard]] const LintRule* find_lint_rule(std::string_view id) noexcept;

struct LintOptions {
    std::vector<std::string> allow;  // rule ids suppressed by --allow
};

// The lint findings only (the caller adds the check diagnostics). Findings on a line that
// carries `# stalwart-httpctl: allow=RULE[,RULE...]` and findings of `allow`ed rules are dropped.
[[nodiscard]] std::vector<Diagnostic> lint_config(const CheckReport& report,
                                                  const LintOptions& options = {});

}  // namespace httpctl::conf
