#include "expr_error_render.hpp"

#include <algorithm>

namespace httpctl::app {

namespace {

// Number of UTF-8 characters in s.
std::size_t char_count(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
}

// The text made printable on one terminal line: control bytes shown as spaces so the caret
// stays aligned.
std::string printable(std::string_view line) {
    std::string out(line);
    for (char& c : out) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    return out;
}

}  // namespace

std::string render_expression_error(std::string_view text, const expr::CompileError& error,
                                    bool color) {
    const char* red = color ? "\x1b[1;31m" : "";
    const char* bold = color ? "\x1b[1m" : "";
    const char* cyan = color ? "\x1b[1;36m" : "";
    const char* reset = color ? "\x1b[0m" : "";
    const std::size_t offset = std::min(error.offset, text.size());
    const std::size_t line_begin = text.rfind('\n', offset == 0 ? 0 : offset - 1) == std::string_view::npos
                                       ? 0
                                       : text.rfind('\n', offset == 0 ? 0 : offset - 1) + 1;
    std::size_t line_end = text.find('\n', offset);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::size_t line_no =
        1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(line_begin), '\n'));
    std::string_view line = text.substr(line_begin, line_end - line_begin);
    const std::size_t caret_col = char_count(text.substr(line_begin, offset - line_begin));
    const std::size_t end = std::clamp(error.end, offset, line_end);
    const std::size_t width = std::max<std::size_t>(1, char_count(text.substr(offset, end - offset)));

    std::string out;
    out += red;
    out += "error";
    out += reset;
    out += bold;
    out += "[" + error.code + "]: " + error.message + reset + "\n";
    out += "  --> expression:" + std::to_string(line_no) + ":" + std::to_string(caret_col + 1) + "\n";
    out += "   | " + printable(line) + "\n";
    out += "   | " + std::string(caret_col, ' ') + red + std::string(width, '^') + reset + "\n";
    if (!error.help.empty()) out += std::string("   = ") + cyan + "help" + reset + ": " + error.help + "\n";
    return out;
}

}  // namespace httpctl::app
