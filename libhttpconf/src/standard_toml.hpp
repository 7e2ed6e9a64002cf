// Reading a file as standard TOML (toml11), flattened the way Stalwart flattens its own dialect
// (spec http.md §2.5: `key.NNNN` array indexes, dotted sub-keys), so the two readings can be
// compared key by key. Only the portability lint rule uses it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace httpctl::conf {

struct StandardTomlEntry {
    enum class Kind : std::uint8_t { String, Integer, Float, Boolean, DateTime };
    std::string key;
    Kind kind = Kind::String;
    std::string text;          // the value as text (strings verbatim, numbers in decimal)
    std::int64_t integer = 0;  // Kind::Integer
    double number = 0;         // Kind::Float
    // 1-based position of the value; the column and the length count bytes.
    std::uint32_t line = 0;
    std::uint32_t byte_column = 0;
    std::uint32_t byte_length = 0;
};

struct StandardTomlError {
    std::string message;  // toml11's message, one line
    std::uint32_t line = 0;
    std::uint32_t byte_column = 0;
    bool not_parsed = false;  // the text was not handed to toml11 at all (see the .cpp)
};

// Entries sorted byte-wise by key. Never throws: toml11's exceptions become a StandardTomlError.
[[nodiscard]] std::variant<std::vector<StandardTomlEntry>, StandardTomlError> read_standard_toml(
    std::string_view text, const std::string& file_name);

}  // namespace httpctl::conf
