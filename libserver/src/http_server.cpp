// HttpServer: one cpp-httplib Server per bound address for binding and parsing; event loops for
// plain connections (http_server_loop), our own connection loop for TLS ones (limits,
// keep-alive, stop), one shared worker pool, one access log.
#include "server/http_server.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>

#include "http_server_head.hpp"
#include "http_server_loop.hpp"
#include "http_server_pool.hpp"
#include "http_server_stream.hpp"
#include "http_server_tls.hpp"
#include "httpconf/ascii.hpp"

namespace httpctl::server {
namespace {

using Clock = std::chrono::steady_clock;

// A listen backlog for bursts of connections: cpp-httplib's shared library listens with 5.
constexpr int kListenBacklog = 1024;
// How long a worker that served a handed-over request waits for the connection's next one
// before giving it back to its event loop.
constexpr std::chrono::milliseconds kWorkerLinger{5};

// What the handler needs to know about the connection its request came on.
struct ConnectionState {
    detail::ConnectionStream* stream = nullptr;
    const BindSpec* bind = nullptr;
    std::string client_ip;  // as the handler resolved it for the current request
    bool close_after_response = false;  // the request was refused in a way that ends the connection
    // Set by the handler's 101 answer or streamed response: the head to write, its status, and
    // what takes the connection over.
    std::string upgrade_head;
    int upgrade_status = 101;
    std::function<void(UpgradedStream&)> upgrade;
};

// The upgraded connection handed to a response's continuation.
class UpgradedConnection final : public UpgradedStream {
  public:
    UpgradedConnection(detail::ConnectionStream& stream, const std::atomic<bool>& stopping)
        : stream_(stream), stopping_(stopping) {}
    ReadResult read(char* buffer, std::size_t size, std::chrono::milliseconds timeout) override {
        return stream_.read_upgraded(buffer, size, timeout);
    }
    bool write_all(std::string_view bytes) override { return stream_.write_upgraded(bytes); }
    void close() override { stream_.close_sending(); }
    bool stopping() const override { return stopping_.load(); }

  private:
    detail::ConnectionStream& stream_;
    const std::atomic<bool>& stopping_;
};

}  // namespace

class TransportSocket;

struct HttpServer::Impl final : detail::LoopHost {
    ServerLimits server_limits;
    AccessLogFormat log_format;
    ServerHooks hooks;

    struct Listener {
        BindSpec spec;
        detail::SslContextPtr tls;
        std::unique_ptr<TransportSocket> socket;  // TLS: accepts and parses; plain: parses
        std::thread accept_thread;                // TLS only
        int plain_fd = -1;                        // plain: the listening socket the loops watch
        Listener() = default;
        Listener(const Listener&) = delete;
        Listener& operator=(const Listener&) = delete;
        ~Listener() {
            if (plain_fd >= 0) ::close(plain_fd);
        }
    };
    std::vector<std::unique_ptr<Listener>> listeners;
    std::vector<BoundAddress> bound;
    std::unique_ptr<detail::WorkerPool> pool;
    std::vector<std::unique_ptr<detail::EventLoop>> loops;
    std::vector<std::thread> loop_threads;
    std::atomic<std::size_t> next_loop{0};

    int stop_fd = -1;  // an eventfd, readable once stop() began
    std::atomic<bool> stopping_flag{false};
    Clock::time_point stop_by;  // written before stopping_flag is set
    std::mutex lifecycle_mutex;
    bool started = false;
    bool stopped = false;

    std::mutex connections_mutex;
    std::unordered_map<std::thread::id, ConnectionState*> state_by_thread;
    std::unordered_set<int> open_fds;
    std::atomic<std::size_t> open_count{0};
    std::atomic<std::size_t> upgraded_count{0};  // continuations running or about to

    Impl(ServerLimits l, AccessLogFormat f, ServerHooks h)
        : server_limits(l), log_format(f), hooks(std::move(h)) {
        stop_fd = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    }
    ~Impl() override {
        if (stop_fd >= 0) ::close(stop_fd);
    }

    // detail::LoopHost
    const ServerLimits& limits() const override { return server_limits; }
    bool stopping() const override { return stopping_flag.load(); }
    Clock::time_point stop_deadline() const override { return stop_by; }
    std::optional<HttpResponse> answer_at_once(HttpRequest& request) override {
        if (!hooks.answer_at_once) return std::nullopt;
        return guarded(hooks.answer_at_once, request);
    }
    HttpResponse answer(HttpRequest& request) {
        if (!hooks.handle) {
            HttpResponse none;
            none.status = 404;
            return none;
        }
        return guarded(hooks.handle, request);
    }
    // A handler's answer made safe: an exception, or a header that would split the response,
    // becomes a bare 500.
    template <typename Handler>
    std::invoke_result_t<Handler&, HttpRequest&> guarded(Handler& handler, HttpRequest& request);
    bool admit_connection() override {
        if (open_count.fetch_add(1) < server_limits.max_connections) return true;
        open_count.fetch_sub(1);
        return false;
    }
    void connection_closed() override { open_count.fetch_sub(1); }
    std::size_t pick_loop() override { return next_loop.fetch_add(1) % loops.size(); }
    void deliver(std::size_t loop, std::unique_ptr<detail::LoopConnection> connection) override {
        loops[loop]->adopt(std::move(connection));
    }
    bool hand_over(std::unique_ptr<detail::LoopConnection>& connection) override;

    // No lock here: event loops and workers log at once, and a lock held across the write made
    // every request wait for the others' log I/O (two futex calls per request under load). Each
    // line goes out in one write(), which the kernel does not interleave with other writers'.
    void log(std::string_view line) override {
        if (hooks.log) {
            hooks.log(line);
            return;
        }
        std::string text;
        text.reserve(line.size() + 1);
        text.append(line);
        text += '\n';
        std::size_t written = 0;
        while (written < text.size()) {
            const ssize_t n = ::write(STDERR_FILENO, text.data() + written, text.size() - written);
            if (n > 0) {
                written += static_cast<std::size_t>(n);
            } else if (n < 0 && errno == EINTR) {
                continue;
            } else {
                return;
            }
        }
    }

    void log_request(std::string_view client_ip, std::string_view listener_id,
                     std::string_view head, int status, std::uint64_t bytes,
                     Clock::time_point started_at) override {
        if (log_format == AccessLogFormat::Off) return;
        AccessLogEntry entry;
        entry.time = std::chrono::system_clock::now();
        entry.client_ip = client_ip;
        entry.listener_id = listener_id;
        const auto line = detail::request_line_of(head);
        entry.method = line.method.empty() ? "-" : std::string(line.method);
        entry.path = line.target.empty() ? "-" : std::string(line.target);
        entry.status = status;
        entry.bytes = bytes;
        entry.duration =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_at);
        log(format_access_log(entry, log_format));
    }
    void log_request(const ConnectionState& state, std::string_view head, int status,
                     std::uint64_t bytes, Clock::time_point started_at) {
        log_request(state.client_ip.empty() ? state.stream->peer_ip() : state.client_ip,
                    state.bind->listener_id, head, status, bytes, started_at);
    }

    // A connection on a worker thread (TLS, or plain for one request): stop() reaches it here.
    void register_connection(int fd, ConnectionState* state) {
        std::lock_guard lock(connections_mutex);
        open_fds.insert(fd);
        state_by_thread[std::this_thread::get_id()] = state;
    }
    void unregister_connection(int fd) {
        std::lock_guard lock(connections_mutex);
        open_fds.erase(fd);
        state_by_thread.erase(std::this_thread::get_id());
    }
    ConnectionState* current_state() {
        std::lock_guard lock(connections_mutex);
        const auto found = state_by_thread.find(std::this_thread::get_id());
        return found == state_by_thread.end() ? nullptr : found->second;
    }

    void handle(const httplib::Request& raw, httplib::Response& res);
};

namespace {

bool valid_header_name(std::string_view name) {
    if (name.empty()) return false;
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == ':') return false;
    }
    return true;
}

bool valid_header_value(std::string_view value) {
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

void set_bare_status(httplib::Response& res, int status) {
    res.status = status;
    res.body.clear();
}

}  // namespace

// One listening socket. cpp-httplib accepts and parses; the connection loop is ours.
class TransportSocket final : public httplib::Server {
  public:
    TransportSocket(HttpServer::Impl& impl, HttpServer::Impl::Listener& listener)
        : impl_(impl), listener_(listener) {
        const auto& limits = impl.server_limits;
        set_tcp_nodelay(true);  // without it every response waits for the peer's delayed ACK
        set_socket_options([](socket_t fd) {
            int on = 1;
            ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        });
        set_read_timeout(limits.read_timeout);
        set_write_timeout(limits.write_timeout);
        set_keep_alive_timeout(
            std::max<time_t>(1, std::chrono::duration_cast<std::chrono::seconds>(
                                    limits.keep_alive_timeout)
                                    .count()));
        set_keep_alive_max_count(limits.keep_alive_max_requests);
        const auto handler = [this](const httplib::Request& req, httplib::Response& res) {
            impl_.handle(req, res);
        };
        Get(".*", handler);
        Post(".*", handler);
        Put(".*", handler);
        Patch(".*", handler);
        Delete(".*", handler);
        Options(".*", handler);
        // Requests without a body skip cpp-httplib's regex dispatch (the pre-routing handler runs
        // before any body is read, so it must leave those with a body to the handlers above).
        set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
            const bool has_body = req.has_header("Transfer-Encoding") ||
                                  (req.has_header("Content-Length") &&
                                   req.get_header_value("Content-Length") != "0");
            if (!has_body) {
                impl_.handle(req, res);
                return HandlerResponse::Handled;
            }
            if (!library_reads_body(req)) {
                // cpp-httplib would leave this body unread and parse it as the next request.
                refuse(res, 400);
                return HandlerResponse::Handled;
            }
            return HandlerResponse::Unhandled;
        });
        new_task_queue = [this] { return new detail::PoolQueue(*impl_.pool); };
    }

    // Binds; the real port, or an error message.
    std::string bind_address(std::uint16_t& port) {
        errno = 0;
        const auto& spec = listener_.spec;
        if (spec.port == 0) {
            const int chosen = bind_to_any_port(spec.ip);
            if (chosen <= 0) return bind_failure();
            port = static_cast<std::uint16_t>(chosen);
        } else {
            if (!bind_to_port(spec.ip, spec.port)) return bind_failure();
            port = spec.port;
        }
        ::listen(svr_sock_, kListenBacklog);  // widens the library's backlog of 5
        return {};
    }

    void accept_loop() {
        accept_thread_.store(std::this_thread::get_id());
        listen_after_bind();
        accept_done_.store(true);
    }
    // True once the accept loop runs or has ended (then stop() has something to act on).
    [[nodiscard]] bool accept_started() const { return is_running() || accept_done_.load(); }

    // For a plain listener: the bound listening socket, which the event loops watch instead of
    // cpp-httplib's accept loop (non-blocking from now on).
    int release_listening_socket() {
        const int fd = svr_sock_.exchange(INVALID_SOCKET);
        const int flags = ::fcntl(fd, F_GETFL, 0);
        ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
        return fd;
    }

    // A plain connection an event loop handed over: serves the request whose head the loop
    // read, on this worker thread, then gives the connection back (or closes it).
    void serve_handed_over(std::unique_ptr<detail::LoopConnection> connection) {
        const auto& limits = impl_.server_limits;
        const int fd = connection->fd;
        bool keep = false;
        if (connection->deferred) {
            const detail::DeferredAnswer& answer = *connection->deferred;
            std::string out;
            const std::size_t bytes =
                detail::append_response(out, answer.response, answer.close,
                                        detail::keep_alive_header(limits), answer.accept_encoding);
            keep = detail::send_all(fd, out, limits.write_timeout) && !answer.close;
            impl_.log_request(answer.client_ip, listener_.spec.listener_id, answer.head,
                              answer.response.status, bytes, connection->request_started);
            connection->deferred.reset();
        } else {
            detail::ConnectionStream stream(
                fd, impl_.stop_fd,
                {limits.max_header_bytes, limits.read_timeout, limits.write_timeout},
                connection->peer_ip, connection->peer_port);
            stream.preload(connection->in);
            connection->in.clear();
            connection->scan = {};
            ConnectionState state;
            state.stream = &stream;
            state.bind = &listener_.spec;
            impl_.register_connection(fd, &state);
            auto started_at = connection->request_started;
            auto head_deadline =
                (connection->served == 0 ? connection->accepted_at : started_at) +
                limits.header_timeout;
            for (;;) {
                keep = serve_request(stream, state, head_deadline, started_at,
                                     connection->served) == AfterRequest::KeepAlive;
                if (!keep) break;
                ++connection->served;
                // A busy client's next request usually follows within a few milliseconds:
                // serving it here saves two thread hand-offs. Only while no other job waits
                // for a worker; an idle connection goes back to its loop soon after.
                if (impl_.pool->has_waiting_jobs() || impl_.stopping_flag.load() ||
                    !stream.receive_within(kWorkerLinger)) {
                    break;
                }
                started_at = Clock::now();
                head_deadline = started_at + limits.header_timeout;
            }
            impl_.unregister_connection(fd);
            if (keep) connection->in = stream.take_buffered();
        }
        if (keep) {
            const std::size_t loop = connection->loop;
            impl_.deliver(loop, std::move(connection));
            return;
        }
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
        impl_.connection_closed();
    }

  private:
    // Which requests cpp-httplib reads a body for (its expect_content rule).
    static bool library_reads_body(const httplib::Request& req) {
        return req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
               req.method == "PRI" || (req.method == "DELETE" && req.has_header("Content-Length"));
    }

    void refuse(httplib::Response& res, int status) {
        res.status = status;
        res.body.clear();
        if (auto* state = impl_.current_state()) state->close_after_response = true;
    }

    std::string bind_failure() const {
        const auto& spec = listener_.spec;
        const std::string address = spec.ip.find(':') != std::string::npos
                                        ? "[" + spec.ip + "]:" + std::to_string(spec.port)
                                        : spec.ip + ":" + std::to_string(spec.port);
        const int error = errno;
        // spec http.md §7: "Failed to bind to {addr}: {os error}"
        return "Failed to bind to " + address + ": " +
               (error != 0 ? std::strerror(error) : "the address cannot be used");
    }

    bool process_and_close_socket(socket_t fd) override {
        if (std::this_thread::get_id() == accept_thread_.load() || !impl_.admit_connection()) {
            // The pool is full (this runs on the accept thread, see PoolQueue) or
            // max_connections are open.
            reject();
        } else {
            serve(fd);
            impl_.connection_closed();
        }
        ::shutdown(fd, SHUT_RDWR);
        ::close(fd);
        return true;
    }

    // Too many connections on a TLS listener (the only kind accepted here; the event loops
    // answer plain ones with a bare 503): closed without a handshake, never blocking the accept
    // loop.
    void reject() {
        impl_.log("stalwart-httpctl: too many connections, one refused on listener " +
                  listener_.spec.listener_id);
    }

    bool tls_handshake(SSL* ssl, int fd, Clock::time_point deadline) const {
        for (;;) {
            const int result = ::SSL_accept(ssl);
            if (result == 1) return true;
            const int error = ::SSL_get_error(ssl, result);
            short events = 0;
            if (error == SSL_ERROR_WANT_READ) events = POLLIN;
            if (error == SSL_ERROR_WANT_WRITE) events = POLLOUT;
            if (events == 0) return false;
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            if (left.count() <= 0) return false;
            pollfd entry{fd, events, 0};
            if (::poll(&entry, 1, static_cast<int>(left.count())) <= 0) return false;
        }
    }

    void serve(int fd) {
        const auto& limits = impl_.server_limits;
        const auto accepted_at = Clock::now();
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);

        SSL* ssl = nullptr;
        if (listener_.tls) {
            ssl = ::SSL_new(listener_.tls.get());
            if (ssl == nullptr) return;
            ::SSL_set_fd(ssl, fd);
            if (!tls_handshake(ssl, fd, accepted_at + limits.header_timeout)) {
                ::SSL_free(ssl);
                return;
            }
        }
        {
            detail::ConnectionStream stream(
                fd, ssl, impl_.stop_fd,
                {limits.max_header_bytes, limits.read_timeout, limits.write_timeout});
            ConnectionState state;
            state.stream = &stream;
            state.bind = &listener_.spec;
            impl_.register_connection(fd, &state);
            serve_requests(stream, state, accepted_at);
            impl_.unregister_connection(fd);
        }
        if (ssl != nullptr) {
            // An upgraded connection may have sent its close_notify already; a second call
            // would wait for the peer's.
            if ((::SSL_get_shutdown(ssl) & SSL_SENT_SHUTDOWN) == 0) ::SSL_shutdown(ssl);
            ::SSL_free(ssl);
        }
    }

    // The requests of a TLS connection, until it closes.
    void serve_requests(detail::ConnectionStream& stream, ConnectionState& state,
                        Clock::time_point accepted_at) {
        const auto& limits = impl_.server_limits;
        for (std::size_t served = 0; served < limits.keep_alive_max_requests; ++served) {
            const bool first = served == 0;
            // The first request's head is due `header_timeout` after accept, time spent waiting
            // for a worker included, so a queue of slow clients drains instead of piling up.
            const auto idle = first ? std::chrono::duration_cast<std::chrono::milliseconds>(
                                          accepted_at + limits.header_timeout - Clock::now())
                                    : limits.keep_alive_timeout;
            if (idle.count() <= 0 || !stream.wait_for_request(idle)) return;
            const auto started_at = Clock::now();
            const auto head_deadline = (first ? accepted_at : started_at) + limits.header_timeout;
            if (serve_request(stream, state, head_deadline, started_at, served) !=
                AfterRequest::KeepAlive) {
                return;
            }
        }
    }

    enum class AfterRequest : std::uint8_t { KeepAlive, Close };

    // One request with cpp-httplib's parser: its head must be complete by `head_deadline`;
    // `served` requests were answered on the connection before it.
    AfterRequest serve_request(detail::ConnectionStream& stream, ConnectionState& state,
                               Clock::time_point head_deadline, Clock::time_point started_at,
                               std::size_t served) {
        const auto& limits = impl_.server_limits;
        stream.begin_request(head_deadline);
        state.client_ip.clear();
        state.close_after_response = false;
        state.upgrade = nullptr;
        const bool close_after =
            served + 1 >= limits.keep_alive_max_requests || impl_.stopping_flag.load();
        bool closed_by_client = false;
        const bool ok = process_request(
            stream, close_after, closed_by_client,
            [this, &stream](httplib::Request& req) { apply_body_limit(stream, req); });
        if (stream.fault() != detail::StreamFault::None) {
            if (state.upgrade) {  // never handed over: give its slot back
                state.upgrade = nullptr;
                impl_.upgraded_count.fetch_sub(1);
            }
            const int status = detail::fault_status(stream.fault());
            const auto bytes = stream.send_bare_status(status);
            impl_.log_request(state, stream.head(), status, bytes, started_at);
            return AfterRequest::Close;
        }
        if (state.upgrade) {
            serve_upgraded(stream, state, started_at);
            return AfterRequest::Close;
        }
        const bool sent = stream.flush();
        if (stream.response_status() == 0) return AfterRequest::Close;  // the peer left early
        impl_.log_request(state, stream.head(), stream.response_status(), stream.response_bytes(),
                          started_at);
        if (!ok || !sent || closed_by_client || close_after || state.close_after_response) {
            return AfterRequest::Close;
        }
        return AfterRequest::KeepAlive;
    }

    // A 101 answer or a streamed response: its head, one access-log line (the head's bytes), then
    // the continuation owns the connection until it returns (stop() makes its reads return
    // Stopping).
    void serve_upgraded(detail::ConnectionStream& stream, ConnectionState& state,
                        Clock::time_point started_at) {
        const auto upgrade = std::move(state.upgrade);
        state.upgrade = nullptr;
        const bool sent = stream.send_upgrade_head(state.upgrade_head, state.upgrade_status);
        impl_.log_request(state, stream.head(), state.upgrade_status, stream.response_bytes(),
                          started_at);
        if (sent) {
            UpgradedConnection connection(stream, impl_.stopping_flag);
            try {
                upgrade(connection);
            } catch (const std::exception& error) {
                impl_.log(std::string("stalwart-httpctl: upgraded connection failed: ") +
                          error.what());
            }
        }
        impl_.upgraded_count.fetch_sub(1);
    }

    // Runs once the head is parsed, before any body byte is read.
    void apply_body_limit(detail::ConnectionStream& stream, const httplib::Request& req) {
        const auto target = detail::request_line_of(stream.head()).target;
        const std::uint64_t limit = impl_.hooks.body_limit
                                        ? impl_.hooks.body_limit(req.method, target)
                                        : impl_.server_limits.default_max_body_bytes;
        if (req.has_header("Content-Length")) {
            const auto declared = req.get_header_value<std::uint64_t>("Content-Length");
            if (declared > limit) {
                stream.fail(detail::StreamFault::BodyTooLarge);
                return;
            }
            stream.set_body_limit(limit);
        } else {
            // Chunked: the wire bytes include the chunk framing; the decoded size is checked
            // again in the handler.
            stream.set_body_limit(limit + limit / 8 + 4096);
        }
    }

    HttpServer::Impl& impl_;
    HttpServer::Impl::Listener& listener_;
    std::atomic<std::thread::id> accept_thread_{};
    std::atomic<bool> accept_done_{false};
};

void HttpServer::Impl::handle(const httplib::Request& raw, httplib::Response& res) {
    ConnectionState* state = current_state();
    if (state == nullptr) {
        set_bare_status(res, 500);
        return;
    }
    HttpRequest request;
    if (!detail::parse_head(state->stream->head(), request)) {
        // Bare CR or LF, NUL, folded lines: cpp-httplib would skip such lines, which lets a
        // client smuggle headers past a proxy that reads them differently.
        set_bare_status(res, 400);
        state->close_after_response = true;
        return;
    }
    const std::uint64_t limit = hooks.body_limit ? hooks.body_limit(request.method, request.target)
                                                 : server_limits.default_max_body_bytes;
    if (raw.body.size() > limit) {
        set_bare_status(res, 413);
        state->close_after_response = true;
        return;
    }
    request.body = raw.body;
    request.peer_ip = state->stream->peer_ip();
    request.peer_port = state->stream->peer_port();
    request.client_ip = request.peer_ip;
    request.listener_id = state->bind->listener_id;
    request.bind_index = state->bind->bind_index;
    request.tls = state->bind->tls;

    HttpResponse response = answer(request);
    state->client_ip = request.client_ip;
    const bool streamed = response.status != 101 && response.stream;
    if (response.status == 101 || streamed) {
        if (response.status == 101 && !response.upgrade) {
            log("stalwart-httpctl: a 101 answer without an upgrade continuation");
            set_bare_status(res, 500);
            state->close_after_response = true;
            return;
        }
        const std::size_t cap = server_limits.max_upgraded_connections != 0
                                    ? server_limits.max_upgraded_connections
                                    : std::max<std::size_t>(1, server_limits.worker_threads / 2);
        if (upgraded_count.fetch_add(1) >= cap) {
            upgraded_count.fetch_sub(1);
            log(streamed ? "stalwart-httpctl: too many upgraded connections, one streamed "
                           "response refused with 503"
                         : "stalwart-httpctl: too many upgraded connections, one upgrade "
                           "refused with 503");
            set_bare_status(res, 503);
            state->close_after_response = true;
            return;
        }
        // The connection loop writes this head itself and hands the connection over (and gives
        // the upgraded_count slot back when the continuation returns).
        // A streamed body ends when the connection closes (RFC 9112 §6.3: a close-delimited
        // body), so it carries no Content-Length and says `Connection: close`.
        std::string head = "HTTP/1.1 " + std::to_string(response.status) + " " +
                           detail::status_reason(response.status) + "\r\n";
        for (const auto& [name, value] : response.headers) {
            if (streamed && (conf::equals_ignoring_ascii_case(name, "content-length") ||
                             conf::equals_ignoring_ascii_case(name, "connection") ||
                             conf::equals_ignoring_ascii_case(name, "transfer-encoding"))) {
                continue;
            }
            head += name + ": " + value + "\r\n";
        }
        if (streamed) head += "connection: close\r\n";
        head += "\r\n";
        state->upgrade_head = std::move(head);
        state->upgrade_status = response.status;
        state->upgrade = streamed ? std::move(response.stream) : std::move(response.upgrade);
        state->stream->discard_writes();
        set_bare_status(res, response.status);
        return;
    }
    res.status = response.status;
    for (auto& [name, value] : response.headers) res.headers.emplace(name, value);
    res.body = std::move(response.body);
}

template <typename Handler>
std::invoke_result_t<Handler&, HttpRequest&> HttpServer::Impl::guarded(Handler& handler,
                                                                       HttpRequest& request) {
    const auto failed = [] {
        HttpResponse response;
        response.status = 500;
        return response;
    };
    std::invoke_result_t<Handler&, HttpRequest&> response;
    try {
        response = handler(request);
    } catch (const std::exception& error) {
        log(std::string("stalwart-httpctl: request handler failed: ") + error.what());
        return failed();
    }
    const HttpResponse* answer = nullptr;
    if constexpr (std::is_same_v<decltype(response), HttpResponse>) {
        answer = &response;
    } else if (response) {
        answer = &*response;
    }
    if (answer != nullptr) {
        for (const auto& [name, value] : answer->headers) {
            if (!valid_header_name(name) || !valid_header_value(value)) {
                // Never emit a header that would split the response.
                log("stalwart-httpctl: response header " + name + " refused (CR, LF or NUL)");
                return failed();
            }
        }
    }
    return response;
}

bool HttpServer::Impl::hand_over(std::unique_ptr<detail::LoopConnection>& connection) {
    TransportSocket* socket = listeners[connection->listener]->socket.get();
    detail::LoopConnection* raw = connection.get();
    std::function<void()> job = [socket, raw] {
        socket->serve_handed_over(std::unique_ptr<detail::LoopConnection>(raw));
    };
    if (!pool->try_submit(job)) return false;
    static_cast<void>(connection.release());  // the job owns it now
    return true;
}

HttpServer::HttpServer(ServerLimits limits, AccessLogFormat log_format, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(limits, log_format, std::move(hooks))) {}

HttpServer::~HttpServer() { stop(); }

std::string HttpServer::bind(const std::vector<BindSpec>& binds) {
    std::lock_guard lock(impl_->lifecycle_mutex);
    if (impl_->started) return "the server is already running";
    if (!impl_->loops.empty()) return "the server's addresses are bound already";
    if (impl_->stop_fd < 0) return std::string("cannot create an eventfd: ") + std::strerror(errno);
    if (!impl_->pool) {
        impl_->pool = std::make_unique<detail::WorkerPool>(impl_->server_limits.worker_threads,
                                                           impl_->server_limits.max_connections);
    }
    for (const auto& spec : binds) {
        auto listener = std::make_unique<Impl::Listener>();
        listener->spec = spec;
        if (spec.tls) {
            auto context = detail::make_tls_context(spec.certificate_pem, spec.private_key_pem);
            if (auto* error = std::get_if<std::string>(&context)) {
                impl_->listeners.clear();
                impl_->bound.clear();
                return "listener " + spec.listener_id + ": " + *error;
            }
            listener->tls = std::move(std::get<detail::SslContextPtr>(context));
        }
        listener->socket = std::make_unique<TransportSocket>(*impl_, *listener);
        std::uint16_t port = 0;
        auto error = listener->socket->bind_address(port);
        if (!error.empty()) {
            impl_->listeners.clear();
            impl_->bound.clear();
            return error;
        }
        if (!spec.tls) listener->plain_fd = listener->socket->release_listening_socket();
        impl_->bound.push_back({spec.listener_id, spec.bind_index, spec.ip, port, spec.tls});
        impl_->listeners.push_back(std::move(listener));
    }

    std::vector<detail::LoopListener> plain;
    for (std::size_t i = 0; i < impl_->listeners.size(); ++i) {
        const auto& listener = *impl_->listeners[i];
        if (listener.plain_fd >= 0) plain.push_back({listener.plain_fd, i, &listener.spec});
    }
    if (plain.empty()) return {};
    std::size_t count = impl_->server_limits.event_loops;
    if (count == 0) count = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, 4);
    for (std::size_t i = 0; i < count; ++i) {
        auto loop = std::make_unique<detail::EventLoop>(*impl_, i, plain);
        if (!loop->error().empty()) {
            const std::string error = loop->error();
            impl_->loops.clear();
            impl_->listeners.clear();
            impl_->bound.clear();
            return error;
        }
        impl_->loops.push_back(std::move(loop));
    }
    return {};
}

const std::vector<BoundAddress>& HttpServer::bound() const noexcept { return impl_->bound; }

std::size_t HttpServer::open_connections() const noexcept { return impl_->open_count.load(); }

void HttpServer::start() {
    std::lock_guard lock(impl_->lifecycle_mutex);
    if (impl_->started || impl_->stopped) return;
    impl_->started = true;
    for (auto& listener : impl_->listeners) {
        if (listener->plain_fd >= 0) continue;  // the event loops accept on it
        listener->accept_thread =
            std::thread([socket = listener->socket.get()] { socket->accept_loop(); });
    }
    for (auto& loop : impl_->loops) {
        impl_->loop_threads.emplace_back([loop = loop.get()] { loop->run(); });
    }
}

void HttpServer::stop() {
    std::lock_guard lock(impl_->lifecycle_mutex);
    if (impl_->stopped) return;
    impl_->stopped = true;
    impl_->stop_by = Clock::now() + impl_->server_limits.shutdown_grace;
    impl_->stopping_flag.store(true);
    for (auto& loop : impl_->loops)
        loop->wake();
    for (auto& listener : impl_->listeners) {
        // Refuses new connections at once; the descriptor stays open (and so cannot be reused
        // under the loops' epoll sets) until the loops are gone.
        if (listener->plain_fd >= 0) ::shutdown(listener->plain_fd, SHUT_RDWR);
    }
    if (impl_->stop_fd >= 0) {
        const std::uint64_t one = 1;
        const ssize_t ignored = ::write(impl_->stop_fd, &one, sizeof one);
        (void)ignored;
    }
    for (auto& listener : impl_->listeners) {
        // cpp-httplib's stop() only acts once its accept loop runs; wait for that.
        if (listener->accept_thread.joinable()) {
            while (!listener->socket->accept_started()) std::this_thread::yield();
            listener->socket->stop();
            listener->accept_thread.join();
        }
    }
    // The loops end once their connections are closed, at the latest at stop_by.
    for (auto& thread : impl_->loop_threads)
        thread.join();
    impl_->loop_threads.clear();
    if (impl_->pool) {
        if (!impl_->pool->wait_idle(impl_->stop_by)) {
            // Past the grace period: cut what is still open so the workers return.
            std::lock_guard connections(impl_->connections_mutex);
            for (const int fd : impl_->open_fds) ::shutdown(fd, SHUT_RDWR);
        }
        impl_->pool->shutdown();
    }
    impl_->loops.clear();  // after the pool: workers give connections back to them
    impl_->listeners.clear();
}

}  // namespace httpctl::server
