// `stalwart-httpctl serve` end to end: JMAP over WebSocket (RFC 8887) on the real binary with a
// third-party client (Python's `websockets`), reached the way a client finds it: through the
// session object's `urn:ietf:params:jmap:websocket` URL.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"
#include "ws_client.hpp"

using httpctl::test::ServeProcess;
using httpctl::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr const char* kWebSocket = "urn:ietf:params:jmap:websocket";

struct WsServe : httpctl::test::ConfiguredServe {
    std::string ws_url;

    // The configured port, so that the session's URLs point back at this server.
    WsServe()
        : ConfiguredServe(
              httpctl::test::accounts_config_08({}, httpctl::test::free_loopback_port()), {},
              "json") {
        const auto session = httpctl::test::session_of(origin, httpctl::test::user_auth());
        REQUIRE(session["capabilities"].contains(kWebSocket));
        CHECK(session["capabilities"][kWebSocket]["supportsPush"] == true);
        ws_url = session["capabilities"][kWebSocket]["url"].get<std::string>();
    }

    std::vector<nlohmann::ordered_json> client(const std::string& scenario,
                                               const std::string& secret) const {
        return httpctl::test::run_ws_client(scenario, ws_url, origin, "jane", secret);
    }
};

}  // namespace

TEST_CASE("serve /jmap/ws: the session's WebSocket URL, requests, errors and push",
          "[serve][jmap-ws]") {
    WsServe serve;
    CHECK(serve.ws_url == "ws" + serve.origin.substr(4) + "/jmap/ws");  // spec http.md §12

    const auto echo = serve.client("echo", httpctl::test::kUserSecret);
    REQUIRE(echo.size() == 7);
    CHECK(echo[0]["subprotocol"] == "jmap");
    CHECK(echo[1]["message"]["@type"] == "Response");
    CHECK(echo[1]["message"]["requestId"] == "r1");
    CHECK(echo[1]["message"]["methodResponses"][1][1]["again"] == "wörld");
    CHECK(echo[2]["message"]["type"] == "urn:ietf:params:jmap:error:notJSON");
    CHECK(echo[3]["message"]["requestId"] == "r2");
    CHECK(echo[6]["code"] == 1000);

    const auto push = serve.client("push", httpctl::test::kUserSecret);
    REQUIRE(push.size() == 7);
    const std::string account = push[1]["blob"]["accountId"];
    CHECK(push[2]["message"]["@type"] == "StateChange");
    CHECK(push[2]["message"]["changed"].contains(account));
    CHECK(push[5]["message"]["requestId"] == "after2");  // disabled: no StateChange in between

    const auto unauthenticated = serve.client("unauthenticated", httpctl::test::kUserSecret);
    REQUIRE(unauthenticated.size() == 1);
    CHECK(unauthenticated[0]["status"] == 401);
    const auto wrong_protocol = serve.client("wrong-protocol", httpctl::test::kUserSecret);
    REQUIRE(wrong_protocol.size() == 1);
    CHECK(wrong_protocol[0]["status"] == 400);

    // The access log has the upgrade as one 101 line.
    CHECK(serve.process->stderr_text().find("\"status\":101") != std::string::npos);
}

TEST_CASE("serve /jmap/ws: SIGTERM closes open sockets with 1001 and exits 0", "[serve][jmap-ws]") {
    WsServe serve;
    auto holder = std::async(std::launch::async,
                             [&] { return serve.client("hold", httpctl::test::kUserSecret); });
    // The socket is open once its 101 is in the access log.
    for (int i = 0; i < 2000; ++i) {
        if (serve.process->stderr_text().find("\"status\":101") != std::string::npos) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(serve.process->stderr_text().find("\"status\":101") != std::string::npos);
    serve.process->send_signal(SIGTERM);
    const auto events = holder.get();
    REQUIRE(events.size() == 2);
    CHECK(events[1]["code"] == 1001);
    CHECK(serve.process->wait_exit() == 0);
}
