// Parser for Rust `regex`-crate syntax (regex-syntax 0.8, regex 1.10+) producing a small
// high-level tree in which flags are already applied: literals and classes are code point sets
// (case folding done), anchors and word boundaries are resolved look-arounds (spec §6.7).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "regex_unicode.hpp"

namespace httpctl::expr::re {

enum class Look : std::uint8_t {
    StartText,         // \A, ^ without (?m)
    EndText,           // \z, $ without (?m)
    StartLine,         // (?m)^
    EndLine,           // (?m)$
    StartLineCrlf,     // (?mR)^
    EndLineCrlf,       // (?mR)$
    WordAscii,         // (?-u)\b
    NotWordAscii,      // (?-u)\B
    WordUnicode,       // \b
    NotWordUnicode,    // \B
    WordStartAscii,    // (?-u)\<
    WordEndAscii,      // (?-u)\>
    WordStartUnicode,  // \< and \b{start}
    WordEndUnicode,    // \> and \b{end}
    WordStartHalfAscii,
    WordEndHalfAscii,
    WordStartHalfUnicode,  // \b{start-half}
    WordEndHalfUnicode,    // \b{end-half}
};

inline constexpr std::uint32_t kUnbounded = 0xFFFFFFFF;

struct Node {
    enum class Kind : std::uint8_t { Empty, Class, Look, Repeat, Group, Concat, Alternate };
    Kind kind = Kind::Empty;
    Look look = Look::StartText;
    bool greedy = true;
    int capture = -1;  // Group: capture index >= 1, or -1 for a non-capturing group
    std::uint32_t min = 0;
    std::uint32_t max = 0;    // Repeat; kUnbounded for no upper bound
    std::uint32_t depth = 0;  // nesting depth as regex-syntax's nest limiter counts it
    CodepointSet set;         // Class (a literal is a one-element class)
    std::vector<Node> subs;
};

struct ParseError {
    std::size_t start = 0;  // byte offsets of the offending span in the pattern
    std::size_t end = 0;
    std::string message;  // regex-syntax's wording
};

struct Parsed {
    Node root;
    int captures = 0;  // number of capture groups, group 0 excluded
};

// Returns false and fills `error` when regex-syntax would reject the pattern.
bool parse_rust_regex(std::string_view pattern, Parsed& out, ParseError& error);

}  // namespace httpctl::expr::re
