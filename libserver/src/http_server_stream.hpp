// One accepted connection as cpp-httplib's parser reads it: a socket (optionally wrapped in TLS)
// behind httplib::Stream, with our limits applied to what the parser consumes. cpp-httplib has no
// cap on the size of a request head nor on the time it takes to arrive, so the stream counts
// what the parser reads: past a cap it fails the read, swallows the parser's own error answer and
// tells the connection loop which proper status (431/413/408) to send instead.
#pragma once

#include <openssl/ssl.h>
#include <sys/socket.h>

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "server/upgraded_stream.hpp"

namespace httpctl::server::detail {

enum class StreamFault : std::uint8_t {
    None,
    UriTooLong,    // the request line alone is past the head cap → 414
    HeadTooLarge,  // → 431
    BodyTooLarge,  // → 413
    Timeout,       // head not complete by its deadline, or a body read timed out → 408
};

struct StreamLimits {
    std::size_t max_head_bytes = 8192;
    std::chrono::milliseconds read_timeout{10'000};
    std::chrono::milliseconds write_timeout{10'000};
};

class ConnectionStream final : public httplib::Stream {
  public:
    // `stop_fd` becomes readable when the server stops; waits for the next request and reads
    // of an upgraded connection watch it.
    ConnectionStream(int fd, SSL* ssl, int stop_fd, StreamLimits limits);
    // The same for a connection whose peer is known already (no getpeername call).
    ConnectionStream(int fd, int stop_fd, StreamLimits limits, std::string peer_ip,
                     std::uint16_t peer_port);
    ~ConnectionStream() override = default;
    ConnectionStream(const ConnectionStream&) = delete;
    ConnectionStream& operator=(const ConnectionStream&) = delete;

    // httplib::Stream
    bool is_readable() const override;
    bool is_writable() const override;
    ssize_t read(char* ptr, size_t size) override;
    ssize_t write(const char* ptr, size_t size) override;
    void get_remote_ip_and_port(std::string& ip, int& port) const override;
    void get_local_ip_and_port(std::string& ip, int& port) const override;
    socket_t socket() const override { return fd_; }

    // Bytes received before the stream took the connection over (an event loop read the head).
    void preload(std::string_view bytes);
    // What was received and not consumed (a pipelined next request), leaving the buffer empty.
    [[nodiscard]] std::string take_buffered();
    // Waits until the next request starts arriving: true when bytes are there, false on idle
    // timeout, peer close or server stop (`stop_fd` readable).
    [[nodiscard]] bool wait_for_request(std::chrono::milliseconds idle_timeout);
    // A plain connection on a blocking socket: waits for its next request in one recv()
    // bounded by SO_RCVTIMEO (set once per value). True when bytes are there; false on timeout,
    // close or error.
    [[nodiscard]] bool receive_within(std::chrono::milliseconds timeout);
    // Starts accounting for a new request: its head must be complete by `head_deadline`.
    void begin_request(std::chrono::steady_clock::time_point head_deadline);
    // From now on the body may hold `limit` bytes (as read off the wire); past it → BodyTooLarge.
    void set_body_limit(std::uint64_t limit) { body_limit_ = limit; }
    // Fails the request right away (e.g. a declared Content-Length over the limit).
    void fail(StreamFault fault) { fault_ = fault; }
    // Sends everything written so far; false when the peer is gone.
    bool flush();
    // Writes a bare status answer (no body, connection closing) directly, bypassing the fault
    // swallowing; returns the bytes written.
    std::uint64_t send_bare_status(int status);

    // After an upgrade: what the parser writes is dropped (the connection loop writes the 101
    // head itself, without the library's Content-Length and Keep-Alive headers).
    void discard_writes() { discard_writes_ = true; }
    // Sends the 101 head of an upgrade and records it as the response; false when the peer is
    // gone.
    bool send_upgrade_head(std::string_view head, int status);
    // The upgraded connection (see UpgradedStream): bytes already buffered first, then the
    // socket; the wait also ends when the server stops.
    [[nodiscard]] UpgradedStream::ReadResult read_upgraded(char* ptr, size_t size,
                                                           std::chrono::milliseconds timeout);
    [[nodiscard]] bool write_upgraded(std::string_view bytes);
    // Ends the sending direction (TLS close_notify or TCP FIN); later writes fail.
    void close_sending();

    [[nodiscard]] StreamFault fault() const noexcept { return fault_; }
    [[nodiscard]] const std::string& head() const noexcept { return head_; }  // as received
    [[nodiscard]] bool head_complete() const noexcept { return phase_ == Phase::Body; }
    [[nodiscard]] int response_status() const noexcept { return response_status_; }
    [[nodiscard]] std::uint64_t response_bytes() const noexcept { return response_bytes_; }
    [[nodiscard]] const std::string& peer_ip() const noexcept { return peer_ip_; }
    [[nodiscard]] std::uint16_t peer_port() const noexcept { return peer_port_; }

  private:
    enum class Phase : std::uint8_t { Head, Body };

    bool fill_buffer();  // at least one byte, or false (fault, timeout, close)
    bool wait_fd(short events, std::chrono::steady_clock::time_point deadline) const;
    ssize_t raw_send(const char* data, size_t size);
    void account_head_byte(char c);
    void note_response_bytes(const char* ptr, size_t size);

    int fd_;
    SSL* ssl_;
    int stop_fd_;
    StreamLimits limits_;
    std::string peer_ip_;
    std::uint16_t peer_port_ = 0;
    // Looked up when the library first asks (it copies it into every request; we never read it).
    mutable std::string local_ip_;
    mutable std::uint16_t local_port_ = 0;
    mutable bool local_known_ = false;
    std::chrono::milliseconds receive_timeout_{-1};  // SO_RCVTIMEO as last set; -1: unknown

    std::unique_ptr<char[]> in_;  // received, not yet consumed: [in_begin_, in_end_)
    std::size_t in_begin_ = 0;
    std::size_t in_end_ = 0;
    std::string out_;  // written by the parser, not yet sent (one send per response)

    Phase phase_ = Phase::Head;
    std::chrono::steady_clock::time_point head_deadline_;
    std::string head_;  // the request head as consumed (≤ max_head_bytes)
    std::size_t line_bytes_ = 0;
    bool in_request_line_ = true;
    std::uint64_t body_bytes_ = 0;
    std::uint64_t body_limit_ = UINT64_MAX;
    StreamFault fault_ = StreamFault::None;

    std::string status_line_;  // start of the response being written, to read its status
    bool status_known_ = false;
    int response_status_ = 0;
    std::uint64_t response_bytes_ = 0;
    bool discard_writes_ = false;
    bool sending_closed_ = false;
};

// Text form of a socket address; an IPv4-mapped IPv6 address becomes plain IPv4 (spec http.md §7).
void describe_address(const sockaddr_storage& address, std::string& ip, std::uint16_t& port);

// "HTTP/1.1 431 Request Header Fields Too Large" etc.
[[nodiscard]] const char* status_reason(int status) noexcept;
// A bare answer with that status: no body, the connection closing.
[[nodiscard]] std::string bare_status_answer(int status);
// The status a fault is answered with.
[[nodiscard]] int fault_status(StreamFault fault) noexcept;

}  // namespace httpctl::server::detail
