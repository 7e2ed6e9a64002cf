// `stalwart-httpctl serve` end to end: maxConcurrentUpload (spec http.md §6.1
// `jmap.protocol.upload.max-concurrent`, §12 core limits). Like Stalwart, the count covers the
// storing of an upload, after its body has arrived: uploads whose bodies are still on the wire do
// not hold a slot, and a limit of 0 admits none (every upload is the RFC 8620 `limit` problem).
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::json_body;
using httpctl::test::RawConnection;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::TempDir;
using httpctl::test::user_auth;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string config_with_limit(int max_concurrent) {
    return httpctl::test::accounts_config_08(
        "[jmap.protocol.upload]\nmax-concurrent = " + std::to_string(max_concurrent) + "\n");
}

// Waits until standard error holds `part` (the test fails on the content, not on time).
bool wait_for_log(const ServeProcess& serve, const std::string& part) {
    for (int i = 0; i < 3000; ++i) {
        if (serve.stderr_text().find(part) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace

TEST_CASE("serve JMAP: maxConcurrentUpload counts uploads being stored, as Stalwart does",
          "[serve][jmap][upload-limit]") {
    TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    httpctl::test::write_text_file(config, config_with_limit(2));
    ServeProcess serve({"--config", config.string(), "--data-dir", (dir.path() / "data").string(),
                        "--log-format", "off"});
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::uint16_t port = serve.port("web");
    const std::string origin = httpctl::test::origin_of(port);
    const auto session = send(origin, "GET", "/.well-known/jmap", user_auth());
    REQUIRE(session);
    REQUIRE(session->status == 200);
    const Json session_body = json_body(session);
    CHECK(session_body["capabilities"]["urn:ietf:params:jmap:core"]["maxConcurrentUpload"] == 2);
    const std::string account = httpctl::test::account_of(session_body);
    const std::string target = "/jmap/upload/" + account + "/";
    const std::string authorization = user_auth().find("Authorization")->second;

    // Two uploads (the limit) and one more, held open with part of their bodies sent.
    const std::string body = "0123456789";
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawConnection>("127.0.0.1", port));
        REQUIRE(held.back()->connected());
        REQUIRE(held.back()->send_text(
            "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
            "Authorization: " + authorization + "\r\nContent-Type: text/plain\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body.substr(0, 3)));
    }
    // A body still on the wire holds no slot: another upload is stored meanwhile.
    const auto meanwhile = send(origin, "POST", target, user_auth(), "meanwhile", "text/plain");
    REQUIRE(meanwhile);
    CHECK(meanwhile->status == 200);
    CHECK(json_body(meanwhile)["size"] == 9);
    // The held uploads complete, each stored in turn.
    for (auto& connection : held) {
        REQUIRE(connection->send_text(body.substr(3)));
        const std::string answer = connection->receive_all();
        CHECK(httpctl::test::status_of(answer) == 200);
        CHECK(answer.find("\"size\":10") != std::string::npos);
    }

    // A limit of 0 admits no upload: the RFC 8620 limit problem naming maxConcurrentUpload.
    httpctl::test::write_text_file(config, config_with_limit(0));
    serve.send_signal(SIGHUP);
    REQUIRE(wait_for_log(serve, "configuration reloaded (SIGHUP, generation 1)"));
    const auto refused = send(origin, "POST", target, user_auth(), body, "text/plain");
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK(refused->get_header_value("Content-Type") == "application/problem+json");
    const Json problem = json_body(refused);
    CHECK(problem["type"] == "urn:ietf:params:jmap:error:limit");
    CHECK(problem["limit"] == "maxConcurrentUpload");
    CHECK(problem["detail"] == "The request exceeds the maximum number of concurrent uploads.");
    // Nothing was left counted: with the limit back, uploads are stored again.
    httpctl::test::write_text_file(config, config_with_limit(1));
    serve.send_signal(SIGHUP);
    REQUIRE(wait_for_log(serve, "configuration reloaded (SIGHUP, generation 2)"));
    for (int i = 0; i < 3; ++i) {
        const auto stored = send(origin, "POST", target, user_auth(), body, "text/plain");
        REQUIRE(stored);
        CHECK(stored->status == 200);
    }

    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}
