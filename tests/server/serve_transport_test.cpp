// The serve transport (HttpServer) with a small echo handler, real sockets and real clients:
// listeners, TLS, limits, hostile clients, graceful stop, access log — most of them both with
// requests answered on workers and with requests answered directly on the event loops.
#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <condition_variable>
#include <future>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "server/http_server.hpp"
#include "serve_support.hpp"

using httpctl::server::AccessLogFormat;
using httpctl::server::BindSpec;
using httpctl::test::loopback_bind;
using httpctl::server::HttpRequest;
using httpctl::server::HttpResponse;
using httpctl::server::HttpServer;
using httpctl::server::ServerHooks;
using httpctl::server::ServerLimits;
using httpctl::test::raw_exchange;
using httpctl::test::RawConnection;
using httpctl::test::status_of;

namespace {

// Answers with a JSON echo of what the transport handed over; `/slow` waits for `release`.
struct EchoService {
    std::mutex mutex;
    std::condition_variable changed;
    bool release = false;
    int in_flight = 0;
    httpctl::test::LogCollector log;
    bool quick = false;  // answer all but /slow at once, on the event loops

    ServerHooks hooks() {
        ServerHooks hooks;
        hooks.handle = [this](HttpRequest& request) {
            if (request.path == "/slow") {
                std::unique_lock lock(mutex);
                ++in_flight;
                changed.notify_all();
                changed.wait(lock, [this] { return release; });
            }
            HttpResponse response;
            if (request.path == "/inject") {
                response.set_header("x-bad", "a\r\nset-cookie: evil=1");
                return response;
            }
            nlohmann::json headers = nlohmann::json::array();
            for (const auto& [name, value] : request.headers) headers.push_back({name, value});
            nlohmann::json echo = {{"method", request.method},   {"target", request.target},
                                   {"path", request.path},       {"query", request.query},
                                   {"peer_ip", request.peer_ip}, {"listener", request.listener_id},
                                   {"tls", request.tls},         {"body_size", request.body.size()},
                                   {"headers", headers}};
            response.set_header("content-type", "application/json");
            response.body = echo.dump();
            request.client_ip = "198.51.100.7";  // what a forwarded-IP policy would have said
            return response;
        };
        if (quick) {
            hooks.answer_at_once =
                [handle = hooks.handle](HttpRequest& request) -> std::optional<HttpResponse> {
                if (request.path == "/slow") return std::nullopt;
                return handle(request);
            };
        }
        hooks.body_limit = [](std::string_view, std::string_view target) -> std::uint64_t {
            return target.substr(0, 7) == "/upload" ? 100'000 : 1'000;
        };
        hooks.log = log.sink();
        return hooks;
    }
    void wait_in_flight(int count) {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return in_flight >= count; });
    }
    void let_go() {
        std::lock_guard lock(mutex);
        release = true;
        changed.notify_all();
    }
};

ServerLimits test_limits() {
    ServerLimits limits;
    limits.worker_threads = 8;
    limits.max_connections = 64;
    limits.header_timeout = std::chrono::milliseconds(1500);
    limits.keep_alive_timeout = std::chrono::milliseconds(3000);
    return limits;
}

std::uint16_t port_of(const HttpServer& server, std::size_t index = 0) {
    return server.bound().at(index).port;
}

nlohmann::json get_json(const std::string& host, std::uint16_t port, const std::string& path) {
    httplib::Client client(host, port);
    client.set_read_timeout(10, 0);
    auto result = client.Get(path.c_str());
    REQUIRE(result);
    REQUIRE(result->status == 200);
    return nlohmann::json::parse(result->body);
}

}  // namespace

TEST_CASE("serve transport: IPv4 and IPv6 listeners on ephemeral ports", "[serve]") {
    REQUIRE(httpctl::test::ipv6_loopback_available());
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Plain, service.hooks());
    REQUIRE(server.bind({loopback_bind("v4"), loopback_bind("v6", "::1")}).empty());
    REQUIRE(server.bound().size() == 2);
    CHECK(port_of(server, 0) != 0);
    CHECK(port_of(server, 1) != 0);
    server.start();

    const auto v4 = get_json("127.0.0.1", port_of(server, 0), "/a/b?x=1");
    CHECK(v4["listener"] == "v4");
    CHECK(v4["path"] == "/a/b");
    CHECK(v4["query"] == "x=1");
    CHECK(v4["peer_ip"] == "127.0.0.1");
    const auto v6 = get_json("::1", port_of(server, 1), "/");
    CHECK(v6["listener"] == "v6");
    CHECK(v6["peer_ip"] == "::1");

    // A port already taken is reported with the address, as Stalwart words it (spec §7).
    HttpServer second(test_limits(), AccessLogFormat::Off, service.hooks());
    BindSpec taken = loopback_bind("again");
    taken.port = port_of(server, 0);
    const auto error = second.bind({taken});
    CHECK(error.find("Failed to bind to 127.0.0.1:" + std::to_string(taken.port)) == 0);
    server.stop();
}

TEST_CASE("serve transport: headers reach the handler in arrival order, names as sent",
          "[serve]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto wire = raw_exchange("127.0.0.1", port_of(server),
                                   "GET /h HTTP/1.1\r\nHost: x\r\nZeta: 1\r\nalpha: 2\r\n"
                                   "Zeta: 3\r\nConnection: close\r\n\r\n");
    REQUIRE(status_of(wire) == 200);
    const auto echo = nlohmann::json::parse(wire.substr(wire.find("\r\n\r\n") + 4));
    const auto& headers = echo["headers"];
    REQUIRE(headers.size() == 5);
    CHECK(headers[1] == nlohmann::json::array({"Zeta", "1"}));
    CHECK(headers[2] == nlohmann::json::array({"alpha", "2"}));
    CHECK(headers[3] == nlohmann::json::array({"Zeta", "3"}));
}

TEST_CASE("serve transport: oversized heads get 431, long targets 414, and serving goes on",
          "[serve][hostile]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    auto limits = test_limits();
    limits.max_header_bytes = 4096;
    HttpServer server(limits, AccessLogFormat::Plain, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);

    std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < 200; ++i) many += "X-Filler-" + std::to_string(i) + ": 0123456789\r\n";
    many += "\r\n";
    CHECK(status_of(raw_exchange("127.0.0.1", port, many)) == 431);

    const std::string one_long =
        "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + std::string(5000, 'a') + "\r\n\r\n";
    CHECK(status_of(raw_exchange("127.0.0.1", port, one_long)) == 431);

    const std::string long_target = "GET /" + std::string(6000, 'p') + " HTTP/1.1\r\n\r\n";
    CHECK(status_of(raw_exchange("127.0.0.1", port, long_target)) == 414);

    // An endless header line is cut at the cap, not buffered.
    RawConnection endless("127.0.0.1", port);
    REQUIRE(endless.connected());
    endless.send_text("GET / HTTP/1.1\r\nX-Endless: ");
    std::string answer;
    for (int i = 0; i < 64 && answer.empty(); ++i) {
        if (!endless.send_text(std::string(1024, 'z'))) break;
        answer = endless.receive_some(std::chrono::milliseconds(10));
    }
    answer += endless.receive_all(std::chrono::seconds(5));
    CHECK(status_of(answer) == 431);

    CHECK(get_json("127.0.0.1", port, "/still-there")["path"] == "/still-there");
    bool logged_431 = false;
    for (const auto& line : service.log.lines()) logged_431 |= line.find("\" 431 ") != std::string::npos;
    CHECK(logged_431);
}

TEST_CASE("serve transport: bodies over the route's limit get 413 without being read",
          "[serve][hostile]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);

    auto small = client.Post("/api/x", std::string(1000, 'b'), "text/plain");
    REQUIRE(small);
    CHECK(small->status == 200);
    auto over = client.Post("/api/x", std::string(1001, 'b'), "text/plain");
    REQUIRE(over);
    CHECK(over->status == 413);
    auto upload = client.Post("/upload/x", std::string(50'000, 'b'), "text/plain");
    REQUIRE(upload);
    CHECK(upload->status == 200);

    // A declared length far past the limit is refused before any body byte is sent.
    const auto declared = raw_exchange(
        "127.0.0.1", port, "POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 999999999999\r\n\r\n");
    CHECK(status_of(declared) == 413);

    // Chunked: refused once the chunks pass the limit.
    std::string chunked = "POST /api/x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
    for (int i = 0; i < 10; ++i) chunked += "200\r\n" + std::string(0x200, 'c') + "\r\n";
    chunked += "0\r\n\r\n";
    CHECK(status_of(raw_exchange("127.0.0.1", port, chunked)) == 413);

    CHECK(get_json("127.0.0.1", port, "/ok")["path"] == "/ok");
}

TEST_CASE("serve transport: malformed request lines and CR/LF injection are refused",
          "[serve][hostile]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);

    const std::vector<std::string> malformed = {
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9 extra\r\n\r\n",
        std::string("GET /\0 HTTP/1.1\r\n\r\n", 19),
        "GET / HTTP/1.1\r\nNo-Colon-Here\r\n\r\n",
        // A bare LF inside a value: cpp-httplib would skip the line and read the rest as a
        // separate header.
        "GET / HTTP/1.1\r\nX-A: a\nX-Injected: b\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\rX-Injected: b\r\n\r\n",
        "GET / HTTP/1.1\r\nX-A: a\r\n folded\r\n\r\n",
        "GET / HTTP/1.1\r\nBad Name: x\r\n\r\n",
        // A body cpp-httplib would not read (and then parse as the next request).
        "GET / HTTP/1.1\r\nContent-Length: 30\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\n",
    };
    for (const auto& request : malformed) {
        INFO(request);
        const int status = status_of(raw_exchange("127.0.0.1", port, request));
        CHECK(status >= 400);
        CHECK(status < 500);
    }
    // A handler putting CR/LF into a response header never splits the response.
    const auto injected = raw_exchange("127.0.0.1", port,
                                       "GET /inject HTTP/1.1\r\nConnection: close\r\n\r\n");
    CHECK(status_of(injected) == 500);
    CHECK(injected.find("evil") == std::string::npos);

    CHECK(get_json("127.0.0.1", port, "/fine")["path"] == "/fine");
}

TEST_CASE("serve transport: 100 slowloris connections do not stop other clients",
          "[serve][hostile]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    auto limits = test_limits();
    limits.worker_threads = 16;
    limits.max_connections = 256;
    limits.header_timeout = std::chrono::milliseconds(1000);
    HttpServer server(limits, AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);

    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<RawConnection>("127.0.0.1", port));
        REQUIRE(slow.back()->connected());
        slow.back()->send_text("GET / HTTP/1.1\r\nHost: x\r\n");
    }
    std::atomic<bool> trickling{true};
    std::thread trickle([&] {
        while (trickling.load()) {
            for (auto& connection : slow) connection->send_text("X");
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    });

    // Served despite every worker having been taken by a slow client at some point.
    for (int i = 0; i < 5; ++i) {
        httplib::Client client("127.0.0.1", port);
        client.set_connection_timeout(10, 0);
        client.set_read_timeout(20, 0);
        auto result = client.Get("/normal");
        REQUIRE(result);
        CHECK(result->status == 200);
    }
    trickling = false;
    trickle.join();
    // The slow clients were cut off with 408 at their deadline.
    int timed_out = 0;
    for (auto& connection : slow) {
        if (status_of(connection->receive_all(std::chrono::seconds(5))) == 408) ++timed_out;
    }
    CHECK(timed_out == 100);
}

TEST_CASE("serve transport: connections past the limit get 503", "[serve][hostile]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    auto limits = test_limits();
    limits.worker_threads = 2;
    limits.max_connections = 3;
    limits.header_timeout = std::chrono::milliseconds(5000);
    HttpServer server(limits, AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);
    std::vector<std::unique_ptr<RawConnection>> held;
    for (int i = 0; i < 3; ++i) {
        held.push_back(std::make_unique<RawConnection>("127.0.0.1", port));
        REQUIRE(held.back()->connected());
    }
    // Wait until all three are accepted (two served, one waiting for a worker).
    for (int i = 0; i < 500 && server.open_connections() < 2; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    const auto refused = raw_exchange("127.0.0.1", port, "GET / HTTP/1.1\r\n\r\n");
    CHECK(status_of(refused) == 503);
    held.clear();
}

TEST_CASE("serve transport: stop lets the in-flight request finish and closes idle ones",
          "[serve]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    REQUIRE(server.bind({loopback_bind("http")}).empty());
    server.start();
    const auto port = port_of(server);

    RawConnection idle("127.0.0.1", port);
    REQUIRE(idle.connected());
    idle.send_text("GET /first HTTP/1.1\r\nHost: x\r\n\r\n");
    REQUIRE(status_of(idle.receive_some(std::chrono::seconds(10))) == 200);

    auto in_flight = std::async(std::launch::async, [&] {
        httplib::Client client("127.0.0.1", port);
        client.set_read_timeout(20, 0);
        auto result = client.Get("/slow");
        return result ? result->status : -1;
    });
    service.wait_in_flight(1);
    auto stopping = std::async(std::launch::async, [&] { server.stop(); });
    // The idle keep-alive connection is closed at once, the listening socket too.
    CHECK(idle.closed_by_peer(std::chrono::seconds(10)));
    for (int i = 0; i < 500; ++i) {
        RawConnection probe("127.0.0.1", port);
        if (!probe.connected()) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    RawConnection late("127.0.0.1", port);
    CHECK_FALSE(late.connected());
    service.let_go();
    CHECK(in_flight.get() == 200);
    stopping.get();
    CHECK(server.open_connections() == 0);
}

TEST_CASE("serve transport: implicit TLS listener with a generated certificate", "[serve]") {
    httpctl::test::TestCertificate certificate;
    EchoService service;
    HttpServer server(test_limits(), AccessLogFormat::Off, service.hooks());
    BindSpec tls = loopback_bind("https");
    tls.tls = true;
    tls.certificate_pem = certificate.certificate_pem;
    tls.private_key_pem = certificate.private_key_pem;
    REQUIRE(server.bind({tls, loopback_bind("http")}).empty());
    server.start();

    httplib::SSLClient client("127.0.0.1", port_of(server, 0));
    client.set_ca_cert_path(certificate.certificate_path.c_str());
    client.enable_server_certificate_verification(true);
    client.set_read_timeout(10, 0);
    auto result = client.Get("/secure");
    REQUIRE(result);
    CHECK(result->status == 200);
    const auto echo = nlohmann::json::parse(result->body);
    CHECK(echo["tls"] == true);
    CHECK(echo["listener"] == "https");
    // A second request on the same TLS connection (keep-alive).
    auto again = client.Get("/again");
    REQUIRE(again);
    CHECK(again->status == 200);

    // Plain HTTP to the TLS port is not answered as HTTP; the plain listener still works.
    const auto plain = raw_exchange("127.0.0.1", port_of(server, 0), "GET / HTTP/1.1\r\n\r\n");
    CHECK(status_of(plain) == 0);
    CHECK(get_json("127.0.0.1", port_of(server, 1), "/")["tls"] == false);

    // A key that does not match the certificate is refused at bind time.
    httpctl::test::TestCertificate other;
    HttpServer broken(test_limits(), AccessLogFormat::Off, service.hooks());
    tls.private_key_pem = other.private_key_pem;
    CHECK(broken.bind({tls}).find("does not match") != std::string::npos);
}

TEST_CASE("serve transport: one access-log line per request, plain and JSON", "[serve]") {
    // Both ways a request is answered: on a worker, or directly on an event loop.
    const bool quick = GENERATE(false, true);
    EchoService service;
    service.quick = quick;
    HttpServer server(test_limits(), AccessLogFormat::Json, service.hooks());
    REQUIRE(server.bind({loopback_bind("web")}).empty());
    server.start();
    get_json("127.0.0.1", port_of(server), "/logged?q=1");
    server.stop();
    const auto lines = service.log.lines();
    REQUIRE(lines.size() == 1);
    const auto entry = nlohmann::json::parse(lines[0]);
    CHECK(entry["method"] == "GET");
    CHECK(entry["path"] == "/logged?q=1");
    CHECK(entry["status"] == 200);
    CHECK(entry["client_ip"] == "198.51.100.7");
    CHECK(entry["listener"] == "web");
    CHECK(entry["bytes"].get<std::uint64_t>() > 100);

    httpctl::server::AccessLogEntry plain;
    plain.client_ip = "::1";
    plain.listener_id = "http";
    plain.method = "GET";
    plain.path = "/a b\"c";
    plain.status = 404;
    plain.bytes = 12;
    plain.duration = std::chrono::microseconds(1500);
    const auto text = httpctl::server::format_access_log(plain, AccessLogFormat::Plain);
    CHECK(text.find(" ::1 http \"GET /a\\x20b\\x22c\" 404 12 1.500ms") != std::string::npos);
}
