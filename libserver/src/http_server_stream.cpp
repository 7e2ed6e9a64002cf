#include "http_server_stream.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "http_server_wire.hpp"

namespace httpctl::server::detail {
namespace {

constexpr std::size_t kInputBufferBytes = 16 * 1024;
constexpr std::size_t kOutputFlushBytes = 64 * 1024;
// cpp-httplib rejects a single header line longer than this (CPPHTTPLIB_HEADER_MAX_LENGTH, fixed
// in the shared library) with a bare 400; we answer 431 before it gets there.
constexpr std::size_t kLibraryLineLimit = 8192;

int milliseconds_until(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::int64_t>(left.count(), 0, 24 * 3600 * 1000));
}

}  // namespace

void describe_address(const sockaddr_storage& address, std::string& ip, std::uint16_t& port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (address.ss_family == AF_INET) {
        const auto& v4 = reinterpret_cast<const sockaddr_in&>(address);
        ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
        port = ntohs(v4.sin_port);
    } else if (address.ss_family == AF_INET6) {
        const auto& v6 = reinterpret_cast<const sockaddr_in6&>(address);
        if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
            ::inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], text, sizeof text);
        } else {
            ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
        }
        port = ntohs(v6.sin6_port);
    }
    ip = text;
}

const char* status_reason(int status) noexcept {
    // The library's phrases (its "Switching Protocol" aside), so every head we write ourselves
    // reads like the ones it writes.
    return status == 101 ? "Switching Protocols" : library_status_phrase(status);
}

std::string bare_status_answer(int status) {
    return "HTTP/1.1 " + std::to_string(status) + " " + status_reason(status) +
           "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
}

int fault_status(StreamFault fault) noexcept {
    switch (fault) {
        case StreamFault::UriTooLong: return 414;
        case StreamFault::HeadTooLarge: return 431;
        case StreamFault::BodyTooLarge: return 413;
        case StreamFault::Timeout: return 408;
        case StreamFault::None: break;
    }
    return 400;
}

ConnectionStream::ConnectionStream(int fd, SSL* ssl, int stop_fd, StreamLimits limits)
    : fd_(fd),
      ssl_(ssl),
      stop_fd_(stop_fd),
      limits_(limits),
      in_(std::make_unique<char[]>(kInputBufferBytes)) {
    sockaddr_storage address{};
    socklen_t length = sizeof address;
    if (::getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        describe_address(address, peer_ip_, peer_port_);
    }
}

ConnectionStream::ConnectionStream(int fd, int stop_fd, StreamLimits limits, std::string peer_ip,
                                   std::uint16_t peer_port)
    : fd_(fd),
      ssl_(nullptr),
      stop_fd_(stop_fd),
      limits_(limits),
      peer_ip_(std::move(peer_ip)),
      peer_port_(peer_port),
      in_(std::make_unique<char[]>(kInputBufferBytes)) {}

void ConnectionStream::preload(std::string_view bytes) {
    if (bytes.size() > kInputBufferBytes) in_ = std::make_unique<char[]>(bytes.size());
    std::memcpy(in_.get(), bytes.data(), bytes.size());
    in_begin_ = 0;
    in_end_ = bytes.size();
}

std::string ConnectionStream::take_buffered() {
    std::string rest(in_.get() + in_begin_, in_end_ - in_begin_);
    in_begin_ = in_end_ = 0;
    return rest;
}

bool ConnectionStream::is_readable() const {
    if (in_begin_ < in_end_) return true;
    if (ssl_ != nullptr && ::SSL_pending(ssl_) > 0) return true;
    return wait_fd(POLLIN, std::chrono::steady_clock::now() + limits_.read_timeout);
}

bool ConnectionStream::is_writable() const { return true; }  // writes are buffered, see flush()

bool ConnectionStream::wait_fd(short events, std::chrono::steady_clock::time_point deadline) const {
    for (;;) {
        pollfd entry{fd_, events, 0};
        const int ready = ::poll(&entry, 1, milliseconds_until(deadline));
        if (ready > 0) return true;
        if (ready == 0) return false;
        if (errno != EINTR) return false;
    }
}

bool ConnectionStream::wait_for_request(std::chrono::milliseconds idle_timeout) {
    if (in_begin_ < in_end_) return true;
    if (ssl_ != nullptr && ::SSL_pending(ssl_) > 0) return true;
    const auto deadline = std::chrono::steady_clock::now() + idle_timeout;
    for (;;) {
        pollfd entries[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
        const int ready = ::poll(entries, 2, milliseconds_until(deadline));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return false;
        if ((entries[1].revents & POLLIN) != 0) return false;  // the server is stopping
        return (entries[0].revents & (POLLIN | POLLHUP | POLLERR)) != 0;
    }
}

bool ConnectionStream::receive_within(std::chrono::milliseconds timeout) {
    if (in_begin_ < in_end_) return true;
    if (ssl_ != nullptr) return wait_for_request(timeout);
    if (timeout != receive_timeout_) {
        timeval value{};
        value.tv_sec = static_cast<time_t>(timeout.count() / 1000);
        value.tv_usec = static_cast<suseconds_t>((timeout.count() % 1000) * 1000);
        if (::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &value, sizeof value) != 0) return false;
        receive_timeout_ = timeout;
    }
    for (;;) {
        const ssize_t n = ::recv(fd_, in_.get(), kInputBufferBytes, 0);
        if (n > 0) {
            in_begin_ = 0;
            in_end_ = static_cast<std::size_t>(n);
            return true;
        }
        if (n < 0 && errno == EINTR) continue;
        return false;  // timeout (EAGAIN), closed or failed: the event loop finds out which
    }
}

void ConnectionStream::begin_request(std::chrono::steady_clock::time_point head_deadline) {
    phase_ = Phase::Head;
    head_deadline_ = head_deadline;
    head_.clear();
    line_bytes_ = 0;
    in_request_line_ = true;
    body_bytes_ = 0;
    body_limit_ = UINT64_MAX;
    fault_ = StreamFault::None;
    status_line_.clear();
    status_known_ = false;
    response_status_ = 0;
    response_bytes_ = 0;
    discard_writes_ = false;
}

bool ConnectionStream::fill_buffer() {
    in_begin_ = 0;
    in_end_ = 0;
    const auto deadline = phase_ == Phase::Head
                              ? head_deadline_
                              : std::chrono::steady_clock::now() + limits_.read_timeout;
    for (;;) {
        if (ssl_ == nullptr) {
            // Try first: under load the bytes are usually there already, which saves a poll.
            const ssize_t n = ::recv(fd_, in_.get(), kInputBufferBytes, MSG_DONTWAIT);
            if (n > 0) {
                in_end_ = static_cast<std::size_t>(n);
                return true;
            }
            if (n == 0) return false;  // closed by the peer
            if (errno == EINTR) continue;
            if (errno != EAGAIN && errno != EWOULDBLOCK) return false;
        }
        if (ssl_ == nullptr || ::SSL_pending(ssl_) == 0) {
            if (!wait_fd(POLLIN, deadline)) {
                // Nothing of this request yet is an idle close, not a timeout worth answering.
                if (phase_ == Phase::Body || !head_.empty()) fault_ = StreamFault::Timeout;
                return false;
            }
        }
        if (ssl_ == nullptr) continue;
        const int n = ::SSL_read(ssl_, in_.get(), static_cast<int>(kInputBufferBytes));
        if (n > 0) {
            in_end_ = static_cast<std::size_t>(n);
            return true;
        }
        const int error = ::SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) continue;
        return false;
    }
}

void ConnectionStream::account_head_byte(char c) {
    head_.push_back(c);
    ++line_bytes_;
    if (c == '\n') {
        // A line of just CRLF ends the head (cpp-httplib reads the same way).
        if (line_bytes_ == 2 && !in_request_line_ && head_[head_.size() - 2] == '\r') {
            phase_ = Phase::Body;
        }
        line_bytes_ = 0;
        in_request_line_ = false;
    }
    if (head_.size() > limits_.max_head_bytes || line_bytes_ > kLibraryLineLimit) {
        fault_ = in_request_line_ ? StreamFault::UriTooLong : StreamFault::HeadTooLarge;
    }
}

ssize_t ConnectionStream::read(char* ptr, size_t size) {
    if (fault_ != StreamFault::None || size == 0) return -1;
    if (in_begin_ == in_end_) {
        if (!flush()) return -1;  // e.g. a "100 Continue" must reach the client first
        if (!fill_buffer()) return -1;
    }
    std::size_t delivered = 0;
    if (phase_ == Phase::Head) {
        // Byte by byte (cpp-httplib's line reader asks for one at a time anyway) so the head ends
        // exactly at its blank line and nothing of the body is counted as head.
        while (delivered < size && in_begin_ < in_end_ && phase_ == Phase::Head) {
            const char c = in_[in_begin_++];
            account_head_byte(c);
            if (fault_ != StreamFault::None) return -1;
            ptr[delivered++] = c;
        }
        return static_cast<ssize_t>(delivered);
    }
    delivered = std::min(size, in_end_ - in_begin_);
    body_bytes_ += delivered;
    if (body_bytes_ > body_limit_) {
        fault_ = StreamFault::BodyTooLarge;
        return -1;
    }
    std::memcpy(ptr, in_.get() + in_begin_, delivered);
    in_begin_ += delivered;
    return static_cast<ssize_t>(delivered);
}

void ConnectionStream::note_response_bytes(const char* ptr, size_t size) {
    response_bytes_ += size;
    // The status of the final response: the first status line that is not 1xx (interim).
    for (std::size_t i = 0; i < size && !status_known_; ++i) {
        if (ptr[i] == '\n') {
            int status = 0;
            if (status_line_.size() >= 12 && status_line_.compare(0, 5, "HTTP/") == 0) {
                status = std::atoi(status_line_.c_str() + 9);
            }
            if (status >= 200 || status < 100) {
                response_status_ = status;
                status_known_ = true;
            }
            status_line_.clear();
        } else if (status_line_.size() < 32) {
            status_line_.push_back(ptr[i]);
        }
    }
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
    // After a fault the parser writes its own bare error; the connection loop sends the right one.
    if (fault_ != StreamFault::None || discard_writes_) return static_cast<ssize_t>(size);
    note_response_bytes(ptr, size);
    out_.append(ptr, size);
    if (out_.size() >= kOutputFlushBytes && !flush()) return -1;
    return static_cast<ssize_t>(size);
}

ssize_t ConnectionStream::raw_send(const char* data, size_t size) {
    const auto deadline = std::chrono::steady_clock::now() + limits_.write_timeout;
    for (;;) {
        if (ssl_ != nullptr) {
            const int n = ::SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
            if (n > 0) return n;
            const int error = ::SSL_get_error(ssl_, n);
            if ((error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) &&
                wait_fd(error == SSL_ERROR_WANT_WRITE ? POLLOUT : POLLIN, deadline)) {
                continue;
            }
            return -1;
        }
        // Never blocks in send(): the wait for room is the poll below, bounded by the deadline.
        const ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n >= 0) return n;
        if (errno == EINTR) continue;
        if ((errno == EAGAIN || errno == EWOULDBLOCK) && wait_fd(POLLOUT, deadline)) continue;
        return -1;
    }
}

bool ConnectionStream::flush() {
    std::size_t sent = 0;
    while (sent < out_.size()) {
        const ssize_t n = raw_send(out_.data() + sent, out_.size() - sent);
        if (n <= 0) {
            out_.clear();
            return false;
        }
        sent += static_cast<std::size_t>(n);
    }
    out_.clear();
    return true;
}

std::uint64_t ConnectionStream::send_bare_status(int status) {
    out_.clear();
    const std::string answer = bare_status_answer(status);
    out_ = answer;
    response_status_ = status;
    response_bytes_ = answer.size();
    flush();
    return answer.size();
}

bool ConnectionStream::send_upgrade_head(std::string_view head, int status) {
    out_.assign(head);
    response_status_ = status;
    status_known_ = true;
    response_bytes_ = head.size();
    return flush();
}

UpgradedStream::ReadResult ConnectionStream::read_upgraded(char* ptr, size_t size,
                                                           std::chrono::milliseconds timeout) {
    using Status = UpgradedStream::ReadStatus;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (in_begin_ == in_end_) {
        if (ssl_ == nullptr || ::SSL_pending(ssl_) == 0) {
            pollfd entries[2] = {{fd_, POLLIN, 0}, {stop_fd_, POLLIN, 0}};
            const int ready = ::poll(entries, 2, milliseconds_until(deadline));
            if (ready < 0 && errno == EINTR) continue;
            if (ready < 0) return {Status::Closed, 0};
            if (ready == 0) return {Status::Timeout, 0};
            if ((entries[0].revents & (POLLIN | POLLHUP | POLLERR)) == 0) {
                return {Status::Stopping, 0};
            }
        }
        in_begin_ = 0;
        in_end_ = 0;
        if (ssl_ == nullptr) {
            const ssize_t n = ::recv(fd_, in_.get(), kInputBufferBytes, MSG_DONTWAIT);
            if (n > 0) {
                in_end_ = static_cast<std::size_t>(n);
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK)) {
                return {Status::Closed, 0};
            }
            continue;
        }
        // A partial TLS record blocks here until the rest arrives, at most the socket's receive
        // timeout (the transport's read timeout).
        const int n = ::SSL_read(ssl_, in_.get(), static_cast<int>(kInputBufferBytes));
        if (n > 0) {
            in_end_ = static_cast<std::size_t>(n);
            continue;
        }
        const int error = ::SSL_get_error(ssl_, n);
        if (error != SSL_ERROR_WANT_READ && error != SSL_ERROR_WANT_WRITE) {
            return {Status::Closed, 0};
        }
        if (std::chrono::steady_clock::now() >= deadline) return {Status::Timeout, 0};
    }
    const std::size_t delivered = std::min(size, in_end_ - in_begin_);
    std::memcpy(ptr, in_.get() + in_begin_, delivered);
    in_begin_ += delivered;
    return {Status::Data, delivered};
}

bool ConnectionStream::write_upgraded(std::string_view bytes) {
    if (sending_closed_) return false;
    out_.assign(bytes);
    return flush();
}

void ConnectionStream::close_sending() {
    if (sending_closed_) return;
    sending_closed_ = true;
    if (ssl_ != nullptr) {
        ::SSL_shutdown(ssl_);  // sends close_notify; the transport does not send it again
    } else {
        ::shutdown(fd_, SHUT_WR);
    }
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
    ip = peer_ip_;
    port = peer_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
    if (!local_known_) {
        local_known_ = true;
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
            describe_address(address, local_ip_, local_port_);
        }
    }
    ip = local_ip_;
    port = local_port_;
}

}  // namespace httpctl::server::detail
