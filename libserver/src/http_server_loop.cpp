#include "http_server_loop.hpp"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <thread>

#include "http_server_compress.hpp"
#include "http_server_head.hpp"
#include "http_server_stream.hpp"
#include "http_server_wire.hpp"

namespace httpctl::server::detail {
namespace {

// How often idle, head and write deadlines are checked; the timeouts are seconds, this is the
// error on them.
constexpr std::chrono::milliseconds kSweepInterval{50};
constexpr int kMaxEvents = 256;
constexpr int kAcceptsPerWake = 64;  // then other ready connections get their turn

int milliseconds_until(LoopClock::time_point deadline, LoopClock::time_point now) {
    if (deadline <= now) return 0;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
    return static_cast<int>(std::min<std::int64_t>(left.count() + 1, 1000));
}

void close_socket(int fd) {
    ::shutdown(fd, SHUT_RDWR);
    ::close(fd);
}

}  // namespace

KeepAlive keep_alive_header(const ServerLimits& limits) {
    // cpp-httplib announces the keep-alive timeout in whole seconds, at least 1.
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(limits.keep_alive_timeout).count();
    return {std::max<long>(1, static_cast<long>(seconds)), limits.keep_alive_max_requests};
}

bool send_all(int fd, std::string_view bytes, std::chrono::milliseconds timeout) {
    const auto deadline = LoopClock::now() + timeout;
    while (!bytes.empty()) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            const auto now = LoopClock::now();
            if (now >= deadline) return false;
            pollfd entry{fd, POLLOUT, 0};
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now);
            if (::poll(&entry, 1, static_cast<int>(left.count()) + 1) < 0 && errno != EINTR) {
                return false;
            }
            continue;
        }
        return false;
    }
    return true;
}

EventLoop::EventLoop(LoopHost& host, std::size_t index, const std::vector<LoopListener>& listeners)
    : host_(host), index_(index), keep_alive_(keep_alive_header(host.limits())) {
    epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
    wake_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (epoll_fd_ < 0 || wake_fd_ < 0) {
        error_ = std::string("cannot create an event loop: ") + std::strerror(errno);
        return;
    }
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = &wake_watch_;
    if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &event) != 0) {
        error_ = std::string("cannot watch the event loop's wake-up: ") + std::strerror(errno);
        return;
    }
    for (const auto& listener : listeners) {
        // One waiter per new connection, not every loop (EPOLLEXCLUSIVE).
        auto watch = std::make_unique<ListenerWatch>(listener);
        epoll_event listen_event{};
        listen_event.events = EPOLLIN | EPOLLEXCLUSIVE;
        listen_event.data.ptr = static_cast<LoopWatch*>(watch.get());
        if (::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listener.fd, &listen_event) != 0) {
            error_ = std::string("cannot watch a listening socket: ") + std::strerror(errno);
            return;
        }
        listeners_.push_back(std::move(watch));
    }
}

EventLoop::~EventLoop() {
    end();  // when run() never ran
    if (epoll_fd_ >= 0) ::close(epoll_fd_);
    if (wake_fd_ >= 0) ::close(wake_fd_);
}

void EventLoop::wake() {
    const std::uint64_t one = 1;
    const ssize_t ignored = ::write(wake_fd_, &one, sizeof one);
    (void)ignored;
}

void EventLoop::adopt(std::unique_ptr<LoopConnection> connection) {
    bool first = false;
    {
        std::lock_guard lock(mailbox_mutex_);
        if (!ended_) {
            first = mailbox_.empty();
            mailbox_.push_back(std::move(connection));
        }
    }
    if (connection) {  // the loop has ended
        close_socket(connection->fd);
        host_.connection_closed();
        return;
    }
    if (first) wake();
}

void EventLoop::run() {
    std::array<epoll_event, kMaxEvents> events{};
    bool stop_begun = false;
    auto next_sweep = LoopClock::now() + kSweepInterval;
    for (;;) {
        auto now = LoopClock::now();
        if (host_.stopping() && !stop_begun) {
            stop_begun = true;
            begin_stop();
        }
        if (stop_begun && (owned_.empty() || now >= host_.stop_deadline())) break;
        const int timeout = milliseconds_until(next_sweep, now);
        const int ready = ::epoll_wait(epoll_fd_, events.data(), kMaxEvents, timeout);
        if (ready < 0 && errno != EINTR) {
            host_.log(std::string("stalwart-httpctl: event loop failed: ") + std::strerror(errno));
            break;
        }
        for (int i = 0; i < ready; ++i) {
            auto* watch = static_cast<LoopWatch*>(events[i].data.ptr);
            switch (watch->kind) {
                case LoopWatch::Kind::Listener:
                    accept_from(static_cast<ListenerWatch*>(watch)->listener);
                    break;
                case LoopWatch::Kind::Wake:
                    take_mailbox();
                    break;
                case LoopWatch::Kind::Connection:
                    on_event(*static_cast<LoopConnection*>(watch), events[i].events);
                    break;
            }
        }
        now = LoopClock::now();
        if (now >= next_sweep) {
            sweep(now);
            next_sweep = now + kSweepInterval;
        }
    }
    end();
}

void EventLoop::end() {
    std::vector<std::unique_ptr<LoopConnection>> left;
    {
        std::lock_guard lock(mailbox_mutex_);
        ended_ = true;
        left.swap(mailbox_);
    }
    for (auto& [raw, connection] : owned_)
        left.push_back(std::move(connection));
    owned_.clear();
    for (const auto& connection : left) {
        close_socket(connection->fd);
        host_.connection_closed();
    }
}

void EventLoop::begin_stop() {
    // Stop accepting; close what waits for a next request. A request being received or answered
    // finishes (its answer says Connection: close) until the stop deadline.
    for (const auto& watch : listeners_) {
        ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, watch->listener.fd, nullptr);
    }
    std::vector<LoopConnection*> idle;
    for (const auto& [raw, connection] : owned_) {
        if (connection->in.empty() && connection->out.empty()) idle.push_back(raw);
    }
    for (auto* connection : idle)
        close(*connection);
}

void EventLoop::accept_from(const LoopListener& listener) {
    const auto& limits = host_.limits();
    for (int i = 0; i < kAcceptsPerWake; ++i) {
        sockaddr_storage address{};
        socklen_t length = sizeof address;
        // The socket stays blocking: every call here passes MSG_DONTWAIT, and a worker that
        // keeps the connection for a while waits for its next request in one blocking recv()
        // bounded by SO_RCVTIMEO instead of poll() + recv().
        const int fd =
            ::accept4(listener.fd, reinterpret_cast<sockaddr*>(&address), &length, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            if (errno == EMFILE || errno == ENFILE) {
                // Out of file descriptors: the listening socket stays readable, so without a
                // pause this would spin (cpp-httplib's accept loop pauses the same way).
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            }
            return;
        }
        if (host_.stopping()) {
            close_socket(fd);
            continue;
        }
        if (!host_.admit_connection()) {
            // Too many connections: a bare 503 without reading anything.
            static constexpr char kAnswer[] =
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n"
                "Retry-After: 1\r\n\r\n";
            const ssize_t ignored =
                ::send(fd, kAnswer, sizeof kAnswer - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            (void)ignored;
            close_socket(fd);
            host_.log("stalwart-httpctl: too many connections, one refused on listener " +
                      listener.bind->listener_id);
            continue;
        }
        int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        auto connection = std::make_unique<LoopConnection>();
        connection->fd = fd;
        connection->listener = listener.index;
        connection->bind = listener.bind;
        describe_address(address, connection->peer_ip, connection->peer_port);
        connection->accepted_at = LoopClock::now();
        // The first request's head is due `header_timeout` after accept.
        connection->deadline = connection->accepted_at + limits.header_timeout;
        const std::size_t loop = host_.pick_loop();
        connection->loop = loop;
        if (loop == index_) {
            add(std::move(connection));
        } else {
            host_.deliver(loop, std::move(connection));
        }
    }
}

void EventLoop::add(std::unique_ptr<LoopConnection> connection) {
    LoopConnection& added = *connection;
    added.loop = index_;
    added.interest = 0;
    owned_.emplace(&added, std::move(connection));
    if (host_.stopping() && added.served > 0 && added.in.empty()) {
        close(added);  // back from a worker after stop began: nothing more to serve
        return;
    }
    if (added.served > 0) {
        // Back from a worker: the keep-alive wait starts now, or the next head is already here.
        const auto now = LoopClock::now();
        added.request_started = now;
        added.deadline = now + (added.in.empty() ? host_.limits().keep_alive_timeout
                                                 : host_.limits().header_timeout);
    }
    if (!set_interest(added, EPOLLIN)) {
        close(added);
        return;
    }
    if (!added.in.empty()) process(added);
}

void EventLoop::take_mailbox() {
    std::uint64_t count = 0;
    const ssize_t ignored = ::read(wake_fd_, &count, sizeof count);
    (void)ignored;
    std::vector<std::unique_ptr<LoopConnection>> arrived;
    {
        std::lock_guard lock(mailbox_mutex_);
        arrived.swap(mailbox_);
    }
    for (auto& connection : arrived)
        add(std::move(connection));
}

bool EventLoop::set_interest(LoopConnection& connection, std::uint32_t events) {
    if (connection.interest == events) return true;
    epoll_event event{};
    event.events = events;
    event.data.ptr = static_cast<LoopWatch*>(&connection);
    const int op = connection.interest == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD;
    if (::epoll_ctl(epoll_fd_, op, connection.fd, &event) != 0) return false;
    connection.interest = events;
    return true;
}

void EventLoop::close(LoopConnection& connection) {
    close_socket(connection.fd);  // also leaves the epoll set
    host_.connection_closed();
    owned_.erase(&connection);
}

void EventLoop::on_event(LoopConnection& connection, std::uint32_t events) {
    if (!connection.out.empty()) {
        // Room to write: finish the answer, then answer what is already buffered; reading
        // resumes on the next EPOLLIN.
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0 && flush(connection)) {
            process(connection);
        }
        return;
    }
    if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) receive(connection);
}

bool EventLoop::receive(LoopConnection& connection) {
    const ssize_t n = ::recv(connection.fd, scratch_.data(), scratch_.size(), MSG_DONTWAIT);
    if (n == 0) {
        close(connection);  // the peer left (mid-head too: nothing to answer, as on the workers)
        return false;
    }
    if (n < 0) {
        if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return true;
        close(connection);
        return false;
    }
    if (connection.in.empty()) {
        const auto now = LoopClock::now();
        connection.request_started = now;
        // Later requests: the head is due `header_timeout` after its first byte.
        if (connection.served > 0) connection.deadline = now + host_.limits().header_timeout;
    }
    connection.in.append(scratch_.data(), static_cast<std::size_t>(n));
    return process(connection);
}

bool EventLoop::process(LoopConnection& connection) {
    while (connection.out.empty() && !connection.in.empty()) {
        const HeadScan scan =
            scan_head(connection.in, host_.limits().max_header_bytes, connection.scan);
        switch (scan.result) {
            case HeadScan::Result::Incomplete:
                return true;
            case HeadScan::Result::UriTooLong:
                refuse(connection, 414);
                return false;
            case HeadScan::Result::HeadTooLarge:
                refuse(connection, 431);
                return false;
            case HeadScan::Result::Complete:
                if (!answer_directly(connection, scan.length)) return false;
                break;
        }
        if (!connection.in.empty()) {
            // A pipelined request: its head is due from now.
            connection.request_started = LoopClock::now();
            connection.deadline = connection.request_started + host_.limits().header_timeout;
        }
    }
    return true;
}

bool EventLoop::answer_directly(LoopConnection& connection, std::size_t head_length) {
    const auto& limits = host_.limits();
    const std::string_view head = std::string_view(connection.in).substr(0, head_length);
    HttpRequest request;
    bool client_close = false;
    if (!parse_head(head, request) || !direct_path_request(head, request, client_close)) {
        hand_over(connection);
        return false;
    }
    request.peer_ip = connection.peer_ip;
    request.peer_port = connection.peer_port;
    request.client_ip = connection.peer_ip;
    request.listener_id = connection.bind->listener_id;
    request.bind_index = connection.bind->bind_index;
    request.tls = false;
    std::optional<HttpResponse> answer = host_.answer_at_once(request);
    if (!answer) {
        hand_over(connection);
        return false;
    }
    HttpResponse& response = *answer;
    if (response.status == 101 || response.upgrade || response.stream) {
        // An answer given at once must be complete; an upgrade needs a worker's thread.
        host_.log(
            "stalwart-httpctl: an answer given at once was an upgrade or a stream; answered "
            "500");
        response = HttpResponse{};
        response.status = 500;
        client_close = true;
    }
    const bool close_after =
        client_close || connection.served + 1 >= limits.keep_alive_max_requests || host_.stopping();
    const std::string* accept_encoding_header = request.header("accept-encoding");
    const std::string_view accept_encoding =
        accept_encoding_header != nullptr ? std::string_view(*accept_encoding_header) : "";
    const std::string* content_type = response.header("content-type");
    if (!response.body.empty() &&
        library_encoding(accept_encoding, content_type != nullptr ? *content_type : "") ==
            BodyEncoding::Brotli) {
        // Brotli at the library's settings takes a few hundred microseconds even for a short
        // body: too long to hold up every other connection of this loop. A worker writes it.
        auto deferred = std::make_unique<DeferredAnswer>();
        deferred->response = std::move(response);
        deferred->accept_encoding = accept_encoding;
        deferred->head = head;
        deferred->client_ip = request.client_ip;
        deferred->close = close_after;
        connection.in.erase(0, head_length);
        connection.scan = {};
        ++connection.served;
        connection.deferred = std::move(deferred);
        hand_over(connection);
        return false;
    }
    const std::size_t bytes = append_response(connection.out, response, close_after, keep_alive_,
                                              accept_encoding, &compressor_);
    host_.log_request(request.client_ip, connection.bind->listener_id, head, response.status, bytes,
                      connection.request_started);
    connection.in.erase(0, head_length);
    connection.scan = {};
    ++connection.served;
    connection.close_after_write = close_after;
    return flush(connection);
}

bool EventLoop::flush(LoopConnection& connection) {
    while (connection.out_sent < connection.out.size()) {
        const ssize_t n =
            ::send(connection.fd, connection.out.data() + connection.out_sent,
                   connection.out.size() - connection.out_sent, MSG_NOSIGNAL | MSG_DONTWAIT);
        if (n > 0) {
            connection.out_sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            // The peer reads slowly: wait for room, and read nothing more meanwhile.
            connection.deadline = LoopClock::now() + host_.limits().write_timeout;
            if (!set_interest(connection, EPOLLOUT)) close(connection);
            return false;
        }
        close(connection);
        return false;
    }
    connection.out.clear();
    connection.out_sent = 0;
    if (connection.close_after_write) {
        close(connection);
        return false;
    }
    if (connection.in.empty()) {
        connection.deadline = LoopClock::now() + host_.limits().keep_alive_timeout;
    }
    if (!set_interest(connection, EPOLLIN)) {
        close(connection);
        return false;
    }
    return true;
}

void EventLoop::hand_over(LoopConnection& connection) {
    auto found = owned_.find(&connection);
    std::unique_ptr<LoopConnection> owned = std::move(found->second);
    owned_.erase(found);
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, owned->fd, nullptr);
    owned->interest = 0;
    if (host_.hand_over(owned)) return;
    // No worker can take it: put it back just long enough to refuse it.
    LoopConnection& back = *owned;
    owned_.emplace(&back, std::move(owned));
    refuse(back, 503);
}

void EventLoop::refuse(LoopConnection& connection, int status) {
    const std::string answer = bare_status_answer(status);
    const ssize_t ignored =
        ::send(connection.fd, answer.data(), answer.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    (void)ignored;
    host_.log_request(connection.peer_ip, connection.bind->listener_id, connection.in, status,
                      answer.size(), connection.request_started);
    close(connection);
}

void EventLoop::sweep(LoopClock::time_point now) {
    std::vector<LoopConnection*> expired;
    for (const auto& [raw, connection] : owned_) {
        if (now >= connection->deadline) expired.push_back(raw);
    }
    for (auto* connection : expired) {
        if (connection->out.empty() && !connection->in.empty()) {
            refuse(*connection, 408);  // part of a head, then nothing in time
        } else {
            close(*connection);  // idle past keep-alive, or a reader too slow for the answer
        }
    }
}

}  // namespace httpctl::server::detail
