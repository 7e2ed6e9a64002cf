// Lexical rules of Stalwart's expression language (spec expressions.md §2), as PEGTL rules.
//
// The expression lexer itself is stateful (§2.1: `at_start`, the `=` byte-eater, `}` ends the
// text, the special scanning after `matches(`), so libexpr drives these rules from a small loop;
// the shapes of the tokens live here, one rule per struct, named for what it matches.
#pragma once

#include <tao/pegtl.hpp>

namespace httpctl::grammar::expr {

namespace pegtl = tao::pegtl;

// §2.11: only space, CR and LF separate tokens; TAB is not whitespace.
struct separator : pegtl::one<' ', '\r', '\n'> {};
// §2.13: inside `matches(` / `config_get(` all ASCII whitespace is skipped.
struct ascii_space : pegtl::one<' ', '\t', '\n', '\v', '\f', '\r'> {};

// §2.2: bytes that always extend a word.
struct word_letter : pegtl::sor<pegtl::alpha, pegtl::one<'_', '$'>> {};
struct word_digit : pegtl::digit {};
struct word_dot : pegtl::one<'.'> {};

// §2.8: a string literal. A byte is escaped exactly when the byte before it is a backslash, so
// a run of backslashes escapes the byte after the run, whatever it is (a quote included).
struct escaped_unit : pegtl::seq<pegtl::plus<pegtl::one<'\\'>>, pegtl::any> {};
template <char Q>
struct plain_byte : pegtl::not_one<Q, '\\'> {};
template <char Q>
struct string_body : pegtl::star<pegtl::sor<escaped_unit, plain_byte<Q>>> {};
template <char Q>
struct quoted : pegtl::seq<pegtl::one<Q>, string_body<Q>, pegtl::one<Q>> {};
struct string_literal : pegtl::sor<quoted<'\''>, quoted<'"'>> {};

// §2.4: the only numeric literals: digits, optionally with one decimal point.
struct integer_literal : pegtl::seq<pegtl::plus<pegtl::digit>, pegtl::eof> {};

// Rust's `f64::from_str` syntax (§4.5, §2.3): sign, inf/infinity/nan in any case, or a decimal
// with an optional exponent; nothing before or after.
struct sign : pegtl::one<'+', '-'> {};
struct special_float
    : pegtl::sor<pegtl::istring<'i', 'n', 'f', 'i', 'n', 'i', 't', 'y'>,
                 pegtl::istring<'i', 'n', 'f'>, pegtl::istring<'n', 'a', 'n'>> {};
struct decimal_mantissa
    : pegtl::sor<pegtl::seq<pegtl::plus<pegtl::digit>,
                            pegtl::opt<pegtl::one<'.'>, pegtl::star<pegtl::digit>>>,
                 pegtl::seq<pegtl::one<'.'>, pegtl::plus<pegtl::digit>>> {};
struct exponent
    : pegtl::seq<pegtl::one<'e', 'E'>, pegtl::opt<sign>, pegtl::plus<pegtl::digit>> {};
struct rust_float
    : pegtl::seq<pegtl::opt<sign>,
                 pegtl::sor<special_float, pegtl::seq<decimal_mantissa, pegtl::opt<exponent>>>,
                 pegtl::eof> {};
// Rust's `i64::from_str` / `u64::from_str`: optional sign, decimal digits.
struct rust_signed_integer : pegtl::seq<pegtl::opt<sign>, pegtl::plus<pegtl::digit>, pegtl::eof> {};
struct rust_unsigned_integer
    : pegtl::seq<pegtl::opt<pegtl::one<'+'>>, pegtl::plus<pegtl::digit>, pegtl::eof> {};

}  // namespace httpctl::grammar::expr
