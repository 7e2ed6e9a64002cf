// One HTTP exchange as the routing layer sees it, independent of the HTTP library: the transport
// adapter (http_server) fills an HttpRequest, the router answers with an HttpResponse, and the
// adapter writes it. Keeping the router free of cpp-httplib types lets tests call it directly.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/upgraded_stream.hpp"

namespace httpctl::server {

struct HttpRequest {
    std::string method;  // as sent, e.g. "GET"
    std::string target;  // raw request target: path plus "?query", no percent-decoding
    std::string path;    // target up to '?'
    std::string query;   // after '?', without it ("" when none)
    std::vector<std::pair<std::string, std::string>> headers;  // arrival order, names as sent
    std::string body;

    std::string peer_ip;  // TCP peer, IPv4-mapped IPv6 already turned into IPv4 (spec §7)
    std::uint16_t peer_port = 0;
    std::string client_ip;  // after the forwarded-IP policy (spec §10.1); what remote_ip shows
    std::string listener_id;
    std::size_t bind_index = 0;  // which of the listener's bind addresses accepted it
    bool tls = false;

    // First header of that name (ASCII case-insensitive), or nullptr.
    [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
    // Every header of that name, in order.
    [[nodiscard]] std::vector<std::string_view> headers_named(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    // Names in lower case (what Stalwart puts on the wire, spec §10); set_header replaces.
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Set with status 101 to take the connection over after the response (e.g. WebSocket): the
    // transport writes the status line and headers (no body, no Content-Length), then calls this
    // on the connection's thread and closes the connection when it returns. Ignored with any
    // other status.
    std::function<void(UpgradedStream& stream)> upgrade;
    // Set with any status but 101 to stream the body (e.g. a text/event-stream): the transport
    // writes the status line, the headers and `Connection: close` (no Content-Length: the body
    // ends when the connection closes), then calls this on the connection's thread, which writes
    // the body, and closes the connection when it returns. `body` is ignored then. Counts
    // against the same cap as upgraded connections (ServerLimits::max_upgraded_connections).
    std::function<void(UpgradedStream& stream)> stream;

    void set_header(std::string_view name, std::string value);
    [[nodiscard]] const std::string* header(std::string_view name) const noexcept;
};

}  // namespace httpctl::server
