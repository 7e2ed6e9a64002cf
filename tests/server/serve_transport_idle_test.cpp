// The serve transport between requests: a keep-alive connection waits for its next request in a
// blocking receive bounded by the keep-alive timeout (the first one by the header timeout), and
// stop() wakes every waiting connection. Real sockets, a real server.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "server/http_server.hpp"
#include "serve_support.hpp"

using httpctl::server::AccessLogFormat;
using httpctl::test::loopback_bind;
using httpctl::server::HttpRequest;
using httpctl::server::HttpResponse;
using httpctl::server::HttpServer;
using httpctl::server::ServerHooks;
using httpctl::server::ServerLimits;
using httpctl::test::RawConnection;
using httpctl::test::status_of;

namespace {

ServerHooks answer_with_path() {
    ServerHooks hooks;
    hooks.handle = [](HttpRequest& request) {
        HttpResponse response;
        response.body = request.path;
        return response;
    };
    hooks.log = [](std::string_view) {};
    return hooks;
}

std::size_t count_of(const std::string& text, const std::string& part) {
    std::size_t count = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) {
        ++count;
    }
    return count;
}

}  // namespace

TEST_CASE("serve transport idle: keep-alive connections close after their idle timeout",
          "[serve]") {
    ServerLimits limits;
    limits.worker_threads = 4;
    limits.header_timeout = std::chrono::milliseconds(300);
    limits.keep_alive_timeout = std::chrono::milliseconds(400);
    HttpServer server(limits, AccessLogFormat::Off, answer_with_path());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    SECTION("after a request, the keep-alive timeout") {
        RawConnection connection("127.0.0.1", port);
        REQUIRE(connection.connected());
        connection.send_text("GET /one HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto answer = connection.receive_some(std::chrono::seconds(10));
        CHECK(status_of(answer) == 200);
        CHECK(answer.find("/one") != std::string::npos);
        CHECK(connection.closed_by_peer(std::chrono::seconds(10)));
    }
    SECTION("a connection that never sends, the header timeout") {
        RawConnection silent("127.0.0.1", port);
        REQUIRE(silent.connected());
        CHECK(silent.closed_by_peer(std::chrono::seconds(10)));
    }
    SECTION("requests sent within the timeout keep the connection open") {
        RawConnection connection("127.0.0.1", port);
        REQUIRE(connection.connected());
        for (const std::string path : {"/a", "/b", "/c"}) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            connection.send_text("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            const auto answer = connection.receive_some(std::chrono::seconds(10));
            CHECK(status_of(answer) == 200);
            CHECK(answer.find(path) != std::string::npos);
        }
    }
    SECTION("pipelined requests in one segment are all answered in order") {
        RawConnection connection("127.0.0.1", port);
        REQUIRE(connection.connected());
        connection.send_text(
            "GET /p1 HTTP/1.1\r\nHost: x\r\n\r\nGET /p2 HTTP/1.1\r\nHost: x\r\n\r\n"
            "GET /p3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        std::string answers;
        for (int i = 0; i < 50 && count_of(answers, "HTTP/1.1 200") < 3; ++i) {
            answers += connection.receive_some(std::chrono::seconds(10));
        }
        CHECK(count_of(answers, "HTTP/1.1 200") == 3);
        CHECK(answers.find("/p1") < answers.find("/p2"));
        CHECK(answers.find("/p2") < answers.find("/p3"));
        CHECK(connection.closed_by_peer(std::chrono::seconds(10)));
    }
    server.stop();
    CHECK(server.open_connections() == 0);
}

TEST_CASE("serve transport idle: stop closes every connection waiting for its next request",
          "[serve]") {
    ServerLimits limits;
    limits.worker_threads = 16;
    limits.keep_alive_timeout = std::chrono::milliseconds(60'000);  // only stop() can end them
    limits.header_timeout = std::chrono::milliseconds(60'000);
    limits.shutdown_grace = std::chrono::milliseconds(60'000);  // no cut past the grace either
    HttpServer server(limits, AccessLogFormat::Off, answer_with_path());
    REQUIRE(server.bind({loopback_bind()}).empty());
    server.start();
    const auto port = server.bound().at(0).port;

    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 12; ++i) {
        idle.push_back(std::make_unique<RawConnection>("127.0.0.1", port));
        REQUIRE(idle.back()->connected());
        if (i % 2 == 0) {  // half served once, half never sent anything
            idle.back()->send_text("GET /x HTTP/1.1\r\nHost: x\r\n\r\n");
            REQUIRE(status_of(idle.back()->receive_some(std::chrono::seconds(10))) == 200);
        }
    }
    for (int i = 0; i < 500 && server.open_connections() < idle.size(); ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    REQUIRE(server.open_connections() == idle.size());
    std::thread stopping([&] { server.stop(); });
    for (auto& connection : idle) {
        CHECK(connection->closed_by_peer(std::chrono::seconds(10)));
    }
    stopping.join();
    CHECK(server.open_connections() == 0);
}
