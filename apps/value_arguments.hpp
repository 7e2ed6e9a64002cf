// How command-line arguments become values and settings.
#pragma once

#include <string>
#include <utility>

#include "expr/value.hpp"

namespace httpctl::app {

// "NAME=VALUE" -> {NAME, VALUE}; sets `problem` when there is no `=` or no name.
std::pair<std::string, std::string> split_assignment(const std::string& arg, std::string& problem);

// A VALUE that reads as an integer is an Integer, as a decimal number a Float, a JSON array
// (`[...]`) an Array; anything else is a String. Quotes force a String: '42' or "42".
expr::Value parse_cli_value(const std::string& text);

// --color=auto|always|never, NO_COLOR, and whether `fd` is a terminal.
bool use_color(const std::string& mode, int fd);

}  // namespace httpctl::app
