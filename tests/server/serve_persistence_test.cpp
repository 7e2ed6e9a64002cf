// Crash safety of `serve` itself: a client bursts uploads and settings changes at the real
// binary, which is killed with SIGKILL mid-burst; after a restart on the same --data-dir and
// configuration every acknowledged upload downloads byte-identical, every acknowledged setting is
// there, and no temporary or half-written file is left.
#include <signal.h>

#include <array>
#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::admin_auth;
using httpctl::test::json_body;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::sha256_hex;
using httpctl::test::TempDir;
using httpctl::test::user_auth;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string blob_bytes(int round, int index) {
    // Large enough that the kill often lands inside a write.
    return "round " + std::to_string(round) + " blob " + std::to_string(index) + " " +
           std::string(48 * 1024 + static_cast<std::size_t>(index) * 7,
                       static_cast<char>('a' + index % 26));
}

struct Acknowledged {
    std::mutex mutex;
    std::map<std::string, std::string> blobs;     // blobId → bytes
    std::map<std::string, std::string> settings;  // key → value
    std::atomic<int> count{0};
};

// Writes until the server stops answering; records only what the server confirmed.
void burst(const std::string& origin, const std::string& account, int round,
           Acknowledged& acknowledged) {
    for (int i = 0;; ++i) {
        const std::string bytes = blob_bytes(round, i);
        const auto uploaded = send(origin, "POST", "/jmap/upload/" + account + "/", user_auth(),
                                   bytes, "application/octet-stream");
        if (!uploaded || uploaded->status != 200) return;
        const Json blob = json_body(uploaded);
        {
            const std::lock_guard lock(acknowledged.mutex);
            acknowledged.blobs[blob["blobId"].get<std::string>()] = bytes;
        }
        ++acknowledged.count;

        const std::string key = "custom.r" + std::to_string(round) + ".k" + std::to_string(i);
        const std::string value = "value " + std::to_string(i) + " \"quoted\"";
        const Json change = Json::array({{{"type", "Insert"},
                                          {"prefix", nullptr},
                                          {"values", Json::array({Json::array({key, value})})},
                                          {"assert_empty", false}}});
        const auto changed = send(origin, "POST", "/api/settings", admin_auth(), change.dump());
        if (!changed || changed->status != 200 ||
            json_body(changed) != Json::parse(R"({"data":null})")) {
            return;
        }
        {
            const std::lock_guard lock(acknowledged.mutex);
            acknowledged.settings[key] = value;
        }
        ++acknowledged.count;
    }
}

std::vector<std::string> leftovers(const fs::path& directory, const std::string& prefix) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(directory, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with(prefix)) names.push_back(name);
    }
    return names;
}

}  // namespace

TEST_CASE(
    "serve: SIGKILL during a burst of uploads and settings changes loses no acknowledged "
    "write and leaves nothing half-written",
    "[serve][persistence]") {
    TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    const fs::path data = dir.path() / "data";
    httpctl::test::write_text_file(config, httpctl::test::accounts_config_08());
    const std::vector<std::string> arguments = {"--config",    config.string(), "--data-dir",
                                                data.string(), "--log-format",  "off"};
    Acknowledged acknowledged;

    for (int round = 0; round < 3; ++round) {
        ServeProcess serve(arguments);
        REQUIRE_FALSE(serve.wait_ready().empty());
        const std::string origin = httpctl::test::origin_of(serve.port("web"));
        const std::string account =
            httpctl::test::account_of(httpctl::test::session_of(origin, user_auth()));
        const int before = acknowledged.count.load();
        std::atomic<bool> writer_done{false};
        std::thread writer([&] {
            burst(origin, account, round, acknowledged);
            writer_done = true;
        });
        // Kill once some writes of this round were confirmed: the next one is in flight.
        while (acknowledged.count.load() < before + 10 + round * 7 && !writer_done) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const bool stopped_early = writer_done;
        serve.send_signal(SIGKILL);
        writer.join();
        REQUIRE_FALSE(stopped_early);  // the server refused a write before it was killed
        CHECK(serve.wait_exit() == -1);
    }

    // Restart on the same directory and configuration: the overlay file parses (serve starts)
    // and interrupted temporaries are cleaned up.
    ServeProcess serve(arguments);
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::string origin = httpctl::test::origin_of(serve.port("web"));
    const std::string account =
        httpctl::test::account_of(httpctl::test::session_of(origin, user_auth()));
    REQUIRE(acknowledged.blobs.size() >= 20);
    for (const auto& [blob_id, bytes] : acknowledged.blobs) {
        const auto downloaded =
            send(origin, "GET", "/jmap/download/" + account + "/" + blob_id + "/b", user_auth());
        REQUIRE(downloaded);
        CHECK(downloaded->status == 200);
        CHECK(downloaded->body == bytes);
    }
    const Json stored =
        json_body(send(origin, "GET", "/api/settings/list?prefix=custom.", admin_auth()));
    for (const auto& [key, value] : acknowledged.settings) {
        INFO(key);
        CHECK(stored["data"]["items"][key.substr(7)] == value);
    }
    CHECK(leftovers(data / "blob-store" / "tmp", "").empty());
    CHECK(leftovers(dir.path(), "config.toml.settings.json.").empty());
    // Every stored blob file is whole, acknowledged or not: its bytes hash to its name.
    std::size_t blob_files = 0;
    for (const auto& entry : fs::directory_iterator(data / "blob-store" / "blobs")) {
        ++blob_files;
        CHECK(sha256_hex(httpctl::test::read_text_file(entry.path())) ==
              entry.path().filename().string());
    }
    CHECK(blob_files >= acknowledged.blobs.size());
}
