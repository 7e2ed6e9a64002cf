// Stalwart's duration parser (spec expressions.md §2.7), used for words in expressions and for
// string results converted to durations.
#include <cctype>
#include <string>

#include "expr/compiler.hpp"

namespace httpctl::expr {

std::optional<std::int64_t> parse_duration(std::string_view text) {
    // Digits and unit letters may interleave; only their concatenations matter (`1m30s` is
    // digits "130" with unit "ms", §2.7).
    std::string digits, unit;
    for (char c : text) {
        const auto b = static_cast<unsigned char>(c);
        if (std::isdigit(b)) {
            digits += c;
        } else if (b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\f') {
            continue;
        } else {
            unit += static_cast<char>(b < 0x80 ? std::tolower(b) : b);
        }
    }
    std::uint64_t multiplier;
    if (unit == "d") {
        multiplier = 86'400'000;
    } else if (unit == "h") {
        multiplier = 3'600'000;
    } else if (unit == "m") {
        multiplier = 60'000;
    } else if (unit == "s") {
        multiplier = 1'000;
    } else if (unit == "ms" || unit.empty()) {
        multiplier = 1;
    } else {
        return std::nullopt;
    }
    auto n = parse_rust_u64(digits);
    if (digits.empty() || !n || *n == 0) return std::nullopt;
    // Wrap-around multiplication, then reinterpreted as signed (Stalwart has no overflow check).
    return static_cast<std::int64_t>(*n * multiplier);
}

}  // namespace httpctl::expr
