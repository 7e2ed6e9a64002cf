// The HTTP/1.1 bytes of the event loop's direct path (see http_server_loop.hpp): finding the end
// of a request head in received bytes with the transport's caps, deciding whether a request is
// one the direct path may answer, and writing a response exactly as cpp-httplib's
// write_response writes it on the worker path — same status phrases, same added headers, same
// header order — so a client cannot tell which path answered.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http_server_compress.hpp"
#include "server/exchange.hpp"

namespace httpctl::server::detail {

struct HeadScan {
    enum class Result : std::uint8_t {
        Incomplete,    // no blank line yet, and within the caps
        Complete,      // `length` bytes (the blank line included) are the head
        UriTooLong,    // the request line alone is past a cap → 414
        HeadTooLarge,  // → 431
    };
    Result result = Result::Incomplete;
    std::size_t length = 0;
};

// Where a scan of a growing buffer stopped, so a head arriving a byte at a time is looked at
// once, not once per byte (a slow client must not cost quadratic time).
struct HeadScanProgress {
    std::size_t scanned = 0;  // bytes of the buffer already looked at
    std::size_t line_start = 0;
    bool request_line = true;
};

// The same caps as the worker path applies byte by byte (ConnectionStream): the whole head at
// most `max_head_bytes`, each line at most the library's line limit. `progress` carries over
// between calls on the same, growing buffer; start a new head with a fresh one.
[[nodiscard]] HeadScan scan_head(std::string_view received, std::size_t max_head_bytes,
                                 HeadScanProgress& progress) noexcept;
// The same, from the start of `received`.
[[nodiscard]] HeadScan scan_head(std::string_view received, std::size_t max_head_bytes) noexcept;

// Whether the direct path may answer this parsed request: an HTTP/1.1 GET or OPTIONS in the
// canonical request-line form, without a body and without the features of cpp-httplib's worker
// path that are not reproduced here (ranges, Expect, Connection options other than
// keep-alive/close). Everything else goes to a worker so the bytes on the wire stay the
// library's. `close` is set when the client asked for `Connection: close`.
[[nodiscard]] bool direct_path_request(std::string_view head, const HttpRequest& request,
                                       bool& close) noexcept;

struct KeepAlive {
    long timeout_seconds = 5;
    std::size_t max_requests = 10'000;
};

// Appends the response to `out` as cpp-httplib writes it: the status line with the library's
// phrase, the handler's headers plus Connection/Keep-Alive, Content-Encoding (the body
// compressed as the library would for `accept_encoding`, the request's first Accept-Encoding
// value), Content-Type (text/plain when a body has none) and Content-Length, sorted by name
// case-insensitively (arrival order among equal names), then the body. Returns the bytes
// appended. `compressor`: the caller's, kept between answers (null: a fresh one when needed).
std::size_t append_response(std::string& out, const HttpResponse& response, bool close,
                            KeepAlive keep_alive, std::string_view accept_encoding = {},
                            LibraryCompressor* compressor = nullptr);

// The reason phrase cpp-httplib (0.11) writes for a status.
[[nodiscard]] const char* library_status_phrase(int status) noexcept;

}  // namespace httpctl::server::detail
