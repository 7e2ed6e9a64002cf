// Renderers of CheckReports for people and machines: one function per output format. They only
// format; deciding what to report (and the exit code) is the caller's job.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "httpconf/checker.hpp"
#include "httpconf/lint.hpp"

namespace httpctl::conf {

enum class ReportFormat { Human, Json, Sarif, Github };

struct RenderOptions {
    bool color = false;    // ANSI colour (human only)
    bool verbose = false;  // human: also the effective URL of every HTTP listener
    std::string tool_name = "stalwart-httpctl";
    std::string tool_version;
    std::string command = "check";  // "check" or "lint" (SARIF run description)
    // The lint rules SARIF describes in its rule list (the CLI passes lint_rules()); a finding
    // whose code is not among them gets a rule entry built from the finding itself.
    std::span<const LintRule> rules;
};

// Human: `file:line:col: severity: message [CODE]`, the source line, a caret/underline under
// the span, `help:` line; a summary line at the end.
[[nodiscard]] std::string render_human(std::span<const CheckReport> reports,
                                       const RenderOptions& options);
// JSON: one document {"files":[{"file":…, "target":…, "diagnostics":[…], "urls":[…]}], "summary":…}.
[[nodiscard]] std::string render_json(std::span<const CheckReport> reports,
                                      const RenderOptions& options);
// SARIF 2.1.0, one run; rules from `options.rules` plus the check codes that occur. Columns are
// 1-based and count Unicode code points (`columnKind: "unicodeCodePoints"`).
[[nodiscard]] std::string render_sarif(std::span<const CheckReport> reports,
                                       const RenderOptions& options);
// GitHub workflow commands: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
[[nodiscard]] std::string render_github(std::span<const CheckReport> reports,
                                        const RenderOptions& options);

}  // namespace httpctl::conf
