// lint_config: runs every rule group on a checked file, then applies suppression.
#include "httpconf/lint.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "lint_support.hpp"
#include "lint_suppression.hpp"

namespace httpctl::conf {
namespace {

// Rules allowed on each line by inline comments.
using LineAllows = std::set<std::pair<std::uint32_t, std::string>, std::less<>>;

bool allowed_on(const LineAllows& allows, std::uint32_t line, const std::string& rule) {
    return line != 0 && allows.contains(std::pair<std::uint32_t, std::string>(line, rule));
}

bool suppressed(const Finding& finding, const LineAllows& allows,
                const std::vector<std::string>& allowed_rules) {
    const Diagnostic& d = finding.diagnostic;
    if (std::find(allowed_rules.begin(), allowed_rules.end(), d.code) != allowed_rules.end())
        return true;
    if (allowed_on(allows, finding.key_line, d.code)) return true;
    for (std::uint32_t line = d.line; line != 0 && line <= std::max(d.line, d.end_line); ++line) {
        if (allowed_on(allows, line, d.code)) return true;
    }
    return false;
}

// An allow comment naming no known rule is itself a finding (it silences nothing).
void check_inline_allows(const std::vector<InlineAllow>& allows, const FlatConfig& config,
                         FindingSink& sink) {
    for (const InlineAllow& allow : allows) {
        if (find_lint_rule(allow.rule) != nullptr) continue;
        sink.at("allow-unknown-rule", config.location_of({allow.begin, allow.end}), 0,
                "the allow comment names an unknown rule '" + allow.rule + "'",
                "`stalwart-httpctl lint --explain` lists the rule ids");
    }
}

std::vector<Finding> run_rules(const CheckReport& report, const std::vector<InlineAllow>& allows) {
    FindingSink sink(*report.config);
    const LintContext context{report, *report.config, *report.settings, report.settings->prefix};
    lint_key_rules(context, sink);
    lint_security_rules(context, sink);
    lint_header_rules(context, sink);
    lint_url_rules(context, sink);
    lint_expression_rules(context, sink);
    lint_portability_rules(context, sink);
    check_inline_allows(allows, *report.config, sink);
    return sink.take();
}

}  // namespace

std::vector<Diagnostic> lint_config(const CheckReport& report, const LintOptions& options) {
    // A file Stalwart rejects has nothing to lint: `check` already reports why.
    if (!report.config || !report.settings) return {};

    const std::vector<InlineAllow> inline_allows = find_inline_allows(report.config->source());
    LineAllows allows;
    for (const InlineAllow& allow : inline_allows)
        allows.emplace(allow.line, allow.rule);

    std::vector<Diagnostic> out;
    for (Finding& finding : run_rules(report, inline_allows)) {
        if (!suppressed(finding, allows, options.allow))
            out.push_back(std::move(finding.diagnostic));
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return out;
}

}  // namespace httpctl::conf
