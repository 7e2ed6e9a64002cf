// Test helpers shared by every test binary: temporary files and running commands.
#pragma once

#include <string>
#include <string_view>

namespace httpctl::test {

std::string read_binary_file(const std::string& path);
// Quotes `text` for /bin/sh.
std::string shell_quote(const std::string& text);

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

// Runs a shell command line (already quoted) with `stdin_text` on its standard input and
// captures both output streams.
CommandResult run_command(const std::string& command_line, std::string_view stdin_text = {});

}  // namespace httpctl::test
