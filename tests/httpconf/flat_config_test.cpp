// The views of spec http.md §2.7 and the source locations kept for every key and value.
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "expr/lookup.hpp"
#include "httpconf/flat_config.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("value() reads one exact key", "[flat-config]") {
    FlatConfig config = load_ok("[server.http]\nurl = \"'https://x'\"\nhsts = true\n");
    CHECK(config.value("server.http.url") == "'https://x'");
    CHECK(config.value("server.http") == std::nullopt);
    CHECK(config.value("server.http.hsts") == "true");
    CHECK(config.find("missing") == nullptr);
}

TEST_CASE("values() returns the key and its dotted sub-keys in order", "[flat-config]") {
    FlatConfig single = load_ok("headers = \"X: 1\"\nheaders-x = 2\n");
    std::vector<KeyValueView> one = single.values("headers");
    REQUIRE(one.size() == 1);
    CHECK(one[0].value == "X: 1");

    FlatConfig list = load_ok("headers = [\"X: 1\", \"Y: 2\"]\nheaders-x = 0\nheadersz = 1\n");
    std::vector<KeyValueView> many = list.values("headers");
    REQUIRE(many.size() == 2);
    CHECK(many[0].key == "headers.0000");
    CHECK(many[1].value == "Y: 2");
}

TEST_CASE("sub_keys() lists ids between a prefix and a suffix", "[flat-config]") {
    FlatConfig config = load_ok(
        "[server.listener.http]\nprotocol = \"http\"\nbind = \"[::]:80\"\n"
        "[server.listener.\"my.id\"]\nprotocol = \"http\"\n"
        "[server.listener.imap]\nbind = 1\n");
    CHECK(config.sub_keys("server.listener", ".protocol") ==
          std::vector<std::string_view>{"http", "my.id"});
    CHECK(config.sub_keys("server.listener", "") ==
          std::vector<std::string_view>{"http", "imap", "my"});
    CHECK(config.sub_keys("server.nothing", "").empty());
}

TEST_CASE("sub_keys() drops only repeats that follow each other, as Stalwart", "[flat-config]") {
    // "a.b" < "a.b-x" < "a.b.c": the id "b" comes back after "b-x".
    FlatConfig config = load_ok("a.b = 1\na.b-x = 2\na.b.c = 3\n");
    CHECK(config.sub_keys("a", "") == std::vector<std::string_view>{"b", "b-x", "b"});
}

TEST_CASE("keys sort byte-wise", "[flat-config]") {
    FlatConfig config = load_ok("b = 1\n\"é\" = 2\nB = 3\na-b = 4\na.b = 5\n");
    std::vector<std::string> keys;
    for (const ConfigEntry& e : config.entries())
        keys.push_back(e.key);
    CHECK(keys == std::vector<std::string>{"B", "a-b", "a.b", "b", "é"});
}

TEST_CASE("every key and value keeps where it was written", "[flat-config]") {
    FlatConfig config = load_ok("# c\n[t]\n  \"ké\" = \"vé\" # x\nlist = [1,\n  22]\n");
    const ConfigEntry* entry = config.find("t.ké");
    REQUIRE(entry != nullptr);
    SourceLocation key = config.key_location(*entry);
    CHECK(key.file == "test.toml");
    CHECK((key.line == 3 && key.column == 3 && key.end_line == 3 && key.end_column == 7));
    SourceLocation value = config.value_location(*entry);
    CHECK((value.line == 3 && value.column == 10 && value.end_column == 14));

    const ConfigEntry* second = config.find("t.list.0001");
    REQUIRE(second != nullptr);
    CHECK(config.key_location(*second).line == 4);
    SourceLocation element = config.value_location(*second);
    CHECK((element.line == 5 && element.column == 3 && element.end_column == 5));
    CHECK(config.source().line_text(3) == "  \"ké\" = \"vé\" # x");
}

TEST_CASE("a FlatConfig serves config_get() as a SettingsSource", "[flat-config]") {
    FlatConfig config = load_ok("server.hostname = \"mx.example.org\"\n");
    const httpctl::expr::SettingsSource& settings = config;
    CHECK(settings.setting("server.hostname") == "mx.example.org");
    CHECK(settings.setting("nope") == std::nullopt);
}

TEST_CASE("a loaded FlatConfig can be read from many threads", "[flat-config]") {
    std::string text;
    for (int i = 0; i < 2000; ++i)
        text += "k" + std::to_string(i) + " = " + std::to_string(i) + "\n";
    const FlatConfig config = load_ok(text);
    std::vector<std::thread> readers;
    std::vector<int> found(4, 0);
    for (int t = 0; t < 4; ++t) {
        readers.emplace_back([&config, &found, t] {
            for (int i = 0; i < 2000; ++i) {
                if (config.value("k" + std::to_string(i)) == std::to_string(i)) ++found[t];
                (void)config.location_of(config.find("k" + std::to_string(i))->value_span);
            }
        });
    }
    for (std::thread& reader : readers)
        reader.join();
    CHECK(found == std::vector<int>(4, 2000));
}
