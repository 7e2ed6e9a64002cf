// Unicode helpers that reproduce Rust's `char` and `str` semantics (the language's functions are
// defined by them, spec expressions.md §6.4): character properties, full case mapping and UTF-8
// decoding.
#pragma once

#include <cstddef>
#include <string_view>

#include "expr/small_string.hpp"

namespace httpctl::expr::unicode {

// One decoded character and how many bytes it took.
struct Decoded {
    char32_t cp;
    std::size_t length;
};

inline constexpr char32_t kReplacementCharacter = 0xFFFD;

// Decodes the character starting at s[pos] (pos < s.size()). An ill-formed sequence yields
// U+FFFD for one byte, so every byte is consumed exactly once and decoding never stalls.
[[nodiscard]] Decoded decode_utf8(std::string_view s, std::size_t pos) noexcept;

// Rust's `char::is_whitespace`: the White_Space property.
[[nodiscard]] bool is_whitespace(char32_t c) noexcept;
// Rust's `char::is_alphabetic`: the Alphabetic property.
[[nodiscard]] bool is_alphabetic(char32_t c) noexcept;
// Rust's `char::is_alphanumeric`: Alphabetic, or general category Nd, Nl or No.
[[nodiscard]] bool is_alphanumeric(char32_t c) noexcept;
// Rust's `char::is_uppercase` / `is_lowercase`: the Uppercase / Lowercase derived properties.
[[nodiscard]] bool is_uppercase(char32_t c) noexcept;
[[nodiscard]] bool is_lowercase(char32_t c) noexcept;

// Rust's `str::to_lowercase` / `str::to_uppercase`: full, locale-independent case mapping
// (multi-character results such as "ß" -> "SS", Greek final sigma). Appends to `out`.
void append_lowercase(std::string_view s, SmallString& out);
void append_uppercase(std::string_view s, SmallString& out);

// Rust's `str::trim_start` / `trim_end` / `trim` (White_Space characters).
[[nodiscard]] std::string_view trim_start(std::string_view s) noexcept;
[[nodiscard]] std::string_view trim_end(std::string_view s) noexcept;
[[nodiscard]] std::string_view trim(std::string_view s) noexcept;

// Number of characters (Unicode scalar values) of `s`.
[[nodiscard]] std::size_t count_chars(std::string_view s) noexcept;
// Byte offset just past the first `n` characters of `s` (or s.size() if it has fewer).
[[nodiscard]] std::size_t advance_chars(std::string_view s, std::size_t from,
                                        std::size_t n) noexcept;

}  // namespace httpctl::expr::unicode
