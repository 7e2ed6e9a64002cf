// Rust's `{:?}` rendering of characters and strings, which Stalwart's loader messages use
// (spec http.md, introduction: `'_'`, `'\''`, `'\n'`, `'\u{feff}'`, `"a.b"`).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace httpctl::conf {

[[nodiscard]] std::string rust_debug_char(char32_t c);                        // 'x'
[[nodiscard]] std::string rust_debug_string(std::string_view utf8);           // "x"
[[nodiscard]] std::string rust_debug_char_list(std::span<const char> chars);  // [',', ']']

}  // namespace httpctl::conf
