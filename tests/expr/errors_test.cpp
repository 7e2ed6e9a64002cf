// Compile errors (spec expressions.md §2.14, §3.9, §9): each class with its stable code, its
// 1-based column (in characters, within the line) and a help text that says what to do.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/variables.hpp"

using namespace httpctl::expr;

namespace {

CompileError error_of(std::string_view text, Dialect dialect = Dialect::Head) {
    CompileOptions o;
    o.dialect = dialect;
    o.variables = VariableSet::all(dialect);
    auto r = compile(text, o);
    if (!std::holds_alternative<CompileError>(r)) {
        FAIL("`" << text << "` compiled, an error was expected");
    }
    CompileError e = std::get<CompileError>(std::move(r));
    // Every error points inside (or just past the end of) the text.
    CHECK(e.offset <= text.size());
    CHECK(e.end >= e.offset);
    CHECK(e.end <= text.size());
    CHECK(e.column == column_of(text, e.offset));
    return e;
}

bool contains(std::string_view haystack, std::string_view needle) {
    return haystack.find(needle) != std::string_view::npos;
}

}  // namespace

TEST_CASE("column_of counts characters from the start of the line, 1-based", "[errors][column]") {
    CHECK(column_of("abc", 0) == 1);
    CHECK(column_of("abc", 2) == 3);
    CHECK(column_of("abc", 3) == 4);
    CHECK(column_of("'日本' x", 9) == 6);  // 日 and 本 are 3 bytes each
    CHECK(column_of("1 +\n  x", 6) == 3);
    CHECK(column_of("1 +\r\n  x", 7) == 3);
    CHECK(column_of("a\nb\nc", 4) == 1);
}

TEST_CASE("unknown identifier: code, column and a did-you-mean suggestion (§2.3 step 8)",
          "[errors][unknown-name]") {
    const CompileError e = error_of("local_prot == 25");
    CHECK(e.code == "E-UNKNOWN-NAME");
    CHECK(e.message == "Invalid variable or constant \"local_prot\"");
    CHECK(e.column == 1);
    CHECK(e.end - e.offset == 10);
    CHECK(contains(e.help, "did you mean `local_port`?"));

    const CompileError later = error_of("1 + lcal_port");
    CHECK(later.column == 5);
    CHECK(contains(later.help, "`local_port`"));

    // Columns count characters, not bytes.
    const CompileError wide = error_of("'日本' + lcal_port");
    CHECK(wide.offset == 11);
    CHECK(wide.column == 8);

    // Columns are within the line.
    const CompileError multi = error_of("1 +\n  sendr");
    CHECK(multi.column == 3);
    CHECK(contains(multi.help, "`sender`"));

    // A function name is suggested too.
    const CompileError fn = error_of("lenn(rcpt)");
    CHECK(contains(fn.help, "`len`"));
}

TEST_CASE("wrong argument count names the function, expected and given counts (§3.4, §3.9)",
          "[errors][arity]") {
    const CompileError e = error_of("1 + len('a', 'b')");
    CHECK(e.code == "E-ARITY");
    CHECK(e.message == "Expression function \"len\" expected 1 arguments, got 2");
    CHECK(e.column == 5);
    CHECK(contains(e.help, "len"));
    CHECK(contains(e.help, "1"));

    const CompileError two = error_of("key_exists('x')");
    CHECK(two.message == "Expression function \"key_exists\" expected 2 arguments, got 1");
    CHECK(contains(two.help, "2 arguments"));

    const CompileError array = error_of("[1, -2]");
    CHECK(array.code == "E-ARITY");
    CHECK(array.message == "Expression function \"array\" expected 1 arguments, got 2");
    CHECK(array.column == 1);
    CHECK(contains(array.help, "0 - 2"));

    const CompileError m = error_of("matches('a', 'a', 'b')");
    CHECK(m.code == "E-ARITY");
    CHECK(m.message == "Expression function \"matches\" expected 2 arguments");
    const CompileError c = error_of("config_get('a', 'b')");
    CHECK(c.message == "Expression function \"config_get\" expected 1 argument");
}

TEST_CASE("unterminated string points at the opening quote (§2.8)", "[errors][string]") {
    const CompileError e = error_of("1 + 'abc");
    CHECK(e.code == "E-UNTERMINATED-STRING");
    CHECK(e.message == "Unterminated string");
    CHECK(e.column == 5);
    const CompileError escaped = error_of(R"(rcpt == 'a\')");
    CHECK(escaped.message == "Unterminated string");
    CHECK(escaped.column == 9);
    CHECK(contains(escaped.help, "backslash"));
}

TEST_CASE("invalid characters: TAB, `@`, non-ASCII, shown as Rust char literals (§2.9, §2.14)",
          "[errors][invalid-char]") {
    const CompileError tab = error_of("1\t+ 2");
    CHECK(tab.code == "E-INVALID-CHAR");
    CHECK(tab.message == "Invalid character '\\t'");
    CHECK(tab.column == 2);
    CHECK(contains(tab.help, "TAB"));

    const CompileError at = error_of("rcpt @ 'x'");
    CHECK(at.message == "Invalid character '@'");
    CHECK(at.column == 6);

    // A pending word is classified first (§2.14).
    const CompileError word = error_of("abc@");
    CHECK(word.code == "E-UNKNOWN-NAME");
    CHECK(word.message == "Invalid variable or constant \"abc\"");

    const CompileError accent = error_of("1 + é");
    CHECK(accent.code == "E-INVALID-CHAR");
    CHECK(accent.message == "Invalid character 'Ã'");  // the first byte, 0xC3, as Latin-1
    CHECK(accent.column == 5);
    CHECK(contains(accent.help, "quoted"));

    const CompileError hash = error_of("1 # comment");
    CHECK(hash.message == "Invalid character '#'");
    CHECK(contains(hash.help, "comment"));

    CHECK(error_of("1 \\ 2").message == "Invalid character '\\\\'");
    CHECK(error_of("1 ; 2").message == "Invalid character ';'");
    CHECK(error_of("::1").message == "Invalid character ':'");
}

TEST_CASE("unmatched and mismatched parentheses (§2.14, §3.9)", "[errors][parens]") {
    const CompileError close = error_of("1 + 2)");
    CHECK(close.code == "E-UNMATCHED-PAREN");
    CHECK(close.message == "Unmatched close parenthesis");
    CHECK(close.column == 6);
    CHECK_FALSE(close.help.empty());

    const CompileError open = error_of("(1 + 2");
    CHECK(open.code == "E-UNCLOSED-PAREN");
    CHECK(open.message == "Unmatched open parenthesis");
    // Either the unclosed `(` or the end of the text is a sensible place to point at.
    CHECK((open.column == 1 || open.column == 7));
    CHECK(contains(open.help, ")"));

    const CompileError mismatched = error_of("(1]");
    CHECK(mismatched.code == "E-MISMATCHED");
    CHECK(mismatched.message == "Mismatched parentheses");
    CHECK(mismatched.column == 3);

    const CompileError stray = error_of("1 ]");
    CHECK(stray.message == "Mismatched parentheses");
    CHECK(stray.column == 3);

    const CompileError unclosed = error_of("[1, 2");
    CHECK(unclosed.code == "E-UNCLOSED");
    CHECK(unclosed.message == "Invalid token on the operator stack");
    CHECK(unclosed.column == 1);
    CHECK(contains(unclosed.help, "["));

    const CompileError index = error_of("recipients[]");
    CHECK(index.code == "E-INDEX");
    CHECK(index.message == "Missing array index");
}

TEST_CASE("bad regex: the engine's message and the pattern's column (§2.13, §6.7)",
          "[errors][regex]") {
    const CompileError e = error_of("matches('(', rcpt)");
    CHECK(e.code == "E-BAD-REGEX");
    CHECK(e.message.rfind("Invalid regular expression \"(\": ", 0) == 0);
    CHECK(e.message.size() > std::string_view("Invalid regular expression \"(\": ").size());
    CHECK(e.column == 9);
    // Back-references and look-around are not in Rust's regex syntax.
    CHECK(error_of(R"(matches('(a)\1', rcpt))").code == "E-BAD-REGEX");
    CHECK(error_of("matches('a(?=b)', rcpt)").code == "E-BAD-REGEX");
    CHECK(error_of("matches('[z-a]', rcpt)").code == "E-BAD-REGEX");
}

TEST_CASE("special-form errors: expected string, expected comma, unexpected end (§2.13)",
          "[errors][special-form]") {
    const CompileError s = error_of("matches(rcpt, 'a')");
    CHECK(s.code == "E-EXPECTED-STRING");
    CHECK(s.message == "Expected '\"', found invalid character 'r'");
    CHECK(s.column == 9);
    CHECK(contains(s.help, "string"));
    const CompileError c = error_of("matches('a' rcpt)");
    CHECK(c.code == "E-EXPECTED-COMMA");
    CHECK(c.message == "Expected ',', found invalid character 'r'");
    CHECK(c.column == 13);
    const CompileError end = error_of("matches('a'");
    CHECK(end.code == "E-UNEXPECTED-END");
    CHECK(end.message == "Unexpected end of expression");
    const CompileError space = error_of("matches ('a', rcpt)");
    CHECK(space.message == "Invalid variable or constant \"matches\"");
    CHECK(contains(space.help, "no space"));
}

TEST_CASE("number errors: bad float, integer overflow, unquoted IP (§2.3)", "[errors][numbers]") {
    const CompileError ip = error_of("remote_ip == 192.168.1.1");
    CHECK(ip.code == "E-BAD-NUMBER");
    CHECK(ip.message == "Invalid float value 192.168.1.1");
    CHECK(ip.column == 14);
    CHECK(contains(ip.help, "'192.168.1.1'"));
    const CompileError big = error_of("9223372036854775808");
    CHECK(big.code == "E-BAD-NUMBER");
    CHECK(big.message == "Invalid integer value 9223372036854775808");
    CHECK(big.column == 1);
}

TEST_CASE("v0.8 dialect rejects `$name`, config_get, split_n and url (§9)", "[errors][v08]") {
    const CompileError global = error_of("$foo == 1", Dialect::V08);
    CHECK(global.code == "E-UNKNOWN-NAME");
    CHECK(global.message == "Invalid variable or constant \"$foo\"");
    CHECK(contains(global.help, "0.12"));

    const CompileError split = error_of("split_n('a,b', ',', 1)", Dialect::V08);
    CHECK(split.message == "Invalid variable or constant \"split_n\"");
    CHECK(contains(split.help, "0.12"));
    CHECK(error_of("hash('a', 'sha256')", Dialect::V08).message ==
          "Invalid variable or constant \"hash\"");
    CHECK(error_of("if_then(1, 2, 3)", Dialect::V08).message ==
          "Invalid variable or constant \"if_then\"");

    const CompileError url = error_of("url", Dialect::V08);
    CHECK(url.message == "Invalid variable or constant \"url\"");
    CHECK(contains(url.help, "0.12"));

    const CompileError cfg = error_of("config_get('server.hostname')", Dialect::V08);
    CHECK(cfg.code == "E-UNKNOWN-NAME");
    CHECK(cfg.message == "Invalid variable or constant \"config_get\"");
    CHECK(cfg.column == 1);

    // All of them compile in Head.
    for (std::string_view text : {"$foo == 1", "split_n('a,b', ',', 1)", "url",
                                  "config_get('server.hostname')", "hash('a', 'sha256')"}) {
        INFO(text);
        CHECK(std::holds_alternative<Expression>(compile(text)));
    }
}

TEST_CASE("v0.8 config_get help says it needs 0.12, not that a space is in the way",
          "[errors][v08]") {
    // §9: in v0.8.5 `config_get` does not exist at all; `config_get('k')` has no space before
    // the parenthesis, so advice about a space is wrong.
    const CompileError cfg = error_of("config_get('server.hostname')", Dialect::V08);
    CHECK(contains(cfg.help, "0.12"));
    CHECK_FALSE(contains(cfg.help, "space"));
}

TEST_CASE("bytes after a swallowing `=` are reported like Rust char literals (§2.9, §2.14)",
          "[errors][invalid-char]") {
    // `=` eats the lead byte of `é`, leaving the continuation byte 0xA9, shown as Latin-1 `©`.
    CHECK(error_of("1 =\xc3\xa9").message == "Invalid character '\xc2\xa9'");
    // 0x80-0x9F are control characters in Latin-1: Rust prints them escaped.
    CHECK(error_of("1 =\xc3\x80").message == "Invalid character '\\u{80}'");
}

TEST_CASE("a soft hyphen byte is escaped as Rust's char Debug does (§2.14)",
          "[errors][invalid-char]") {
    // `=` eats the 0xC3 of `í` (C3 AD); 0xAD is U+00AD SOFT HYPHEN, which Rust's
    // `char::escape_debug` treats as non-printable: '\u{ad}'.
    CHECK(error_of("1 =\xc3\xad").message == "Invalid character '\\u{ad}'");
}
