// Rust-compatible Unicode helpers on top of ICU (spec expressions.md §6.4).
#include "unicode.hpp"

#include <unicode/bytestream.h>
#include <unicode/casemap.h>
#include <unicode/uchar.h>

#include <cstdint>

namespace httpctl::expr::unicode {

namespace {

bool is_ascii(std::string_view s) noexcept {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

bool is_continuation(unsigned char b) noexcept {
    return (b & 0xC0) == 0x80;
}

// Lets ICU write its UTF-8 output straight into a SmallString.
class SmallStringSink final : public icu::ByteSink {
  public:
    explicit SmallStringSink(SmallString& out) : out_(out) {}
    void Append(const char* bytes, int32_t n) override {
        if (n > 0) out_.append(std::string_view(bytes, static_cast<std::size_t>(n)));
    }

  private:
    SmallString& out_;
};

template <typename AsciiMap, typename IcuMap>
void append_case_mapped(std::string_view s, SmallString& out, AsciiMap ascii_map, IcuMap icu_map) {
    if (is_ascii(s)) {
        char* dst = out.append_uninitialized(s.size());
        for (std::size_t i = 0; i < s.size(); ++i)
            dst[i] = ascii_map(s[i]);
        out.resize(out.size() + s.size());
        return;
    }
    SmallStringSink sink(out);
    UErrorCode status = U_ZERO_ERROR;
    // The root locale ("") gives the locale-independent mappings Rust uses: no Turkish dotless
    // i, no Greek accent removal, but the Final_Sigma context rule.
    icu_map(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), sink, status);
    if (U_FAILURE(status)) out.append(s);  // only on allocation failure inside ICU
}

}  // namespace

Decoded decode_utf8(std::string_view s, std::size_t pos) noexcept {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) return {b0, 1};
    const std::size_t left = s.size() - pos;
    auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[pos + i]); };
    // Well-formed sequences per the Unicode standard, Table 3-7 (no overlongs, no surrogates).
    if (b0 >= 0xC2 && b0 <= 0xDF && left >= 2 && is_continuation(byte(1))) {
        return {static_cast<char32_t>(((b0 & 0x1F) << 6) | (byte(1) & 0x3F)), 2};
    }
    if (b0 >= 0xE0 && b0 <= 0xEF && left >= 3) {
        const unsigned char b1 = byte(1);
        const bool b1_ok = b0 == 0xE0   ? (b1 >= 0xA0 && b1 <= 0xBF)
                           : b0 == 0xED ? (b1 >= 0x80 && b1 <= 0x9F)
                                        : is_continuation(b1);
        if (b1_ok && is_continuation(byte(2))) {
            return {
                static_cast<char32_t>(((b0 & 0x0F) << 12) | ((b1 & 0x3F) << 6) | (byte(2) & 0x3F)),
                3};
        }
    }
    if (b0 >= 0xF0 && b0 <= 0xF4 && left >= 4) {
        const unsigned char b1 = byte(1);
        const bool b1_ok = b0 == 0xF0   ? (b1 >= 0x90 && b1 <= 0xBF)
                           : b0 == 0xF4 ? (b1 >= 0x80 && b1 <= 0x8F)
                                        : is_continuation(b1);
        if (b1_ok && is_continuation(byte(2)) && is_continuation(byte(3))) {
            return {static_cast<char32_t>(((b0 & 0x07) << 18) | ((b1 & 0x3F) << 12) |
                                          ((byte(2) & 0x3F) << 6) | (byte(3) & 0x3F)),
                    4};
        }
    }
    return {kReplacementCharacter, 1};
}

bool is_whitespace(char32_t c) noexcept {
    if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D);
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_WHITE_SPACE) != 0;
}

bool is_alphabetic(char32_t c) noexcept {
    if (c < 0x80) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) != 0;
}

bool is_alphanumeric(char32_t c) noexcept {
    if (c < 0x80) return is_alphabetic(c) || (c >= '0' && c <= '9');
    if (is_alphabetic(c)) return true;
    const auto category = u_charType(static_cast<UChar32>(c));
    return category == U_DECIMAL_DIGIT_NUMBER || category == U_LETTER_NUMBER ||
           category == U_OTHER_NUMBER;
}

bool is_uppercase(char32_t c) noexcept {
    if (c < 0x80) return c >= 'A' && c <= 'Z';
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_UPPERCASE) != 0;
}

bool is_lowercase(char32_t c) noexcept {
    if (c < 0x80) return c >= 'a' && c <= 'z';
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_LOWERCASE) != 0;
}

void append_lowercase(std::string_view s, SmallString& out) {
    append_case_mapped(
        s, out, [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; },
        [](icu::StringPiece src, icu::ByteSink& sink, UErrorCode& status) {
            icu::CaseMap::utf8ToLower("", 0, src, sink, nullptr, status);
        });
}

void append_uppercase(std::string_view s, SmallString& out) {
    append_case_mapped(
        s, out, [](char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c; },
        [](icu::StringPiece src, icu::ByteSink& sink, UErrorCode& status) {
            icu::CaseMap::utf8ToUpper("", 0, src, sink, nullptr, status);
        });
}

std::string_view trim_start(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const Decoded d = decode_utf8(s, pos);
        if (!is_whitespace(d.cp)) break;
        pos += d.length;
    }
    return s.substr(pos);
}

std::string_view trim_end(std::string_view s) noexcept {
    // Scanning forward keeps the decoder simple; the end of the last non-space character wins.
    std::size_t end = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        const Decoded d = decode_utf8(s, pos);
        pos += d.length;
        if (!is_whitespace(d.cp)) end = pos;
    }
    return s.substr(0, end);
}

std::string_view trim(std::string_view s) noexcept {
    return trim_end(trim_start(s));
}

std::size_t count_chars(std::string_view s) noexcept {
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.size(); ++n)
        pos += decode_utf8(s, pos).length;
    return n;
}

std::size_t advance_chars(std::string_view s, std::size_t from, std::size_t n) noexcept {
    std::size_t pos = from;
    for (; n > 0 && pos < s.size(); --n)
        pos += decode_utf8(s, pos).length;
    return pos;
}

}  // namespace httpctl::expr::unicode
