// Rust-compatible Unicode helpers (libexpr/src/unicode.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "../../libexpr/src/unicode.hpp"

using namespace httpctl::expr;

namespace {

std::string lower(std::string_view s) {
    SmallString out;
    unicode::append_lowercase(s, out);
    return out.str();
}

std::string upper(std::string_view s) {
    SmallString out;
    unicode::append_uppercase(s, out);
    return out.str();
}

}  // namespace

TEST_CASE("unicode: decode_utf8 tolerates ill-formed input", "[unicode]") {
    const std::string_view s = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    CHECK(unicode::decode_utf8(s, 0).cp == U'a');
    CHECK(unicode::decode_utf8(s, 1).cp == U'é');
    CHECK(unicode::decode_utf8(s, 1).length == 2);
    CHECK(unicode::decode_utf8(s, 3).cp == U'€');
    CHECK(unicode::decode_utf8(s, 6).cp == U'\U0001F600');
    CHECK(unicode::decode_utf8(s, 6).length == 4);
    const std::string_view bad[] = {
        "\x80", "\xC3", "\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF", "\xE2\x82"};
    for (std::string_view b : bad) {
        CHECK(unicode::decode_utf8(b, 0).cp == unicode::kReplacementCharacter);
        CHECK(unicode::decode_utf8(b, 0).length == 1);
    }
    CHECK(unicode::count_chars("h\xC3\xA9llo") == 5);
    CHECK(unicode::count_chars("\xFF\xFE") == 2);
}

TEST_CASE("unicode: full case mapping like Rust's str methods", "[unicode]") {
    CHECK(upper("straße") == "STRASSE");
    CHECK(lower("ΣΑΣ") == "σας");  // final sigma
    CHECK(lower("Σ") == "σ");      // alone: not word-final
    CHECK(lower("ΑΣ ΣΑ") == "ας σα");
    CHECK(upper("ﬁ") == "FI");
    CHECK(upper("ŉ") == "ʼN");
    CHECK(lower("İ") == "i\xCC\x87");
    CHECK(upper("ǆ") == "Ǆ");
    CHECK(lower("ABC xyz 123") == "abc xyz 123");
    CHECK(upper("abc xyz 123") == "ABC XYZ 123");
    CHECK(upper("άλφα") == "ΆΛΦΑ");  // no Greek accent removal outside the el locale
    CHECK(lower("") == "");
}

TEST_CASE("unicode: properties follow Rust's char methods", "[unicode]") {
    for (char32_t c :
         {U' ', U'\t', U'\n', U'\v', U'\f', U'\r', U'\u0085', U'\u00a0', U'\u1680', U'\u2000',
          U'\u200a', U'\u2028', U'\u2029', U'\u202f', U'\u205f', U'\u3000'}) {
        CHECK(unicode::is_whitespace(c));
    }
    for (char32_t c : {U'a', U'\u200b', U'\u180e', U'\ufeff', U'\0'}) {
        CHECK_FALSE(unicode::is_whitespace(c));
    }
    CHECK(unicode::is_alphabetic(U'é'));
    CHECK(unicode::is_alphabetic(U'日'));
    CHECK_FALSE(unicode::is_alphabetic(U'1'));
    CHECK_FALSE(unicode::is_alphabetic(U'_'));
    CHECK(unicode::is_alphanumeric(U'1'));
    CHECK(unicode::is_alphanumeric(U'²'));  // No
    CHECK(unicode::is_alphanumeric(U'Ⅻ'));  // Nl
    CHECK(unicode::is_alphanumeric(U'٣'));  // Nd
    CHECK_FALSE(unicode::is_alphanumeric(U'-'));
    CHECK(unicode::is_uppercase(U'À'));
    CHECK(unicode::is_uppercase(U'Ⓐ'));  // Other_Uppercase
    CHECK_FALSE(unicode::is_uppercase(U'ß'));
    CHECK(unicode::is_lowercase(U'ß'));
    CHECK(unicode::is_lowercase(U'ª'));  // Other_Lowercase
    CHECK_FALSE(unicode::is_lowercase(U'日'));
    CHECK_FALSE(unicode::is_uppercase(U'ǅ'));  // title case is neither
    CHECK_FALSE(unicode::is_lowercase(U'ǅ'));
}

TEST_CASE("unicode: trimming and character offsets", "[unicode]") {
    CHECK(unicode::trim(" \u3000a b\u00a0\n") == "a b");
    CHECK(unicode::trim_start("  a ") == "a ");
    CHECK(unicode::trim_end("  a ") == "  a");
    CHECK(unicode::trim("   ") == "");
    CHECK(unicode::trim("") == "");
    CHECK(unicode::advance_chars("héllo", 0, 2) == 3);
    CHECK(unicode::advance_chars("héllo", 3, 100) == 6);
    CHECK(unicode::advance_chars("", 0, 1) == 0);
}
