#include "support/process.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace httpctl::test {

std::string read_binary_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

TempFile::TempFile(std::string_view content) {
    static std::atomic<unsigned> counter{0};
    const auto dir = std::filesystem::temp_directory_path();
    path_ = (dir / ("httpctl-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
                    ".tmp"))
                .string();
    std::ofstream out(path_, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

TempFile::~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

CommandResult run_command(const std::string& command_line, std::string_view stdin_text) {
    TempFile in(stdin_text);
    TempFile out("");
    TempFile err("");
    const std::string full = command_line + " <" + shell_quote(in.path()) + " >" +
                             shell_quote(out.path()) + " 2>" + shell_quote(err.path());
    const int status = std::system(full.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_binary_file(out.path());
    result.err = read_binary_file(err.path());
    return result;
}

}  // namespace httpctl::test
