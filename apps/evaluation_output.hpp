// How `eval` and the REPL print what an evaluation gave.
#pragma once

#include <string>

#include "expr/value.hpp"

namespace httpctl::app {

// `value : type`, e.g. `"a1.5" : string` (no newline).
[[nodiscard]] std::string value_with_type(const expr::Value& value);

}  // namespace httpctl::app
