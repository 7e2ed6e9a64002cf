// `stalwart-httpctl lint FILE...`: everything `check` reports plus the lint rules' findings
// (risky or dead HTTP settings), in the same formats with the same exit statuses;
// `lint --explain RULE` prints one rule's explanation.
#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "httpconf/lint.hpp"
#include "report_command.hpp"

namespace httpctl::app {

namespace {

std::vector<std::string_view> rule_ids() {
    std::vector<std::string_view> ids;
    for (const conf::LintRule& rule : conf::lint_rules())
        ids.push_back(rule.id);
    return ids;
}

// "unknown rule X (did you mean Y?)" plus the list of rules, on stderr.
void report_unknown_rule(const std::string& id) {
    std::string message = "stalwart-httpctl lint: unknown rule \"" + id + "\"";
    const std::string suggestion = closest_name(id, rule_ids());
    if (!suggestion.empty()) message += " (did you mean " + suggestion + "?)";
    message += "\nrules:";
    for (std::string_view rule : rule_ids()) {
        message += ' ';
        message += rule;
    }
    std::fprintf(stderr, "%s\n", message.c_str());
}

// `lint --explain` without a rule: every rule with its default severity and summary.
int list_rules() {
    std::string out;
    for (const conf::LintRule& rule : conf::lint_rules()) {
        out += rule.id;
        out += " (";
        out += conf::severity_name(rule.severity);
        out += "): ";
        out += rule.summary;
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 2;
}

int explain(const std::string& id) {
    if (id.empty()) return list_rules();
    const conf::LintRule* rule = conf::find_lint_rule(id);
    if (rule == nullptr) {
        report_unknown_rule(id);
        return 2;
    }
    std::string out(rule->id);
    out += " (";
    out += conf::severity_name(rule->severity);
    out += "): ";
    out += rule->summary;
    out += "\n\n";
    out += rule->explanation;
    if (!out.ends_with('\n')) out += '\n';
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 2;
}

struct LintCommandOptions {
    ReportCommandOptions report;
    std::vector<std::string> allow;
    std::string explain;
    const CLI::Option* explain_option = nullptr;
};

int run_lint(const LintCommandOptions& options) {
    if (options.explain_option->count() > 0) return explain(options.explain);
    if (options.report.files.empty()) {
        std::fprintf(stderr, "stalwart-httpctl lint: FILE is required (or --explain RULE)\n");
        return 2;
    }
    for (const std::string& id : options.allow) {
        if (conf::find_lint_rule(id) == nullptr) {
            report_unknown_rule(id);
            return 2;
        }
    }
    conf::LintOptions lint_options;
    lint_options.allow = options.allow;
    auto add_findings = [lint_options](conf::CheckReport& report) {
        std::vector<conf::Diagnostic> findings = conf::lint_config(report, lint_options);
        report.diagnostics.insert(report.diagnostics.end(),
                                  std::make_move_iterator(findings.begin()),
                                  std::make_move_iterator(findings.end()));
        // Check diagnostics and lint findings together, in file order (whole-file ones first).
        std::stable_sort(report.diagnostics.begin(), report.diagnostics.end(),
                         [](const conf::Diagnostic& a, const conf::Diagnostic& b) {
                             return a.line != b.line ? a.line < b.line : a.column < b.column;
                         });
    };
    return run_report_command(options.report,
                              ReportCommand{"lint", conf::lint_rules(), add_findings});
}

}  // namespace

void register_lint(CLI::App& app, int& exit_code) {
    CLI::App* command = app.add_subcommand(
        "lint", "Check configuration files and report risky or dead HTTP settings");
    auto options = std::make_shared<LintCommandOptions>();
    add_report_options(*command, options->report);
    command
        ->add_option("--allow", options->allow,
                     "do not report this rule (repeatable, or comma-separated)")
        ->delimiter(',')
        // One value per --allow: the arguments after it are files.
        ->allow_extra_args(false);
    options->explain_option =
        command
            ->add_option("--explain", options->explain,
                         "print why RULE matters and how to fix what it finds, then exit; "
                         "without RULE, list the rules")
            ->expected(0, 1);
    command->callback([options, &exit_code] { exit_code = run_lint(*options); });
}

}  // namespace httpctl::app
