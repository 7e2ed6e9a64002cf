// Where the REPL keeps its history: $XDG_STATE_HOME/stalwart-httpctl/history, else
// ~/.local/state/stalwart-httpctl/history (XDG Base Directory specification).
#pragma once

#include <string>

namespace httpctl::app {

// Empty when neither an absolute XDG_STATE_HOME nor HOME is set.
[[nodiscard]] std::string repl_history_file();

}  // namespace httpctl::app
