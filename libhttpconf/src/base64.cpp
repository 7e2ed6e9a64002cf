#include "base64.hpp"

#include <array>
#include <cstdint>

namespace httpctl::conf::base64 {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr int kInvalid = -1;

constexpr std::array<int, 256> make_table() {
    std::array<int, 256> table{};
    for (int& entry : table)
        entry = kInvalid;
    for (std::size_t i = 0; i < kAlphabet.size(); ++i) {
        table[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int>(i);
    }
    return table;
}

constexpr std::array<int, 256> kTable = make_table();

int sextet(char c) noexcept {
    return kTable[static_cast<unsigned char>(c)];
}

bool is_ascii_whitespace(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

}  // namespace

std::string encode_padded(std::string_view bytes) {
    std::string text;
    text.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t group = (static_cast<std::uint8_t>(bytes[i]) << 16) |
                                    (static_cast<std::uint8_t>(bytes[i + 1]) << 8) |
                                    static_cast<std::uint8_t>(bytes[i + 2]);
        text += kAlphabet[(group >> 18) & 63];
        text += kAlphabet[(group >> 12) & 63];
        text += kAlphabet[(group >> 6) & 63];
        text += kAlphabet[group & 63];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t group = static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i]) << 16);
        if (rest == 2)
            group |= static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[i + 1]) << 8);
        text += kAlphabet[(group >> 18) & 63];
        text += kAlphabet[(group >> 12) & 63];
        text += rest == 2 ? kAlphabet[(group >> 6) & 63] : '=';
        text += '=';
    }
    return text;
}

std::optional<std::string> decode_lenient(std::string_view text) {
    std::string bytes;
    bytes.reserve(text.size() / 4 * 3 + 3);
    std::uint32_t group = 0;
    int count = 0;
    for (const char c : text) {
        const int value = sextet(c);
        if (value != kInvalid) {
            group = (group << 6) | static_cast<std::uint32_t>(value);
            if (++count == 4) {
                bytes += static_cast<char>((group >> 16) & 0xff);
                bytes += static_cast<char>((group >> 8) & 0xff);
                bytes += static_cast<char>(group & 0xff);
                group = 0;
                count = 0;
            }
        } else if (c == '=') {
            // One or two sextets give one byte, three give two (a lone sextet still yields its
            // 6 bits as a byte, as Stalwart's decoder does).
            if (count == 1) {
                bytes += static_cast<char>((group << 2) & 0xff);
            } else if (count == 2) {
                bytes += static_cast<char>((group >> 4) & 0xff);
            } else if (count == 3) {
                bytes += static_cast<char>((group >> 10) & 0xff);
                bytes += static_cast<char>((group >> 2) & 0xff);
            }
            group = 0;
            count = 0;
        } else if (!is_ascii_whitespace(c)) {
            return std::nullopt;
        }
    }
    return bytes;
}

std::optional<std::string> decode_phc(std::string_view text) {
    if (text.size() % 4 == 1) return std::nullopt;
    std::string bytes;
    bytes.reserve(text.size() * 3 / 4);
    std::uint32_t group = 0;
    int count = 0;
    for (const char c : text) {
        const int value = sextet(c);
        if (value == kInvalid) return std::nullopt;
        group = (group << 6) | static_cast<std::uint32_t>(value);
        if (++count == 4) {
            bytes += static_cast<char>((group >> 16) & 0xff);
            bytes += static_cast<char>((group >> 8) & 0xff);
            bytes += static_cast<char>(group & 0xff);
            group = 0;
            count = 0;
        }
    }
    if (count == 2) {
        if ((group & 0x0f) != 0) return std::nullopt;
        bytes += static_cast<char>((group >> 4) & 0xff);
    } else if (count == 3) {
        if ((group & 0x03) != 0) return std::nullopt;
        bytes += static_cast<char>((group >> 10) & 0xff);
        bytes += static_cast<char>((group >> 2) & 0xff);
    }
    return bytes;
}

}  // namespace httpctl::conf::base64
