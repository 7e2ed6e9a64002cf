#include "utf8.hpp"

#include <cstring>

namespace httpctl::conf::utf8 {

namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool is_continuation(unsigned char byte) {
    return (byte & 0xC0U) == 0x80U;
}

// Length of the valid sequence starting at `p`, or 0 when it is invalid.
std::size_t valid_sequence_length(const unsigned char* p, std::size_t available) {
    unsigned char lead = p[0];
    if (lead < 0x80U) return 1;
    if (lead < 0xC2U) return 0;  // stray continuation byte or overlong 2-byte form
    if (lead < 0xE0U) return available >= 2 && is_continuation(p[1]) ? 2 : 0;
    if (lead < 0xF0U) {
        if (available < 3 || !is_continuation(p[1]) || !is_continuation(p[2])) return 0;
        if (lead == 0xE0U && p[1] < 0xA0U) return 0;   // overlong
        if (lead == 0xEDU && p[1] >= 0xA0U) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (lead < 0xF5U) {
        if (available < 4 || !is_continuation(p[1]) || !is_continuation(p[2]) ||
            !is_continuation(p[3])) {
            return 0;
        }
        if (lead == 0xF0U && p[1] < 0x90U) return 0;   // overlong
        if (lead == 0xF4U && p[1] >= 0x90U) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace

std::optional<std::size_t> find_invalid(std::string_view bytes) noexcept {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    std::size_t size = bytes.size();
    std::size_t i = 0;
    while (i < size) {
        // Configuration files are mostly ASCII: skip 8 bytes at a time while no high bit is set.
        while (i + 8 <= size) {
            std::uint64_t block;
            std::memcpy(&block, data + i, sizeof block);
            if ((block & kHighBits) != 0) break;
            i += 8;
        }
        if (i >= size) break;
        std::size_t length = valid_sequence_length(data + i, size - i);
        if (length == 0) return i;
        i += length;
    }
    return std::nullopt;
}

CodePoint decode_at(std::string_view text, std::size_t offset) noexcept {
    if (offset >= text.size()) return {};
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + offset;
    if (p[0] < 0x80U) return {p[0], 1};
    if (p[0] < 0xE0U) return {static_cast<char32_t>(((p[0] & 0x1FU) << 6) | (p[1] & 0x3FU)), 2};
    if (p[0] < 0xF0U) {
        return {
            static_cast<char32_t>(((p[0] & 0x0FU) << 12) | ((p[1] & 0x3FU) << 6) | (p[2] & 0x3FU)),
            3};
    }
    return {static_cast<char32_t>(((p[0] & 0x07U) << 18) | ((p[1] & 0x3FU) << 12) |
                                  ((p[2] & 0x3FU) << 6) | (p[3] & 0x3FU)),
            4};
}

}  // namespace httpctl::conf::utf8
