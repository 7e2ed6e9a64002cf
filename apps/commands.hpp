// One function per sub-command: each adds its CLI11 sub-command and the callback that runs it.
// The callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace httpctl::app {

inline constexpr const char* kToolVersion = "0.1.0";

void register_eval(CLI::App& app, int& exit_code);
void register_keys(CLI::App& app, int& exit_code);
void register_serve(CLI::App& app, int& exit_code);
void register_repl(CLI::App& app, int& exit_code);
void register_check(CLI::App& app, int& exit_code);
void register_lint(CLI::App& app, int& exit_code);

}  // namespace httpctl::app
