// Token shapes of Stalwart's TOML-like configuration dialect (spec http.md §2), as PEGTL rules.
//
// Stalwart's loader is a byte-stateful scanner: which token comes next depends on state the
// grammar cannot see (current table, `[[name]]` counters, nesting depth, "did the key grow").
// So this header only describes the shapes of single tokens; libhttpconf's scanner decides which
// rule to try next and turns the matched bytes into keys and values. No rule here carries an
// action. Rules match UTF-8 bytes; the input has been checked for valid UTF-8 beforehand.
#pragma once

#include <tao/pegtl.hpp>
#include <tao/pegtl/contrib/icu/utf8.hpp>

namespace httpctl::grammar::config {

namespace pegtl = tao::pegtl;

// ---- Characters -------------------------------------------------------------------------------

// http.md §2.1: a CR is dropped everywhere, so it behaves like a space between tokens.
struct inline_space : pegtl::one<' ', '\t', '\r'> {};
struct inline_spaces : pegtl::star<inline_space> {};
struct newline : pegtl::one<'\n'> {};

struct ascii_alnum : pegtl::ranges<'a', 'z', 'A', 'Z', '0', '9'> {};

// Rust's char::is_alphanumeric for a non-ASCII code point: Alphabetic or a numeric category.
struct unicode_alnum
    : pegtl::seq<pegtl::not_at<pegtl::utf8::range<0, 0x7f>>,
                 pegtl::sor<pegtl::utf8::icu::alphabetic,
                            pegtl::utf8::icu::general_category<U_DECIMAL_DIGIT_NUMBER>,
                            pegtl::utf8::icu::general_category<U_LETTER_NUMBER>,
                            pegtl::utf8::icu::general_category<U_OTHER_NUMBER>>> {};

// ---- Comments and blank lines -----------------------------------------------------------------

struct comment_text : pegtl::star<pegtl::not_one<'\n'>> {};
struct comment : pegtl::seq<pegtl::one<'#'>, comment_text> {};
// A comment runs to the end of its line and takes the line break with it.
struct comment_line : pegtl::seq<comment, pegtl::opt<newline>> {};
// What the scanner skips between items and between array/table elements.
struct ignorable : pegtl::sor<pegtl::one<' ', '\t', '\r', '\n'>, comment_line> {};
struct ignorables : pegtl::star<ignorable> {};
// http.md §2.1: after a table header's `]` the rest of the line is dropped, even a key.
struct rest_of_line : pegtl::seq<comment_text, pegtl::opt<newline>> {};

// ---- Item starts ------------------------------------------------------------------------------

// http.md §2.1: a top-level item starts with an ASCII letter, digit or `"`, or is a header.
struct key_start : pegtl::sor<ascii_alnum, pegtl::one<'"'>> {};
struct header_open : pegtl::one<'['> {};

// ---- Keys (http.md §2.3) ----------------------------------------------------------------------

struct bare_key_char : pegtl::sor<ascii_alnum, pegtl::one<'.', '_', '-'>> {};
// http.md §2.3: spaces, tabs (and CRs) inside a key are dropped, not errors.
struct key_filler : inline_space {};
struct bare_key_run : pegtl::plus<pegtl::sor<bare_key_char, key_filler>> {};

// http.md §2.9: a quoted key drops every backslash; a quote right after backslashes is literal.
struct quoted_key_escape : pegtl::seq<pegtl::plus<pegtl::one<'\\'>>, pegtl::opt<pegtl::one<'"'>>> {
};
struct quoted_key_text
    : pegtl::star<pegtl::sor<quoted_key_escape, pegtl::not_one<'"', '\\', '\n'>>> {};
struct quoted_key_open : pegtl::one<'"'> {};
struct quoted_key_close : pegtl::one<'"'> {};
struct quoted_key : pegtl::seq<quoted_key_open, quoted_key_text, quoted_key_close> {};

// Key terminators.
struct key_value_separator : pegtl::one<'='> {};
struct inline_key_terminator : pegtl::one<',', '}'> {};

// ---- Table headers (http.md §2.2, §2.9) -------------------------------------------------------

struct array_header_open : pegtl::one<'['> {};
struct header_close : pegtl::one<']'> {};
// Outside quotes: Unicode letters/digits, `.`, `-`, `_`; spaces, tabs and CRs are skipped.
struct header_bare_char : pegtl::sor<ascii_alnum, pegtl::one<'.', '-', '_'>, unicode_alnum> {};
struct header_bare_run : pegtl::plus<pegtl::sor<header_bare_char, inline_space>> {};
// Inside quotes every backslash is dropped and a quote after backslashes (CRs between them are
// dropped first) is literal.
struct header_quoted_escape : pegtl::seq<pegtl::one<'\\'>, pegtl::star<pegtl::one<'\\', '\r'>>,
                                         pegtl::opt<pegtl::one<'"'>>> {};
struct header_quoted_text
    : pegtl::star<pegtl::sor<header_quoted_escape, pegtl::not_one<'"', '\\', '\n'>>> {};
struct header_quote : pegtl::one<'"'> {};

// ---- Values (http.md §2.4) --------------------------------------------------------------------

// http.md §2.4: a bare scalar is any run of letters/digits (Unicode) and `.` `+` `-`.
struct bare_scalar_char : pegtl::sor<ascii_alnum, pegtl::one<'.', '+', '-'>, unicode_alnum> {};
struct bare_scalar : pegtl::plus<bare_scalar_char> {};

// http.md §2.4: single- and double-quoted strings both process escapes. A backslash starts an
// escape; further backslashes right after it are literal and keep the escape open, so the
// character after the run is escaped too (`"x\\ny"` gives x, `\`, LF, y). CRs are dropped.
struct string_escape
    : pegtl::seq<pegtl::one<'\\'>, pegtl::star<pegtl::one<'\\', '\r'>>, pegtl::opt<pegtl::any>> {};
template <char Quote>
struct quoted_string_text : pegtl::star<pegtl::sor<string_escape, pegtl::not_one<Quote, '\\'>>> {};
template <char Quote>
struct quoted_string : pegtl::seq<pegtl::one<Quote>, quoted_string_text<Quote>, pegtl::one<Quote>> {
};
struct basic_string : quoted_string<'"'> {};
struct literal_string : quoted_string<'\''> {};
// `""` or `''` not followed by a third quote.
template <char Quote>
struct empty_string : pegtl::seq<pegtl::two<Quote>, pegtl::not_at<pegtl::one<Quote>>> {};

// http.md §2.4: multi-line strings are raw; one LF right after the opening quotes is dropped
// (a CR before it hides it); they end at the first run of three quotes, CRs not counting.
template <char Quote>
struct multi_line_open : pegtl::seq<pegtl::three<Quote>, pegtl::opt<newline>> {};
template <char Quote>
struct multi_line_close
    : pegtl::seq<pegtl::one<Quote>, pegtl::star<pegtl::one<'\r'>>, pegtl::one<Quote>,
                 pegtl::star<pegtl::one<'\r'>>, pegtl::one<Quote>> {};
template <char Quote>
struct multi_line_text : pegtl::star<pegtl::not_at<multi_line_close<Quote>>, pegtl::any> {};
template <char Quote>
struct multi_line_string
    : pegtl::seq<multi_line_open<Quote>, multi_line_text<Quote>, multi_line_close<Quote>> {};
struct multi_line_basic_string : multi_line_string<'"'> {};
struct multi_line_literal_string : multi_line_string<'\''> {};

struct array_open : pegtl::one<'['> {};
struct inline_table_open : pegtl::one<'{'> {};
struct element_separator : pegtl::one<','> {};
struct array_close : pegtl::one<']'> {};
struct inline_table_close : pegtl::one<'}'> {};

}  // namespace httpctl::grammar::config
