// UTF-8 checks and decoding the loader needs (the file must be valid UTF-8, as for Stalwart).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace httpctl::conf::utf8 {

// Offset of the first byte that does not start a valid UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are invalid, as in Rust's str), or nullopt.
[[nodiscard]] std::optional<std::size_t> find_invalid(std::string_view bytes) noexcept;

struct CodePoint {
    char32_t value = 0;
    std::uint32_t length = 0;  // bytes; 0 at the end of the input
};

// Decodes the character starting at `offset` of text already known to be valid UTF-8.
[[nodiscard]] CodePoint decode_at(std::string_view text, std::size_t offset) noexcept;

}  // namespace httpctl::conf::utf8
