// Reading a whole input file, or standard input for "-".
#pragma once

#include <optional>
#include <string>

namespace httpctl::app {

// The file's bytes; nullopt with `error` set (the system's reason) when it cannot be read.
std::optional<std::string> read_input(const std::string& path, std::string& error);

}  // namespace httpctl::app
