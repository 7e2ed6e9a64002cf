// The event loops of the serve transport: requests answered directly on a loop write the same
// bytes as requests answered by cpp-httplib on a worker; idle connections hold no thread; slow
// readers, pipelining across both paths, the keep-alive request cap.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <mutex>
#include <optional>
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
using httpctl::test::loopback_bind;
using httpctl::test::raw_exchange;
using httpctl::test::RawConnection;
using httpctl::test::status_of;

namespace {

// Answers by path: /status/N, a few response shapes, /big/N (N bytes), anything else its path.
// With `quick`, every request is offered to answer_at_once; which hook answered last tells the
// two paths apart.
struct ShapeService {
    bool quick = false;
    std::atomic<bool> last_direct{false};
    std::atomic<int> quick_calls{0};

    static HttpResponse answer(const HttpRequest& request) {
        HttpResponse response;
        const std::string& path = request.path;
        if (path.rfind("/status/", 0) == 0) {
            response.status = std::stoi(path.substr(8));
            response.body = path;
        } else if (path == "/typed") {
            response.set_header("content-type", "application/json; charset=utf-8");
            response.body = R"({"a":1})";
        } else if (path == "/untyped") {
            response.body = "no type given";
        } else if (path == "/text" || path == "/json" || path == "/event" || path == "/svg") {
            // Types the library compresses (or, for event streams, never does).
            const char* type = path == "/text"    ? "text/plain"
                               : path == "/json"  ? "application/json"
                               : path == "/event" ? "text/event-stream"
                                                  : "image/svg+xml";
            response.set_header("content-type", type);
            for (int i = 0; i < 2000; ++i)
                response.body += "line " + std::to_string(i % 97) + "\n";
        } else if (path == "/empty") {
            response.status = 204;
        } else if (path == "/many") {
            // Mixed case, duplicates, names sorting around the library's own headers.
            response.headers = {{"X-B", "1"},
                                {"x-a", "2"},
                                {"X-A", "3"},
                                {"connection-x", "4"},
                                {"keep-alive-x", "5"},
                                {"a", "6"},
                                {"Content-Type", "c/d"},
                                {"content-type", "a/b"},
                                {"zz", ""}};
            response.body = "many";
        } else if (path == "/bad-header") {
            response.set_header("x-bad", "a\r\nset-cookie: evil=1");
        } else if (path == "/throws") {
            throw std::runtime_error("handler failure");
        } else if (path.rfind("/big/", 0) == 0) {
            const std::size_t size = std::stoul(path.substr(5));
            response.body.reserve(size);
            for (std::size_t i = 0; i < size; ++i)
                response.body.push_back(static_cast<char>('a' + i % 26));
        } else {
            response.set_header("content-type", "text/plain");
            response.body = request.method + " " + request.target;
        }
        return response;
    }

    ServerHooks hooks() {
        ServerHooks hooks;
        hooks.handle = [this](HttpRequest& request) {
            last_direct = false;
            return answer(request);
        };
        if (quick) {
            hooks.answer_at_once = [this](HttpRequest& request) -> std::optional<HttpResponse> {
                ++quick_calls;
                last_direct = true;
                return answer(request);
            };
        }
        hooks.log = [](std::string_view) {};
        return hooks;
    }
    // True when the last request was answered directly, on an event loop.
    bool last_answered_directly() const { return last_direct.load(); }
};

ServerLimits loop_limits() {
    ServerLimits limits;
    limits.worker_threads = 4;
    limits.max_connections = 512;
    limits.header_timeout = std::chrono::milliseconds(2000);
    limits.keep_alive_timeout = std::chrono::milliseconds(3000);
    return limits;
}

struct RunningServer {
    ShapeService service;
    std::unique_ptr<HttpServer> server;
    std::uint16_t port = 0;
    RunningServer(bool quick, ServerLimits limits = loop_limits()) {
        service.quick = quick;
        server = std::make_unique<HttpServer>(limits, AccessLogFormat::Off, service.hooks());
        REQUIRE(server->bind({loopback_bind()}).empty());
        server->start();
        port = server->bound().at(0).port;
    }
};

}  // namespace

TEST_CASE("serve transport loop: direct answers are byte for byte the library's", "[serve]") {
    RunningServer direct(true);
    RunningServer worker(false);

    const auto both = [&](const std::string& request, bool expect_direct) {
        const std::string from_direct = raw_exchange("127.0.0.1", direct.port, request);
        if (expect_direct) {
            CHECK(direct.service.last_answered_directly());
        }
        const std::string from_worker = raw_exchange("127.0.0.1", worker.port, request);
        CHECK_FALSE(from_worker.empty());
        CHECK(from_direct == from_worker);
    };

    SECTION("every status code") {
        for (int status = 100; status < 600; ++status) {
            if (status == 101) continue;  // an upgrade needs a continuation
            INFO("status " << status);
            both("GET /status/" + std::to_string(status) + " HTTP/1.1\r\nConnection: close\r\n\r\n",
                 true);
        }
    }
    SECTION("response shapes, closing and kept alive") {
        for (const char* path : {"/typed", "/untyped", "/empty", "/many", "/bad-header", "/throws",
                                 "/big/300000", "/plain?q=1&r=%20"}) {
            INFO(path);
            both(std::string("GET ") + path + " HTTP/1.1\r\nConnection: close\r\n\r\n", true);
            // Kept alive: the Keep-Alive header, then a second request that closes.
            both(std::string("GET ") + path + " HTTP/1.1\r\nHost: x\r\n\r\n" +
                     "OPTIONS /end HTTP/1.1\r\nConnection: close\r\n\r\n",
                 true);
        }
    }
    SECTION("compressed as the library compresses, for what each client accepts") {
        for (const char* accept : {"gzip", "br", "gzip, deflate, br", "deflate", "identity"}) {
            for (const char* path : {"/text", "/json", "/event", "/svg", "/typed", "/untyped",
                                     "/status/404", "/empty"}) {
                INFO(path << " accepting " << accept);
                both(std::string("GET ") + path + " HTTP/1.1\r\nAccept-Encoding: " + accept +
                         "\r\nConnection: close\r\n\r\n",
                     true);
                // Kept alive, the answer written by a worker when Brotli is too slow for a loop.
                both(std::string("GET ") + path + " HTTP/1.1\r\nAccept-Encoding: " + accept +
                         "\r\n\r\nGET /end HTTP/1.1\r\nConnection: close\r\n\r\n",
                     false);
            }
        }
        const std::string gzip = raw_exchange(
            "127.0.0.1", direct.port,
            "GET /text HTTP/1.1\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        CHECK(gzip.find("Content-Encoding: gzip\r\n") != std::string::npos);
        const std::string br = raw_exchange(
            "127.0.0.1", direct.port,
            "GET /text HTTP/1.1\r\nAccept-Encoding: gzip, br\r\nConnection: close\r\n\r\n");
        CHECK(br.find("Content-Encoding: br\r\n") != std::string::npos);
    }
    SECTION("requests the library answers itself go to a worker on both servers") {
        const int before = direct.service.quick_calls.load();
        for (const char* request : {
                 "HEAD /typed HTTP/1.1\r\nConnection: close\r\n\r\n",
                 "GET /typed HTTP/1.0\r\n\r\n",
                 "GET /typed HTTP/1.1\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n",
                 "GET /typed HTTP/1.1\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n",
                 "GET /typed HTTP/1.1\r\nConnection: Upgrade\r\n\r\n"
                 "HEAD /end HTTP/1.1\r\nConnection: close\r\n\r\n",
                 "GET /typed HTTP/1.1 \r\nConnection: close\r\n\r\n",
                 "GET typed HTTP/1.1\r\nConnection: close\r\n\r\n",
                 "POST /typed HTTP/1.1\r\nContent-Length: 3\r\nConnection: close\r\n\r\nabc",
                 "DELETE /typed HTTP/1.1\r\nConnection: close\r\n\r\n",
                 "GET /typed HTTP/1.1\r\nBad Header: x\r\nConnection: close\r\n\r\n",
             }) {
            INFO(request);
            both(request, false);
        }
        CHECK(direct.service.quick_calls.load() == before);  // none was offered to the loop
    }
}

TEST_CASE("serve transport loop: idle keep-alive connections hold no worker thread", "[serve]") {
    const bool quick = GENERATE(false, true);
    ServerLimits limits = loop_limits();
    limits.worker_threads = 1;
    RunningServer running(quick, limits);

    // 200 clients each make a request and keep their connection open.
    std::vector<std::unique_ptr<RawConnection>> idle;
    for (int i = 0; i < 200; ++i) {
        auto connection = std::make_unique<RawConnection>("127.0.0.1", running.port);
        REQUIRE(connection->connected());
        REQUIRE(connection->send_text("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n"));
        REQUIRE(status_of(connection->receive_until("GET /hello")) == 200);
        idle.push_back(std::move(connection));
    }
    // With one worker, a thread per connection would leave nothing for a new client.
    httplib::Client client("127.0.0.1", running.port);
    client.set_read_timeout(5, 0);
    auto get = client.Get("/after");
    REQUIRE(get);
    CHECK(get->status == 200);
    auto post = client.Post("/posted", "body", "text/plain");
    REQUIRE(post);
    CHECK(post->body == "POST /posted");
    CHECK(running.server->open_connections() >= 200);
    // And the idle ones are still usable.
    REQUIRE(idle.front()->send_text("GET /again HTTP/1.1\r\nConnection: close\r\n\r\n"));
    CHECK(idle.front()->receive_all(std::chrono::seconds(5)).find("GET /again") !=
          std::string::npos);
}

TEST_CASE("serve transport loop: pipelined requests across both paths are answered in order",
          "[serve]") {
    RunningServer running(true);
    RawConnection connection("127.0.0.1", running.port);
    REQUIRE(connection.connected());
    // Direct, worker (body), direct, worker (HEAD), worker (a range), direct and closing — all
    // in one segment.
    REQUIRE(
        connection.send_text("GET /one HTTP/1.1\r\n\r\n"
                             "POST /two HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                             "GET /three HTTP/1.1\r\n\r\n"
                             "HEAD /four HTTP/1.1\r\n\r\n"
                             "GET /five HTTP/1.1\r\nRange: bytes=0-8\r\n\r\n"
                             "GET /six HTTP/1.1\r\nConnection: close\r\n\r\n"));
    const std::string wire = connection.receive_all(std::chrono::seconds(10));
    std::vector<std::size_t> at;
    for (const char* body : {"GET /one", "POST /two", "GET /three", "GET /five", "GET /six"}) {
        at.push_back(wire.find(body));
        CHECK(at.back() != std::string::npos);
    }
    CHECK(std::is_sorted(at.begin(), at.end()));
    std::size_t responses = 0;
    for (std::size_t pos = wire.find("HTTP/1.1 200"); pos != std::string::npos;
         pos = wire.find("HTTP/1.1 200", pos + 1)) {
        ++responses;
    }
    CHECK(responses == 6);
    CHECK(wire.find("Connection: close") != std::string::npos);
}

TEST_CASE("serve transport loop: the keep-alive request cap closes after the last answer",
          "[serve]") {
    const bool quick = GENERATE(false, true);
    ServerLimits limits = loop_limits();
    limits.keep_alive_max_requests = 3;
    RunningServer running(quick, limits);
    RawConnection connection("127.0.0.1", running.port);
    REQUIRE(connection.connected());
    REQUIRE(
        connection.send_text("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n"
                             "GET /c HTTP/1.1\r\n\r\nGET /d HTTP/1.1\r\n\r\n"));
    const std::string wire = connection.receive_all(std::chrono::seconds(10));
    CHECK(wire.find("GET /c") != std::string::npos);
    CHECK(wire.find("GET /d") == std::string::npos);  // never answered: the cap closed it
    CHECK(wire.find("Keep-Alive: timeout=3, max=3") != std::string::npos);
    CHECK(wire.find("Connection: close") != std::string::npos);
}

TEST_CASE("serve transport loop: a slow reader of a large answer does not stall the loop",
          "[serve]") {
    ServerLimits limits = loop_limits();
    limits.event_loops = 1;  // one loop: a stall would show
    RunningServer running(true, limits);
    const std::size_t size = 8'000'000;

    RawConnection slow("127.0.0.1", running.port);
    REQUIRE(slow.connected());
    REQUIRE(slow.send_text("GET /big/" + std::to_string(size) +
                           " HTTP/1.1\r\nConnection: close\r\n\r\n"));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Meanwhile other clients are answered.
    for (int i = 0; i < 20; ++i) {
        CHECK(status_of(raw_exchange("127.0.0.1", running.port,
                                     "GET /other HTTP/1.1\r\nConnection: close\r\n\r\n")) == 200);
    }
    const std::string wire = slow.receive_all(std::chrono::seconds(10));
    const auto body_at = wire.find("\r\n\r\n");
    REQUIRE(body_at != std::string::npos);
    const std::string body = wire.substr(body_at + 4);
    REQUIRE(body.size() == size);
    bool intact = true;
    for (std::size_t i = 0; i < size && intact; ++i) {
        intact = body[i] == static_cast<char>('a' + i % 26);
    }
    CHECK(intact);
}

TEST_CASE("serve transport loop: a client that never reads is cut at the write timeout",
          "[serve]") {
    ServerLimits limits = loop_limits();
    limits.write_timeout = std::chrono::milliseconds(300);
    RunningServer running(true, limits);
    {
        RawConnection stuck("127.0.0.1", running.port);
        REQUIRE(stuck.connected());
        REQUIRE(stuck.send_text("GET /big/50000000 HTTP/1.1\r\n\r\n"));
        // The answer cannot fit in the socket buffers; the server gives up on it.
        bool closed = false;
        for (int i = 0; i < 100 && !closed; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
            closed = running.server->open_connections() == 0;
        }
        CHECK(closed);
    }
    CHECK(status_of(raw_exchange("127.0.0.1", running.port,
                                 "GET /next HTTP/1.1\r\nConnection: close\r\n\r\n")) == 200);
}

TEST_CASE("serve transport loop: a worker keeping a busy connection yields to waiting requests",
          "[serve]") {
    ServerLimits limits = loop_limits();
    limits.worker_threads = 1;
    RunningServer running(true, limits);

    // A sends body requests back to back on one connection: the worker keeps serving them while
    // they keep coming, but must let B's request in.
    std::atomic<bool> b_done{false};
    std::atomic<int> a_answers{0};
    std::thread a([&] {
        httplib::Client client("127.0.0.1", running.port);
        client.set_keep_alive(true);
        client.set_read_timeout(10, 0);
        const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (!b_done.load() && std::chrono::steady_clock::now() < until) {
            auto result = client.Post("/a", "body", "text/plain");
            if (!result || result->body != "POST /a") break;
            ++a_answers;
        }
    });
    while (a_answers.load() < 20)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    httplib::Client b("127.0.0.1", running.port);
    b.set_read_timeout(15, 0);
    auto answer = b.Post("/b", "body", "text/plain");
    const int a_before_b_done = a_answers.load();
    b_done = true;
    a.join();
    REQUIRE(answer);
    CHECK(answer->body == "POST /b");
    // A was still being served when B got its answer, and went on afterwards.
    CHECK(a_before_b_done >= 20);
    CHECK(a_answers.load() >= a_before_b_done);
}
