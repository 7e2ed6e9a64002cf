#include <catch2/catch.hpp>

#include "httpconf/loader.hpp"
#include "server/settings_store.hpp"

using httpctl::conf::load_config;
using namespace httpctl::server;

namespace {

httpctl::conf::FlatConfig load(const std::string& text) {
    auto loaded = load_config(text, "test.toml");
    REQUIRE(loaded.ok());
    return *loaded.config;
}

std::vector<SettingsChange> changes(const std::string& body, bool head = false) {
    std::string error;
    auto parsed = parse_settings_changes(body, head, error);
    INFO(error);
    REQUIRE(parsed);
    return *parsed;
}

}  // namespace

TEST_CASE("settings changes parse with 0.8 tags and are refused with a message otherwise",
          "[settings]") {
    const auto parsed =
        changes(R"([{"type":"Delete","keys":["a","b"]},{"type":"Clear","prefix":"x."},
        {"type":"Insert","prefix":null,"values":[["k","v"]],"assert_empty":false},
        {"type":"Insert","prefix":"p","values":[],"assert_empty":true}])");
    REQUIRE(parsed.size() == 4);
    CHECK(parsed[0].kind == SettingsChange::Kind::Delete);
    CHECK(parsed[0].keys == std::vector<std::string>{"a", "b"});
    CHECK(parsed[1].prefix == std::optional<std::string>("x."));
    CHECK_FALSE(parsed[2].prefix);
    CHECK(parsed[3].prefix == std::optional<std::string>("p"));
    CHECK(parsed[3].assert_empty);
    CHECK(changes(R"([{"type":"delete","keys":[]}])", true).size() == 1);

    std::string error;
    for (const char* bad :
         {"", "{", "{}", "[1]", R"([{"keys":[]}])", R"([{"type":"delete","keys":[]}])",
          R"([{"type":"Delete","keys":[1]}])", R"([{"type":"Clear"}])",
          R"([{"type":"Insert","values":[["k"]],"assert_empty":false}])",
          R"([{"type":"Insert","values":[]}])"}) {
        INFO(bad);
        error.clear();
        CHECK_FALSE(parse_settings_changes(bad, false, error));
        CHECK_FALSE(error.empty());
    }
}

TEST_CASE("changes apply in order; assert_empty guards a prefix or the first key", "[settings]") {
    SettingsMap map{{"a.x", "1"}, {"a.y", "2"}, {"b", "3"}, {"c.1", "4"}};
    CHECK(apply_settings_changes(
        map, changes(R"([{"type":"Delete","keys":["b","missing"]},{"type":"Clear","prefix":"a."},
            {"type":"Insert","prefix":"n","values":[["k","v"],["l","w"]],"assert_empty":true}])")));
    CHECK(map == SettingsMap{{"c.1", "4"}, {"n.k", "v"}, {"n.l", "w"}});

    SettingsMap guarded{{"c.1", "4"}};
    CHECK_FALSE(apply_settings_changes(
        guarded,
        changes(R"([{"type":"Insert","prefix":"c","values":[["2","x"]],"assert_empty":true}])")));
    CHECK_FALSE(apply_settings_changes(
        guarded, changes(R"([{"type":"Insert","values":[["c.1","x"]],"assert_empty":true}])")));
    CHECK(apply_settings_changes(
        guarded, changes(R"([{"type":"Insert","values":[["c.1","x"]],"assert_empty":false}])")));
    CHECK(guarded.at("c.1") == "x");
}

TEST_CASE("the overlay records what differs from the file and reproduces the effective map",
          "[settings]") {
    const auto file = load("a = 1\nb = \"two\"\nc = 3\n");
    const SettingsMap effective{{"a", "1"}, {"b", "changed"}, {"d", "new"}};
    const SettingsOverlay overlay = overlay_between(file, effective);
    CHECK(overlay.set == SettingsMap{{"b", "changed"}, {"d", "new"}});
    CHECK(overlay.deleted.size() == 1);
    CHECK(overlay.deleted.contains("c"));
    CHECK(apply_overlay(file, overlay) == effective);

    std::string error;
    const auto reparsed = parse_overlay(serialize_overlay(overlay), error);
    REQUIRE(reparsed);
    CHECK(*reparsed == overlay);
    CHECK_FALSE(parse_overlay("[]", error));
    CHECK_FALSE(parse_overlay(R"({"set":{"a":1},"deleted":[]})", error));
    CHECK_FALSE(parse_overlay("{\"set\":{},\"deleted\":[", error));
}

TEST_CASE("rendered settings load back to the same map, whatever the values hold", "[settings]") {
    const SettingsMap settings{
        {"server.http.url", "'https://' + key_get('default', 'hostname')"},
        {"bool", "true"},
        {"number", "-4.5"},
        {"quote", "say \"hi\""},
        {"backslash", "C:\\"},
        {"newline", "line1\nline2"},
        {"leading-newline", "\nx"},
        {"single-quote-end", "it's'"},
        {"empty", ""},
        {"key with space", "v"},
        {"unicode", "é €"},
    };
    const std::string text = render_flat_settings(settings);
    CHECK(text.find("bool = true\n") != std::string::npos);
    CHECK(text.find("number = -4.5\n") != std::string::npos);
    auto loaded = load_config(text, "rendered.toml");
    INFO(text);
    REQUIRE(loaded.ok());
    SettingsMap back;
    for (const auto& entry : loaded.config->entries())
        back.emplace(entry.key, entry.value);
    CHECK(back == settings);
}
