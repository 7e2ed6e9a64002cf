#include "server/websocket_handshake.hpp"

#include <openssl/evp.h>

#include <array>

#include "httpconf/ascii.hpp"
#include "problem.hpp"

namespace httpctl::server {
namespace {

constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";  // RFC 6455 §1.3

// True when one of the comma-separated values of the headers named `name` is `token` (ASCII
// case-insensitive; RFC 9110 §5.6.1 lists, possibly spread over several header lines).
bool has_token(const HttpRequest& request, std::string_view name, std::string_view token) {
    for (std::string_view value : request.headers_named(name)) {
        while (!value.empty()) {
            const auto comma = value.find(',');
            if (conf::equals_ignoring_ascii_case(conf::trim_http_whitespace(value.substr(0, comma)), token)) return true;
            if (comma == std::string_view::npos) break;
            value.remove_prefix(comma + 1);
        }
    }
    return false;
}

bool is_base64_character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// RFC 6455 §4.1: the key is the base64 of 16 bytes, i.e. 22 characters and "==".
bool valid_key(std::string_view key) {
    if (key.size() != 24 || key.substr(22) != "==") return false;
    for (const char c : key.substr(0, 22)) {
        if (!is_base64_character(c)) return false;
    }
    return true;
}

WsHandshake refuse(int status, std::string_view detail) {
    WsHandshake result;
    result.response = problem_response(
        status, status == 426 ? std::string_view("Upgrade Required") : reason_phrase(status),
        detail);
    return result;
}

}  // namespace

std::string websocket_accept_value(std::string_view key) {
    std::string input(key);
    input += kGuid;
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_length = 0;
    if (EVP_Digest(input.data(), input.size(), digest.data(), &digest_length, EVP_sha1(),
                   nullptr) != 1) {
        return {};  // only when OpenSSL cannot run SHA-1 at all; the client then refuses
    }
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> encoded{};
    const int length =
        EVP_EncodeBlock(encoded.data(), digest.data(), static_cast<int>(digest_length));
    return std::string(reinterpret_cast<const char*>(encoded.data()),
                       static_cast<std::size_t>(length));
}

WsHandshake accept_websocket(const HttpRequest& request, std::string_view subprotocol) {
    if (request.method != "GET") return refuse(400, "A WebSocket upgrade must use GET.");
    if (!has_token(request, "upgrade", "websocket")) {
        WsHandshake result = refuse(426, "This endpoint only accepts WebSocket upgrades.");
        result.response.set_header("upgrade", "websocket");
        result.response.set_header("connection", "upgrade");
        return result;
    }
    if (!has_token(request, "connection", "upgrade")) {
        return refuse(400, "The Connection header must contain the upgrade token.");
    }
    const std::string* version = request.header("sec-websocket-version");
    if (version == nullptr || conf::trim_http_whitespace(*version) != "13" ||
        request.headers_named("sec-websocket-version").size() != 1) {
        WsHandshake result = refuse(426, "Only WebSocket version 13 is supported.");
        result.response.set_header("sec-websocket-version", "13");
        return result;
    }
    const auto keys = request.headers_named("sec-websocket-key");
    if (keys.size() != 1 || !valid_key(conf::trim_http_whitespace(keys.front()))) {
        return refuse(400, "Missing or invalid Sec-WebSocket-Key header.");
    }
    if (!has_token(request, "sec-websocket-protocol", subprotocol)) {
        return refuse(400, "Missing or invalid Sec-WebSocket-Protocol header: the '" +
                               std::string(subprotocol) + "' subprotocol is required.");
    }
    WsHandshake result;
    result.accepted = true;
    result.response.status = 101;
    result.response.set_header("upgrade", "websocket");
    result.response.set_header("connection", "upgrade");
    result.response.set_header("sec-websocket-accept", websocket_accept_value(conf::trim_http_whitespace(keys.front())));
    result.response.set_header("sec-websocket-protocol", std::string(subprotocol));
    return result;
}

}  // namespace httpctl::server
