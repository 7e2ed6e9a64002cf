// `stalwart-httpctl serve` end to end: the real binary on ephemeral loopback ports, real clients
// (cpp-httplib's, curl), signals, reloads under load, graceful shutdown, forwarded client IPs.
#include <signal.h>

#include <httplib.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "serve_support.hpp"
#include "support/process.hpp"

using httpctl::test::RawConnection;
using httpctl::test::ServeProcess;
using httpctl::test::TempFile;

namespace {

const char* const kAdminBasic = "Basic YWRtaW46c2VjcmV0";  // admin:secret

// A 0.12 configuration with one plain listener on an ephemeral port. `http_keys` go into the
// [http] table (whose anonymous rate limit is raised: the tests send hundreds of requests from
// one address), `tables` after it.
std::string config_012(const std::string& http_keys = {}, const std::string& tables = {}) {
    return "[server]\nhostname = \"mail.example.org\"\n\n"
           "[server.listener.web]\nprotocol = \"http\"\nbind = [\"127.0.0.1:0\"]\n\n"
           "[authentication]\nrate-limit = \"100000/1m\"\n\n"
           "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"secret\"\n\n"
           "[http]\nrate-limit.anonymous = \"1000000/1m\"\n" +
           http_keys + "\n" + tables;
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

std::vector<nlohmann::json> json_lines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        auto line = nlohmann::json::parse(text.substr(start, end - start), nullptr, false);
        if (!line.is_discarded() && line.is_object()) out.push_back(std::move(line));
        start = end + 1;
    }
    return out;
}

// The access-log client IP of the request with this exact target.
std::string logged_client_ip(const ServeProcess& serve, const std::string& target) {
    for (int attempt = 0; attempt < 200; ++attempt) {
        for (const auto& line : json_lines(serve.stderr_text())) {
            if (line.value("path", "") == target) return line.value("client_ip", "");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return {};
}

httplib::Result get(std::uint16_t port, const std::string& path, httplib::Headers headers = {}) {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10, 0);
    return client.Get(path.c_str(), headers);
}

}  // namespace

TEST_CASE("serve: refuses to start on configuration errors, printed like check", "[serve]") {
    TempFile config("[server.listener.web]\nprotocol = \"http\"\nbind = [\"127.0.0.1:0\"\n");
    ServeProcess serve({"--config", config.path()});
    CHECK(serve.wait_ready().empty());
    CHECK(serve.wait_exit() == 1);
    const auto err = serve.stderr_text();
    CHECK(err.find(config.path() + ":") != std::string::npos);
    CHECK(err.find("error") != std::string::npos);
    CHECK(err.find("not starting") != std::string::npos);
}

TEST_CASE("serve: bad flags are usage errors", "[serve]") {
    const auto result = httpctl::test::run_command(std::string(HTTPCTL_CLI) +
                                                   " serve --listen nonsense --log-format json");
    CHECK(result.exit_code == 2);
    CHECK(result.err.find("--listen nonsense") != std::string::npos);
    const auto loops =
        httpctl::test::run_command(std::string(HTTPCTL_CLI) + " serve --event-loops 65");
    CHECK(loops.exit_code == 2);
    CHECK(loops.err.find("--event-loops must be from 0") != std::string::npos);
}

TEST_CASE("serve: one event loop and one worker serve the session, the API and many idle clients",
          "[serve]") {
    ServeProcess serve({"--listen", "http=127.0.0.1:0", "--event-loops", "1", "--threads", "1"});
    REQUIRE(serve.wait_ready().size() == 1);
    const auto port = serve.port("http");
    // Idle keep-alive clients hold neither the loop nor the worker.
    std::vector<std::unique_ptr<httpctl::test::RawConnection>> idle;
    for (int i = 0; i < 50; ++i) {
        idle.push_back(std::make_unique<httpctl::test::RawConnection>("127.0.0.1", port));
        REQUIRE(idle.back()->send_text("GET /healthz/live HTTP/1.1\r\n\r\n"));
        REQUIRE(httpctl::test::status_of(idle.back()->receive_until("\r\n\r\n")) == 200);
    }
    const httplib::Headers admin{{"Authorization", "Basic YWRtaW46Y2hhbmdlbWU="}};
    for (int round = 0; round < 3; ++round) {  // the first verifies on the worker, then cached
        auto session = get(port, "/.well-known/jmap", admin);
        REQUIRE(session);
        CHECK(session->status == 200);
        CHECK(nlohmann::json::parse(session->body)["username"] == "admin");
    }
    auto wrong = get(port, "/.well-known/jmap", {{"Authorization", "Basic YWRtaW46bm9wZQ=="}});
    REQUIRE(wrong);
    CHECK(wrong->status == 401);
    auto reload = get(port, "/api/reload", admin);
    REQUIRE(reload);
    CHECK(reload->status == 200);
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}

TEST_CASE("serve: the built-in configuration answers the JMAP session with Basic auth",
          "[serve]") {
    ServeProcess serve({"--listen", "http=127.0.0.1:0"});
    const auto listening = serve.wait_ready();
    REQUIRE(listening.size() == 1);
    const auto port = serve.port("http");
    REQUIRE(port != 0);
    auto anonymous = get(port, "/.well-known/jmap");
    REQUIRE(anonymous);
    CHECK(anonymous->status == 401);
    auto session = get(port, "/.well-known/jmap", {{"Authorization", "Basic YWRtaW46Y2hhbmdlbWU="}});
    REQUIRE(session);
    CHECK(session->status == 200);
    CHECK(nlohmann::json::parse(session->body).contains("apiUrl"));
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}

TEST_CASE("serve: IPv4, IPv6 and implicit-TLS listeners from the configuration", "[serve]") {
    httpctl::test::TestCertificate certificate;
    TempFile config(config_012(
        {}, "[server.listener.dual]\nprotocol = \"http\"\nbind = [\"127.0.0.1:0\", \"[::1]:0\"]\n\n"
        "[server.listener.secure]\nprotocol = \"http\"\nbind = [\"127.0.0.1:0\"]\n"
        "tls.implicit = true\n\n"
        "[certificate.main]\ncert = \"%{file:" +
        certificate.certificate_path + "}%\"\nprivate-key = \"%{file:" +
        certificate.private_key_path + "}%\"\n"));
    ServeProcess serve({"--config", config.path()});
    const auto listening = serve.wait_ready();
    REQUIRE(listening.size() == 4);

    const auto v4 = serve.port("dual", "127.0.0.1");
    const auto v6 = serve.port("dual", "::1");
    REQUIRE(v4 != 0);
    REQUIRE(v6 != 0);
    auto robots = get(v4, "/robots.txt");
    REQUIRE(robots);
    CHECK(robots->status == 200);
    // curl over IPv6.
    const auto curl = httpctl::test::run_command(
        "curl -sS -o /dev/null -w '%{http_code}' 'http://[::1]:" + std::to_string(v6) +
        "/robots.txt'");
    CHECK(curl.exit_code == 0);
    CHECK(curl.out == "200");

    const auto tls_port = serve.port("secure");
    REQUIRE(tls_port != 0);
    httplib::SSLClient tls("127.0.0.1", tls_port);
    tls.set_ca_cert_path(certificate.certificate_path.c_str());
    tls.enable_server_certificate_verification(true);
    tls.set_read_timeout(10, 0);
    auto secure = tls.Get("/robots.txt");
    REQUIRE(secure);
    CHECK(secure->status == 200);
    // curl verifies the generated certificate too.
    const auto curl_tls = httpctl::test::run_command(
        "curl -sS --cacert " + httpctl::test::shell_quote(certificate.certificate_path) +
        " -o /dev/null -w '%{http_code}' https://localhost:" + std::to_string(tls_port) +
        "/robots.txt");
    CHECK(curl_tls.out == "200");
    serve.send_signal(SIGINT);
    CHECK(serve.wait_exit() == 0);
}

TEST_CASE("serve: forwarded client IPs end to end, Stalwart's rule and --trusted-proxies",
          "[serve]") {
    TempFile config(config_012("use-x-forwarded = true\n"));
    const std::vector<std::pair<httplib::Headers, std::string>> stalwart_rule = {
        {{}, "127.0.0.1"},  // missing: the peer
        {{{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}}, "203.0.113.7"},  // list: left-most
        {{{"Forwarded", "for=192.0.2.60;proto=https"}}, "192.0.2.60"},
        {{{"Forwarded", "for=\"[2001:db8::1]:4711\""}}, "2001:db8::1"},
        {{{"X-Forwarded-For", "6.6.6.6"}}, "6.6.6.6"},  // spoofed, and believed
        {{{"X-Forwarded-For", "garbage"}}, "127.0.0.1"},
    };
    {
        ServeProcess serve({"--config", config.path(), "--log-format", "json"});
        REQUIRE(serve.wait_ready().size() == 1);
        const auto port = serve.port("web");
        for (std::size_t i = 0; i < stalwart_rule.size(); ++i) {
            const std::string target = "/robots.txt?case=" + std::to_string(i);
            auto result = get(port, target, stalwart_rule[i].first);
            REQUIRE(result);
            INFO(target);
            CHECK(logged_client_ip(serve, target) == stalwart_rule[i].second);
        }
    }
    {
        // The peer (127.0.0.1) is a trusted proxy: the walk takes the right-most untrusted hop,
        // so a client cannot choose its address by prepending one.
        ServeProcess serve({"--config", config.path(), "--log-format", "json",
                            "--trusted-proxies", "127.0.0.1/32,10.0.0.0/8"});
        REQUIRE(serve.wait_ready().size() == 1);
        const auto port = serve.port("web");
        const std::vector<std::pair<httplib::Headers, std::string>> trusted = {
            {{{"X-Forwarded-For", "6.6.6.6, 203.0.113.9"}}, "203.0.113.9"},
            {{{"X-Forwarded-For", "6.6.6.6, 203.0.113.9, 10.1.2.3"}}, "203.0.113.9"},
            {{{"Forwarded", "for=6.6.6.6, for=\"[2001:db8::2]:1\""}}, "2001:db8::2"},
            {{}, "127.0.0.1"},
        };
        for (std::size_t i = 0; i < trusted.size(); ++i) {
            const std::string target = "/robots.txt?trusted=" + std::to_string(i);
            auto result = get(port, target, trusted[i].first);
            REQUIRE(result);
            INFO(target);
            CHECK(logged_client_ip(serve, target) == trusted[i].second);
        }
    }
    {
        // Only 10.0.0.0/8 is trusted: the loopback peer is not, so its claims are ignored.
        ServeProcess serve({"--config", config.path(), "--log-format", "json",
                            "--trusted-proxies", "10.0.0.0/8"});
        REQUIRE(serve.wait_ready().size() == 1);
        auto result = get(serve.port("web"), "/robots.txt?spoof", {{"X-Forwarded-For", "6.6.6.6"}});
        REQUIRE(result);
        CHECK(logged_client_ip(serve, "/robots.txt?spoof") == "127.0.0.1");
    }
}

TEST_CASE("serve: reloads (SIGHUP and /api/reload) under load drop nothing, bad ones are refused",
          "[serve]") {
    TempFile config(config_012("headers = [\"x-generation: 1\"]\n"));
    ServeProcess serve({"--config", config.path(), "--log-format", "off"});
    REQUIRE(serve.wait_ready().size() == 1);
    const auto port = serve.port("web");

    std::atomic<bool> running{true};
    std::atomic<int> failures{0};
    std::atomic<int> served{0};
    std::atomic<int> last_generation{0};
    std::vector<std::thread> load;
    for (int t = 0; t < 4; ++t) {
        load.emplace_back([&] {
            httplib::Client client("127.0.0.1", port);  // keep-alive across reloads
            client.set_keep_alive(true);
            client.set_read_timeout(10, 0);
            while (running.load()) {
                auto result = client.Get("/robots.txt");
                if (!result || result->status != 200) {
                    ++failures;
                    continue;
                }
                ++served;
                last_generation = std::atoi(result->get_header_value("x-generation").c_str());
            }
        });
    }
    const auto wait_generation = [&](int generation) {
        for (int i = 0; i < 1000 && last_generation.load() != generation; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return last_generation.load();
    };
    CHECK(wait_generation(1) == 1);

    write_file(config.path(), config_012("headers = [\"x-generation: 2\"]\n"));
    serve.send_signal(SIGHUP);
    CHECK(wait_generation(2) == 2);

    // Broken: refused, generation 2 keeps serving.
    write_file(config.path(), config_012("headers = [\"x-generation: 3\"\n"));
    serve.send_signal(SIGHUP);
    for (int i = 0; i < 500 && serve.stderr_text().find("reload refused") == std::string::npos;
         ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(serve.stderr_text().find("reload refused") != std::string::npos);
    const int before = served.load();
    for (int i = 0; i < 500 && served.load() < before + 50; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    CHECK(last_generation.load() == 2);

    // The same broken file through the management API: errors in the answer, nothing applied.
    auto refused = get(port, "/api/reload", {{"Authorization", kAdminBasic}});
    REQUIRE(refused);
    CHECK(refused->status == 200);
    const auto refused_body = nlohmann::json::parse(refused->body);
    CHECK_FALSE(refused_body["data"]["errors"].empty());
    CHECK(last_generation.load() == 2);

    write_file(config.path(), config_012("headers = [\"x-generation: 4\"]\n"));
    auto applied = get(port, "/api/reload", {{"Authorization", kAdminBasic}});
    REQUIRE(applied);
    CHECK(applied->status == 200);
    CHECK(nlohmann::json::parse(applied->body)["data"]["errors"].empty());
    CHECK(wait_generation(4) == 4);

    running = false;
    for (auto& thread : load) thread.join();
    CHECK(failures.load() == 0);
    CHECK(served.load() > 100);
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}

TEST_CASE("serve: SIGTERM lets the in-flight request finish, then exits 0", "[serve]") {
    TempFile config(config_012());
    ServeProcess serve({"--config", config.path(), "--log-format", "json"});
    REQUIRE(serve.wait_ready().size() == 1);
    const auto port = serve.port("web");

    // A request whose body is still arriving when the signal comes.
    RawConnection slow("127.0.0.1", port);
    REQUIRE(slow.connected());
    slow.send_text("POST /robots.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n12345");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    serve.send_signal(SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    // Not accepting any more.
    RawConnection late("127.0.0.1", port);
    CHECK_FALSE(late.connected());
    slow.send_text("67890");
    const auto answer = slow.receive_all();
    CHECK(httpctl::test::status_of(answer) == 200);
    CHECK(answer.find("Disallow") != std::string::npos);
    CHECK(serve.wait_exit() == 0);
    CHECK(serve.stderr_text().find("stopped") != std::string::npos);
}

TEST_CASE("serve: hostile clients against the binary; it keeps serving", "[serve][hostile]") {
    TempFile config(config_012());
    ServeProcess serve({"--config", config.path(), "--max-header-size", "2048",
                        "--max-body-size", "1000", "--header-timeout", "1"});
    REQUIRE(serve.wait_ready().size() == 1);
    const auto port = serve.port("web");
    const std::string big_head =
        "GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(3000, 'h') + "\r\n\r\n";
    CHECK(httpctl::test::status_of(httpctl::test::raw_exchange("127.0.0.1", port, big_head)) == 431);
    const std::string big_body = "POST /api/x HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n";
    CHECK(httpctl::test::status_of(httpctl::test::raw_exchange("127.0.0.1", port, big_body)) == 413);
    CHECK(httpctl::test::status_of(
              httpctl::test::raw_exchange("127.0.0.1", port, "BLAH\r\n\r\n")) == 400);
    CHECK(httpctl::test::status_of(httpctl::test::raw_exchange(
              "127.0.0.1", port, "GET / HTTP/1.1\r\nX: a\nInjected: 1\r\n\r\n")) == 400);
    std::vector<std::unique_ptr<RawConnection>> slow;
    for (int i = 0; i < 100; ++i) {
        slow.push_back(std::make_unique<RawConnection>("127.0.0.1", port));
        slow.back()->send_text("GET / HTTP/1.1\r\n");
    }
    auto result = get(port, "/robots.txt");
    REQUIRE(result);
    CHECK(result->status == 200);
    slow.clear();
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}
