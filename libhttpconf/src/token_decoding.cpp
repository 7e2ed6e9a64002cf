#include "token_decoding.hpp"

#include <charconv>

namespace httpctl::conf {

void append_bare_key(std::string& out, std::string_view run) {
    for (char c : run) {
        if (c != ' ' && c != '\t' && c != '\r') out += c;
    }
}

void append_quoted_key(std::string& out, std::string_view text) {
    for (char c : text) {
        if (c != '\\') out += c;
    }
}

void append_header_bare(std::string& out, std::string_view run) {
    for (char c : run) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
}

void append_header_quoted(std::string& out, std::string_view text) {
    for (char c : text) {
        if (c != '\\' && c != '\r') out += c;
    }
}

std::string decode_escaped_string(std::string_view text) {
    if (text.find_first_of("\\\r") == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c == '\r') continue;
        if (c != '\\') {
            out += c;
            continue;
        }
        // http.md §2.9: backslashes right after the first are literal and keep the escape open.
        for (++i; i < text.size() && (text[i] == '\\' || text[i] == '\r'); ++i) {
            if (text[i] == '\\') out += '\\';
        }
        if (i == text.size()) break;
        switch (text[i]) {
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'n':
                out += '\n';
                break;
            // http.md §2.4: any other escaped character stands for itself (no \u).
            default:
                out += text[i];
                break;
        }
    }
    return out;
}

std::string strip_carriage_returns(std::string_view text) {
    if (text.find('\r') == std::string_view::npos) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        if (c != '\r') out += c;
    }
    return out;
}

void append_array_index(std::string& out, std::uint32_t index) {
    char digits[16];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, index);
    (void)ec;
    auto length = static_cast<std::size_t>(end - digits);
    out += '.';
    if (length < 4) out.append(4 - length, '0');
    out.append(digits, length);
}

}  // namespace httpctl::conf
