// Helpers for the serve tests: raw TCP exchanges (for hostile clients a real HTTP client would
// refuse to send), throw-away TLS certificates, and reading the serve binary's output.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "server/http_server.hpp"

namespace httpctl::test {

// A connected TCP socket to ip:port (IPv4 or IPv6 literal), closed when the object dies.
class RawConnection {
  public:
    RawConnection(const std::string& ip, std::uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;

    [[nodiscard]] bool connected() const noexcept { return fd_ >= 0; }
    bool send_text(std::string_view text);
    // Everything received until the peer closes or `timeout` passes without data.
    std::string receive_all(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // Whatever arrives within `timeout` (at least one read attempt).
    std::string receive_some(std::chrono::milliseconds timeout);
    // Reads until `needle` has arrived, the peer closes, or nothing comes within `timeout`.
    std::string receive_until(std::string_view needle,
                              std::chrono::milliseconds timeout = std::chrono::seconds(10));
    // True when the peer closed the connection within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout);

  private:
    int fd_ = -1;
};

// Sends `request` on a fresh connection and returns everything the server answered.
std::string raw_exchange(const std::string& ip, std::uint16_t port, std::string_view request);

// The status code of the first response in `wire` (0 when there is none).
int status_of(std::string_view wire);

// A self-signed certificate for "localhost" made with the openssl command line tool.
struct TestCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
    std::string certificate_path;  // files in a temporary folder, removed with the object
    std::string private_key_path;
    std::string folder;
    TestCertificate();
    ~TestCertificate();
    TestCertificate(const TestCertificate&) = delete;
    TestCertificate& operator=(const TestCertificate&) = delete;
};

// Lower-case hex SHA-256 of `bytes` (OpenSSL), computed independently of the blob store's own;
// empty when OpenSSL fails.
std::string sha256_hex(std::string_view bytes);

// What a server logs (ServerHooks::log), kept for the test to read. Thread-safe.
class LogCollector {
  public:
    // For ServerHooks::log; the collector must outlive the server.
    [[nodiscard]] std::function<void(std::string_view)> sink();
    [[nodiscard]] std::vector<std::string> lines() const;

  private:
    mutable std::mutex mutex_;
    std::vector<std::string> lines_;
};

// A plain listener on a loopback address and an ephemeral port, for HttpServer::bind.
server::BindSpec loopback_bind(std::string listener_id = "http", std::string ip = "127.0.0.1");

// True when an IPv6 loopback socket can be bound on this machine.
bool ipv6_loopback_available();

}  // namespace httpctl::test

#include <nlohmann/json.hpp>
#include <vector>

namespace httpctl::test {

// The real `stalwart-httpctl serve` in a child process: standard output is read line by line
// (the JSON lines announcing bound addresses), standard error goes to a file (access log).
class ServeProcess {
  public:
    explicit ServeProcess(const std::vector<std::string>& arguments);  // after "serve"
    ~ServeProcess();                                                   // SIGKILL if still running
    ServeProcess(const ServeProcess&) = delete;
    ServeProcess& operator=(const ServeProcess&) = delete;

    // Reads standard output until the "ready" line; the "listening" lines, or empty when the
    // process exited first (then see exit_code()).
    std::vector<nlohmann::json> wait_ready(
        std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // The port of the first listening line for `listener` (0 when none).
    [[nodiscard]] std::uint16_t port(const std::string& listener, const std::string& ip = {}) const;
    void send_signal(int signal_number) const;
    // Waits for the exit; the exit code, -1 when killed by a signal or still running at timeout.
    int wait_exit(std::chrono::milliseconds timeout = std::chrono::seconds(30));
    [[nodiscard]] std::string stderr_text() const;
    [[nodiscard]] int pid() const noexcept { return pid_; }

  private:
    int pid_ = -1;
    int stdout_fd_ = -1;
    std::string stderr_path_;
    std::vector<nlohmann::json> listening_;
    bool exited_ = false;
    int exit_code_ = -1;
};

}  // namespace httpctl::test
