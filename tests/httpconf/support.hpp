// Helpers shared by the configuration-loader tests: files, base64, the CLI, flat-map text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "httpconf/flat_config.hpp"
#include "httpconf/loader.hpp"
#include "support/process.hpp"

namespace httpctl::conf::test {

using httpctl::test::CommandResult;
using httpctl::test::read_binary_file;
using httpctl::test::shell_quote;
using httpctl::test::TempFile;

std::vector<std::string> read_lines(const std::string& path);
std::string base64_decode(std::string_view text);

// Runs the built CLI with `arguments` (already shell-quoted) and captures both streams.
CommandResult run_cli(const std::string& arguments);

// `"key"<TAB>"value"` lines, the format of the golden corpus and of `keys`.
std::string flat_tsv(const FlatConfig& config);
std::string tsv_line(const std::string& key, const std::string& value);

// Loads `text` and returns the map or fails the current test with the diagnostic.
FlatConfig load_ok(std::string_view text);
// Loads `text`, expects a rejection and returns it.
LoadResult load_error(std::string_view text);

}  // namespace httpctl::conf::test
