#include "file_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace httpctl::app {

std::optional<std::string> read_input(const std::string& path, std::string& error) {
    std::FILE* file = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::string text;
    char buffer[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        text.append(buffer, n);
    const bool failed = std::ferror(file) != 0;
    // A directory opens fine but fails on the first read (EISDIR).
    if (failed) error = std::strerror(errno);
    if (file != stdin) std::fclose(file);
    if (failed) return std::nullopt;
    return text;
}

}  // namespace httpctl::app
