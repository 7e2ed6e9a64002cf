#include "report_command.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "commands.hpp"
#include "file_input.hpp"
#include "httpconf/edit_distance.hpp"
#include "httpconf/http_settings.hpp"
#include "httpconf/macros.hpp"
#include "httpconf/report_format.hpp"
#include "value_arguments.hpp"

namespace httpctl::app {

namespace {

std::optional<conf::ReportFormat> parse_format(const std::string& name) {
    if (name == "human") return conf::ReportFormat::Human;
    if (name == "json") return conf::ReportFormat::Json;
    if (name == "sarif") return conf::ReportFormat::Sarif;
    if (name == "github") return conf::ReportFormat::Github;
    return std::nullopt;
}

std::string render(conf::ReportFormat format, std::span<const conf::CheckReport> reports,
                   const conf::RenderOptions& options) {
    switch (format) {
        case conf::ReportFormat::Human:
            return conf::render_human(reports, options);
        case conf::ReportFormat::Json:
            return conf::render_json(reports, options);
        case conf::ReportFormat::Sarif:
            return conf::render_sarif(reports, options);
        case conf::ReportFormat::Github:
            return conf::render_github(reports, options);
    }
    return {};
}

bool fails(const conf::CheckReport& report, bool strict) {
    return std::any_of(report.diagnostics.begin(), report.diagnostics.end(),
                       [strict](const conf::Diagnostic& d) {
                           return d.severity == conf::Severity::Error ||
                                  (strict && d.severity == conf::Severity::Warning);
                       });
}


}  // namespace

std::string closest_name(std::string_view word, const std::vector<std::string_view>& candidates) {
    std::string_view best;
    std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
    for (std::string_view candidate : candidates) {
        const std::optional<std::size_t> distance =
            conf::edit_distance(word, candidate, best_distance - 1);
        if (distance && *distance < best_distance) {
            best = candidate;
            best_distance = *distance;
        }
    }
    return std::string(best);
}

CLI::Option* add_report_options(CLI::App& command, ReportCommandOptions& options) {
    CLI::Option* files =
        command.add_option("FILE", options.files, "configuration files, - for standard input");
    command.add_option("-f,--format", options.format, "output: human, json, sarif or github")
        ->check(CLI::IsMember({"human", "json", "sarif", "github"}));
    command.add_option("--color", options.color, "colour in human output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    command.add_flag("-v,--verbose", options.verbose,
                     "also print the base URL JMAP clients are told on each HTTP listener");
    command.add_flag("--strict", options.strict, "fail (exit 1) on warnings too");
    command.add_option("--target", options.target,
                       "Stalwart release the file is for: 0.8 ... 0.12, head (default: inferred)");
    command.add_flag("--resolve-macros", options.resolve_macros,
                     "expand %{env:...}% and %{file:...}% through the real environment and files");
    return files;
}

int run_report_command(const ReportCommandOptions& options, const ReportCommand& command) {
    const std::string program = "stalwart-httpctl " + command.name;
    const std::optional<conf::ReportFormat> format = parse_format(options.format);
    if (!format) {
        std::fprintf(stderr, "%s: unknown --format %s\n", program.c_str(), options.format.c_str());
        return 2;
    }
    conf::CheckOptions check_options;
    if (!options.target.empty()) {
        check_options.target = conf::parse_target_version(options.target);
        if (!check_options.target) {
            std::fprintf(stderr,
                         "%s: unknown --target %s (expected a release such as 0.8, 0.12 "
                         "or head)\n",
                         program.c_str(), options.target.c_str());
            return 2;
        }
    }
    if (std::count(options.files.begin(), options.files.end(), "-") > 1) {
        std::fprintf(stderr, "%s: standard input (-) can be read only once\n", program.c_str());
        return 2;
    }
    // Hermetic unless asked: macros are left as written and nothing outside the file is read.
    const conf::SystemMacroSources system_sources;
    if (options.resolve_macros) {
        check_options.macros = conf::MacroMode::Expand;
        check_options.macro_sources = &system_sources;
    }

    bool unreadable = false;
    std::vector<conf::CheckReport> reports;
    for (const std::string& path : options.files) {
        const std::string display_name = path == "-" ? "<stdin>" : path;
        std::string error;
        const std::optional<std::string> text = read_input(path, error);
        if (!text) {
            std::fprintf(stderr, "%s: error: cannot read the file: %s\n", display_name.c_str(),
                         error.c_str());
            unreadable = true;
            continue;
        }
        conf::CheckReport report = conf::check_config_text(*text, display_name, check_options);
        if (command.extend) command.extend(report);
        reports.push_back(std::move(report));
    }

    conf::RenderOptions render_options;
    render_options.color =
        *format == conf::ReportFormat::Human && use_color(options.color, STDOUT_FILENO);
    render_options.verbose = options.verbose;
    render_options.tool_version = kToolVersion;
    render_options.command = command.name;
    render_options.rules = command.rules;
    if (!reports.empty() || *format != conf::ReportFormat::Human) {
        const std::string out = render(*format, reports, render_options);
        std::fwrite(out.data(), 1, out.size(), stdout);
    }
    if (std::fflush(stdout) != 0 || unreadable) return 2;
    const bool failed =
        std::any_of(reports.begin(), reports.end(),
                    [&](const conf::CheckReport& r) { return fails(r, options.strict); });
    return failed ? 1 : 0;
}

}  // namespace httpctl::app
