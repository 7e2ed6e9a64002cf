// The server side of the WebSocket opening handshake (RFC 6455 §4.2): checks an upgrade request
// and builds the 101 answer, or the HTTP error that refuses it. Refusals are ordinary responses
// (problem JSON bodies), so the router adds its configured headers to them as to the 101.
#pragma once

#include <string>
#include <string_view>

#include "server/exchange.hpp"

namespace httpctl::server {

struct WsHandshake {
    bool accepted = false;
    // accepted: 101 with `upgrade`, `connection`, `sec-websocket-accept` and
    // `sec-websocket-protocol` (the caller sets its `upgrade` continuation). Otherwise the
    // refusal: 426 when the request does not ask for WebSocket version 13 (with `upgrade` or
    // `sec-websocket-version` telling what would do, RFC 6455 §4.4, RFC 9110 §15.5.22), else 400.
    HttpResponse response;
};

// `subprotocol` must be among the client's Sec-WebSocket-Protocol values; the 101 echoes it.
// RFC 8887 §4.2: a JMAP client always offers "jmap", so a request without it is refused.
[[nodiscard]] WsHandshake accept_websocket(const HttpRequest& request,
                                           std::string_view subprotocol);

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + the RFC 6455 GUID)).
[[nodiscard]] std::string websocket_accept_value(std::string_view key);

}  // namespace httpctl::server
