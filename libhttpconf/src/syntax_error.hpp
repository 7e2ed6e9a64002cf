// The loader's errors as data, and their two renderings: our own clear message with an exact
// position, and the message Stalwart's loader prints (spec http.md §2.8) for the same input.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "httpconf/diagnostic.hpp"
#include "httpconf/source_text.hpp"

namespace httpctl::conf {

enum class SyntaxErrorKind : std::uint8_t {
    UnexpectedItemStart,        // `_x = 1`, `'a' = 1`, a BOM
    UnexpectedHeaderCharacter,  // `[a/b]`
    EmptyTableName,             // `[[]]`
    HeaderNotClosed,            // line break inside `[...]`
    MissingValue,               // `a =` then a line break
    UnexpectedEof,              // the file ends inside an item or right after a value
    EmptyKey,                   // `= 1` inside braces, `{}`, `{a,}`
    UnexpectedKeyCharacter,     // `a:b = 1`
    KeyBrokenByNewline,         // `a b` then a line break
    QuotedKeyBrokenByNewline,   // `"a` then a line break
    UnexpectedAfterValue,       // `a = "x" y`, `[1 2]`
    NestingTooDeep,             // ten nested `[` / `{`
    DuplicateKey,               // the same flat key twice
    InvalidUtf8,                // the file is not UTF-8
    FileTooLarge,
    OutOfMemory,
};

// Which closing characters the loader was waiting for after a value (http.md §2.8 `{stops:?}`).
enum class ValueStops : std::uint8_t { LineEnd, Array, InlineTable };

struct SyntaxError {
    SyntaxErrorKind kind = SyntaxErrorKind::UnexpectedEof;
    SourceSpan span;                    // what the diagnostic points at
    std::uint32_t stalwart_offset = 0;  // where Stalwart's line counter stands when it fails
    char32_t character = 0;             // the offending character, where there is one
    ValueStops stops = ValueStops::LineEnd;
    std::string key;           // the flat key concerned, where there is one
    std::string_view context;  // what was open when the file ended (static text)
    SourceSpan related;        // DuplicateKey: the first definition
};

// The UnexpectedEof context for a file whose last value has no line break after it.
inline constexpr std::string_view kEofAfterLastValue =
    "the last value of the file is not followed by a line break";

[[nodiscard]] std::string_view syntax_error_code(SyntaxErrorKind kind) noexcept;
// Stalwart's own message, verbatim, given the 1-based line its counter shows.
[[nodiscard]] std::string stalwart_message(const SyntaxError& error, std::uint32_t line);
[[nodiscard]] Diagnostic make_diagnostic(const SyntaxError& error, const SourceText& source,
                                         const std::string& file_name);

}  // namespace httpctl::conf
