// `stalwart-httpctl serve` end to end: the JMAP event source (GET /jmap/eventsource/, RFC 8620
// §7.3, spec http.md §11) streamed on the real binary, read incrementally from a raw socket.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::RawConnection;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::TempDir;
using httpctl::test::user_auth;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct EventServer : httpctl::test::ConfiguredServe {
    using ConfiguredServe::ConfiguredServe;

    std::string account() const {
        return httpctl::test::account_of(httpctl::test::session_of(origin, user_auth()));
    }

    void upload(const std::string& account, const std::string& body) const {
        const auto result =
            send(origin, "POST", "/jmap/upload/" + account + "/", user_auth(), body, "text/plain");
        REQUIRE(result);
        REQUIRE(result->status == 200);
    }
};

std::size_t count_of(const std::string& text, const std::string& needle) {
    std::size_t found = 0;
    for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
        ++found;
    }
    return found;
}

// An event stream read from a raw socket: what arrived so far, head included.
class EventStream {
  public:
    EventStream(std::uint16_t port, const std::string& target) : connection_("127.0.0.1", port) {
        REQUIRE(connection_.connected());
        const std::string authorization = user_auth().find("Authorization")->second;
        REQUIRE(connection_.send_text("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                                      "Authorization: " + authorization + "\r\n\r\n"));
    }

    // Reads until `needle` has arrived `count` times in all, waiting at most `rounds` × 100 ms
    // (a bound against a hang, not a timing assertion).
    bool wait_for(const std::string& needle, std::size_t count, int rounds = 200) {
        for (int round = 0; round < rounds; ++round) {
            if (count_of(received_, needle) >= count) return true;
            received_ += connection_.receive_some(std::chrono::milliseconds(100));
        }
        return count_of(received_, needle) >= count;
    }
    [[nodiscard]] const std::string& received() const { return received_; }
    [[nodiscard]] std::string head() const {
        return received_.substr(0, received_.find("\r\n\r\n") + 2);
    }
    [[nodiscard]] std::string body() const {
        const auto end = received_.find("\r\n\r\n");
        return end == std::string::npos ? std::string() : received_.substr(end + 4);
    }
    bool closed_by_server() { return connection_.closed_by_peer(std::chrono::seconds(10)); }

  private:
    RawConnection connection_;
    std::string received_;
};

const std::string kHeadEnd = "\r\n\r\n";

}  // namespace

TEST_CASE(
    "serve event source: the session's URL, a streamed head, closeafter=state ends after "
    "the first state event",
    "[serve][jmap][eventsource]") {
    EventServer server(httpctl::test::accounts_config_08({}, httpctl::test::free_loopback_port()));
    const auto session = send(server.origin, "GET", "/.well-known/jmap", user_auth());
    REQUIRE(session);
    const Json session_json = Json::parse(session->body);
    const std::string account = server.account();
    const auto [origin, target] = httpctl::test::split_url(
        httpctl::test::expand_template(session_json["eventSourceUrl"].get<std::string>(),
                                       {{"types", "*"}, {"closeafter", "state"}, {"ping", "300"}}));
    CHECK(origin == server.origin);

    EventStream stream(server.port, target);
    REQUIRE(stream.wait_for(kHeadEnd, 1));
    const std::string head = stream.head();
    CHECK(head.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK(head.find("content-type: text/event-stream\r\n") != std::string::npos);
    CHECK(head.find("cache-control: no-cache\r\n") != std::string::npos);
    CHECK(head.find("connection: close\r\n") != std::string::npos);
    CHECK(head.find("ontent-Length") == std::string::npos);
    CHECK(head.find("ontent-length") == std::string::npos);

    // Upload on another connection until the stream reports a change (an upload made before
    // the stream took its starting state is not one).
    for (int uploads = 0; !stream.wait_for("event: state\n", 1, 1); ++uploads) {
        REQUIRE(uploads < 600);
        server.upload(account, "state change " + std::to_string(uploads));
    }
    const std::string body = stream.body();
    CHECK(body.rfind("event: state\ndata: ", 0) == 0);
    const auto line_end = body.find('\n', 19);
    const Json change = Json::parse(body.substr(19, line_end - 19));
    CHECK(change["@type"] == "StateChange");
    CHECK(change["changed"][account].contains("Blob"));
    CHECK(body.substr(line_end) == "\n\n");
    // closeafter=state: the response ends with the first state event.
    server.upload(account, "after the end");
    CHECK(stream.closed_by_server());
    CHECK(count_of(stream.received(), "event: state") == 1);

    const auto bad = send(server.origin, "GET", "/jmap/eventsource/?ping=soon", user_auth());
    REQUIRE(bad);
    CHECK(bad->status == 400);
    const auto bad_close =
        send(server.origin, "GET", "/jmap/eventsource/?closeafter=x", user_auth());
    REQUIRE(bad_close);
    CHECK(bad_close->status == 400);
    const auto anonymous = send(server.origin, "GET", "/jmap/eventsource/?ping=1", {});
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
}

TEST_CASE("serve event source: pings at the interval and state events on one open stream",
          "[serve][jmap][eventsource]") {
    EventServer server(httpctl::test::accounts_config_08());
    const std::string account = server.account();

    SECTION("two pings at ping=1 on one connection") {
        EventStream stream(server.port, "/jmap/eventsource/?types=*&closeafter=no&ping=1");
        REQUIRE(stream.wait_for("event: ping\ndata: {\"interval\":1}\n\n", 2));
        CHECK(stream.body().rfind("event: ping\ndata: {\"interval\":1}\n\n", 0) == 0);
        CHECK(stream.received().find("event: state") == std::string::npos);
    }
    SECTION("closeafter=no: two uploads, two state events, the stream stays open") {
        EventStream stream(server.port, "/jmap/eventsource/?types=*&closeafter=no&ping=0");
        REQUIRE(stream.wait_for(kHeadEnd, 1));
        int uploads = 0;
        for (; !stream.wait_for("event: state\n", 1, 1); ++uploads) {
            REQUIRE(uploads < 600);
            server.upload(account, "first " + std::to_string(uploads));
        }
        server.upload(account, "second");
        REQUIRE(stream.wait_for("event: state\n", 2));
        CHECK(stream.received().find("event: ping") == std::string::npos);  // ping=0
        server.upload(account, "third");
        CHECK(stream.wait_for("event: state\n", 3));
    }
}

TEST_CASE("serve event source: SIGTERM ends an open stream and serve exits 0 promptly",
          "[serve][jmap][eventsource]") {
    // A long grace period: if the stream did not notice the stop, exiting would take minutes.
    EventServer server(httpctl::test::accounts_config_08(), {"--shutdown-timeout", "300"});
    EventStream stream(server.port, "/jmap/eventsource/?types=*&closeafter=no&ping=300");
    REQUIRE(stream.wait_for(kHeadEnd, 1));
    server.process->send_signal(SIGTERM);
    CHECK(server.process->wait_exit(std::chrono::seconds(60)) == 0);
    CHECK(stream.closed_by_server());
    CHECK(stream.body().empty());  // no change, no ping due
}

TEST_CASE("serve event source: streams are capped, and a client that leaves frees its worker",
          "[serve][jmap][eventsource]") {
    // Two workers: at most one stream (half the workers) at once.
    EventServer server(httpctl::test::accounts_config_08(), {"--threads", "2"});
    {
        EventStream first(server.port, "/jmap/eventsource/?ping=0");
        REQUIRE(first.wait_for(kHeadEnd, 1));
        CHECK(first.head().rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
        EventStream second(server.port, "/jmap/eventsource/?ping=0");
        REQUIRE(second.wait_for(kHeadEnd, 1));
        CHECK(second.head().rfind("HTTP/1.1 503", 0) == 0);
        // Plain requests keep their worker meanwhile.
        const auto plain = send(server.origin, "GET", "/.well-known/jmap", user_auth());
        REQUIRE(plain);
        CHECK(plain->status == 200);
    }
    // Open and drop streams, more than there are workers: each departed client frees its
    // worker and its slot (a new stream may briefly see 503 until the server noticed).
    for (int opened = 0; opened < 4; ++opened) {
        bool served = false;
        for (int attempt = 0; attempt < 100 && !served; ++attempt) {
            EventStream stream(server.port, "/jmap/eventsource/?ping=0");
            REQUIRE(stream.wait_for(kHeadEnd, 1));
            served = stream.head().rfind("HTTP/1.1 200 OK\r\n", 0) == 0;
            if (!served) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        CHECK(served);
    }
    const auto plain = send(server.origin, "GET", "/.well-known/jmap", user_auth());
    REQUIRE(plain);
    CHECK(plain->status == 200);
}
