#include <catch2/catch.hpp>

#include <fstream>

#include "server/settings_store.hpp"
#include "support/process.hpp"
#include "temp_dir.hpp"

using namespace httpctl::server;
using httpctl::test::TempDir;
namespace fs = std::filesystem;

namespace {

const char* kConfig =
    "[server.http]\nurl = \"'https://mail.example.org'\"\n\n"
    "[server.listener.http]\nbind = \"127.0.0.1:8080\"\nprotocol = \"http\"\n\n"
    "[lookup.default]\nhostname = \"mail.example.org\"\n";

struct Fixture {
    TempDir dir;
    fs::path config = dir.path() / "config.toml";
    std::unique_ptr<SettingsStore> store;

    Fixture() {
        std::ofstream(config) << kConfig;
        reopen();
    }
    void reopen() {
        std::string error;
        store = SettingsStore::open(config, {}, error);
        INFO(error);
        REQUIRE(store);
    }
    SettingsUpdate update(const std::string& body) {
        std::string error;
        auto changes = parse_settings_changes(body, false, error);
        INFO(error);
        REQUIRE(changes);
        return store->update(*changes);
    }
};

}  // namespace

TEST_CASE("an accepted change is persisted as an overlay and survives reopening", "[settings]") {
    Fixture f;
    const SettingsUpdate applied = f.update(
        R"([{"type":"Insert","prefix":"server.http","values":[["hsts","true"]],"assert_empty":false},
            {"type":"Delete","keys":["lookup.default.hostname"]}])");
    INFO(applied.details);
    REQUIRE(applied.status == SettingsUpdate::Status::Applied);
    REQUIRE(applied.report);
    REQUIRE(applied.report->settings);
    CHECK(applied.report->settings->hsts);
    CHECK(fs::exists(SettingsStore::overlay_path_for(f.config)));

    f.reopen();
    const SettingsOverlay overlay = f.store->overlay();
    CHECK(overlay.set == SettingsMap{{"server.http.hsts", "true"}});
    CHECK(overlay.deleted.contains("lookup.default.hostname"));
    const auto text = f.store->effective_text(kConfig);
    REQUIRE(text);
    CHECK(text->find("server.http.hsts = true\n") != std::string::npos);
    CHECK(text->find("lookup.default.hostname") == std::string::npos);
    // The configuration file itself is untouched.
    CHECK(httpctl::test::read_binary_file(f.config.string()) == kConfig);
}

TEST_CASE("without an overlay the file's own text is served", "[settings]") {
    Fixture f;
    CHECK(f.store->effective_text(kConfig) == std::optional<std::string>(kConfig));
    CHECK_FALSE(fs::exists(SettingsStore::overlay_path_for(f.config)));
}

TEST_CASE("an invalid server.http.url is refused with its diagnostic and nothing is written",
          "[settings]") {
    Fixture f;
    const SettingsUpdate refused = f.update(
        R"([{"type":"Insert","prefix":null,"values":[["server.http.url","https://bare.example"]],"assert_empty":false}])");
    CHECK(refused.status == SettingsUpdate::Status::Rejected);
    CHECK(refused.details.find("server.http.url") != std::string::npos);
    CHECK_FALSE(refused.report);
    CHECK(f.store->overlay().empty());
    CHECK_FALSE(fs::exists(SettingsStore::overlay_path_for(f.config)));
}

TEST_CASE("assert_empty failures change nothing", "[settings]") {
    Fixture f;
    const SettingsUpdate failed = f.update(
        R"([{"type":"Insert","prefix":"x","values":[["a","1"]],"assert_empty":false},
            {"type":"Insert","prefix":"server.http","values":[["hsts","true"]],"assert_empty":true}])");
    CHECK(failed.status == SettingsUpdate::Status::AssertFailed);
    CHECK(f.store->overlay().empty());
}

TEST_CASE("a settings file that is not an overlay is reported, not ignored", "[settings]") {
    TempDir dir;
    const fs::path config = dir.path() / "c.toml";
    std::ofstream(config) << kConfig;
    std::ofstream(SettingsStore::overlay_path_for(config)) << "{\"set\": 1}";
    std::string error;
    CHECK_FALSE(SettingsStore::open(config, {}, error));
    CHECK(error.find("c.toml.settings.json") != std::string::npos);
}
