// One test per rule of Stalwart's configuration dialect (spec http.md §2), checking the flat map
// or the error: its position (line and column) and Stalwart's original message.
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "httpconf/loader.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

Pairs flat_pairs(std::string_view text) {
    FlatConfig config = load_ok(text);
    Pairs pairs;
    for (const ConfigEntry& e : config.entries())
        pairs.emplace_back(e.key, e.value);
    return pairs;
}

// Expects a rejection with Stalwart's message and our diagnostic at line:column.
void check_error(std::string_view text, const std::string& stalwart, std::uint32_t line,
                 std::uint32_t column) {
    LoadResult result = load_error(text);
    const Diagnostic& d = result.diagnostics.front();
    INFO("input: " << text << "\ndiagnostic: " << to_compact_text(d) << "\nhelp: " << d.help);
    CHECK(result.stalwart_message == stalwart);
    CHECK(d.severity == Severity::Error);
    CHECK(d.line == line);
    CHECK(d.column == column);
    CHECK_FALSE(d.code.empty());
    CHECK(d.help.find(stalwart) != std::string::npos);
}

}  // namespace

// ---- §2.1 lines and structure -----------------------------------------------------------------

TEST_CASE("blank lines, spaces, tabs, CRs and comments are skipped between items", "[dialect]") {
    CHECK(flat_pairs("\n \t\r\n# c\n  a = 1 # after\r\n\n") == Pairs{{"a", "1"}});
    CHECK(flat_pairs("# only a comment") == Pairs{});
    CHECK(flat_pairs("") == Pairs{});
}

TEST_CASE("CR is dropped everywhere except inside a quoted key", "[dialect]") {
    CHECK(flat_pairs("a = \"x\ry\"\n") == Pairs{{"a", "xy"}});
    CHECK(flat_pairs("[a\rb]\nk = 1\n") == Pairs{{"ab.k", "1"}});
    CHECK(flat_pairs("\"a\rb\" = 1\n") == Pairs{{"a\rb", "1"}});
    CHECK(flat_pairs("a\r = 1\r\n") == Pairs{{"a", "1"}});
}

TEST_CASE("the last value needs a line break, a last comment does not", "[dialect]") {
    check_error("a = 1", "Unexpected EOF at line: 1", 1, 6);
    check_error("x = 1\na = \"v\"", "Unexpected EOF at line: 2", 2, 8);
    CHECK(flat_pairs("a = 1 # no newline") == Pairs{{"a", "1"}});
    CHECK(flat_pairs("[t]") == Pairs{});
}

TEST_CASE("an item must start with a letter, a digit, a quote or a bracket", "[dialect]") {
    check_error("_a = 1\n", "Unexpected character '_' at line 1.", 1, 1);
    check_error("x = 1\n  -a = 1\n", "Unexpected character '-' at line 2.", 2, 3);
    check_error("'a' = 1\n", "Unexpected character '\\'' at line 1.", 1, 1);
    check_error("= 1\n", "Unexpected character '=' at line 1.", 1, 1);
    check_error(
        "\xEF\xBB\xBF"
        "a = 1\n",
        "Unexpected character '\\u{feff}' at line 1.", 1, 1);
    check_error(std::string_view("\0 = 1\n", 6), "Unexpected character '\\0' at line 1.", 1, 1);
    check_error("é = 1\n", "Unexpected character 'é' at line 1.", 1, 1);
}

// ---- §2.2 table headers -----------------------------------------------------------------------

TEST_CASE("table headers are lower-cased except their first character", "[dialect]") {
    CHECK(flat_pairs("[Server.HTTP]\nUrl = 1\n") == Pairs{{"Server.http.Url", "1"}});
    CHECK(flat_pairs("[SERVER.LISTENER.Http]\nPort = 1\n") ==
          Pairs{{"Server.listener.http.Port", "1"}});
    // §2.9: only ASCII letters are lower-cased.
    CHECK(flat_pairs("[ÉCOLE.ÉTÉ]\nk = 1\n") == Pairs{{"École.ÉtÉ.k", "1"}});
    // In [[...]] headers every character is lower-cased.
    CHECK(flat_pairs("[[Server.Http]]\nk = 1\n") == Pairs{{"server.http.0000.k", "1"}});
}

TEST_CASE("quoted header parts keep case and spaces and drop backslashes", "[dialect]") {
    CHECK(flat_pairs("[a.\"B \\\"x\\\" \\y\"]\nk = 1\n") == Pairs{{"a.B \"x\" y.k", "1"}});
    CHECK(flat_pairs("[a.\"b\tc\"]\nk = 1\n") == Pairs{{"a.b\tc.k", "1"}});
    CHECK(flat_pairs("[server.listener.\"my.id\"]\nk = 1\n") ==
          Pairs{{"server.listener.my.id.k", "1"}});
    CHECK(flat_pairs("[ a . b ]\nk = 1\n") == Pairs{{"a.b.k", "1"}});
}

TEST_CASE("the first character of a header is taken as written", "[dialect]") {
    CHECK(flat_pairs("[$a]\nk = 1\n") == Pairs{{"$a.k", "1"}});
    check_error("[\"a\"]\nk = 1\n", "Unexpected end of line at line: 1", 1, 6);
}

TEST_CASE("header errors", "[dialect]") {
    check_error("[a\nk = 1\n", "Unexpected end of line at line: 1", 1, 3);
    check_error("[]\n", "Unexpected end of line at line: 1", 1, 3);
    check_error("[[]]\n", "Empty table name at line 1.", 1, 1);
    check_error("x = 1\n[a/b]\n", "Unexpected character '/' at line 2.", 2, 3);
    check_error("[%{env:X}%]\nk = 1\n", "Unexpected character '{' at line 1.", 1, 3);
    check_error("[a", "Unexpected EOF at line: 1", 1, 3);
}

TEST_CASE("text after a header's closing bracket is ignored, even a key", "[dialect]") {
    CHECK(flat_pairs("[a] k = 1\nj = 2\n") == Pairs{{"a.j", "2"}});
    CHECK(flat_pairs("[a]]\nk = 1\n") == Pairs{{"a.k", "1"}});
}

TEST_CASE("the same table may be opened twice", "[dialect]") {
    CHECK(flat_pairs("[a]\nx = 1\n[b]\ny = 2\n[a]\nz = 3\n") ==
          Pairs{{"a.x", "1"}, {"a.z", "3"}, {"b.y", "2"}});
}

// ---- §2.3 keys --------------------------------------------------------------------------------

TEST_CASE("bare keys keep their case, drop spaces and join dots verbatim", "[dialect]") {
    CHECK(flat_pairs("Server.HTTP.hsts = true\n") == Pairs{{"Server.HTTP.hsts", "true"}});
    CHECK(flat_pairs("a b = 1\n") == Pairs{{"ab", "1"}});
    CHECK(flat_pairs("a..b = 1\n") == Pairs{{"a..b", "1"}});
    CHECK(flat_pairs("[servers]\n\"127.0.0.1\" = \"x\"\n") == Pairs{{"servers.127.0.0.1", "x"}});
    CHECK(flat_pairs("a.\"b.c\".d = 1\n") == Pairs{{"a.b.c.d", "1"}});
}

TEST_CASE("a key can be both a value and a prefix", "[dialect]") {
    CHECK(flat_pairs("a = 1\na.b = 2\n") == Pairs{{"a", "1"}, {"a.b", "2"}});
}

TEST_CASE("quoted keys drop every backslash without translating escapes", "[dialect]") {
    CHECK(flat_pairs("\"a\\\\b\" = 1\n") == Pairs{{"ab", "1"}});
    CHECK(flat_pairs("\"k\\\"q\" = 1\n") == Pairs{{"k\"q", "1"}});
    CHECK(flat_pairs("\"a\\tb\" = 1\n") == Pairs{{"atb", "1"}});
    CHECK(flat_pairs("\"a\tb\" = 1\n") == Pairs{{"a\tb", "1"}});
    // §2.9: an empty quoted key continues onto the next line.
    CHECK(flat_pairs("\"\"\na = 1\n") == Pairs{{"a", "1"}});
}

TEST_CASE("key errors", "[dialect]") {
    check_error("\"\" = 1\n", "Empty key at line: 1", 1, 4);
    check_error("a:b = 1\n", "Unexpected character ':' found in key at line 1.", 1, 2);
    check_error("a.'b' = 1\n", "Unexpected character '\\'' found in key at line 1.", 1, 3);
    check_error("x = 1\na b\n", "Unexpected end of line while parsing key \"ab\" at line: 2", 2, 4);
    check_error("[t]\na\n", "Unexpected end of line while parsing key \"t.a\" at line: 2", 2, 2);
    check_error("\"a\nb\" = 1\n", "Unexpected end of line while parsing quoted key at line: 1", 1,
                3);
    check_error("a", "Unexpected EOF at line: 1", 1, 2);
}

// ---- §2.4 values ------------------------------------------------------------------------------

TEST_CASE("basic strings process \\t \\r \\n and keep any other escaped character", "[dialect]") {
    CHECK(flat_pairs("a = \"1\\t2\\r3\\n4\"\n") == Pairs{{"a", "1\t2\r3\n4"}});
    CHECK(flat_pairs("a = \"\\x41\\e\\0\\u00e9\\\"\"\n") == Pairs{{"a", "x41e0u00e9\""}});
    CHECK(flat_pairs("a = \"line1\nline2\"\n") == Pairs{{"a", "line1\nline2"}});
}

TEST_CASE("literal strings process escapes too", "[dialect]") {
    CHECK(flat_pairs("a = 'C:\\temp'\n") == Pairs{{"a", "C:\temp"}});
    CHECK(flat_pairs("a = '^\\d+\\.\\d+$'\n") == Pairs{{"a", "^d+.d+$"}});
    CHECK(flat_pairs("a = 'it\\'s'\n") == Pairs{{"a", "it's"}});
    CHECK(flat_pairs("a = ''\n") == Pairs{{"a", ""}});
}

TEST_CASE("an escaped backslash escapes the next character again", "[dialect]") {
    CHECK(flat_pairs("a = \"x\\\\ny\"\n") == Pairs{{"a", "x\\\ny"}});
    CHECK(flat_pairs("a = \"\\\\\\\\\"\"\n") == Pairs{{"a", "\\\\\\\""}});
    check_error("a = \"C:\\\\\"\n", "Unexpected EOF at line: 2", 2, 1);
    check_error("a = 'C:\\'\n", "Unexpected EOF at line: 2", 2, 1);
}

TEST_CASE("multi-line strings are raw and end at the first three quotes", "[dialect]") {
    CHECK(flat_pairs("a = \"\"\"\nline1\nline2\n\"\"\"\n") == Pairs{{"a", "line1\nline2\n"}});
    CHECK(flat_pairs("a = '''\n\\d+\n'''\n") == Pairs{{"a", "\\d+\n"}});
    CHECK(flat_pairs("a = \"\"\"a\\\"\"\"\n") == Pairs{{"a", "a\\"}});
    CHECK(flat_pairs("a = ''''''\n") == Pairs{{"a", ""}});
    // A CR before the first line break hides it from the trimming.
    CHECK(flat_pairs("a = \"\"\"\r\nabc\r\n\"\"\"\r\n") == Pairs{{"a", "\nabc\n"}});
    CHECK(flat_pairs("a = \"\"\"\nx\ry\n\"\"\"\n") == Pairs{{"a", "xy\n"}});
    check_error("a = \"\"\"a\"\"\"\"\n", "Expected ['\\n'] but found '\"' in value at line 1.", 1,
                12);
    check_error("a = \"\"\"\nabc\n", "Unexpected EOF at line: 3", 3, 1);
}

TEST_CASE("bare scalars are kept as written", "[dialect]") {
    CHECK(flat_pairs("a = true\nb = 8080\nc = -inf\nd = +5\ne = 192.168.0.1\nf = é\n") ==
          Pairs{{"a", "true"},
                {"b", "8080"},
                {"c", "-inf"},
                {"d", "+5"},
                {"e", "192.168.0.1"},
                {"f", "é"}});
    check_error("a = 1_000\n", "Expected ['\\n'] but found '_' in value at line 1.", 1, 6);
    check_error("a = 1979-05-27T07:32:00Z\n", "Expected ['\\n'] but found ':' in value at line 1.",
                1, 18);
    check_error("a = !VAR\n", "Expected ['\\n'] but found '!' in value at line 1.", 1, 5);
}

TEST_CASE("only a comment may follow a value on its line", "[dialect]") {
    check_error("a = \"abc\" x\n", "Expected ['\\n'] but found 'x' in value at line 1.", 1, 11);
    check_error("a = true false\n", "Expected ['\\n'] but found 'f' in value at line 1.", 1, 10);
    check_error("a =\n", "Unexpected end of line at line: 1", 1, 4);
    check_error("a =\n[1]\n", "Unexpected end of line at line: 1", 1, 4);
}

TEST_CASE("inline tables, sets and empty arrays", "[dialect]") {
    CHECK(flat_pairs("a = {b = 1, c = \"x\"}\n") == Pairs{{"a.b", "1"}, {"a.c", "x"}});
    CHECK(flat_pairs("x = {1, 2}\n") == Pairs{{"x.1", ""}, {"x.2", ""}});
    CHECK(flat_pairs("x = {a, \"b c\", 3}\n") == Pairs{{"x.3", ""}, {"x.a", ""}, {"x.b c", ""}});
    CHECK(flat_pairs("a = []\n") == Pairs{});
    CHECK(flat_pairs("a = {\n b = 1,\n c = 2 }\n") == Pairs{{"a.b", "1"}, {"a.c", "2"}});
    check_error("a = {}\n", "Empty key at line: 1", 1, 6);
    check_error("a = {,}\n", "Empty key at line: 1", 1, 6);
    check_error("a = { = 1}\n", "Empty key at line: 1", 1, 7);
}

// ---- §2.5 arrays ------------------------------------------------------------------------------

TEST_CASE("array elements get four-digit index keys", "[dialect]") {
    CHECK(flat_pairs("ports = [8000, 8001]\n") ==
          Pairs{{"ports.0000", "8000"}, {"ports.0001", "8001"}});
    CHECK(flat_pairs("d = [[\"a\",\"b\"],[3.14]]\n") ==
          Pairs{{"d.0000.0000", "a"}, {"d.0000.0001", "b"}, {"d.0001.0000", "3.14"}});
    CHECK(flat_pairs("c = [\"x\", {name = \"n\", url = \"u\"}]\n") ==
          Pairs{{"c.0000", "x"}, {"c.0001.name", "n"}, {"c.0001.url", "u"}});
    CHECK(flat_pairs("a = [1, 2, ]\n") == Pairs{{"a.0000", "1"}, {"a.0001", "2"}});
    CHECK(flat_pairs("a = [1,,2]\n") == Pairs{{"a.0000", "1"}, {"a.0002", "2"}});
    CHECK(flat_pairs("a = [ # c\n 1, # d\n\n 2 # e\n]\n") ==
          Pairs{{"a.0000", "1"}, {"a.0001", "2"}});
}

TEST_CASE("indexes past 9999 grow to five digits", "[dialect]") {
    std::string text = "a = [";
    for (int i = 0; i < 10001; ++i)
        text += "1,";
    text += "]\n";
    FlatConfig config = load_ok(text);
    CHECK(config.size() == 10001);
    CHECK(config.value("a.10000") == "1");
    CHECK(config.value("a.9999") == "1");
    CHECK(config.value("a.09999") == std::nullopt);
}

TEST_CASE("nine nested levels are accepted, ten are not", "[dialect]") {
    CHECK(flat_pairs("a = [[[[[[[[[1]]]]]]]]]\n") ==
          Pairs{{"a.0000.0000.0000.0000.0000.0000.0000.0000.0000", "1"}});
    check_error("a = [[[[[[[[[[1]]]]]]]]]]\n", "Too many nested structures at line 1.", 1, 14);
    check_error("a = [[[[[[[[[[]]]]]]]]]]\n", "Too many nested structures at line 1.", 1, 14);
    check_error("a = [{b = [{c = [{d = [{e = [{f = 1}]}]}]}]}]\n",
                "Too many nested structures at line 1.", 1, 30);
    check_error("a = [\n[\n[\n[\n[\n[\n[\n[\n[\n[\n1]]]]]]]]]]\n",
                "Too many nested structures at line 11.", 10, 1);
}

TEST_CASE("missing commas between elements", "[dialect]") {
    check_error("a = [1 2]\n", "Expected [',', ']'] but found '2' in value at line 1.", 1, 8);
    check_error("a = {b = 1 c = 2}\n", "Expected [',', '}'] but found 'c' in value at line 1.", 1,
                12);
    check_error("a = [1, 2\n", "Unexpected EOF at line: 2", 2, 1);
}

TEST_CASE("arrays of tables count only while the same name repeats", "[dialect]") {
    CHECK(flat_pairs("[[a]]\nx = 1\n[b]\ny = 1\n[[a]]\nx = 2\n") ==
          Pairs{{"a.0000.x", "1"}, {"a.0001.x", "2"}, {"b.y", "1"}});
    CHECK(flat_pairs("[[a]]\nx = 1\n[[a.sub]]\ny = 1\n[[a]]\nz = 1\n") ==
          Pairs{{"a.0000.x", "1"}, {"a.0000.z", "1"}, {"a.sub.0000.y", "1"}});
    CHECK(flat_pairs("[[p]]\nn = 1\n[[p]]\n[[p]]\nn = 3\n") ==
          Pairs{{"p.0000.n", "1"}, {"p.0002.n", "3"}});
    CHECK(flat_pairs("[[a]]\n[a.sub]\nk = 1\n") == Pairs{{"a.sub.k", "1"}});
    CHECK(flat_pairs("[[a]x]\nk = 1\n") == Pairs{{"a.0000x.k", "1"}});
    CHECK(flat_pairs("[ [a]]\nk = 1\n") == Pairs{{"a.0000.k", "1"}});
    check_error("[[a]]\nx = 1\n[[b]]\ny = 1\n[[a]]\nx = 2\n",
                "Duplicate key \"a.0000.x\" at line 6.", 6, 1);
}

// ---- §2.6 duplicates --------------------------------------------------------------------------

TEST_CASE("duplicate keys are reported at the second definition", "[dialect]") {
    check_error("[a]\nb = 1\n\n[x]\n[a]\n  b = 2\n", "Duplicate key \"a.b\" at line 6.", 6, 3);
    check_error("a.b = 1\n[a]\nb = \"\"\"\nx\n\"\"\"\n", "Duplicate key \"a.b\" at line 5.", 3, 1);
    check_error("a b = 1\nab = 2\n", "Duplicate key \"ab\" at line 2.", 2, 1);
    check_error("x = {a, a}\n", "Duplicate key \"x.a\" at line 1.", 1, 9);
    // Stalwart stops at the duplicate, before a later syntax error.
    check_error("a = 1\na = 2\n%%%\n", "Duplicate key \"a\" at line 2.", 2, 1);
    LoadResult result = load_error("a = 1\n\na = 2\n");
    CHECK(result.diagnostics.front().help.find("first defined at line 1, column 1") !=
          std::string::npos);
}

TEST_CASE("headers that differ only in their first character do not collide", "[dialect]") {
    CHECK(flat_pairs("[a]\nb = 1\n[A]\nb = 2\n") == Pairs{{"A.b", "2"}, {"a.b", "1"}});
    check_error("[aB]\nk = 1\n[ab]\nk = 2\n", "Duplicate key \"ab.k\" at line 4.", 4, 1);
    check_error("a.b = 2\n[a]\nb = 1\n", "Duplicate key \"a.b\" at line 3.", 3, 1);
}

// ---- §2.9 further behaviours ------------------------------------------------------------------

TEST_CASE("inline table details", "[dialect]") {
    CHECK(flat_pairs("a = {b = }\n") == Pairs{});
    CHECK(flat_pairs("a = {b =\n 1}\n") == Pairs{{"a.b", "1"}});
    CHECK(flat_pairs("a = { b = 1, # after comma\n c = 2 }\n") ==
          Pairs{{"a.b", "1"}, {"a.c", "2"}});
    check_error("a = {b = 1,}\n", "Empty key at line: 1", 1, 12);
    check_error("a = { # first\n b = 1 }\n", "Unexpected character '#' found in key at line 1.", 1,
                7);
    check_error("a = {\nx,\ny\n}\n", "Unexpected end of line while parsing key \"a.y\" at line: 3",
                3, 2);
}

TEST_CASE("invalid UTF-8 rejects the file at the first bad byte", "[dialect]") {
    LoadResult result = load_error("a = 1\nb = \"é\xFF\"\n");
    const Diagnostic& d = result.diagnostics.front();
    CHECK(result.stalwart_message == "stream did not contain valid UTF-8");
    CHECK(d.code == "config.invalid-utf8");
    CHECK(d.line == 2);
    CHECK(d.column == 7);  // characters, not bytes: `b = "é` is six characters
    CHECK(load_error("a = \"\xC0\xAF\"\n").diagnostics.front().column == 6);      // overlong
    CHECK(load_error("a = \"\xED\xA0\x80\"\n").diagnostics.front().column == 6);  // surrogate
    CHECK(load_error("a = \"\xF4\x90\x80\x80\"\n").diagnostics.front().column == 6);
    CHECK(load_error("a = \"\xE2\x82").diagnostics.front().column == 6);  // truncated
}

TEST_CASE("error columns count characters, not bytes", "[dialect]") {
    check_error("a = \"日本\" x\n", "Expected ['\\n'] but found 'x' in value at line 1.", 1, 10);
    LoadResult result = load_error("a = \"日本\" x\n");
    CHECK(result.diagnostics.front().end_column == 11);
}
