// What Tab offers in the REPL: `:commands` at the start of a line, function and variable names,
// `$globals`, and store names and keys inside key_get('…', '…') / key_exists(…).
#pragma once

#include <string_view>

#include "httpconf/eval_session.hpp"
#include "line_reader.hpp"

namespace httpctl::app {

[[nodiscard]] Completion complete_repl_input(std::string_view line_before_cursor,
                                             const conf::EvalSession& session);

}  // namespace httpctl::app
