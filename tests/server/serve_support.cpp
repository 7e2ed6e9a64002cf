#include "serve_support.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>
#include <openssl/evp.h>

#include <array>
#include <cstdlib>
#include <thread>
#include <filesystem>
#include <stdexcept>

#include "support/process.hpp"

namespace httpctl::test {

std::function<void(std::string_view)> LogCollector::sink() {
    return [this](std::string_view line) {
        std::lock_guard lock(mutex_);
        lines_.emplace_back(line);
    };
}

std::vector<std::string> LogCollector::lines() const {
    std::lock_guard lock(mutex_);
    return lines_;
}

RawConnection::RawConnection(const std::string& ip, std::uint16_t port) {
    sockaddr_storage address{};
    socklen_t length = 0;
    if (ip.find(':') != std::string::npos) {
        auto& v6 = reinterpret_cast<sockaddr_in6&>(address);
        v6.sin6_family = AF_INET6;
        v6.sin6_port = htons(port);
        if (::inet_pton(AF_INET6, ip.c_str(), &v6.sin6_addr) != 1) return;
        length = sizeof v6;
    } else {
        auto& v4 = reinterpret_cast<sockaddr_in&>(address);
        v4.sin_family = AF_INET;
        v4.sin_port = htons(port);
        if (::inet_pton(AF_INET, ip.c_str(), &v4.sin_addr) != 1) return;
        length = sizeof v4;
    }
    fd_ = ::socket(address.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return;
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), length) != 0) {
        ::close(fd_);
        fd_ = -1;
        return;
    }
    int on = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send_text(std::string_view text) {
    while (!text.empty()) {
        const ssize_t n = ::send(fd_, text.data(), text.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        text.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

server::BindSpec loopback_bind(std::string listener_id, std::string ip) {
    server::BindSpec spec;
    spec.listener_id = std::move(listener_id);
    spec.ip = std::move(ip);
    return spec;
}

std::string sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
        1) {
        return {};
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4U];
        hex += kHex[digest[i] & 0x0FU];
    }
    return hex;
}

std::string RawConnection::receive_until(std::string_view needle,
                                         std::chrono::milliseconds timeout) {
    std::string received;
    while (received.find(needle) == std::string::npos) {
        const std::string more = receive_some(timeout);
        if (more.empty()) break;
        received += more;
    }
    return received;
}

std::string RawConnection::receive_some(std::chrono::milliseconds timeout) {
    std::string out;
    pollfd entry{fd_, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return out;
    char buffer[65536];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) out.append(buffer, static_cast<std::size_t>(n));
    return out;
}

std::string RawConnection::receive_all(std::chrono::milliseconds timeout) {
    std::string out;
    for (;;) {
        pollfd entry{fd_, POLLIN, 0};
        if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return out;
        char buffer[65536];
        const ssize_t n = ::recv(fd_, buffer, sizeof buffer, 0);
        if (n <= 0) return out;
        out.append(buffer, static_cast<std::size_t>(n));
    }
}

bool RawConnection::closed_by_peer(std::chrono::milliseconds timeout) {
    pollfd entry{fd_, POLLIN, 0};
    if (::poll(&entry, 1, static_cast<int>(timeout.count())) <= 0) return false;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof buffer, MSG_DONTWAIT);
    return n <= 0;
}

std::string raw_exchange(const std::string& ip, std::uint16_t port, std::string_view request) {
    RawConnection connection(ip, port);
    if (!connection.connected()) return {};
    connection.send_text(request);
    return connection.receive_all();
}

int status_of(std::string_view wire) {
    if (wire.size() < 12 || wire.substr(0, 5) != "HTTP/") return 0;
    return std::atoi(std::string(wire.substr(9, 3)).c_str());
}

TestCertificate::TestCertificate() {
    static int counter = 0;
    folder = (std::filesystem::temp_directory_path() /
              ("httpctl-cert-" + std::to_string(::getpid()) + "-" + std::to_string(counter++)))
                 .string();
    std::filesystem::create_directories(folder);
    certificate_path = folder + "/cert.pem";
    private_key_path = folder + "/key.pem";
    const auto result = run_command(
        "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost "
        "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout " +
        shell_quote(private_key_path) + " -out " + shell_quote(certificate_path));
    if (result.exit_code != 0) throw std::runtime_error("openssl req failed: " + result.err);
    certificate_pem = read_binary_file(certificate_path);
    private_key_pem = read_binary_file(private_key_path);
}

TestCertificate::~TestCertificate() {
    std::error_code ignored;
    std::filesystem::remove_all(folder, ignored);
}

bool ipv6_loopback_available() {
    const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    sockaddr_in6 address{};
    address.sin6_family = AF_INET6;
    address.sin6_addr = in6addr_loopback;
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    ::close(fd);
    return ok;
}

}  // namespace httpctl::test

#include <signal.h>
#include <sys/wait.h>

namespace httpctl::test {

ServeProcess::ServeProcess(const std::vector<std::string>& arguments) {
    static int counter = 0;
    stderr_path_ = (std::filesystem::temp_directory_path() /
                    ("httpctl-serve-" + std::to_string(::getpid()) + "-" +
                     std::to_string(counter++) + ".err"))
                       .string();
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return;
    std::vector<std::string> argv_text = {HTTPCTL_CLI, "serve"};
    argv_text.insert(argv_text.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& item : argv_text) argv.push_back(item.data());
    argv.push_back(nullptr);
    const int err_fd = ::open(stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    pid_ = ::fork();
    if (pid_ == 0) {
        ::dup2(pipe_fds[1], STDOUT_FILENO);
        ::dup2(err_fd, STDERR_FILENO);
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(pipe_fds[1]);
    ::close(err_fd);
    stdout_fd_ = pipe_fds[0];
}

ServeProcess::~ServeProcess() {
    if (pid_ > 0 && !exited_) {
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
    }
    if (stdout_fd_ >= 0) ::close(stdout_fd_);
    std::error_code ignored;
    std::filesystem::remove(stderr_path_, ignored);
}

std::vector<nlohmann::json> ServeProcess::wait_ready(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::string pending;
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd entry{stdout_fd_, POLLIN, 0};
        if (::poll(&entry, 1, 100) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::read(stdout_fd_, buffer, sizeof buffer);
        if (n <= 0) return {};  // exited before it was ready
        pending.append(buffer, static_cast<std::size_t>(n));
        std::size_t newline;
        while ((newline = pending.find('\n')) != std::string::npos) {
            auto line = nlohmann::json::parse(pending.substr(0, newline), nullptr, false);
            pending.erase(0, newline + 1);
            if (line.is_discarded()) continue;
            if (line.value("event", "") == "listening") listening_.push_back(line);
            if (line.value("event", "") == "ready") return listening_;
        }
    }
    return {};
}

std::uint16_t ServeProcess::port(const std::string& listener, const std::string& ip) const {
    for (const auto& line : listening_) {
        if (line["listener"] == listener && (ip.empty() || line["address"] == ip)) {
            return line["port"].get<std::uint16_t>();
        }
    }
    return 0;
}

void ServeProcess::send_signal(int signal_number) const {
    if (pid_ > 0 && !exited_) ::kill(pid_, signal_number);
}

int ServeProcess::wait_exit(std::chrono::milliseconds timeout) {
    if (exited_) return exit_code_;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            exited_ = true;
            exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
            return exit_code_;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
}

std::string ServeProcess::stderr_text() const { return read_binary_file(stderr_path_); }

}  // namespace httpctl::test
