// Streamed responses in the serve transport (HttpServer): a handler answering 200 with a
// `stream` continuation gets the connection after a head with `connection: close` and no
// Content-Length, writes the body itself, and the connection closes when it returns; the access
// log records 200, stop() wakes the continuation, and streams share the upgraded-connection cap.
#include <atomic>
#include <catch2/catch.hpp>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve_support.hpp"
#include "server/http_server.hpp"

using httpctl::server::AccessLogFormat;
using httpctl::server::HttpRequest;
using httpctl::server::HttpResponse;
using httpctl::server::HttpServer;
using httpctl::server::ServerHooks;
using httpctl::server::ServerLimits;
using httpctl::server::UpgradedStream;
using httpctl::test::loopback_bind;
using httpctl::test::RawConnection;

namespace {

// `/stream` writes "one\n", then "two\n" once the client sends anything, and ends; a stop is
// answered with "stopping"; a client that leaves is counted.
struct StreamService {
    httpctl::test::LogCollector log;
    std::atomic<int> finished{0};
    std::atomic<int> clients_left{0};
    std::atomic<bool> saw_stop{false};

    ServerHooks hooks() {
        ServerHooks hooks;
        hooks.handle = [this](HttpRequest& request) {
            HttpResponse response;
            if (request.path == "/partial") {  // any status may be streamed
                response.status = 206;
                response.stream = [](UpgradedStream& stream) { (void)stream.write_all("part"); };
                return response;
            }
            if (request.path != "/stream") {
                response.body = "plain";
                return response;
            }
            response.set_header("content-type", "text/plain");
            response.set_header("content-length", "99");  // dropped: the body is close-delimited
            response.body = "ignored";
            response.stream = [this](UpgradedStream& stream) { run(stream); };
            return response;
        };
        hooks.log = log.sink();
        return hooks;
    }

    void run(UpgradedStream& stream) {
        if (stream.write_all("one\n")) {
            char buffer[64];
            const auto result = stream.read(buffer, sizeof buffer, std::chrono::seconds(60));
            switch (result.status) {
                case UpgradedStream::ReadStatus::Data:
                    (void)stream.write_all("two\n");
                    break;
                case UpgradedStream::ReadStatus::Stopping:
                    saw_stop = true;
                    (void)stream.write_all("stopping");
                    break;
                case UpgradedStream::ReadStatus::Closed:
                    ++clients_left;
                    break;
                case UpgradedStream::ReadStatus::Timeout:
                    break;
            }
        }
        ++finished;
    }
};

ServerLimits test_limits() {
    ServerLimits limits;
    limits.worker_threads = 4;
    limits.max_connections = 16;
    // Long on purpose: if stop() did not wake the continuation it would wait this long.
    limits.shutdown_grace = std::chrono::seconds(120);
    return limits;
}

const char* const kStreamRequest = "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n";

}  // namespace

TEST_CASE("serve stream: the continuation writes a close-delimited body after the head",
          "[serve][stream]") {
    StreamService service;
    HttpServer server(test_limits(), AccessLogFormat::Json, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    RawConnection connection("127.0.0.1", port);
    REQUIRE(connection.connected());
    REQUIRE(connection.send_text(kStreamRequest));
    std::string answer = connection.receive_until("one\n");
    const auto head_end = answer.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    const std::string head = answer.substr(0, head_end + 4);
    CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(head.find("content-type: text/plain\r\n") != std::string::npos);
    CHECK(head.find("connection: close\r\n") != std::string::npos);
    CHECK(head.find("ontent-length") == std::string::npos);
    CHECK(head.find("ontent-Length") == std::string::npos);
    CHECK(head.find("Keep-Alive") == std::string::npos);
    // The body arrives as the continuation writes it, not the response's `body`.
    CHECK(answer.substr(head_end + 4) == "one\n");
    REQUIRE(connection.send_text("go"));
    CHECK(connection.receive_until("two\n") == "two\n");
    CHECK(connection.closed_by_peer(std::chrono::seconds(10)));

    const auto plain =
        httpctl::test::raw_exchange("127.0.0.1", port, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(httpctl::test::status_of(plain) == 200);
    // Another status streamed: its status line carries the standard phrase.
    const auto partial =
        httpctl::test::raw_exchange("127.0.0.1", port, "GET /partial HTTP/1.1\r\nHost: x\r\n\r\n");
    CHECK(partial.rfind("HTTP/1.1 206 Partial Content\r\n", 0) == 0);
    CHECK(partial.substr(partial.size() - 4) == "part");
    server.stop();
    CHECK(service.finished == 1);
    const auto lines = service.log.lines();
    REQUIRE(lines.size() == 3);
    const auto entry = nlohmann::json::parse(lines[0]);
    CHECK(entry["status"] == 200);
    CHECK(entry["path"] == "/stream");
    CHECK(entry["bytes"].get<std::uint64_t>() == head.size());
}

TEST_CASE("serve stream: stop wakes an open stream", "[serve][stream]") {
    StreamService service;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    RawConnection connection("127.0.0.1", server.bound().at(0).port);
    REQUIRE(connection.send_text(kStreamRequest));
    REQUIRE(connection.receive_until("one\n").find("one\n") != std::string::npos);
    auto stopping = std::async(std::launch::async, [&] { server.stop(); });
    CHECK(connection.receive_until("stopping") == "stopping");
    CHECK(connection.closed_by_peer(std::chrono::seconds(10)));
    stopping.get();
    CHECK(service.saw_stop);
    CHECK(service.finished == 1);
}

TEST_CASE(
    "serve stream: streams count against the upgraded-connection cap; a client that "
    "leaves frees its slot",
    "[serve][stream]") {
    StreamService service;
    ServerLimits limits = test_limits();
    limits.max_upgraded_connections = 1;
    HttpServer server(limits, AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;
    {
        RawConnection open("127.0.0.1", port);
        REQUIRE(open.send_text(kStreamRequest));
        REQUIRE(open.receive_until("one\n").find("one\n") != std::string::npos);
        const auto refused = httpctl::test::raw_exchange("127.0.0.1", port, kStreamRequest);
        CHECK(httpctl::test::status_of(refused) == 503);
        const auto plain =
            httpctl::test::raw_exchange("127.0.0.1", port, "GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
        CHECK(httpctl::test::status_of(plain) == 200);
    }  // the client leaves
    bool streamed_again = false;
    for (int attempt = 0; attempt < 200 && !streamed_again; ++attempt) {
        RawConnection again("127.0.0.1", port);
        REQUIRE(again.send_text(kStreamRequest));
        streamed_again = again.receive_until("one\n").find("one\n") != std::string::npos;
        if (!streamed_again) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(streamed_again);
    server.stop();
    CHECK(service.clients_left >= 1);
}
