// What `check` and `lint` share: their options, reading the files, checking each, rendering the
// reports in the chosen format and the exit status.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "httpconf/checker.hpp"
#include "httpconf/lint.hpp"

namespace httpctl::app {

struct ReportCommandOptions {
    std::vector<std::string> files;  // "-" is standard input
    std::string format = "human";
    std::string color = "auto";
    std::string target;  // empty: inferred from the key names
    bool verbose = false;
    bool strict = false;
    bool resolve_macros = false;
};

// Adds the shared options to `command`; returns the FILE... positional (not yet required).
CLI::Option* add_report_options(CLI::App& command, ReportCommandOptions& options);

struct ReportCommand {
    std::string name;                       // "check" or "lint"
    std::span<const conf::LintRule> rules;  // described in SARIF output
    // Adds findings to a file's report after the check (lint's rules); may be empty.
    std::function<void(conf::CheckReport&)> extend;
};

// Exit status: 0 clean, 1 an error (with --strict also a warning), 2 a usage error or a file
// that could not be read (the other files are still checked and reported).
int run_report_command(const ReportCommandOptions& options, const ReportCommand& command);

// The closest of `candidates` to `word` when it is close enough to be a typo, else "".
std::string closest_name(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace httpctl::app
