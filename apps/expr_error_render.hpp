// Renders a compile error under the expression text: the line, a caret under the column, help.
#pragma once

#include <string>
#include <string_view>

#include "expr/compiler.hpp"

namespace httpctl::app {

std::string render_expression_error(std::string_view text, const expr::CompileError& error,
                                    bool color);

}  // namespace httpctl::app
