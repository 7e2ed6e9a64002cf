#include "http_server_head.hpp"

namespace httpctl::server::detail {
namespace {

bool is_token_char(char c) noexcept {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7f && c != ':' && c != '(' && c != ')' && c != ',' &&
           c != '/' && c != ';' && c != '<' && c != '=' && c != '>' && c != '?' && c != '@' &&
           c != '[' && c != '\\' && c != ']' && c != '{' && c != '}' && c != '"';
}

std::string_view trim_blanks(std::string_view text) noexcept {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

RequestLine request_line_of(std::string_view head) noexcept {
    const auto end = head.find_first_of("\r\n");
    const std::string_view line = head.substr(0, end);
    const auto first_space = line.find(' ');
    if (first_space == std::string_view::npos) return {};
    const auto second_space = line.find(' ', first_space + 1);
    const auto target_length =
        second_space == std::string_view::npos ? std::string_view::npos
                                               : second_space - first_space - 1;
    return {line.substr(0, first_space), line.substr(first_space + 1, target_length)};
}

bool parse_head(std::string_view head, HttpRequest& request) {
    bool first = true;
    while (!head.empty()) {
        const auto end = head.find("\r\n");
        if (end == std::string_view::npos) return false;
        const std::string_view line = head.substr(0, end);
        head.remove_prefix(end + 2);
        if (line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos) {
            return false;
        }
        if (first) {
            const auto parts = request_line_of(line);
            if (parts.method.empty() || parts.target.empty()) return false;
            request.method = parts.method;
            request.target = parts.target;
            const auto question = parts.target.find('?');
            request.path = parts.target.substr(0, question);
            request.query =
                question == std::string_view::npos ? "" : parts.target.substr(question + 1);
            first = false;
            continue;
        }
        if (line.empty()) return head.empty();  // the blank line ends the head
        const auto colon = line.find(':');
        if (colon == 0 || colon == std::string_view::npos) return false;
        const std::string_view name = line.substr(0, colon);
        for (const char c : name) {
            if (!is_token_char(c)) return false;  // also catches folded lines (leading blank)
        }
        request.headers.emplace_back(name, trim_blanks(line.substr(colon + 1)));
    }
    return false;  // no blank line
}

}  // namespace httpctl::server::detail
