#include "config_scanner.hpp"

#include "grammar/config_dialect.hpp"
#include "token_decoding.hpp"
#include "utf8.hpp"

namespace httpctl::conf {

namespace pegtl = tao::pegtl;
namespace g = grammar::config;

namespace {

// http.md §2.5: nine nested levels of `[` / `{` are fine, the tenth fails.
constexpr unsigned kMaxNesting = 10;

bool is_stop(char c, ValueStops stops) {
    switch (stops) {
        case ValueStops::LineEnd:
            return c == '\n';
        case ValueStops::Array:
            return c == ',' || c == ']';
        case ValueStops::InlineTable:
            return c == ',' || c == '}';
    }
    return false;
}

}  // namespace

ConfigScanner::ConfigScanner(std::string_view text)
    : text_(text), in_(text.data(), text.data() + text.size(), "config") {}

template <typename Rule>
bool ConfigScanner::accept() {
    return pegtl::parse<Rule, pegtl::nothing, pegtl::normal, pegtl::apply_mode::nothing>(in_);
}

template <typename Rule>
std::string_view ConfigScanner::accept_text() {
    const char* begin = in_.current();
    if (!accept<Rule>()) return {};
    return {begin, static_cast<std::size_t>(in_.current() - begin)};
}

std::uint32_t ConfigScanner::offset() const noexcept {
    return static_cast<std::uint32_t>(in_.current() - text_.data());
}

char32_t ConfigScanner::character_here() const noexcept {
    return utf8::decode_at(text_, offset()).value;
}

SourceSpan ConfigScanner::character_span() const noexcept {
    std::uint32_t here = offset();
    return {here, here + utf8::decode_at(text_, here).length};
}

bool ConfigScanner::fail(SyntaxErrorKind kind) {
    error_ = SyntaxError{};
    error_.kind = kind;
    error_.span = character_span();
    error_.stalwart_offset = offset();
    return false;
}

bool ConfigScanner::fail_character(SyntaxErrorKind kind) {
    fail(kind);
    error_.character = character_here();
    return false;
}

bool ConfigScanner::fail_eof(std::string_view context) {
    fail(SyntaxErrorKind::UnexpectedEof);
    error_.context = context;
    return false;
}

bool ConfigScanner::scan() {
    for (;;) {
        // Blank lines, spaces, tabs, CRs and comments between items.
        accept<g::ignorables>();
        if (in_.empty()) return true;
        char c = in_.peek_char();
        if (c == '[') {
            if (!table_header()) return false;
        } else if (c == '"' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                   (c >= '0' && c <= '9')) {
            // http.md §2.1: a key-value item starts with an ASCII letter, digit or '"'.
            if (!key_value_item()) return false;
        } else {
            return fail_character(SyntaxErrorKind::UnexpectedItemStart);
        }
    }
}

bool ConfigScanner::table_header() {
    const std::uint32_t open = offset();
    accept<g::header_open>();
    accept<g::inline_spaces>();
    if (in_.empty()) return fail_eof("the table header is not closed");
    if (in_.peek_char() == '\n') return fail(SyntaxErrorKind::HeaderNotClosed);
    table_.clear();
    bool is_array = accept<g::array_header_open>();
    if (!is_array) {
        // http.md §2.9: the first character after '[' is kept as written, never checked.
        utf8::CodePoint first = utf8::decode_at(text_, offset());
        table_.append(in_.current(), first.length);
        in_.bump(first.length);
    }
    bool in_quote = false;
    for (;;) {
        if (in_quote) {
            append_header_quoted(table_, accept_text<g::header_quoted_text>());
            if (in_.empty()) return fail_eof("a quoted part of the table header is not closed");
            if (in_.peek_char() == '\n') return fail(SyntaxErrorKind::HeaderNotClosed);
            accept<g::header_quote>();
            in_quote = false;
            continue;
        }
        append_header_bare(table_, accept_text<g::header_bare_run>());
        if (in_.empty()) return fail_eof("the table header is not closed");
        char c = in_.peek_char();
        if (c == '"') {
            accept<g::header_quote>();
            in_quote = true;
        } else if (c == ']') {
            if (table_.empty()) {
                fail(SyntaxErrorKind::EmptyTableName);
                error_.span = {open, offset() + 1};
                return false;
            }
            accept<g::header_close>();
            if (!is_array) break;
            // http.md §2.5: the index advances only while the same [[name]] repeats.
            if (table_ == last_array_name_) {
                ++last_array_index_;
            } else {
                last_array_name_ = table_;
                last_array_index_ = 0;
            }
            // http.md §2.9: text after the first ']' of `[[name]]` is glued onto the prefix.
            append_array_index(table_, last_array_index_);
            is_array = false;
        } else if (c == '\n') {
            return fail(SyntaxErrorKind::HeaderNotClosed);
        } else {
            return fail_character(SyntaxErrorKind::UnexpectedHeaderCharacter);
        }
    }
    // http.md §2.1: whatever follows the closing ']' on the same line is ignored.
    accept<g::rest_of_line>();
    return true;
}

bool ConfigScanner::key_value_item() {
    key_.clear();
    if (!table_.empty()) {
        key_ = table_;
        key_ += '.';
    }
    KeyEnd end{};
    if (!key(false, end)) return false;
    char stop = 0;
    return value(0, ValueStops::LineEnd, stop);
}

bool ConfigScanner::key(bool in_inline_table, KeyEnd& end) {
    const std::size_t start_length = key_.size();
    std::uint32_t span_begin = UINT32_MAX;
    std::uint32_t span_end = offset();
    auto mark = [&](std::uint32_t begin, std::uint32_t finish) {
        if (span_begin == UINT32_MAX) span_begin = begin;
        span_end = finish;
    };
    for (;;) {
        const std::uint32_t run_begin = offset();
        std::string_view run = accept_text<g::bare_key_run>();
        if (!run.empty()) {
            std::size_t before = key_.size();
            append_bare_key(key_, run);
            if (key_.size() != before) {
                auto first = static_cast<std::uint32_t>(run.find_first_not_of(" \t\r"));
                auto last = static_cast<std::uint32_t>(run.find_last_not_of(" \t\r"));
                mark(run_begin + first, run_begin + last + 1);
            }
        }
        if (in_.empty()) return fail_eof("a key is not followed by '='");
        const char c = in_.peek_char();
        if (c == '"') {
            const std::uint32_t quote_begin = offset();
            accept<g::quoted_key_open>();
            append_quoted_key(key_, accept_text<g::quoted_key_text>());
            if (in_.empty()) return fail_eof("a quoted key is not closed");
            if (in_.peek_char() == '\n') return fail(SyntaxErrorKind::QuotedKeyBrokenByNewline);
            accept<g::quoted_key_close>();
            mark(quote_begin, offset());
            continue;
        }
        const bool separator = c == '=' || (in_inline_table && (c == ',' || c == '}'));
        if (separator) {
            if (key_.size() == start_length) return fail(SyntaxErrorKind::EmptyKey);
            end = c == '=' ? KeyEnd::Equals : c == ',' ? KeyEnd::Comma : KeyEnd::Close;
            in_.bump(1);
            key_span_ = {span_begin == UINT32_MAX ? span_end : span_begin, span_end};
            return true;
        }
        if (c == '\n') {
            // http.md §2.9: a line break before anything of the key is skipped (`""` then a
            // line break continues the key on the next line); after it, it is an error.
            if (key_.size() != start_length) {
                fail(SyntaxErrorKind::KeyBrokenByNewline);
                error_.key = key_;
                return false;
            }
            in_.bump(1);
            continue;
        }
        return fail_character(SyntaxErrorKind::UnexpectedKeyCharacter);
    }
}

bool ConfigScanner::value(unsigned depth, ValueStops stops, char& stop) {
    if (depth == kMaxNesting) {
        fail(SyntaxErrorKind::NestingTooDeep);
        error_.span = {nesting_open_, nesting_open_ + 1};
        return false;
    }
    accept<g::inline_spaces>();
    if (in_.empty()) return fail_eof("a value is missing");
    const std::uint32_t start = offset();
    const char c = in_.peek_char();
    bool ok = true;
    if (c == '\n') {
        // http.md §2.4: the value must start on the line of its '=' (except inside braces).
        return fail(SyntaxErrorKind::MissingValue);
    } else if (c == '[') {
        nesting_open_ = start;
        accept<g::array_open>();
        ok = array(depth);
    } else if (c == '{') {
        nesting_open_ = start;
        accept<g::inline_table_open>();
        ok = inline_table(depth);
    } else if (c == '"') {
        ok = string_value<'"'>(start);
    } else if (c == '\'') {
        ok = string_value<'\''>(start);
    } else if (std::string_view scalar = accept_text<g::bare_scalar>(); !scalar.empty()) {
        insert(std::string(scalar), {start, offset()});
    } else if (is_stop(c, stops)) {
        // http.md §2.5, §2.9: an empty slot (`[1,,2]`, `{b = }`) inserts nothing.
        in_.bump(1);
        stop = c;
        return true;
    } else {
        fail_character(SyntaxErrorKind::UnexpectedAfterValue);
        error_.stops = stops;
        return false;
    }
    return ok && after_value(stops, stop);
}

bool ConfigScanner::array(unsigned depth) {
    const std::size_t base = key_.size();
    accept<g::ignorables>();
    for (std::uint32_t index = 0;; ++index) {
        key_.resize(base);
        append_array_index(key_, index);
        char stop = 0;
        if (!value(depth + 1, ValueStops::Array, stop)) return false;
        if (stop == ']') break;
        accept<g::ignorables>();
    }
    key_.resize(base);
    return true;
}

bool ConfigScanner::inline_table(unsigned depth) {
    const std::size_t base = key_.size();
    const SourceSpan outer_key_span = key_span_;
    for (;;) {
        key_.resize(base);
        key_ += '.';
        KeyEnd end{};
        if (!key(true, end)) return false;
        if (end == KeyEnd::Equals) {
            accept<g::ignorables>();
            char stop = 0;
            if (!value(depth + 1, ValueStops::InlineTable, stop)) return false;
            if (stop == '}') break;
            accept<g::ignorables>();
        } else {
            // http.md §2.4: `{a, b}` is a set: each item is a key with an empty value. No blank
            // lines are skipped after its comma (§2.9: a set must stay on one line).
            insert(std::string(), key_span_);
            if (end == KeyEnd::Close) break;
        }
    }
    key_.resize(base);
    key_span_ = outer_key_span;
    return true;
}

template <char Quote>
bool ConfigScanner::string_value(std::uint32_t start) {
    std::string decoded;
    if (accept<g::multi_line_open<Quote>>()) {
        std::string_view text = accept_text<g::multi_line_text<Quote>>();
        if (!accept<g::multi_line_close<Quote>>()) {
            return fail_eof("a multi-line string is not closed");
        }
        decoded = strip_carriage_returns(text);
    } else if (!accept<g::empty_string<Quote>>()) {
        in_.bump(1);
        std::string_view text = accept_text<g::quoted_string_text<Quote>>();
        if (in_.empty()) return fail_eof("a string is not closed");
        in_.bump(1);  // the closing quote: the text rule stops only there or at the end
        decoded = decode_escaped_string(text);
    }
    insert(std::move(decoded), {start, offset()});
    return true;
}

bool ConfigScanner::after_value(ValueStops stops, char& stop) {
    for (;;) {
        accept<g::inline_spaces>();
        if (in_.empty()) {
            return fail_eof(stops == ValueStops::LineEnd ? kEofAfterLastValue
                            : stops == ValueStops::Array ? "an array is not closed"
                                                         : "an inline table is not closed");
        }
        const char c = in_.peek_char();
        if (c == '#') {
            // http.md §2.1: a comment may end the file without a line break.
            accept<g::comment_line>();
            if (stops == ValueStops::LineEnd) {
                stop = '\n';
                return true;
            }
            continue;
        }
        if (is_stop(c, stops)) {
            in_.bump(1);
            stop = c;
            return true;
        }
        if (c == '\n') {  // http.md §2.5: line breaks are free inside arrays and tables
            in_.bump(1);
            continue;
        }
        fail_character(SyntaxErrorKind::UnexpectedAfterValue);
        error_.stops = stops;
        return false;
    }
}

void ConfigScanner::insert(std::string value, SourceSpan value_span) {
    ScannedEntry scanned;
    scanned.entry.key = key_;
    scanned.entry.value = std::move(value);
    scanned.entry.key_span = key_span_;
    scanned.entry.value_span = value_span;
    scanned.order = static_cast<std::uint32_t>(entries_.size());
    scanned.insert_offset = offset();
    entries_.push_back(std::move(scanned));
}

}  // namespace httpctl::conf
