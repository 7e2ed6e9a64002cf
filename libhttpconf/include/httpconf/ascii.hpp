// ASCII-only helpers for protocol tokens: case folding of header names, protocol names and config
// keys (Stalwart lower-cases these bytes without Unicode rules, so neither do we), and trimming.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>

namespace httpctl::conf {

[[nodiscard]] constexpr char to_lower_ascii(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

[[nodiscard]] inline std::string to_lower_ascii(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) { return to_lower_ascii(c); });
    return out;
}

[[nodiscard]] constexpr bool equals_ignoring_ascii_case(std::string_view a,
                                                        std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (to_lower_ascii(a[i]) != to_lower_ascii(b[i])) return false;
    }
    return true;
}

// HTTP's optional whitespace (RFC 9110 §5.6.3): space and horizontal tab.
[[nodiscard]] constexpr bool is_http_whitespace(char c) noexcept {
    return c == ' ' || c == '\t';
}

// RFC 9110 §5.6.2 `tchar`: what header names and methods are made of.
[[nodiscard]] constexpr bool is_http_token_char(char c) noexcept {
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return alnum || std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// A non-empty run of `tchar` (RFC 9110 §5.6.2 `token`).
[[nodiscard]] constexpr bool is_http_token(std::string_view text) noexcept {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return is_http_token_char(c); });
}

// Space, tab, LF, VT, FF, CR.
[[nodiscard]] constexpr bool is_ascii_whitespace(char c) noexcept {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// `text` without leading and trailing characters for which `is_trimmed` holds.
template <typename Predicate>
[[nodiscard]] constexpr std::string_view trim_if(std::string_view text, Predicate is_trimmed) {
    while (!text.empty() && is_trimmed(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_trimmed(text.back()))
        text.remove_suffix(1);
    return text;
}

[[nodiscard]] constexpr std::string_view trim_http_whitespace(std::string_view text) {
    return trim_if(text, is_http_whitespace);
}

[[nodiscard]] constexpr std::string_view trim_ascii_whitespace(std::string_view text) {
    return trim_if(text, is_ascii_whitespace);
}

}  // namespace httpctl::conf
