// Connection upgrades in the serve transport (HttpServer): a handler answering 101 with a
// continuation gets the raw connection (bytes pipelined after the head included), the access log
// records 101, and stop() wakes the continuation instead of waiting for it or cutting it.
#include <atomic>
#include <catch2/catch.hpp>
#include <cctype>
#include <future>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "serve_support.hpp"
#include "server/http_server.hpp"

using httpctl::server::AccessLogFormat;
using httpctl::test::loopback_bind;
using httpctl::server::HttpRequest;
using httpctl::server::HttpResponse;
using httpctl::server::HttpServer;
using httpctl::server::ServerHooks;
using httpctl::server::ServerLimits;
using httpctl::server::UpgradedStream;
using httpctl::test::RawConnection;

namespace {

// `/echo` upgrades to a line protocol: every chunk comes back upper-cased; "bye" ends it from
// the server side; a stop is answered with "stopping" before returning.
struct UpgradeService {
    httpctl::test::LogCollector log;
    std::atomic<int> finished{0};
    std::atomic<bool> saw_stop{false};

    ServerHooks hooks() {
        ServerHooks hooks;
        hooks.handle = [this](HttpRequest& request) {
            HttpResponse response;
            if (request.path == "/broken") {
                response.status = 101;  // no continuation: a handler bug, refused
                return response;
            }
            if (request.path != "/echo") {
                response.body = "plain";
                return response;
            }
            response.status = 101;
            response.set_header("upgrade", "echo");
            response.set_header("connection", "upgrade");
            response.upgrade = [this](UpgradedStream& stream) { run(stream); };
            return response;
        };
        hooks.log = log.sink();
        return hooks;
    }

    void run(UpgradedStream& stream) {
        char buffer[256];
        for (;;) {
            const auto result = stream.read(buffer, sizeof buffer, std::chrono::seconds(30));
            if (result.status == UpgradedStream::ReadStatus::Stopping) {
                saw_stop = true;
                (void)stream.write_all("stopping");
                break;
            }
            if (result.status != UpgradedStream::ReadStatus::Data) break;
            std::string chunk(buffer, result.bytes);
            if (chunk == "bye") {
                stream.close();
                CHECK_FALSE(stream.write_all("late"));
                break;
            }
            for (char& c : chunk)
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            if (!stream.write_all(chunk)) break;
        }
        ++finished;
    }

};

ServerLimits test_limits() {
    ServerLimits limits;
    limits.worker_threads = 4;
    limits.max_connections = 16;
    // Long on purpose: if stop() did not wake the continuation it would wait this long and then
    // cut the connection, and the client would never see "stopping".
    limits.shutdown_grace = std::chrono::seconds(120);
    return limits;
}

}  // namespace

TEST_CASE("serve upgrade: the continuation owns the connection after the 101 head", "[serve]") {
    UpgradeService service;
    HttpServer server(test_limits(), AccessLogFormat::Json, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    RawConnection connection("127.0.0.1", port);
    REQUIRE(connection.connected());
    // Bytes right behind the head belong to the upgraded protocol and must not be lost.
    REQUIRE(
        connection.send_text("GET /echo HTTP/1.1\r\nHost: x\r\nConnection: upgrade\r\n"
                             "Upgrade: echo\r\n\r\nhello"));
    const std::string answer = connection.receive_until("HELLO");
    const auto head_end = answer.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    const std::string head = answer.substr(0, head_end + 4);
    CHECK(head.rfind("HTTP/1.1 101 Switching Protocols\r\n", 0) == 0);
    CHECK(head.find("upgrade: echo\r\n") != std::string::npos);
    CHECK(head.find("connection: upgrade\r\n") != std::string::npos);
    // A 101 has no body: no Content-Length, and no keep-alive headers of the library.
    CHECK(head.find("Content-Length") == std::string::npos);
    CHECK(head.find("Keep-Alive") == std::string::npos);
    CHECK(answer.substr(head_end + 4) == "HELLO");

    REQUIRE(connection.send_text("again"));
    CHECK(connection.receive_until("AGAIN") == "AGAIN");
    REQUIRE(connection.send_text("bye"));
    CHECK(connection.closed_by_peer(std::chrono::seconds(10)));

    // Plain requests on other connections are unaffected.
    const auto plain =
        httpctl::test::raw_exchange("127.0.0.1", port, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(httpctl::test::status_of(plain) == 200);
    server.stop();
    CHECK(service.finished == 1);

    const auto lines = service.log.lines();
    REQUIRE(lines.size() == 2);
    const auto entry = nlohmann::json::parse(lines[0]);
    CHECK(entry["status"] == 101);
    CHECK(entry["path"] == "/echo");
    CHECK(entry["bytes"].get<std::uint64_t>() == head.size());
}

TEST_CASE("serve upgrade: a 101 answer without a continuation becomes a 500", "[serve]") {
    UpgradeService service;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto answer = httpctl::test::raw_exchange("127.0.0.1", server.bound().at(0).port,
                                                    "GET /broken HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(httpctl::test::status_of(answer) == 500);
    server.stop();
}

TEST_CASE("serve upgrade: stop wakes open upgraded connections", "[serve]") {
    UpgradeService service;
    ServerLimits limits = test_limits();
    limits.max_upgraded_connections = 3;
    HttpServer server(limits, AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    std::vector<std::unique_ptr<RawConnection>> connections;
    for (int i = 0; i < 3; ++i) {
        auto connection = std::make_unique<RawConnection>("127.0.0.1", port);
        REQUIRE(connection->connected());
        REQUIRE(connection->send_text("GET /echo HTTP/1.1\r\nHost: x\r\n\r\nping"));
        REQUIRE(connection->receive_until("PING").find("PING") != std::string::npos);
        connections.push_back(std::move(connection));
    }
    CHECK(server.open_connections() == 3);
    auto stopping = std::async(std::launch::async, [&] { server.stop(); });
    // Each continuation noticed the stop itself (it says so) rather than being cut off.
    for (auto& connection : connections) {
        CHECK(connection->receive_until("stopping") == "stopping");
        CHECK(connection->closed_by_peer(std::chrono::seconds(10)));
    }
    stopping.get();
    CHECK(service.saw_stop);
    CHECK(service.finished == 3);
    CHECK(server.open_connections() == 0);
}

TEST_CASE("serve upgrade: upgrades past the cap get a bare 503, plain requests still served",
          "[serve]") {
    UpgradeService service;
    ServerLimits limits = test_limits();  // 4 workers: at most 2 upgraded connections by default
    HttpServer server(limits, AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    std::vector<std::unique_ptr<RawConnection>> open;
    for (int i = 0; i < 2; ++i) {
        auto connection = std::make_unique<RawConnection>("127.0.0.1", port);
        REQUIRE(connection->send_text("GET /echo HTTP/1.1\r\nHost: x\r\n\r\nping"));
        REQUIRE(connection->receive_until("PING").find("PING") != std::string::npos);
        open.push_back(std::move(connection));
    }
    const auto refused =
        httpctl::test::raw_exchange("127.0.0.1", port, "GET /echo HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(httpctl::test::status_of(refused) == 503);
    const auto plain =
        httpctl::test::raw_exchange("127.0.0.1", port, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(httpctl::test::status_of(plain) == 200);

    // A closed upgraded connection gives its slot back.
    REQUIRE(open.front()->send_text("bye"));
    CHECK(open.front()->closed_by_peer(std::chrono::seconds(10)));
    bool upgraded_again = false;
    for (int attempt = 0; attempt < 200 && !upgraded_again; ++attempt) {
        RawConnection again("127.0.0.1", port);
        REQUIRE(again.send_text("GET /echo HTTP/1.1\r\nHost: x\r\n\r\nagain"));
        upgraded_again = again.receive_until("AGAIN").find("AGAIN") != std::string::npos;
        if (!upgraded_again) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(upgraded_again);
    server.stop();
}
