// Helpers shared by the configuration-loader tests: files, base64, the CLI, flat-map text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "httpconf/flat_config.hpp"
#include "httpconf/loader.hpp"

namespace httpctl::conf::test {

std::string read_binary_file(const std::string& path);
std::vector<std::string> read_lines(const std::string& path);
std::string base64_decode(std::string_view text);

// A file in the temporary folder holding `content`, removed when the object dies.
class TempFile {
  public:
    explicit TempFile(std::string_view content);
    ~TempFile();
    TempFile(const TempFile&) = delete;
    TempFile& operator=(const TempFile&) = delete;
    [[nodiscard]] const std::string& path() const { return path_; }

  private:
    std::string path_;
};

struct CommandResult {
    int exit_code = -1;
    std::string out;
    std::string err;
};
// Runs the built CLI with `arguments` (already shell-quoted) and captures both streams.
CommandResult run_cli(const std::string& arguments);
std::string shell_quote(const std::string& text);

// `"key"<TAB>"value"` lines, the format of the golden corpus and of `keys`.
std::string flat_tsv(const FlatConfig& config);
std::string tsv_line(const std::string& key, const std::string& value);

// Loads `text` and returns the map or fails the current test with the diagnostic.
FlatConfig load_ok(std::string_view text);
// Loads `text`, expects a rejection and returns it.
LoadResult load_error(std::string_view text);

}  // namespace httpctl::conf::test
