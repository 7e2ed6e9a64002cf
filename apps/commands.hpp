// One function per sub-command: each adds its CLI11 sub-command and the callback that runs it.
// The callback stores the process exit code in `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace httpctl::app {

void register_eval(CLI::App& app, int& exit_code);
void register_keys(CLI::App& app, int& exit_code);
void register_repl(CLI::App& app, int& exit_code);

}  // namespace httpctl::app
