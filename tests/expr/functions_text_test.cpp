// Text functions (spec expressions.md §6.2, §6.4; quirks §11.26–27, §11.30–35).
#include <catch2/catch.hpp>

#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call;

TEST_CASE("map rule: arrays map element-wise, scalars through to_string (§6.2)",
          "[functions][text]") {
    CHECK(call("trim", {arr("  a ", 5, " b")}) == arr("a", "5", "b"));
    CHECK(call("is_uppercase", {arr("A", "b")}) == arr(1, 0));  // h-fn-is_uppercase-006
    CHECK(call("to_uppercase", {arr("a", 1)}) == arr("A", "1"));
    CHECK(call("trim", {arr(" x ", arr(" a", "b "))}) == arr("x", "a\r\nb"));
    CHECK(call("trim", {arr()}) == arr());
    CHECK(call("trim", {Value(12)}) == Value("12"));
}

TEST_CASE("float text differs by dialect (§11.26)", "[functions][text]") {
    CHECK(call("trim", {Value(1.0)}) == Value("1.0"));
    CHECK(call("trim", {Value(1.0)}, Dialect::V08) == Value("1"));
    CHECK(call("trim", {Value(10000000000000000.0)}) == Value("1e16"));
    CHECK(call("to_uppercase", {Value(1.0)}) == Value("1.0"));  // h-floatfmt-006
    CHECK(call("len", {Value(1.0)}) == Value(3));
    CHECK(call("len", {Value(1.0)}, Dialect::V08) == Value(1));
    CHECK(call("len", {Value(2.0)}) == Value(3));        // h-floatfmt-002
    CHECK(call("len", {Value(0.0000001)}) == Value(4));  // h-floatfmt-013: "1e-7"
    CHECK(call("contains", {Value(1.0), Value(".")}) == Value(1));
    CHECK(call("contains", {Value(1.0), Value(".")}, Dialect::V08) == Value(0));
    CHECK(call("split", {Value(1000000000000000.0), Value(".")}) ==
          arr("1000000000000000", "0"));  // h-floatfmt-028
}

TEST_CASE("arrays become CRLF-joined text (§11.27)", "[functions][text]") {
    CHECK(call("split", {arr("", "b"), Value("x")}) == arr("b"));
    CHECK(call("starts_with", {arr("ab", "cd"), Value("ab")}) == Value(1));
    CHECK(call("eq_ignore_case", {arr("A", "b"), Value("a\r\nB")}) == Value(1));
    CHECK(call("substring", {arr("ab", "cd"), Value(0), Value(4)}) == Value("ab\r\n"));
}

TEST_CASE("trim, trim_start, trim_end use Unicode white space", "[functions][text]") {
    CHECK(call("trim", {Value(" \t\r\n a b \u00a0\u3000")}) == Value("a b"));
    CHECK(call("trim", {Value("")}) == Value(""));                            // h-fn-trim-008
    CHECK(call("trim", {arr(" a ", " b")}) == arr("a", "b"));                 // h-fn-trim-004
    CHECK(call("trim_end", {Value("a\r\n")}) == Value("a"));                  // h-fn-trim_end-002
    CHECK(call("trim_end", {Value(12)}) == Value("12"));                      // h-fn-trim_end-004
    CHECK(call("trim_start", {Value("  a  ")}) == Value("a  "));              // h-fn-trim_start-001
    CHECK(call("trim_start", {Value("\n\ta")}) == Value("a"));                // h-fn-trim_start-002
    CHECK(call("trim", {Value("\u200ba\u200b")}) == Value("\u200ba\u200b"));  // ZWSP: no
}

TEST_CASE("len counts bytes, elements or the text of numbers (§11.30)", "[functions][text]") {
    CHECK(call("len", {Value("héllo")}) == Value(6));
    CHECK(call("len", {Value(12345)}) == Value(5));             // h-fn-len-006
    CHECK(call("len", {arr("host: a", "ua: b")}) == Value(2));  // h-fn-len-010
    CHECK(call("len", {Value("\U0001F600")}) == Value(4));      // h-fn-len-011
    CHECK(call("len", {Value("")}) == Value(0));
    CHECK(call("len", {Value(-7)}) == Value(2));
    CHECK(call("len", {Value("abc")}) == Value(3));
}

TEST_CASE("to_lowercase / to_uppercase: full Unicode case mapping", "[functions][text]") {
    CHECK(call("to_uppercase", {Value("straße")}) == Value("STRASSE"));
    CHECK(call("to_lowercase", {Value("ΣΑΣ")}) == Value("σας"));
    CHECK(call("to_lowercase", {Value("HeLLo")}) == Value("hello"));  // h-fn-to_lowercase-001
    CHECK(call("to_lowercase", {Value("ÀÉÎ")}) == Value("àéî"));      // -002
    CHECK(call("to_lowercase", {Value("ÅNGSTRÖM ÉTÉ")}) == Value("ångström été"));  // -012
    CHECK(call("to_uppercase", {Value("\ufb01")}) == Value("FI"));  // h-fn-to_uppercase-003
    CHECK(call("to_uppercase", {Value("àéî")}) == Value("ÀÉÎ"));    // -005
    CHECK(call("to_lowercase", {Value("İ")}) == Value("i\u0307"));  // no Turkish locale
    CHECK(call("to_uppercase", {Value("i")}) == Value("I"));
    CHECK(call("to_lowercase", {Value(1.5)}) == Value("1.5"));
}

TEST_CASE("is_uppercase / is_lowercase ignore non-letters", "[functions][text]") {
    CHECK(call("is_uppercase", {Value("123")}) == Value(1));
    CHECK(call("is_uppercase", {Value("")}) == Value(1));  // h-fn-is_uppercase-004
    CHECK(call("is_uppercase", {Value("ABC-Ä1")}) == Value(1));
    CHECK(call("is_uppercase", {Value("ABc")}) == Value(0));
    CHECK(call("is_lowercase", {Value("abC")}) == Value(0));  // h-fn-is_lowercase-002
    CHECK(call("is_lowercase", {Value("ß")}) == Value(1));    // h-fn-is_lowercase-004
    CHECK(call("is_lowercase", {Value("a b!")}) == Value(1));
    CHECK(call("is_lowercase", {Value("日本")}) == Value(0));  // letters without case
}

TEST_CASE("has_digits counts ASCII digits only", "[functions][text]") {
    CHECK(call("has_digits", {Value("abc")}) == Value(0));  // h-fn-has_digits-002
    CHECK(call("has_digits", {Value(1.5)}) == Value(1));    // h-fn-has_digits-007
    CHECK(call("has_digits", {Value("a1")}) == Value(1));
    CHECK(call("has_digits", {Value("\u0663")}) == Value(0));  // ARABIC-INDIC DIGIT THREE
    CHECK(call("has_digits", {arr("a", "b2")}) == arr(0, 1));
}

TEST_CASE("count_spaces, count_uppercase, count_lowercase, count_chars", "[functions][text]") {
    CHECK(call("count_spaces", {Value("a b\tc\nd\u00a0")}) == Value(4));
    CHECK(call("count_spaces", {Value("tab\tx")}) == Value(1));    // h-fn-count_spaces-003
    CHECK(call("count_spaces", {arr("a b", "c d")}) == Value(4));  // -004 (CR LF count)
    CHECK(call("count_uppercase", {Value("Hello World")}) == Value(2));
    CHECK(call("count_lowercase", {Value("Hello World")}) == Value(8));
    CHECK(call("count_uppercase", {Value("ÀÉ")}) == Value(2));     // h-fn-count_uppercase-002
    CHECK(call("count_uppercase", {arr("AB", "c")}) == Value(2));  // -004
    CHECK(call("count_lowercase", {Value("ß")}) == Value(1));      // h-fn-count_lowercase-002
    CHECK(call("count_lowercase", {arr("ab", "C")}) == Value(2));  // -004
    CHECK(call("count_chars", {Value("hi there")}) == Value(8));
    CHECK(call("count_chars", {Value("héllo")}) == Value(5));
    CHECK(call("count_chars", {arr("ab", "c")}) == Value(5));    // h-fn-count_chars-004
    CHECK(call("count_chars", {Value("e\u0301")}) == Value(2));  // -007
    CHECK(call("count_chars", {Value("")}) == Value(0));
}

TEST_CASE("contains (§11.34)", "[functions][text]") {
    CHECK(call("contains", {Value("abc"), Value("b")}) == Value(1));
    CHECK(call("contains", {Value("abc"), Value("")}) == Value(1));
    CHECK(call("contains", {Value("abc"), Value("d")}) == Value(0));
    CHECK(call("contains", {arr("1"), Value(1)}) == Value(1));
    CHECK(call("contains", {arr("ab"), Value("a")}) == Value(0));
    CHECK(call("contains", {Value(12345), Value(23)}) == Value(1));
    CHECK(call("contains", {arr("a", "b"), Value("a")}) == Value(1));  // h-fn-contains-004
    CHECK(call("contains", {arr(1, 2), Value("2")}) == Value(1));      // h-fn-contains-006
    CHECK(call("contains", {arr("john@example.org", "bob@example.net"),
                            Value("bob@example.net")}) == Value(1));  // h-fn-contains-014
    CHECK(call("contains", {Value("a\r\nb"), arr("a", "b")}) == Value(1));
}

TEST_CASE("contains_ignore_case (§11.34)", "[functions][text]") {
    CHECK(call("contains_ignore_case", {arr("RE"), Value("re")}) == Value(1));
    CHECK(call("contains_ignore_case", {arr("re:x"), Value("re")}) == Value(0));
    CHECK(call("contains_ignore_case", {arr("Straße"), Value("STRASSE")}) == Value(0));  // -005
    CHECK(call("contains_ignore_case", {Value("ABC"), Value("")}) == Value(1));          // -008
    CHECK(call("contains_ignore_case", {Value("Hello ÀB"), Value("àb")}) == Value(1));
    CHECK(call("contains_ignore_case", {arr("ÀB"), Value("àb")}) == Value(0));   // ASCII only
    CHECK(call("contains_ignore_case", {arr(1), Value("1")}) == Value(0));       // non-strings
    CHECK(call("contains_ignore_case", {Value(1e16), Value("E")}) == Value(0));  // case-sensitive
    CHECK(call("contains_ignore_case", {Value(1e16), Value("e")}) == Value(1));
    CHECK(call("contains_ignore_case", {arr("host: mail.example.org", "user-agent: curl/8.0"),
                                        Value("USER-AGENT: curl/8.0")}) == Value(1));  // h-misc-017
}

TEST_CASE("eq_ignore_case, starts_with, ends_with", "[functions][text]") {
    CHECK(call("eq_ignore_case", {Value("ABC"), Value("abc")}) == Value(1));  // -001
    CHECK(call("eq_ignore_case", {Value("À"), Value("à")}) == Value(0));
    CHECK(call("eq_ignore_case", {Value(1), Value("1")}) == Value(1));
    CHECK(call("eq_ignore_case", {Value("ab"), Value("abc")}) == Value(0));
    CHECK(call("starts_with", {Value(""), Value("")}) == Value(1));                   // -003
    CHECK(call("starts_with", {Value("/jmap/session"), Value("/api")}) == Value(0));  // -007
    CHECK(call("ends_with", {Value("hello"), Value("")}) == Value(1));                // -002
    CHECK(call("ends_with", {Value(2.0), Value(".0")}) == Value(1));                  // -004
    CHECK(call("ends_with", {Value(2.0), Value(".0")}, Dialect::V08) == Value(0));
}

TEST_CASE("lines (§11.35)", "[functions][text]") {
    CHECK(call("lines", {Value("a\nb")}) == arr("a", "b"));              // h-fn-lines-001
    CHECK(call("lines", {Value("a\nb\r\nc\n")}) == arr("a", "b", "c"));  // h-fn-lines-003
    CHECK(call("lines", {Value("")}) == arr());
    CHECK(call("lines", {Value("a\r")}) == arr("a\r"));
    CHECK(call("lines", {Value("\n\na")}) == arr("", "", "a"));
    CHECK(call("lines", {Value("\n")}) == arr(""));
    CHECK(call("lines", {Value("a\r\r\nb")}) == arr("a\r", "b"));
    CHECK(call("lines", {Value(5)}) == Value(5));
    CHECK(call("lines", {arr("a\nb")}) == arr("a\nb"));
}

TEST_CASE("substring takes start and LENGTH in characters (§11.32)", "[functions][text]") {
    CHECK(call("substring", {Value("hello world"), Value(6), Value(5)}) == Value("world"));
    CHECK(call("substring", {Value("héllo"), Value(1), Value(2)}) == Value("él"));
    CHECK(call("substring", {Value("hello"), Value(-1), Value(2)}) == Value(""));
    CHECK(call("substring", {Value("hello"), Value("1"), Value("2")}) == Value("el"));
    CHECK(call("substring", {Value("hello"), Value(0), Value(100)}) == Value("hello"));  // -002
    CHECK(call("substring", {Value("hello"), Value(-1.5), Value(2)}) == Value("he"));    // -013
    CHECK(call("substring", {Value("\U0001F600a"), Value(0), Value(1)}) ==
          Value("\U0001F600"));                                                       // -016
    CHECK(call("substring", {Value("hello"), Value("x"), Value(2)}) == Value("he"));  // none→0
    CHECK(call("substring", {Value("hello"), Value(1), Value(arr())}) == Value(""));
    CHECK(call("substring", {Value("a9993e364706816aba3e25717850c26c9cd0d89d"), Value(0),
                             Value(8)}) == Value("a9993e36"));  // h-misc-015's last step
}

TEST_CASE("strip_prefix / strip_suffix: absent affix gives \"\" (§11.31)", "[functions][text]") {
    CHECK(call("strip_prefix", {Value("hello world"), Value("x")}) == Value(""));
    CHECK(call("strip_prefix", {Value("hello"), Value("he")}) == Value("llo"));        // -001
    CHECK(call("strip_prefix", {Value(12345), Value(12)}) == Value("345"));            // -005
    CHECK(call("strip_suffix", {Value("file.txt"), Value(".txt")}) == Value("file"));  // -001
    CHECK(call("strip_suffix", {Value("file.txt"), Value(".doc")}) == Value(""));      // -002
    CHECK(call("strip_prefix", {arr("ab", "cb", 1), Value("a")}) == arr("b", "", ""));
    CHECK(call("strip_suffix", {Value("abc"), Value("")}) == Value("abc"));
}

TEST_CASE("split and rsplit (§11.33)", "[functions][text]") {
    CHECK(call("split", {Value(""), Value(",")}) == arr(""));
    CHECK(call("split", {Value("abc"), Value("")}) == arr("", "a", "b", "c", ""));
    CHECK(call("split", {Value(""), Value("")}) == arr("", ""));
    CHECK(call("split", {Value("héj"), Value("")}) == arr("", "h", "é", "j", ""));
    CHECK(call("split", {Value("a,,b"), Value(",")}) == arr("a", "", "b"));  // h-fn-split-002
    CHECK(call("split", {Value("a,b"), Value(";")}) == arr("a,b"));          // -005
    CHECK(call("split", {Value(","), Value(",")}) == arr("", ""));           // -011
    CHECK(call("split", {Value("a::b::c"), Value("::")}) == arr("a", "b", "c"));
    CHECK(call("rsplit", {Value("hello.world.com"), Value(".")}) == arr("com", "world", "hello"));
    CHECK(call("rsplit", {Value("a.b.c"), Value(".")}) == arr("c", "b", "a"));
    CHECK(call("rsplit", {Value("a,b,c"), Value(",")}) == arr("c", "b", "a"));  // -001
    CHECK(call("rsplit", {Value("abc"), Value("")}) == arr("", "c", "b", "a", ""));
    // Matches are found from the right: "aaa" by "aa" is ["", "a"], not split's reverse.
    CHECK(call("split", {Value("aaa"), Value("aa")}) == arr("", "a"));
    CHECK(call("rsplit", {Value("aaa"), Value("aa")}) == arr("", "a"));
    CHECK(call("rsplit", {Value(""), Value(",")}) == arr(""));
}

TEST_CASE("split_once / rsplit_once: absent separator gives \"\" (§11.31)", "[functions][text]") {
    CHECK(call("split_once", {Value("novalue"), Value("=")}) == Value(""));
    CHECK(call("split_once", {Value("abc"), Value("=")}) == Value(""));      // -002
    CHECK(call("split_once", {Value("abc"), Value("")}) == arr("", "abc"));  // -003
    CHECK(call("split_once", {Value("ab"), Value("")}) == arr("", "ab"));
    CHECK(call("split_once", {Value("a=b=c"), Value("=")}) == arr("a", "b=c"));
    CHECK(call("rsplit_once", {Value("a=b=c"), Value("=")}) == arr("a=b", "c"));  // -001
    CHECK(call("rsplit_once", {Value("abc"), Value("")}) == arr("abc", ""));      // -002
    CHECK(call("rsplit_once", {Value("ab"), Value("")}) == arr("ab", ""));
    CHECK(call("rsplit_once", {Value("abc"), Value("x")}) == Value(""));
}

TEST_CASE("split_n", "[functions][text]") {
    CHECK(call("split_n", {Value("a,b,c,d"), Value(","), Value(2)}) == arr("a", "b", "c,d"));
    CHECK(call("split_n", {Value("a,b,c,d"), Value(","), Value(0)}) == arr("a,b,c,d"));
    CHECK(call("split_n", {Value("a,b"), Value(","), Value(-1)}) == arr("a", "b"));
    CHECK(call("split_n", {Value("a,b,c,d"), Value(","), Value(-1)}) ==
          arr("a", "b", "c", "d"));  // h-fn-split_n-004
    CHECK(call("split_n", {Value("a,b"), Value(","), Value("1")}) == arr("a", "b"));  // -005
    CHECK(call("split_n", {Value("a,b"), Value(","), Value("x")}) == arr("a,b"));     // none → 0
    CHECK(call("split_n", {Value("ab"), Value(""), Value(2)}) == arr("", "", "ab"));
    // An empty separator with an unlimited count terminates (Stalwart would not).
    const Value capped = call("split_n", {Value("ab"), Value(""), Value(-1)});
    REQUIRE(capped.is_array());
    CHECK(capped.as_array().back() == Value("ab"));
}

TEST_CASE("split_words keeps purely alphanumeric words", "[functions][text]") {
    CHECK(call("split_words", {Value("Hello, world! 42")}) == arr("42"));
    CHECK(call("split_words", {Value("a-b c_d e1")}) == arr("e1"));
    CHECK(call("split_words", {Value("héllo wörld")}) == arr("héllo", "wörld"));  // -004
    CHECK(call("split_words", {Value("a\u00a0b")}) == arr("a", "b"));             // -006
    CHECK(call("split_words", {Value("  a   b  ")}) == arr("a", "b"));
    CHECK(call("split_words", {Value("")}) == arr());
    CHECK(call("split_words", {Value("x² ½ Ⅻ")}) == arr("x²", "½", "Ⅻ"));  // No/Nl count
}
