// matches() regexes: Rust regex-crate syntax and semantics on RE2 (spec §6.7, §5.3).
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "expr/regex.hpp"

using httpctl::expr::Captures;
using httpctl::expr::Regex;

namespace {

struct Outcome {
    bool compiled = false;
    bool matched = false;
    Captures caps;
    std::string error;
};

Outcome run(const std::string& pattern, const std::string& subject) {
    Outcome o;
    auto re = Regex::compile(pattern, o.error);
    if (!re) return o;
    o.compiled = true;
    o.matched = re->search(subject, o.caps);
    return o;
}

bool matches(const std::string& pattern, const std::string& subject) {
    Outcome o = run(pattern, subject);
    INFO("pattern " << pattern << " error " << o.error);
    REQUIRE(o.compiled);
    return o.matched;
}

std::string group(const std::string& pattern, const std::string& subject, std::size_t i) {
    Outcome o = run(pattern, subject);
    INFO("pattern " << pattern << " error " << o.error);
    REQUIRE(o.compiled);
    REQUIRE(o.matched);
    REQUIRE(i < o.caps.size());
    return o.caps[i];
}

bool rejected(const std::string& pattern) {
    std::string error;
    return Regex::compile(pattern, error) == nullptr && !error.empty();
}

}  // namespace

TEST_CASE("conformance vectors h-regex-*", "[regex]") {
    CHECK_FALSE(matches("^b", "abc"));                         // h-regex-002
    CHECK(group("(\\d+)-(\\d+)", "x 12-34 y", 0) == "12-34");  // h-regex-004
    CHECK(group("(\\d+)-(\\d+)", "x 12-34 y", 2) == "34");
    CHECK(matches("(?i)^ABC$", "abc"));        // h-regex-009
    CHECK(matches("^.{5}$", "h\xC3\xA9llo"));  // h-regex-021: `.` is a scalar
    CHECK(group("", "x", 0).empty());          // h-regex-023
    CHECK(group("(?<user>[^@]+)@(.+)", "john@example.org", 1) == "john");  // h-regex-026
    CHECK(matches("\\-", "-"));                                            // h-regex-029
    CHECK_FALSE(matches("x\\\ny", "x"));                              // h-regex-031: `\` + LF is LF
    CHECK(group("^/jmap/(\\w+)$", "/jmap/session", 1) == "session");  // h-regex-039
    Outcome o = run("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)", "abcdefghijk");  // h-regex-042
    REQUIRE(o.matched);
    REQUIRE(o.caps.size() == 12);
    CHECK(o.caps[10] == "j");
    CHECK(o.caps[11] == "k");
    CHECK(group("(\\d+)", "42", 1) == "42");  // h-regex-049
    CHECK(rejected("*a"));                    // h-regex-059
    CHECK(group("(a)", "a", 1) == "a");       // h-fn-if_then-012
    CHECK(matches("^https?://", "https://x"));
}

TEST_CASE("captures: group 0, non-participating groups, clearing", "[regex]") {
    Outcome o = run("^a(b)?", "ac");  // spec §5.3 example
    REQUIRE(o.matched);
    REQUIRE(o.caps.size() == 2);
    CHECK(o.caps[0] == "a");
    CHECK(o.caps[1].empty());

    std::string err;
    auto re = Regex::compile("(x)(y)?", err);
    REQUIRE(re);
    CHECK(re->group_count() == 3);
    Captures caps{"stale", "stale", "stale", "stale"};
    CHECK_FALSE(re->search("zzz", caps));
    CHECK(caps.empty());
    CHECK(re->search("axb", caps));
    CHECK(caps == Captures{"x", "x", ""});

    // Leftmost-first, not leftmost-longest.
    CHECK(group("(a|ab)(c|bcd)(d*)", "abcd", 0) == "abcd");
    CHECK(group("(a|ab)(c|bcd)(d*)", "abcd", 1) == "a");
    CHECK(group("a|ab", "ab", 0) == "a");
    CHECK(group("a+?", "aaa", 0) == "a");
    // More than 16 groups takes the heap path.
    std::string many;
    std::string subject;
    for (int i = 0; i < 20; ++i) {
        many += "(.)";
        subject += static_cast<char>('a' + i);
    }
    CHECK(group(many, subject, 20) == "t");
}

TEST_CASE("Unicode-aware Perl classes and dot", "[regex]") {
    CHECK(matches("^\\w+$", "h\xC3\xA9llo"));
    CHECK(matches("^\\d+$", "\xD9\xA3\xD9\xA4"));  // Arabic-Indic digits are Nd
    CHECK(matches("^\\s$", "\xC2\xA0"));           // NBSP is White_Space
    CHECK_FALSE(matches("^\\W$", "\xC3\xA9"));
    CHECK(matches("^\\D$", "\xC3\xA9"));
    CHECK(matches("^[\\w]+$", "\xCE\xB1\xCE\xB2"));
    CHECK_FALSE(matches("^[^\\w]$", "\xCE\xB1"));
    CHECK_FALSE(matches(".", "\n"));
    CHECK(matches("(?s).", "\n"));
    CHECK(matches("^.$", "\xF0\x9F\x98\x80"));  // one scalar, four bytes
    // (?-u) switches to ASCII classes.
    CHECK_FALSE(matches("^(?-u:\\w)$", "\xC3\xA9"));
    CHECK(group("(?-u)\\w+",
                "\xC3\xA9"
                "ab",
                0) == "ab");
}

TEST_CASE("Unicode properties", "[regex]") {
    CHECK(group("\\p{Greek}+", "x\xCE\xB1\xCE\xB2y", 0) == "\xCE\xB1\xCE\xB2");
    CHECK(group("\\pL+", "h\xC3\xA9llo1", 0) == "h\xC3\xA9llo");
    CHECK(group("\\p{Lu}", "abC", 0) == "C");
    CHECK(matches("\\p{Letter}", "a"));
    CHECK(matches("\\p{sc=Greek}", "\xCE\xB1"));
    CHECK(matches("\\p{Script_Extensions:Greek}", "\xCE\xB1"));
    CHECK(matches("\\p{White_Space}", " "));
    CHECK(matches("\\p{Alphabetic}", "a"));
    CHECK(group("\\p{gc!=L}", "ab1", 0) == "1");
    CHECK(group("\\PL", "ab1", 0) == "1");
    CHECK(matches("\\p{isGreek}", "\xCE\xB1"));
    CHECK(matches("\\p{Any}", "\n"));
    CHECK(rejected("\\p{NoSuchProperty}"));
    CHECK(rejected("\\p{sc=NoSuchScript}"));
    CHECK(rejected("(?-u)\\pL"));
}

TEST_CASE("case-insensitive matching uses Unicode simple case folding", "[regex]") {
    CHECK(matches("(?i)k", "\xE2\x84\xAA"));     // KELVIN SIGN
    CHECK(matches("(?i)s", "\xC5\xBF"));         // LATIN SMALL LETTER LONG S
    CHECK(matches("(?i)\xC3\x89", "\xC3\xA9"));  // É / é
    CHECK_FALSE(matches("(?i-u)k", "\xE2\x84\xAA"));
    CHECK_FALSE(matches("(?i)[^a]", "A"));
    CHECK(matches("(?i)[[:lower:]]", "A"));
    CHECK_FALSE(matches("[[:lower:]]", "A"));
    CHECK(matches("a(?i)b|c", "C"));  // flags last until the end of the group, across `|`
    CHECK_FALSE(matches("(?i:a)b", "AB"));
}

TEST_CASE("character class set operations and nesting", "[regex]") {
    CHECK(group("[a-z&&[^aeiou]]+", "aebcd", 0) == "bcd");
    CHECK(group("[0-9--4]+", "1245", 0) == "12");
    CHECK(group("[a-g~~b-h]+", "ahb", 0) == "ah");
    CHECK(group("[[:alpha:]]+", "ab1", 0) == "ab");
    CHECK(group("[[:^alpha:]]+", "ab12", 0) == "12");
    CHECK(group("[x[^xyz]]+", "yxa", 0) == "xa");
    CHECK_FALSE(matches("[a&&b]", "ab"));  // empty class matches nothing
    CHECK_FALSE(matches("[\\d&&\\p{Greek}]", "1"));
    CHECK(matches("[]a]", "]"));
    CHECK(matches("[^]a]", "b"));
    CHECK(matches("[-a]", "-"));
    CHECK(matches("[a-]", "-"));
    CHECK(matches("[[:loower:]]", "w"));  // unknown ASCII class: a nested literal class
    CHECK(rejected("[z-a]"));
    CHECK(rejected("[a"));
    CHECK(rejected("[\\d-z]"));
    CHECK(rejected("[\\b]"));
}

TEST_CASE("groups, escapes, flags and repetitions Rust accepts", "[regex]") {
    CHECK(group("(?P<n>a)(?<m>b)", "ab", 2) == "b");
    CHECK(group("(?:a)(b)", "ab", 1) == "b");
    CHECK(matches("\\x{10FFFF}|\\u{e9}", "\xC3\xA9"));
    CHECK(matches("\\u00e9\\U000000e9\\xe9", "\xC3\xA9\xC3\xA9\xC3\xA9"));
    CHECK(matches("\\a\\f\\t\\n\\r\\v", "\a\f\t\n\r\v"));
    CHECK(matches("\\A\\x{41}\\z", "A"));
    CHECK(matches("\\ \\#\\&\\~\\%\\@", " #&~%@"));  // superfluous escapes of ASCII punctuation
    CHECK(matches("(?x) a b # comment\n c", "abc"));
    CHECK(matches("(?x)a\\ b", "a b"));
    CHECK(group("(?U)a+", "aaa", 0) == "a");
    CHECK(group("(?U)a+?", "aaa", 0) == "aaa");
    CHECK(group("a**", "aaa", 0) == "aaa");
    CHECK(group("a{2}{3}", "aaaaaaa", 0) == "aaaaaa");
    CHECK(group("a{2, 3}", "aaaa", 0) == "aaa");  // spaces around counts are allowed
    CHECK(group("a{2,}?", "aaaa", 0) == "aa");
    CHECK(matches("^*a", "a"));    // repeating an assertion is allowed
    CHECK(matches("(?R)a", "a"));  // R is the CRLF flag, not recursion
    CHECK(matches("a$", "a"));
    CHECK_FALSE(matches("a$", "a\n"));  // `$` is end of text, not before a final LF
    CHECK(matches("(?m)^b$", "a\nb\nc"));
    CHECK(matches("(?mR)^b$", "a\r\nb\r\nc"));
    CHECK_FALSE(matches("(?mR)^$", "a\r\nb"));                          // never between CR and LF
    CHECK(group("x{1001}", std::string(1001, 'x'), 0).size() == 1001);  // above RE2's limit
    CHECK_FALSE(matches("a{2000}", std::string(1999, 'a')));
}

TEST_CASE("syntax Rust rejects", "[regex]") {
    for (const char* p : {"*a",
                          "a|*",
                          "(?)",
                          "(?i)*",
                          "a{",
                          "a{x}",
                          "a{,3}",
                          "a{3,2}",
                          "(a",
                          "a)",
                          "\\",
                          "\\1",
                          "\\0",
                          "\\e",
                          "\\q",
                          "\\C",
                          "\\Q",
                          "\\E",
                          "\\K",
                          "\\y",
                          "\\>\\<\\",
                          "(?=a)",
                          "(?!a)",
                          "(?<=a)",
                          "(?<!a)",
                          "(?P<1a>x)",
                          "(?<>x)",
                          "(?<a>x)(?<a>y)",
                          "(?<a",
                          "(?z)",
                          "(?ii)",
                          "(?--i)",
                          "(?i-)",
                          "\\x{110000}",
                          "\\x{D800}",
                          "\\x{}",
                          "\\xZ1",
                          "\\p{",
                          "\\b{foo}",
                          "\\b{start",
                          "(?-u).",
                          "(?-u)\\W",
                          "(?-u)[^a]",
                          "(?-u)\\xFF",
                          "(?-u)[\xC3\xA9]"}) {
        INFO(p);
        CHECK(rejected(p));
    }
    std::string error;
    REQUIRE_FALSE(Regex::compile("ab*+*c(", error));
    CHECK(error.find("unclosed group") != std::string::npos);
    REQUIRE_FALSE(Regex::compile("x*a\\q", error));
    CHECK(error.find("column 4") != std::string::npos);
    CHECK(error.find("unrecognized escape sequence") != std::string::npos);
    REQUIRE_FALSE(Regex::compile("*a", error));
    CHECK(error.find("repetition operator missing expression") != std::string::npos);
    // Nest limit (250) is enforced without recursing without bound.
    CHECK(rejected(std::string(300, '(') + std::string(300, ')')));
    CHECK(rejected(std::string(100000, '(')));
    CHECK_FALSE(rejected(std::string(50, '(') + std::string(50, ')')));
}

TEST_CASE("word boundaries are Unicode-aware", "[regex]") {
    std::string err;
    auto re = Regex::compile("\\bfoo\\b", err);
    REQUIRE(re);
    Captures caps;
    CHECK(re->search("a foo b", caps));
    CHECK_FALSE(re->uses_fallback("a foo b"));  // ASCII subject: RE2's \b is exact
    CHECK_FALSE(
        re->search("\xC3\xA9"
                   "foo b",
                   caps));  // é is a word character
    CHECK(
        re->uses_fallback("\xC3\xA9"
                          "foo"));
    CHECK(re->search("\xC3\xA9 foo b", caps));
    CHECK(group("\\b(\\w+)\\b",
                "\xC3\xA7"
                "a va",
                1) ==
          "\xC3\xA7"
          "a");
    CHECK(matches("\\B\xC3\xA9", "\xC3\xA9\xC3\xA9"));
    CHECK(matches("(?-u:\\b)a",
                  "\xC3\xA9"
                  "a"));  // ASCII boundary: é is not a word char
    CHECK(group("\\<a\\>", "ba a", 0) == "a");
    CHECK(matches("\\b{start}a", " a"));
    CHECK_FALSE(matches("\\b{start}a", "ba"));
    CHECK(matches("a\\b{end}", "ab a"));
    CHECK_FALSE(matches("\\b{start-half}b", "ab"));
    CHECK(matches("b\\b{end-half}", "ab"));
    CHECK(matches("\\b{2}a", " a"));  // `\b{2}` is a counted repetition of \b
}

TEST_CASE("RE2 path and fallback matcher agree", "[regex]") {
    // `(?:\<|)` is always true and zero-width but forces the fallback matcher.
    const std::vector<std::string> patterns = {"(a|ab)(c|bcd)(d*)",
                                               "(a*)+",
                                               "(a*)*b",
                                               "(?:(a)|b)+",
                                               "(a?)+?x",
                                               "^(\\w+)@(\\w+)\\.org$",
                                               "(\\d+)-(\\d+)",
                                               "(?i)(h)\xC3\xA9(llo)?",
                                               "[^@]+@(.+)",
                                               "(a{2,3}?)(a*)",
                                               "x*",
                                               "",
                                               "(?m)^(\\w)$",
                                               "((a)|(b))*c"};
    const std::vector<std::string> subjects = {
        "abcd",         "aaab",  "ab",      "bab",  "aax", "user@example.org", "x 12-34 y",
        "H\xC3\xA9llo", "aaaaa", "a\nb\nc", "abbc", "",    "\xC3\xA9t\xC3\xA9"};
    for (const auto& p : patterns) {
        for (const auto& s : subjects) {
            Outcome a = run(p, s);
            Outcome b = run("(?:\\<|)(?:" + p + ")", s);
            INFO("pattern " << p << " subject " << s);
            REQUIRE(a.compiled);
            REQUIRE(b.compiled);
            CHECK(a.matched == b.matched);
            CHECK(a.caps == b.caps);
        }
    }
}

TEST_CASE("hostile patterns are rejected or bounded", "[regex]") {
    CHECK(rejected("(a{1000}){1000}"));
    CHECK(rejected("((a{100}){100}){100}"));
    CHECK(rejected("\\w{1000}"));
    CHECK(rejected("(?:\\pL{100}){100}"));
    std::string ok_error;
    auto re = Regex::compile("(a*)*(b+)+$", ok_error);
    REQUIRE(re);
    Captures caps;
    CHECK_FALSE(re->search(std::string(20000, 'a') + "c", caps));  // no backtracking blow-up
    auto vm = Regex::compile("\\b(a*)*\\b(x+x+)+y", ok_error);
    REQUIRE(vm);
    CHECK_FALSE(vm->search("\xC3\xA9 " + std::string(5000, 'x'), caps));
}
