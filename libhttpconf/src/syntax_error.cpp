#include "syntax_error.hpp"

#include <array>

#include "rust_debug.hpp"

namespace httpctl::conf {

namespace {

std::span<const char> stop_chars(ValueStops stops) {
    static constexpr std::array<char, 1> kLine{'\n'};
    static constexpr std::array<char, 2> kArray{',', ']'};
    static constexpr std::array<char, 2> kTable{',', '}'};
    switch (stops) {
        case ValueStops::Array:
            return kArray;
        case ValueStops::InlineTable:
            return kTable;
        case ValueStops::LineEnd:
            break;
    }
    return kLine;
}

std::string_view expected_after_value(ValueStops stops) {
    switch (stops) {
        case ValueStops::Array:
            return "',' or ']' after an array element";
        case ValueStops::InlineTable:
            return "',' or '}' after a value in an inline table";
        case ValueStops::LineEnd:
            break;
    }
    return "the end of the line (or a # comment) after the value";
}

std::string line_text(std::uint32_t line) {
    return std::to_string(line);
}

std::string clear_message(const SyntaxError& e) {
    const std::string ch = rust_debug_char(e.character);
    switch (e.kind) {
        case SyntaxErrorKind::UnexpectedItemStart:
            return "unexpected character " + ch +
                   " at the start of an item: a line must start with a key (an ASCII letter, a "
                   "digit or '\"'), a [table] header or a # comment";
        case SyntaxErrorKind::UnexpectedHeaderCharacter:
            return "character " + ch + " is not allowed in a table header";
        case SyntaxErrorKind::EmptyTableName:
            return "the array-of-tables header '[[]]' has no name";
        case SyntaxErrorKind::HeaderNotClosed:
            return "the table header is not closed with ']' before the end of the line";
        case SyntaxErrorKind::MissingValue:
            return "a value is missing after '='";
        case SyntaxErrorKind::UnexpectedEof:
            return "unexpected end of file: " + std::string(e.context);
        case SyntaxErrorKind::EmptyKey:
            return "a key is missing before this character (Stalwart refuses empty inline tables "
                   "and trailing commas in them)";
        case SyntaxErrorKind::UnexpectedKeyCharacter:
            return "character " + ch + " is not allowed in a bare key";
        case SyntaxErrorKind::KeyBrokenByNewline:
            return "the key " + rust_debug_string(e.key) + " ends at a line break without '='";
        case SyntaxErrorKind::QuotedKeyBrokenByNewline:
            return "a quoted key is not closed before the end of the line";
        case SyntaxErrorKind::UnexpectedAfterValue:
            return "unexpected character " + ch + ": expected " +
                   std::string(expected_after_value(e.stops));
        case SyntaxErrorKind::NestingTooDeep:
            return "arrays and inline tables are nested more than 9 levels deep";
        case SyntaxErrorKind::DuplicateKey:
            return "the key " + rust_debug_string(e.key) + " is defined twice";
        case SyntaxErrorKind::InvalidUtf8:
            return "the file is not valid UTF-8";
        case SyntaxErrorKind::FileTooLarge:
            return "the file is too large to load (4 GiB at most)";
        case SyntaxErrorKind::OutOfMemory:
            return "not enough memory to load the file";
    }
    return "invalid configuration file";
}

std::string help_text(const SyntaxError& e, const SourceText& source) {
    switch (e.kind) {
        case SyntaxErrorKind::UnexpectedItemStart:
            if (e.character == 0xFEFF) return "remove the byte order mark at the start of the file";
            if (e.character == '\'') return "single-quoted keys are not supported; use \"...\"";
            return "keys starting with '_' or '-' must be quoted";
        case SyntaxErrorKind::UnexpectedHeaderCharacter:
            return "use letters, digits, '.', '-', '_', or put the part in double quotes";
        case SyntaxErrorKind::UnexpectedKeyCharacter:
            return "bare keys may hold ASCII letters, digits, '.', '-' and '_'; quote other text";
        case SyntaxErrorKind::UnexpectedEof:
            if (e.context == kEofAfterLastValue) {
                return "Stalwart requires a line break after the last value of the file";
            }
            return {};
        case SyntaxErrorKind::UnexpectedAfterValue:
            if (e.character == '_' || e.character == ':') {
                return "bare values stop at '_' and ':'; quote dates, times and numbers with '_'";
            }
            return "put one value per line; quote text that contains spaces";
        case SyntaxErrorKind::NestingTooDeep:
            return "Stalwart accepts at most 9 nested levels";
        case SyntaxErrorKind::DuplicateKey: {
            TextPosition first = source.position_at(e.related.begin);
            return "first defined at line " + std::to_string(first.line) + ", column " +
                   std::to_string(first.column);
        }
        case SyntaxErrorKind::InvalidUtf8:
            return "Stalwart refuses the whole file and starts with no settings";
        case SyntaxErrorKind::EmptyKey:
            return "an inline table needs at least one `key = value`; no trailing comma";
        default:
            return {};
    }
}

}  // namespace

std::string_view syntax_error_code(SyntaxErrorKind kind) noexcept {
    switch (kind) {
        case SyntaxErrorKind::UnexpectedItemStart:
            return "config.unexpected-character";
        case SyntaxErrorKind::UnexpectedHeaderCharacter:
            return "config.invalid-header-character";
        case SyntaxErrorKind::EmptyTableName:
            return "config.empty-table-name";
        case SyntaxErrorKind::HeaderNotClosed:
            return "config.unclosed-header";
        case SyntaxErrorKind::MissingValue:
            return "config.missing-value";
        case SyntaxErrorKind::UnexpectedEof:
            return "config.unexpected-eof";
        case SyntaxErrorKind::EmptyKey:
            return "config.empty-key";
        case SyntaxErrorKind::UnexpectedKeyCharacter:
            return "config.invalid-key-character";
        case SyntaxErrorKind::KeyBrokenByNewline:
            return "config.unterminated-key";
        case SyntaxErrorKind::QuotedKeyBrokenByNewline:
            return "config.unterminated-quoted-key";
        case SyntaxErrorKind::UnexpectedAfterValue:
            return "config.unexpected-after-value";
        case SyntaxErrorKind::NestingTooDeep:
            return "config.nesting-too-deep";
        case SyntaxErrorKind::DuplicateKey:
            return "config.duplicate-key";
        case SyntaxErrorKind::InvalidUtf8:
            return "config.invalid-utf8";
        case SyntaxErrorKind::FileTooLarge:
            return "config.file-too-large";
        case SyntaxErrorKind::OutOfMemory:
            return "config.out-of-memory";
    }
    return "config.error";
}

std::string stalwart_message(const SyntaxError& e, std::uint32_t line) {
    const std::string n = line_text(line);
    switch (e.kind) {
        case SyntaxErrorKind::UnexpectedItemStart:
        case SyntaxErrorKind::UnexpectedHeaderCharacter:
            return "Unexpected character " + rust_debug_char(e.character) + " at line " + n + ".";
        case SyntaxErrorKind::EmptyTableName:
            return "Empty table name at line " + n + ".";
        case SyntaxErrorKind::HeaderNotClosed:
        case SyntaxErrorKind::MissingValue:
            return "Unexpected end of line at line: " + n;
        case SyntaxErrorKind::UnexpectedEof:
            return "Unexpected EOF at line: " + n;
        case SyntaxErrorKind::EmptyKey:
            return "Empty key at line: " + n;
        case SyntaxErrorKind::UnexpectedKeyCharacter:
            return "Unexpected character " + rust_debug_char(e.character) +
                   " found in key at line " + n + ".";
        case SyntaxErrorKind::KeyBrokenByNewline:
            return "Unexpected end of line while parsing key " + rust_debug_string(e.key) +
                   " at line: " + n;
        case SyntaxErrorKind::QuotedKeyBrokenByNewline:
            return "Unexpected end of line while parsing quoted key at line: " + n;
        case SyntaxErrorKind::UnexpectedAfterValue:
            return "Expected " + rust_debug_char_list(stop_chars(e.stops)) + " but found " +
                   rust_debug_char(e.character) + " in value at line " + n + ".";
        case SyntaxErrorKind::NestingTooDeep:
            return "Too many nested structures at line " + n + ".";
        case SyntaxErrorKind::DuplicateKey:
            return "Duplicate key " + rust_debug_string(e.key) + " at line " + n + ".";
        case SyntaxErrorKind::InvalidUtf8:
            // Stalwart cannot read such a file at all (http.md §2.9).
            return "stream did not contain valid UTF-8";
        case SyntaxErrorKind::FileTooLarge:
            return "file too large";
        case SyntaxErrorKind::OutOfMemory:
            return "memory allocation failed";
    }
    return {};
}

Diagnostic make_diagnostic(const SyntaxError& e, const SourceText& source,
                           const std::string& file_name) {
    TextPosition begin = source.position_at(e.span.begin);
    TextPosition end = source.position_at(e.span.end);
    std::uint32_t stalwart_line = source.position_at(e.stalwart_offset).line;
    Diagnostic d;
    d.severity = Severity::Error;
    d.code = syntax_error_code(e.kind);
    d.message = clear_message(e);
    d.file = file_name;
    d.line = begin.line;
    d.column = begin.column;
    d.end_line = end.line;
    d.end_column = end.column;
    d.help = help_text(e, source);
    std::string original = "Stalwart reports: " + stalwart_message(e, stalwart_line);
    d.help = d.help.empty() ? original : d.help + "\n" + original;
    return d;
}

}  // namespace httpctl::conf
