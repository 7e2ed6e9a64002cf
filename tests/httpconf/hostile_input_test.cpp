// Input meant to break a parser must give an error or a map, never a crash, a hang or a stack
// overflow.
#include <chrono>
#include <string>

#include <catch2/catch.hpp>

#include "httpconf/loader.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("100,000 nested brackets fail at the tenth level", "[hostile]") {
    std::string text = "a = " + std::string(100000, '[') + "\n";
    LoadResult result = load_error(text);
    CHECK(result.stalwart_message == "Too many nested structures at line 1.");
    std::string braces = "a = " + std::string(100000, '{') + "\n";
    CHECK_FALSE(load_config(braces, "x").ok());
    std::string mixed = "a = ";
    for (int i = 0; i < 50000; ++i)
        mixed += "[{b=";
    CHECK_FALSE(load_config(mixed, "x").ok());
}

TEST_CASE("a 100 MB line loads", "[hostile]") {
    const std::size_t size = 100u * 1024u * 1024u;
    std::string text = "a = \"";
    text.append(size, 'x');
    text += "\"\n";
    LoadResult result = load_config(text, "big.toml");
    REQUIRE(result.ok());
    CHECK(result.config->value("a")->size() == size);

    std::string comment = "# " + std::string(size, 'c') + "\nk = 1\n";
    CHECK(load_config(comment, "c.toml").ok());

    std::string unterminated = "a = \"" + std::string(size, 'x');
    LoadResult open = load_config(unterminated, "u.toml");
    REQUIRE_FALSE(open.ok());
    CHECK(open.diagnostics.front().column == size + 6);
}

TEST_CASE("NUL bytes are ordinary characters inside strings", "[hostile]") {
    using namespace std::string_literals;
    FlatConfig config = load_ok("a = \"x\0y\"\n\"k\0\" = 1\n"s);
    CHECK(config.value("a") == "x\0y"s);
    CHECK(config.value("k\0"s) == "1");
    CHECK_FALSE(load_config("a\0 = 1\n"s, "x").ok());
    CHECK_FALSE(load_config("a = 1\0\n"s, "x").ok());
}

TEST_CASE("many keys and deep arrays of tables load", "[hostile]") {
    std::string text;
    for (int i = 0; i < 20000; ++i)
        text += "[[a]]\nx = " + std::to_string(i) + "\n";
    FlatConfig config = load_ok(text);
    CHECK(config.size() == 20000);
    CHECK(config.value("a.19999.x") == "19999");
}

TEST_CASE("every byte prefix of a valid file gives a map or an error", "[hostile]") {
    const std::string text =
        "[server.listener.\"https\"]\nbind = [\"[::]:443\", 1]\nx = {a = 'q\\'', b, c = [1,,2]}\n"
        "ml = \"\"\"\nline\n\"\"\"\n[[t]]\nk = é\n";
    for (std::size_t n = 0; n <= text.size(); ++n) {
        LoadResult result = load_config(std::string_view(text).substr(0, n), "p.toml");
        CHECK(result.ok() != !result.diagnostics.empty());
    }
}
