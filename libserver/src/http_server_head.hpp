// Reading the request head exactly as it arrived. cpp-httplib keeps headers in a sorted
// multimap (arrival order lost) and silently skips lines ending in a bare LF; the exchange
// contract wants arrival order, and a skipped line is a header-smuggling hole, so the head is
// parsed again here from the bytes the connection recorded.
#pragma once

#include <string_view>

#include "server/exchange.hpp"

namespace httpctl::server::detail {

struct RequestLine {
    std::string_view method;
    std::string_view target;
};

// The method and target of the head's first line (empty views when there are none).
[[nodiscard]] RequestLine request_line_of(std::string_view head) noexcept;

// Fills method, target, path, query and headers (arrival order, names as sent, values trimmed).
// false when the head is not strict HTTP/1.1: a line not ending in CRLF, a bare CR or LF, a NUL,
// a folded line, a header without a name or colon.
[[nodiscard]] bool parse_head(std::string_view head, HttpRequest& request);

}  // namespace httpctl::server::detail
