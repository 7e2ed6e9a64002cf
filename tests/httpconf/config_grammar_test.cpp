// The PEGTL token rules of the configuration dialect on their own (grammar/config_dialect.hpp).
#include <string>

#include <catch2/catch.hpp>
#include <tao/pegtl/contrib/analyze.hpp>

#include "grammar/config_dialect.hpp"

namespace pegtl = tao::pegtl;
namespace g = httpctl::grammar::config;

namespace {

// Length of the prefix of `text` that Rule matches, or -1 when it does not match.
template <typename Rule>
long matched_length(std::string_view text) {
    pegtl::memory_input in(text.data(), text.size(), "test");
    if (!pegtl::parse<Rule>(in)) return -1;
    return static_cast<long>(in.current() - text.data());
}

}  // namespace

TEST_CASE("no dialect rule can loop without consuming input", "[grammar]") {
    CHECK(pegtl::analyze<g::ignorables>() == 0);
    CHECK(pegtl::analyze<g::rest_of_line>() == 0);
    CHECK(pegtl::analyze<g::bare_key_run>() == 0);
    CHECK(pegtl::analyze<g::quoted_key>() == 0);
    CHECK(pegtl::analyze<g::header_bare_run>() == 0);
    CHECK(pegtl::analyze<g::header_quoted_text>() == 0);
    CHECK(pegtl::analyze<g::bare_scalar>() == 0);
    CHECK(pegtl::analyze<g::basic_string>() == 0);
    CHECK(pegtl::analyze<g::literal_string>() == 0);
    CHECK(pegtl::analyze<g::multi_line_basic_string>() == 0);
    CHECK(pegtl::analyze<g::multi_line_literal_string>() == 0);
}

TEST_CASE("bare keys include blanks but stop at anything else", "[grammar]") {
    CHECK(matched_length<g::bare_key_run>("a b.c-d_0 =") == 10);
    CHECK(matched_length<g::bare_key_run>("a:b") == 1);
    CHECK(matched_length<g::bare_key_run>("é") == -1);
}

TEST_CASE("quoted keys: a quote after backslashes does not close", "[grammar]") {
    CHECK(matched_length<g::quoted_key>("\"a\\\"b\" =") == 6);
    CHECK(matched_length<g::quoted_key>("\"a\\\\\"b\" =") == 7);
    CHECK(matched_length<g::quoted_key>("\"a\nb\"") == -1);
}

TEST_CASE("bare scalars take Unicode letters and digits, and . + -", "[grammar]") {
    CHECK(matched_length<g::bare_scalar>("192.168.0.1 #") == 11);
    CHECK(matched_length<g::bare_scalar>("-inf,") == 4);
    CHECK(matched_length<g::bare_scalar>("été\n") == 5);
    CHECK(matched_length<g::bare_scalar>("1_000") == 1);
    CHECK(matched_length<g::bare_scalar>("٣٤") == 4);  // Arabic-Indic digits are numeric
    CHECK(matched_length<g::bare_scalar>("→") == -1);
}

TEST_CASE("strings: escapes keep the string open, multi-line strings end at three quotes",
          "[grammar]") {
    CHECK(matched_length<g::basic_string>("\"a\\\"b\" x") == 6);
    CHECK(matched_length<g::basic_string>("\"C:\\\\\"\n") == -1);
    CHECK(matched_length<g::literal_string>("'it\\'s'") == 7);
    CHECK(matched_length<g::multi_line_basic_string>("\"\"\"a\"\"\"\"") == 7);
    CHECK(matched_length<g::multi_line_literal_string>("'''\nx\r\n'''") == 10);
    CHECK(matched_length<g::empty_string<'"'>>("\"\" ") == 2);
    CHECK(matched_length<g::empty_string<'"'>>("\"\"\"") == -1);
}

TEST_CASE("comments and blank lines", "[grammar]") {
    CHECK(matched_length<g::ignorables>(" \t\r\n# c\n\n  # d\nk") == 15);
    CHECK(matched_length<g::rest_of_line>(" junk ] k = 1\nnext") == 14);
}
