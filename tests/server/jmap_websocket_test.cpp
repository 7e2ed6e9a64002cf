// JMAP over WebSocket (RFC 8887): the message logic of JmapWsSession, the `/jmap/ws` route of
// JmapService, and end to end through the real transport and router with a third-party client
// (Python's `websockets`): request round trips, request errors, push on upload, refusals, stop.
#include <catch2/catch.hpp>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "router_fixture.hpp"
#include "serve_support.hpp"
#include "server/http_server.hpp"
#include "server/jmap_routes.hpp"
#include "server/jmap_session.hpp"
#include "server/jmap_websocket.hpp"
#include "server/router.hpp"
#include "temp_dir.hpp"
#include "ws_client.hpp"

using namespace httpctl::server;
using Json = nlohmann::ordered_json;

namespace {

constexpr const char* kCore = "urn:ietf:params:jmap:core";

JmapWsSession session() {
    httpctl::conf::JmapLimits limits;
    limits.max_calls_in_request = 4;
    return JmapWsSession(limits, "5e", "b");
}

Json answer(JmapWsSession& ws, const Json& message, std::uint64_t state = 0) {
    const std::string text = ws.on_message(message.dump(), state);
    REQUIRE_FALSE(text.empty());
    return Json::parse(text);
}

Json echo_request(std::optional<std::string> id) {
    Json request;
    request["@type"] = "Request";
    if (id) request["id"] = *id;
    request["using"] = {kCore};
    request["methodCalls"] = Json::array({Json::array({"Core/echo", {{"x", 1}}, "c1"})});
    return request;
}

}  // namespace

TEST_CASE("jmap ws: a Request is answered like POST /jmap, with its id as requestId", "[jmap-ws]") {
    auto ws = session();
    const Json response = answer(ws, echo_request("r1"));
    CHECK(
        response.dump() ==
        R"({"@type":"Response","requestId":"r1","methodResponses":[["Core/echo",{"x":1},"c1"]],"sessionState":"5e"})");
    const Json anonymous = answer(ws, echo_request(std::nullopt));
    CHECK(anonymous["@type"] == "Response");
    CHECK_FALSE(anonymous.contains("requestId"));
}

TEST_CASE("jmap ws: bad messages get RequestError, with requestId when known", "[jmap-ws]") {
    auto ws = session();
    const std::string not_json = ws.on_message("{nope", 0);
    const Json parsed = Json::parse(not_json);
    CHECK(parsed["@type"] == "RequestError");
    CHECK(parsed["type"] == "urn:ietf:params:jmap:error:notJSON");
    CHECK(parsed["status"] == 400);
    CHECK_FALSE(parsed.contains("requestId"));

    Json unknown = echo_request("r2");
    unknown["using"] = {"urn:example:nothing"};
    const Json error = answer(ws, unknown);
    CHECK(
        error.dump().rfind(
            R"({"@type":"RequestError","requestId":"r2","type":"urn:ietf:params:jmap:error:unknownCapability")",
            0) == 0);

    Json too_many = echo_request("r3");
    for (int i = 0; i < 4; ++i)
        too_many["methodCalls"].push_back(too_many["methodCalls"][0]);
    const Json limit = answer(ws, too_many);
    CHECK(limit["type"] == "urn:ietf:params:jmap:error:limit");
    CHECK(limit["limit"] == "maxCallsInRequest");
    CHECK(limit["requestId"] == "r3");

    CHECK(answer(ws, Json::array())["type"] == "urn:ietf:params:jmap:error:notRequest");
    CHECK(answer(ws, {{"using", {kCore}}})["type"] == "urn:ietf:params:jmap:error:notRequest");
    CHECK(answer(ws, {{"@type", "Bogus"}})["detail"] == "Unknown message type 'Bogus'.");
    Json bad_id = echo_request(std::nullopt);
    bad_id["id"] = 7;
    CHECK(answer(ws, bad_id)["type"] == "urn:ietf:params:jmap:error:notRequest");
    Json no_calls = echo_request("r4");
    no_calls.erase("methodCalls");
    const Json shape = answer(ws, no_calls);
    CHECK(shape["type"] == "urn:ietf:params:jmap:error:notRequest");
    CHECK(shape["requestId"] == "r4");
}

TEST_CASE("jmap ws: push enable, state changes, disable", "[jmap-ws]") {
    auto ws = session();
    CHECK(ws.on_state(3).empty());  // pushes are off until enabled
    CHECK(ws.on_message(R"({"@type":"WebSocketPushEnable","dataTypes":null})", 3).empty());
    CHECK(ws.push_enabled());
    CHECK(ws.on_state(3).empty());  // nothing changed since enabling
    CHECK(ws.on_state(4) ==
          R"({"@type":"StateChange","changed":{"b":{"Blob":"4"}},"pushState":"4"})");
    CHECK(ws.on_state(4).empty());  // pushed once
    CHECK(ws.on_message(R"({"@type":"WebSocketPushDisable"})", 4).empty());
    CHECK(ws.on_state(5).empty());

    // Types the client did not ask for are not pushed.
    CHECK(ws.on_message(R"({"@type":"WebSocketPushEnable","dataTypes":["Mailbox"]})", 5).empty());
    CHECK(ws.on_state(6).empty());
    // A stale pushState is answered at once with the current state; a current one is not.
    CHECK(ws.on_message(R"({"@type":"WebSocketPushEnable","dataTypes":["Blob"],"pushState":"2"})",
                        6) ==
          R"({"@type":"StateChange","changed":{"b":{"Blob":"6"}},"pushState":"6"})");
    CHECK(ws.on_message(R"({"@type":"WebSocketPushEnable","pushState":"6"})", 6).empty());
    CHECK(ws.on_state(6).empty());
    // Malformed enables are request errors and change nothing.
    CHECK(Json::parse(ws.on_message(R"({"@type":"WebSocketPushEnable","dataTypes":"Blob"})",
                                    6))["@type"] == "RequestError");
    CHECK(Json::parse(ws.on_message(R"({"@type":"WebSocketPushEnable","pushState":1})",
                                    6))["@type"] == "RequestError");
}

TEST_CASE("jmap ws: GET /jmap/ws upgrades, refusals are problems, other methods 404", "[jmap-ws]") {
    httpctl::test::TempDir dir;
    JmapService service(nullptr);
    const auto snapshot = httpctl::test::snapshot08();
    HttpRequest request;
    request.method = "GET";
    request.path = "/jmap/ws";
    request.headers = {{"Upgrade", "websocket"},
                       {"Connection", "Upgrade"},
                       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                       {"Sec-WebSocket-Version", "13"},
                       {"Sec-WebSocket-Protocol", "jmap"}};
    const JmapAccount account{"b", "5e"};
    const auto upgraded = service.answer(request, "/ws", *snapshot, account);
    REQUIRE(upgraded);
    CHECK(upgraded->status == 101);
    CHECK(upgraded->upgrade);
    CHECK(*upgraded->header("sec-websocket-protocol") == "jmap");

    request.headers.pop_back();
    const auto refused = service.answer(request, "/ws", *snapshot, account);
    REQUIRE(refused);
    CHECK(refused->status == 400);
    CHECK_FALSE(refused->upgrade);

    request.method = "POST";
    CHECK_FALSE(service.answer(request, "/ws", *snapshot, account));
    request.method = "GET";
    CHECK_FALSE(service.answer(request, "/ws/more", *snapshot, account));
}

namespace {

// The transport and router of `serve` in this process, with a JMAP service and blob store, on
// an ephemeral loopback port; the fallback admin is admin/secret.
struct JmapServer {
    httpctl::test::TempDir dir;
    std::shared_ptr<const ConfigSnapshot> snapshot;
    std::shared_ptr<JmapService> jmap;
    std::unique_ptr<Router> router;
    std::unique_ptr<HttpServer> server;
    std::mutex log_mutex;
    std::vector<std::string> log_lines;

    // `certificate`: the listener uses implicit TLS with it.
    explicit JmapServer(const httpctl::test::TestCertificate* certificate = nullptr) {
        snapshot = httpctl::test::snapshot08(
            "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"secret\"\n"
            "[server.http]\nheaders = [\"X-Configured: yes\"]\n");
        REQUIRE(snapshot->usable());
        std::string error;
        auto store = BlobStore::open(dir.path(), error);
        REQUIRE(store);
        jmap = std::make_shared<JmapService>(std::make_shared<const BlobStore>(std::move(*store)));
        RouterHooks hooks;
        hooks.jmap = jmap;
        router = std::make_unique<Router>(std::move(hooks));
        ServerLimits limits;
        limits.worker_threads = 8;
        limits.shutdown_grace = std::chrono::seconds(120);  // a stop must not need it
        ServerHooks server_hooks;
        server_hooks.handle = [this](HttpRequest& request) {
            return router->handle(request, *snapshot);
        };
        server_hooks.log = [this](std::string_view line) {
            std::lock_guard lock(log_mutex);
            log_lines.emplace_back(line);
        };
        server = std::make_unique<HttpServer>(limits, AccessLogFormat::Json, server_hooks);
        BindSpec bind;
        bind.listener_id = "http";
        bind.ip = "127.0.0.1";
        if (certificate != nullptr) {
            bind.tls = true;
            bind.certificate_pem = certificate->certificate_pem;
            bind.private_key_pem = certificate->private_key_pem;
        }
        REQUIRE(server->bind({bind}).empty());
        server->start();
    }
    ~JmapServer() { server->stop(); }

    [[nodiscard]] std::uint16_t port() const { return server->bound().at(0).port; }
    std::vector<std::string> lines() {
        std::lock_guard lock(log_mutex);
        return log_lines;
    }
};

std::vector<Json> run_client(const std::string& scenario, std::uint16_t port,
                             const std::string& password = "secret") {
    const std::string base = "127.0.0.1:" + std::to_string(port);
    return httpctl::test::run_ws_client(scenario, "ws://" + base + "/jmap/ws", "http://" + base,
                                        "admin", password);
}

}  // namespace

TEST_CASE("jmap ws end to end: requests and request errors over one socket", "[jmap-ws][serve]") {
    JmapServer server;
    const auto events = run_client("echo", server.port());
    REQUIRE(events.size() == 7);
    CHECK(events[0]["subprotocol"] == "jmap");
    CHECK(
        events[1]["message"].dump() ==
        R"({"@type":"Response","requestId":"r1","methodResponses":[["Core/echo",{"hello":"wörld"},"c1"],["Core/echo",{"again":"wörld"},"c2"]],"sessionState":")" +
            session_state({}) + "\"}");
    CHECK(events[2]["message"]["@type"] == "RequestError");
    CHECK(events[2]["message"]["type"] == "urn:ietf:params:jmap:error:notJSON");
    CHECK_FALSE(events[2]["message"].contains("requestId"));
    CHECK(events[3]["message"]["type"] == "urn:ietf:params:jmap:error:unknownCapability");
    CHECK(events[3]["message"]["requestId"] == "r2");
    CHECK(events[4]["message"]["@type"] == "Response");
    CHECK_FALSE(events[4]["message"].contains("requestId"));
    CHECK(events[5]["message"]["requestId"] == "r3");  // a fragmented message
    CHECK(events[5]["message"]["methodResponses"][0][1]["n"] == 3);
    CHECK(events[6]["code"] == 1000);

    // The upgrade went through the router (configured headers) and the access log says 101.
    const auto lines = server.lines();
    REQUIRE_FALSE(lines.empty());
    CHECK(Json::parse(lines.front())["status"] == 101);
    CHECK(Json::parse(lines.front())["path"] == "/jmap/ws");
}

TEST_CASE("jmap ws end to end: the same over implicit TLS (wss://)", "[jmap-ws][serve]") {
    httpctl::test::TestCertificate certificate;
    JmapServer server(&certificate);
    const std::string base = "localhost:" + std::to_string(server.port());
    const auto events =
        httpctl::test::run_ws_client("echo", "wss://" + base + "/jmap/ws", "https://" + base,
                                     "admin", "secret", certificate.certificate_path);
    REQUIRE(events.size() == 7);
    CHECK(events[1]["message"]["methodResponses"][1][1]["again"] == "wörld");
    CHECK(events[5]["message"]["requestId"] == "r3");
    CHECK(events[6]["code"] == 1000);
}

TEST_CASE("jmap ws end to end: an upload over HTTP is pushed as a StateChange",
          "[jmap-ws][serve]") {
    JmapServer server;
    const auto events = run_client("push", server.port());
    REQUIRE(events.size() == 7);
    CHECK(events[0]["message"]["requestId"] == "sync1");
    const std::string account = events[1]["blob"]["accountId"];
    CHECK(events[2]["message"].dump() == R"({"@type":"StateChange","changed":{")" + account +
                                             R"(":{"Blob":"1"}},"pushState":"1"})");
    CHECK(events[3]["message"]["requestId"] == "sync2");
    CHECK(events[4]["message"]["requestId"] == "after1");
    CHECK(events[5]["message"]["requestId"] == "after2");  // no push after disable
    CHECK(events[6]["message"]["@type"] == "StateChange");
    CHECK(events[6]["message"]["pushState"] == "2");
}

TEST_CASE("jmap ws end to end: unauthenticated 401, wrong subprotocol 400", "[jmap-ws][serve]") {
    JmapServer server;
    const auto unauthenticated = run_client("unauthenticated", server.port());
    REQUIRE(unauthenticated.size() == 1);
    CHECK(unauthenticated[0]["status"] == 401);
    const auto wrong_password = run_client("wrong-password", server.port(), "wrong");
    REQUIRE(wrong_password.size() == 1);
    CHECK(wrong_password[0]["status"] == 401);
    const auto wrong_protocol = run_client("wrong-protocol", server.port());
    REQUIRE(wrong_protocol.size() == 1);
    CHECK(wrong_protocol[0]["status"] == 400);
    // Refusals are router responses: the configured headers are on them.
    CHECK(wrong_protocol[0]["configured_header"] == "yes");
}

TEST_CASE("jmap ws end to end: a stopping server closes open sockets with 1001",
          "[jmap-ws][serve]") {
    JmapServer server;
    auto client = std::async(std::launch::async, [&] { return run_client("hold", server.port()); });
    // Wait for the upgrade to be logged (the socket is open from then on).
    for (int i = 0; i < 1000 && server.lines().empty(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE_FALSE(server.lines().empty());
    server.server->stop();
    const auto events = client.get();
    REQUIRE(events.size() == 2);
    CHECK(events[1]["code"] == 1001);
    CHECK(events[1]["reason"] == "server stopping");
}
