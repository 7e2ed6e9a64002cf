// Rule toml-portability: Stalwart's reading against standard TOML (toml11).
#include <catch2/catch.hpp>

#include "lint_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

std::vector<Diagnostic> portability(const std::string& text) {
    return findings_of(lint_text(text), "toml-portability");
}

}  // namespace

TEST_CASE("toml-portability: a single-quoted string with a backslash", "[lint][portability]") {
    // spec http.md §2.4: Stalwart processes escapes in '...' strings, TOML does not.
    const auto found = portability("[store.fs]\npath = 'C:\\temp'\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message ==
          "Stalwart reads store.fs.path = \"C:\\temp\", standard TOML reads "
          "\"C:\\\\temp\"");
    CHECK(found[0].line == 2);
    CHECK(found[0].column == 8);
    CHECK(found[0].end_column == 17);
    CHECK(portability("[store.fs]\npath = '''C:\\temp'''\n").empty());
    CHECK(portability("[store.fs]\npath = \"C:\\\\data\"\n").empty());
    // spec http.md §2.9: after an escaped backslash the next byte is an escape again, so even
    // the doubled backslash of "C:\\temp" gives a TAB in Stalwart.
    const auto doubled = portability("[store.fs]\npath = \"C:\\\\temp\"\n");
    REQUIRE(doubled.size() == 1);
    CHECK(doubled[0].message ==
          "Stalwart reads store.fs.path = \"C:\\\\\\temp\", standard TOML "
          "reads \"C:\\\\temp\"");
}

TEST_CASE("toml-portability: \\u escapes and table header case", "[lint][portability]") {
    const auto escape = portability("a = \"caf\\u00e9\"\n");
    REQUIRE(escape.size() == 1);
    CHECK(escape[0].message.find("\"cafu00e9\"") != std::string::npos);

    const auto header = portability("[Server.HTTP]\nhsts = true\n");
    REQUIRE(header.size() == 1);
    CHECK(header[0].message ==
          "Stalwart reads the key Server.http.hsts, standard TOML reads Server.HTTP.hsts");
    CHECK(header[0].line == 2);
}

TEST_CASE("toml-portability: keys only one reading has", "[lint][portability]") {
    // `[[a]] [[b]] [[a]]`: Stalwart restarts a's numbering (spec http.md §2.5) — here with
    // distinct sub-keys, so it loads, as a.0000.x and a.0000.y; TOML has a.0000.x, a.0001.y.
    const auto found = portability("[[a]]\nx = 1\n[[b]]\nz = 1\n[[a]]\ny = 2\n");
    INFO(describe_findings(found));
    REQUIRE(found.size() == 2);
    CHECK(found[0].message == "Stalwart reads a.0000.y = \"2\", standard TOML has no such key");
    CHECK(found[0].line == 6);
    CHECK(found[1].message == "standard TOML reads a.0001.y = 2, Stalwart has no such key");
    CHECK(found[1].line == 6);
    CHECK(found[1].column == 5);
}

TEST_CASE("toml-portability: numbers and booleans mean the same", "[lint][portability]") {
    const auto found = portability(
        "a = 8080\nb = +5\nc = 3.14\nd = 1e5\ne = true\nf = -4\ng = [1, 2]\n"
        "h = { x = 1, y = \"s\" }\ni = \"\"\"\nline\n\"\"\"\nj = 2024-05-27\n");
    INFO(describe_findings(found));
    CHECK(found.empty());
    // 0x10 is 16 in TOML, an invalid integer to Stalwart's readers.
    CHECK(portability("a = 0x10\n").size() == 1);
}

TEST_CASE("toml-portability: a file standard TOML rejects is one finding", "[lint][portability]") {
    // A bare IP address value: Stalwart keeps the text, TOML has no such value (spec §2.4).
    const auto found = portability("[server]\nallowed = 192.168.0.1\n[a]\nb = 1\n[a]\nc = 2\n");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.starts_with("standard TOML rejects this file, which Stalwart reads: "));
    CHECK(found[0].line == 2);
    CHECK(found[0].column == 18);

    const auto twice = portability("[a]\nb = 1\n[a]\nc = 2\n");  // tables defined twice
    REQUIRE(twice.size() == 1);
    CHECK(twice[0].line == 3);
}

TEST_CASE("toml-portability compares the file as written, before macros", "[lint][portability]") {
    CHECK(portability("[store.fs]\npath = \"%{env:STALWART_PATH}%/data\"\n").empty());
}
