// ASCII-only case folding for protocol tokens: header names, protocol names, config keys.
// (Stalwart lower-cases these bytes without Unicode rules, so neither do we.)
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
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return to_lower_ascii(c); });
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

}  // namespace httpctl::conf
