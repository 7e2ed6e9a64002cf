#include "rust_debug.hpp"

#include <unicode/uchar.h>

#include <cstdio>

#include "utf8.hpp"

namespace httpctl::conf {

namespace {

void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (c >> 18));
        out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
    }
}

// Rust prints these as \u{hex}: control, format, private-use, unassigned, separators other
// than the plain space, and combining marks (grapheme extenders).
bool needs_unicode_escape(char32_t c) {
    if (c == ' ') return false;
    auto cp = static_cast<UChar32>(c);
    switch (u_charType(cp)) {
        case U_CONTROL_CHAR:
        case U_FORMAT_CHAR:
        case U_SURROGATE:
        case U_PRIVATE_USE_CHAR:
        case U_UNASSIGNED:
        case U_SPACE_SEPARATOR:
        case U_LINE_SEPARATOR:
        case U_PARAGRAPH_SEPARATOR:
            return true;
        default:
            return u_hasBinaryProperty(cp, UCHAR_GRAPHEME_EXTEND) != 0;
    }
}

void append_escaped(std::string& out, char32_t c, char quote) {
    switch (c) {
        case U'\0':
            out += "\\0";
            return;
        case U'\t':
            out += "\\t";
            return;
        case U'\r':
            out += "\\r";
            return;
        case U'\n':
            out += "\\n";
            return;
        case U'\\':
            out += "\\\\";
            return;
        default:
            break;
    }
    if (c == static_cast<char32_t>(quote)) {
        out += '\\';
        out += quote;
        return;
    }
    if (needs_unicode_escape(c)) {
        char buffer[16];
        std::snprintf(buffer, sizeof buffer, "\\u{%x}", static_cast<unsigned>(c));
        out += buffer;
        return;
    }
    append_utf8(out, c);
}

}  // namespace

std::string rust_debug_char(char32_t c) {
    std::string out = "'";
    append_escaped(out, c, '\'');
    out += '\'';
    return out;
}

std::string rust_debug_string(std::string_view text) {
    std::string out = "\"";
    for (std::size_t i = 0; i < text.size();) {
        utf8::CodePoint cp = utf8::decode_at(text, i);
        append_escaped(out, cp.value, '"');
        i += cp.length;
    }
    out += '"';
    return out;
}

std::string rust_debug_char_list(std::span<const char> chars) {
    std::string out = "[";
    for (std::size_t i = 0; i < chars.size(); ++i) {
        if (i != 0) out += ", ";
        out += rust_debug_char(static_cast<unsigned char>(chars[i]));
    }
    out += ']';
    return out;
}

}  // namespace httpctl::conf
