// The event loops of the transport: plain (non-TLS) connections live here between requests, so
// an idle keep-alive connection or a slow client costs a file descriptor and a few hundred bytes,
// not a thread. Each loop owns its connections outright (one epoll set, touched by one thread).
//
// A loop reads request heads itself. A request the direct path may take (see
// direct_path_request) and that the handler can answer without blocking
// (ServerHooks::answer_at_once) is
// answered right there, on the loop's thread, with the bytes cpp-httplib would have written:
// one recv() and one send() per request, no thread hand-off. Every other request — bodies,
// uploads, anything that hashes a password or touches the disk, upgrades, HTTP/1.0, malformed
// heads — is handed with its connection to a worker thread, which runs the library's parser on
// it exactly as before and gives the connection back when the answer is written.
#pragma once

#include <sys/epoll.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "http_server_wire.hpp"
#include "server/exchange.hpp"
#include "server/http_server.hpp"

namespace httpctl::server::detail {

using LoopClock = std::chrono::steady_clock;

// What an epoll event points at.
struct LoopWatch {
    enum class Kind : std::uint8_t { Listener, Wake, Connection };
    Kind kind;
    explicit LoopWatch(Kind k) : kind(k) {}
};

// A direct answer whose compression is too slow for a loop (Brotli): the worker the
// connection is handed to compresses, writes and logs it, then gives the connection back.
struct DeferredAnswer {
    HttpResponse response;
    std::string accept_encoding;  // the request's first Accept-Encoding value
    std::string head;             // the request head, for the access log
    std::string client_ip;
    bool close = false;  // Connection: close, and close after writing
};

// A plain connection while an event loop holds it (or while a worker holds it for a request).
struct LoopConnection : LoopWatch {
    LoopConnection() : LoopWatch(Kind::Connection) {}
    int fd = -1;
    std::size_t listener = 0;  // index of the listener that accepted it
    const BindSpec* bind = nullptr;
    std::string peer_ip;
    std::uint16_t peer_port = 0;
    std::size_t loop = 0;   // the loop it belongs to
    std::string in;         // received, not consumed yet (the next request's head first)
    HeadScanProgress scan;  // how far the head at the start of `in` has been looked at
    std::string out;        // answer bytes not sent yet
    std::size_t out_sent = 0;
    std::size_t served = 0;  // requests answered on this connection
    LoopClock::time_point accepted_at;
    LoopClock::time_point request_started;  // first byte of the request being received
    LoopClock::time_point deadline;         // idle, head or write deadline, whichever applies
    bool close_after_write = false;
    std::uint32_t interest = 0;                // the epoll events registered
    std::unique_ptr<DeferredAnswer> deferred;  // set when handed over to write an answer
};

struct LoopListener {
    int fd = -1;
    std::size_t index = 0;
    const BindSpec* bind = nullptr;
};

// The Keep-Alive header's values for these limits, as cpp-httplib writes them.
[[nodiscard]] KeepAlive keep_alive_header(const ServerLimits& limits);

// Writes all of `bytes` to a non-blocking socket, waiting for room at most `timeout` in all.
[[nodiscard]] bool send_all(int fd, std::string_view bytes, std::chrono::milliseconds timeout);

// What a loop needs from the server around it (HttpServer::Impl).
class LoopHost {
  public:
    virtual ~LoopHost() = default;
    [[nodiscard]] virtual const ServerLimits& limits() const = 0;
    [[nodiscard]] virtual bool stopping() const = 0;
    [[nodiscard]] virtual LoopClock::time_point stop_deadline() const = 0;
    // The handler's answer when it can give one at once (ServerHooks::answer_at_once), else
    // nullopt; exceptions and bad headers already turned into 500.
    [[nodiscard]] virtual std::optional<HttpResponse> answer_at_once(HttpRequest& request) = 0;
    virtual void log(std::string_view line) = 0;
    virtual void log_request(std::string_view client_ip, std::string_view listener_id,
                             std::string_view head, int status, std::uint64_t bytes,
                             LoopClock::time_point started_at) = 0;
    // Counts a new connection in; false when max_connections are open already.
    [[nodiscard]] virtual bool admit_connection() = 0;
    virtual void connection_closed() = 0;
    // The loop a new connection goes to (round robin).
    [[nodiscard]] virtual std::size_t pick_loop() = 0;
    // Gives a connection to another loop (thread-safe).
    virtual void deliver(std::size_t loop, std::unique_ptr<LoopConnection> connection) = 0;
    // Hands the connection to a worker, which writes its deferred answer or else serves the
    // request whose head starts `in`, and gives it back with deliver(); false (connection
    // untouched) when no worker can take it.
    [[nodiscard]] virtual bool hand_over(std::unique_ptr<LoopConnection>& connection) = 0;
};

class EventLoop {
  public:
    EventLoop(LoopHost& host, std::size_t index, const std::vector<LoopListener>& listeners);
    ~EventLoop();
    EventLoop(const EventLoop&) = delete;
    EventLoop& operator=(const EventLoop&) = delete;

    // Empty when the loop is ready, else why not (epoll or eventfd could not be created).
    [[nodiscard]] const std::string& error() const noexcept { return error_; }

    // Serves until the server stops and every connection it owns is closed (or the stop
    // deadline passed); then closes whatever is left.
    void run();
    // Thread-safe: takes a connection in (from another loop's accept or from a worker). Once the
    // loop has ended, the connection is closed instead.
    void adopt(std::unique_ptr<LoopConnection> connection);
    // Thread-safe: makes run() look at the server's state (stop).
    void wake();

  private:
    void accept_from(const LoopListener& listener);
    void add(std::unique_ptr<LoopConnection> connection);
    void take_mailbox();
    void on_event(LoopConnection& connection, std::uint32_t events);
    // false when the connection is gone (closed or handed over).
    bool receive(LoopConnection& connection);
    bool process(LoopConnection& connection);
    bool flush(LoopConnection& connection);
    bool answer_directly(LoopConnection& connection, std::size_t head_length);
    void hand_over(LoopConnection& connection);
    void refuse(LoopConnection& connection, int status);  // bare status, log, close
    [[nodiscard]] bool set_interest(LoopConnection& connection, std::uint32_t events);
    void close(LoopConnection& connection);
    void sweep(LoopClock::time_point now);
    void begin_stop();
    // Closes what the loop still holds, its mailbox included; later adopt() calls close theirs.
    void end();

    LoopHost& host_;
    std::size_t index_;
    // What an event on a listening socket points at.
    struct ListenerWatch : LoopWatch {
        explicit ListenerWatch(const LoopListener& l) : LoopWatch(Kind::Listener), listener(l) {}
        LoopListener listener;
    };
    std::vector<std::unique_ptr<ListenerWatch>> listeners_;
    LoopWatch wake_watch_{LoopWatch::Kind::Wake};
    std::string error_;
    int epoll_fd_ = -1;
    int wake_fd_ = -1;
    std::unordered_map<LoopConnection*, std::unique_ptr<LoopConnection>> owned_;
    std::array<char, 16 * 1024> scratch_{};
    LibraryCompressor compressor_;
    KeepAlive keep_alive_;  // the Keep-Alive header's values, from the limits

    std::mutex mailbox_mutex_;
    std::vector<std::unique_ptr<LoopConnection>> mailbox_;
    bool ended_ = false;  // under mailbox_mutex_
};

}  // namespace httpctl::server::detail
