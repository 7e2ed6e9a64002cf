// The transport of `serve`: binds addresses (plain or implicit TLS), reads HTTP/1.1 requests,
// hands each one as an HttpRequest to a handler and writes its HttpResponse back. It knows
// nothing about configuration: the caller decides what a request means (routing, client IP,
// snapshots) through the handler and the body-limit hook.
//
// Plain connections live in a few event loops (epoll) between requests; a request the handler
// can answer at once (ServerHooks::answer_at_once: no body, no blocking work) is answered on the
// loop's thread, every other request on a worker thread with cpp-httplib's parser. TLS
// connections are served on a worker thread each, for their whole life. The bytes on the wire
// are the library's either way.
//
// What it guarantees on its own, whatever the handler does:
//  * bounded memory per connection: the request head (request line + headers) is capped and
//    answered with 431 (414 when the request line alone is too long), the body is capped per
//    request (hook) and answered with 413, neither is buffered beyond its cap;
//  * bounded time: a request head must arrive within `header_timeout` (slow clients cannot hold a
//    connection forever), every read/write within `read_timeout`/`write_timeout`, an idle
//    keep-alive connection is closed after `keep_alive_timeout`;
//  * bounded concurrency: at most `max_connections` connections are open (further ones get a
//    bare 503 and are closed); `worker_threads` requests (or TLS connections) are served on
//    workers at once, the rest wait in a queue bounded by `max_connections`;
//  * graceful stop: stop() closes the listening sockets, lets requests in flight finish (at most
//    `shutdown_grace`), closes idle connections at once;
//  * one access-log line per request (also for the 4xx answers of the parser itself);
//  * upgrades (HttpResponse::upgrade with status 101): the head is written, logged with status
//    101, and the continuation owns the connection on its worker thread until it returns; it
//    holds that worker meanwhile, so at most `max_upgraded_connections` are open at once (further
//    ones get a bare 503 instead of the 101). stop() wakes its reads (ReadStatus::Stopping) and
//    waits for it like for a request in flight, at most `shutdown_grace`, then cuts the connection;
//  * streamed responses (HttpResponse::stream with any other status, e.g. an event stream): the
//    same, except that the head is the response's status line and headers with `Connection:
//    close` and no Content-Length (the body ends when the connection closes), logged with the
//    response's status and the head's bytes; they share the `max_upgraded_connections` cap.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "server/exchange.hpp"

namespace httpctl::server {

struct ServerLimits {
    std::size_t max_header_bytes = 8192;  // request line + headers; beyond → 431
    // Bodies beyond the hook's limit → 413; this is the cap when no hook is set.
    std::uint64_t default_max_body_bytes = 10'000'000;
    std::chrono::milliseconds header_timeout{10'000};  // whole request head, from accept/first byte
    std::chrono::milliseconds read_timeout{10'000};    // each read of the body
    std::chrono::milliseconds write_timeout{10'000};   // each write of the response
    std::chrono::milliseconds keep_alive_timeout{5'000};  // idle time between requests
    std::size_t keep_alive_max_requests = 10'000;  // then the connection is closed
    // Threads for requests that may block (bodies, password hashing, disk, upgrades) and for TLS
    // connections, which hold one for their whole life.
    std::size_t worker_threads = 64;
    std::size_t max_connections = 1024;  // open at once; beyond → 503
    // Threads running event loops for plain connections; 0: one per core, at most 4.
    std::size_t event_loops = 0;
    // Upgraded connections (WebSockets) open at once; each holds a worker for its whole life, so
    // past this a 101 answer is replaced by a bare 503 and plain requests keep their workers.
    // 0: half the workers (at least 1).
    std::size_t max_upgraded_connections = 0;
    std::chrono::milliseconds shutdown_grace{10'000};
};

// One address to listen on.
struct BindSpec {
    std::string listener_id;
    std::size_t bind_index = 0;  // which of the listener's configured binds this is
    std::string ip;              // "127.0.0.1", "::", ... (no brackets)
    std::uint16_t port = 0;      // 0: an ephemeral port, see HttpServer::bound()
    bool tls = false;
    std::string certificate_pem;  // chain, leaf first (tls only)
    std::string private_key_pem;  // (tls only)
};

struct BoundAddress {
    std::string listener_id;
    std::size_t bind_index = 0;
    std::string ip;
    std::uint16_t port = 0;  // the real port, also when 0 was asked for
    bool tls = false;
};

enum class AccessLogFormat : std::uint8_t { Plain, Json, Off };

// What the access log records of one request.
struct AccessLogEntry {
    std::chrono::system_clock::time_point time;
    std::string client_ip;  // as resolved by the handler; the TCP peer when it never ran
    std::string listener_id;
    std::string method;  // "-" when the request line could not be read
    std::string path;    // the request target as sent; "-" when unreadable
    int status = 0;
    std::uint64_t bytes = 0;  // bytes written for the response (status line, headers, body)
    std::chrono::microseconds duration{0};
};

// One line without the trailing newline.
[[nodiscard]] std::string format_access_log(const AccessLogEntry& entry, AccessLogFormat format);

struct ServerHooks {
    // Answers a request. May set request.client_ip (it starts as the TCP peer); that is what the
    // access log shows. Must not throw (an exception becomes a bare 500).
    std::function<HttpResponse(HttpRequest& request)> handle;
    // The body limit of a request, from its method and target (spec http.md §12: the JMAP
    // request and upload limits). Unset: limits.default_max_body_bytes.
    std::function<std::uint64_t(std::string_view method, std::string_view target)> body_limit;
    // Optional: `handle`'s answer when it can be given at once — no password hashing, no disk,
    // no upgrade or stream — else nullopt, and the request goes to `handle` on a worker thread.
    // Called on event-loop threads for body-less requests (see above); must be thread-safe.
    // Unset: every request goes to a worker. An exception becomes a bare 500, and so does an
    // upgrade or a stream (they need a worker's thread).
    std::function<std::optional<HttpResponse>(HttpRequest& request)> answer_at_once;
    // Where access-log lines and server messages go (one call per line, no newline). Called from
    // several worker threads at once, without a lock of the server's: it must be thread-safe
    // and should not hold a lock while doing I/O. Unset: standard error, one write() per line.
    std::function<void(std::string_view line)> log;
};

class HttpServer {
  public:
    HttpServer(ServerLimits limits, AccessLogFormat log_format, ServerHooks hooks);
    ~HttpServer();  // stops and joins if still running
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds every address; on failure nothing stays bound and the message names the address
    // ("Failed to bind to 127.0.0.1:80: Permission denied", spec http.md §7) or the TLS problem.
    [[nodiscard]] std::string bind(const std::vector<BindSpec>& binds);
    [[nodiscard]] const std::vector<BoundAddress>& bound() const noexcept;

    // Starts accepting on every bound address (returns at once).
    void start();
    // Graceful stop (thread-safe, idempotent): stop accepting, close idle connections, let
    // in-flight requests finish within limits.shutdown_grace, then cut the rest. Blocks until
    // every connection is closed and every thread joined.
    void stop();

    // Connections currently open (served or waiting); for tests and diagnostics.
    [[nodiscard]] std::size_t open_connections() const noexcept;

  private:
    struct Impl;
    friend class TransportSocket;  // one listening socket, in the implementation
    std::unique_ptr<Impl> impl_;
};

}  // namespace httpctl::server
