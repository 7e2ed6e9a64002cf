// The WebSocket layer (RFC 6455): opening handshake checks, the frame codec against well-formed
// and hostile frames, and the message layer (fragments, control frames, closing handshake) over
// an in-memory stream.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "server/websocket_connection.hpp"
#include "server/websocket_frame.hpp"
#include "server/websocket_handshake.hpp"

using httpctl::server::accept_websocket;
using httpctl::server::encode_ws_close;
using httpctl::server::encode_ws_frame;
using httpctl::server::HttpRequest;
using httpctl::server::is_valid_utf8;
using httpctl::server::UpgradedStream;
using httpctl::server::websocket_accept_value;
using httpctl::server::WsConnection;
using httpctl::server::WsConnectionOptions;
using httpctl::server::WsFrame;
using httpctl::server::WsFrameParser;
using httpctl::server::WsOpcode;

namespace {

// A client frame: masked (RFC 6455 §5.3), with a length encoding of the payload's size unless
// `declared` overrides it.
std::string client_frame(std::uint8_t first_byte, std::string_view payload, bool masked = true,
                         std::optional<std::uint64_t> declared = std::nullopt) {
    const std::uint64_t size = declared.value_or(payload.size());
    std::string out;
    out.push_back(static_cast<char>(first_byte));
    const char mask_bit = masked ? static_cast<char>(0x80) : 0;
    if (size < 126) {
        out.push_back(static_cast<char>(mask_bit | static_cast<char>(size)));
    } else if (size <= 0xFFFF) {
        out.push_back(static_cast<char>(mask_bit | 126));
        out.push_back(static_cast<char>(size >> 8));
        out.push_back(static_cast<char>(size & 0xFF));
    } else {
        out.push_back(static_cast<char>(mask_bit | 127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((size >> shift) & 0xFF));
        }
    }
    const std::string key = "\x12\x34\x56\x78";
    if (masked) out += key;
    for (std::size_t i = 0; i < payload.size(); ++i) {
        out.push_back(masked ? static_cast<char>(payload[i] ^ key[i % 4]) : payload[i]);
    }
    return out;
}

std::string text_frame(std::string_view text, bool fin = true) {
    return client_frame(static_cast<std::uint8_t>((fin ? 0x80 : 0) | 0x1), text);
}

std::string close_payload(std::uint16_t code, std::string_view reason = {}) {
    std::string out;
    out.push_back(static_cast<char>(code >> 8));
    out.push_back(static_cast<char>(code & 0xFF));
    out += reason;
    return out;
}

// Parses everything in `bytes` as one parser would; the error code (0 when none) and frames.
struct ParseOutcome {
    std::vector<WsFrame> frames;
    std::uint16_t error = 0;
};
ParseOutcome parse_all(std::string_view bytes, std::uint64_t cap = 1 << 20) {
    WsFrameParser parser(cap);
    parser.feed(bytes);
    ParseOutcome outcome;
    for (;;) {
        WsFrame frame;
        const auto result = parser.next(frame);
        if (result == WsFrameParser::Result::Frame) {
            outcome.frames.push_back(std::move(frame));
            continue;
        }
        if (result == WsFrameParser::Result::Error) outcome.error = parser.error_code();
        return outcome;
    }
}

// Server frames as the client would parse them (unmasked).
std::vector<WsFrame> server_frames(std::string_view bytes) {
    std::vector<WsFrame> frames;
    std::size_t i = 0;
    while (i + 2 <= bytes.size()) {
        WsFrame frame;
        const auto byte0 = static_cast<unsigned char>(bytes[i]);
        const auto byte1 = static_cast<unsigned char>(bytes[i + 1]);
        REQUIRE((byte1 & 0x80) == 0);  // servers never mask
        frame.fin = (byte0 & 0x80) != 0;
        frame.opcode = static_cast<WsOpcode>(byte0 & 0x0F);
        std::uint64_t size = byte1 & 0x7F;
        std::size_t header = 2;
        if (size == 126) {
            size = (static_cast<unsigned char>(bytes[i + 2]) << 8) |
                   static_cast<unsigned char>(bytes[i + 3]);
            header = 4;
        } else if (size == 127) {
            size = 0;
            for (std::size_t k = 2; k < 10; ++k) {
                size = (size << 8) | static_cast<unsigned char>(bytes[i + k]);
            }
            header = 10;
        }
        frame.payload = std::string(bytes.substr(i + header, size));
        i += header + size;
        frames.push_back(std::move(frame));
    }
    REQUIRE(i == bytes.size());
    return frames;
}

std::uint16_t close_code_of(const WsFrame& frame) {
    REQUIRE(frame.opcode == WsOpcode::Close);
    REQUIRE(frame.payload.size() >= 2);
    return static_cast<std::uint16_t>((static_cast<unsigned char>(frame.payload[0]) << 8) |
                                      static_cast<unsigned char>(frame.payload[1]));
}

// An upgraded connection in memory: reads hand out `input` in chunks of `chunk` bytes, then
// report `end` (Timeout by default: the client is silent); writes are collected.
class MemoryStream final : public UpgradedStream {
  public:
    std::string input;
    std::size_t chunk = 1 << 20;
    ReadStatus end = ReadStatus::Timeout;
    bool stop = false;
    std::string output;
    bool closed = false;

    ReadResult read(char* buffer, std::size_t size, std::chrono::milliseconds) override {
        if (position_ == input.size()) return {end, 0};
        const std::size_t n = std::min({size, chunk, input.size() - position_});
        input.copy(buffer, n, position_);
        position_ += n;
        return {ReadStatus::Data, n};
    }
    bool write_all(std::string_view bytes) override {
        if (closed) return false;
        output += bytes;
        return true;
    }
    void close() override { closed = true; }
    bool stopping() const override { return stop; }

  private:
    std::size_t position_ = 0;
};

WsConnectionOptions quick_options(std::uint64_t cap = 1 << 20) {
    WsConnectionOptions options;
    options.max_message_bytes = cap;
    options.close_linger = std::chrono::milliseconds(1);
    return options;
}

HttpRequest upgrade_request() {
    HttpRequest request;
    request.method = "GET";
    request.path = "/jmap/ws";
    request.headers = {{"Host", "localhost"},
                       {"Upgrade", "websocket"},
                       {"Connection", "keep-alive, Upgrade"},
                       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
                       {"Sec-WebSocket-Version", "13"},
                       {"Sec-WebSocket-Protocol", "chat, jmap"}};
    return request;
}

void set_header(HttpRequest& request, std::string_view name, std::string value) {
    for (auto& [key, current] : request.headers) {
        if (key == name) {
            current = std::move(value);
            return;
        }
    }
    request.headers.emplace_back(name, std::move(value));
}

void remove_header(HttpRequest& request, std::string_view name) {
    std::erase_if(request.headers, [&](const auto& header) { return header.first == name; });
}

}  // namespace

TEST_CASE("websocket handshake: Sec-WebSocket-Accept is RFC 6455's example value", "[ws]") {
    CHECK(websocket_accept_value("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

TEST_CASE("websocket handshake: a valid request gets 101 with the jmap subprotocol", "[ws]") {
    const auto result = accept_websocket(upgrade_request(), "jmap");
    REQUIRE(result.accepted);
    CHECK(result.response.status == 101);
    CHECK(*result.response.header("upgrade") == "websocket");
    CHECK(*result.response.header("connection") == "upgrade");
    CHECK(*result.response.header("sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    CHECK(*result.response.header("sec-websocket-protocol") == "jmap");
    CHECK(result.response.body.empty());
}

TEST_CASE("websocket handshake: refusals are 426 or 400 problems", "[ws]") {
    SECTION("no Upgrade header: 426 naming websocket") {
        auto request = upgrade_request();
        remove_header(request, "Upgrade");
        const auto result = accept_websocket(request, "jmap");
        CHECK_FALSE(result.accepted);
        CHECK(result.response.status == 426);
        CHECK(*result.response.header("upgrade") == "websocket");
        CHECK(*result.response.header("content-type") == "application/problem+json");
        CHECK(result.response.body.find("\"status\":426") != std::string::npos);
    }
    SECTION("another version: 426 naming 13") {
        auto request = upgrade_request();
        set_header(request, "Sec-WebSocket-Version", "8");
        const auto result = accept_websocket(request, "jmap");
        CHECK(result.response.status == 426);
        CHECK(*result.response.header("sec-websocket-version") == "13");
    }
    SECTION("Connection without upgrade") {
        auto request = upgrade_request();
        set_header(request, "Connection", "keep-alive");
        CHECK(accept_websocket(request, "jmap").response.status == 400);
    }
    SECTION("a key that is not 16 bytes of base64") {
        for (const char* key :
             {"", "short==", "dGhlIHNhbXBsZSBub25jZQ", "dGhlIHNhbXBsZSBub25j!Q=="}) {
            auto request = upgrade_request();
            set_header(request, "Sec-WebSocket-Key", key);
            CHECK(accept_websocket(request, "jmap").response.status == 400);
        }
    }
    SECTION("no jmap subprotocol (RFC 8887 §4.2)") {
        auto request = upgrade_request();
        set_header(request, "Sec-WebSocket-Protocol", "chat, jmapx");
        const auto result = accept_websocket(request, "jmap");
        CHECK(result.response.status == 400);
        CHECK(result.response.body.find("Sec-WebSocket-Protocol") != std::string::npos);
        remove_header(request, "Sec-WebSocket-Protocol");
        CHECK(accept_websocket(request, "jmap").response.status == 400);
    }
    SECTION("not GET") {
        auto request = upgrade_request();
        request.method = "POST";
        CHECK(accept_websocket(request, "jmap").response.status == 400);
    }
}

TEST_CASE("websocket frames: masked frames decode, split anywhere", "[ws]") {
    const std::string long_text(70'000, 'x');
    const std::string wire = text_frame("hello") + text_frame(std::string(300, 'y')) +
                             text_frame(long_text) + client_frame(0x89, "ping!");
    WsFrameParser parser(1 << 20);
    std::vector<WsFrame> frames;
    for (const char c : wire) {  // one byte at a time: every header field split
        parser.feed(std::string_view(&c, 1));
        WsFrame frame;
        while (parser.next(frame) == WsFrameParser::Result::Frame)
            frames.push_back(frame);
    }
    REQUIRE(frames.size() == 4);
    CHECK(frames[0].payload == "hello");
    CHECK(frames[1].payload == std::string(300, 'y'));
    CHECK(frames[2].payload == long_text);
    CHECK(frames[3].opcode == WsOpcode::Ping);
    CHECK(frames[3].payload == "ping!");
    CHECK(parser.buffered() == 0);
}

TEST_CASE("websocket frames: hostile frames get the close code RFC 6455 prescribes", "[ws]") {
    // A huge declared length is refused from the header alone: nothing is buffered.
    const auto huge = parse_all(client_frame(0x81, "", true, std::uint64_t{1} << 40), 1 << 20);
    CHECK(huge.error == 1009);
    CHECK(parse_all(client_frame(0x82, "", true, 2'000'000), 1'000'000).error == 1009);
    // The most significant bit of a 64-bit length must be 0.
    CHECK(parse_all(client_frame(0x82, "", true, std::uint64_t{1} << 63)).error == 1002);
    CHECK(parse_all(client_frame(0x81, "hi", false)).error == 1002);  // unmasked
    for (const std::uint8_t opcode : {0x3, 0x7, 0xB, 0xF}) {
        CHECK(parse_all(client_frame(static_cast<std::uint8_t>(0x80 | opcode), "x")).error == 1002);
    }
    CHECK(parse_all(client_frame(0xC1, "x")).error == 1002);  // RSV1 without an extension
    CHECK(parse_all(client_frame(0x09, "x")).error == 1002);  // fragmented ping
    CHECK(parse_all(client_frame(0x89, std::string(126, 'p'))).error == 1002);  // control > 125
    CHECK(parse_all(client_frame(0x89, std::string(125, 'p'))).error == 0);
    // After an error the parser stays failed.
    WsFrameParser parser(100);
    parser.feed(client_frame(0x81, "hi", false));
    WsFrame frame;
    CHECK(parser.next(frame) == WsFrameParser::Result::Error);
    parser.feed(text_frame("ok"));
    CHECK(parser.next(frame) == WsFrameParser::Result::Error);
}

TEST_CASE("websocket frames: server frames and close frames", "[ws]") {
    CHECK(encode_ws_frame(WsOpcode::Text, "hi") == std::string("\x81\x02hi", 4));
    const auto medium = encode_ws_frame(WsOpcode::Binary, std::string(200, 'b'));
    CHECK(medium.substr(0, 4) == std::string("\x82\x7e\x00\xc8", 4));
    const auto large = encode_ws_frame(WsOpcode::Text, std::string(70'000, 'l'));
    CHECK(large.size() == 70'010);
    CHECK(server_frames(large).front().payload.size() == 70'000);
    // A long UTF-8 reason is cut at a character boundary to fit 125 bytes.
    std::string reason;
    for (int i = 0; i < 100; ++i)
        reason += "\xc3\xa9";  // é
    const auto frame = server_frames(encode_ws_close(1000, reason)).front();
    CHECK(frame.payload.size() <= 125);
    CHECK(close_code_of(frame) == 1000);
    CHECK(is_valid_utf8(std::string_view(frame.payload).substr(2)));
}

TEST_CASE("websocket frames: strict UTF-8", "[ws]") {
    CHECK(is_valid_utf8(""));
    CHECK(is_valid_utf8("plain ascii"));
    CHECK(is_valid_utf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
    CHECK(is_valid_utf8("\xf4\x8f\xbf\xbf"));                      // U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xc0\x80"));                        // overlong NUL
    CHECK_FALSE(is_valid_utf8("\xe0\x80\xaf"));                    // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xed\xa0\x80"));                    // surrogate
    CHECK_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));                // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xe2\x82"));                        // truncated
    CHECK_FALSE(is_valid_utf8("\x80"));                            // lone continuation
    CHECK_FALSE(is_valid_utf8("\xff"));
}

TEST_CASE("websocket connection: fragments reassemble, pings are answered between them", "[ws]") {
    MemoryStream stream;
    stream.input = text_frame("Hel", false) + client_frame(0x89, "are you there") +
                   client_frame(0x00, "lo ") + client_frame(0x80, "world") +
                   client_frame(0x82, std::string("\x00\x01", 2));
    stream.chunk = 3;  // frames arrive in small pieces
    WsConnection connection(stream, quick_options());
    const auto first = connection.next(std::chrono::seconds(1));
    REQUIRE(first.kind == WsConnection::EventKind::Message);
    CHECK(first.text);
    CHECK(first.data == "Hello world");
    const auto second = connection.next(std::chrono::seconds(1));
    REQUIRE(second.kind == WsConnection::EventKind::Message);
    CHECK_FALSE(second.text);
    CHECK(second.data == std::string("\x00\x01", 2));
    CHECK(connection.next(std::chrono::milliseconds(1)).kind == WsConnection::EventKind::Timeout);
    const auto sent = server_frames(stream.output);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].opcode == WsOpcode::Pong);
    CHECK(sent[0].payload == "are you there");
    CHECK(connection.send_text("answer"));
    CHECK(server_frames(stream.output).back().payload == "answer");
}

TEST_CASE("websocket connection: the client's close is echoed and ends the connection", "[ws]") {
    MemoryStream stream;
    stream.input = client_frame(0x88, close_payload(1000, "bye")) + text_frame("after close");
    WsConnection connection(stream, quick_options());
    CHECK(connection.next(std::chrono::seconds(1)).kind == WsConnection::EventKind::Closed);
    CHECK_FALSE(connection.is_open());
    CHECK(connection.received_close_code() == 1000);
    const auto sent = server_frames(stream.output);
    REQUIRE(sent.size() == 1);
    CHECK(close_code_of(sent[0]) == 1000);
    CHECK(stream.closed);
    CHECK_FALSE(connection.send_text("too late"));
}

TEST_CASE("websocket connection: violations fail the connection with their close code", "[ws]") {
    struct Case {
        std::string name;
        std::string input;
        std::uint16_t code;
    };
    const std::vector<Case> cases = {
        {"invalid UTF-8 text", text_frame("bad \xc0\x80"), 1007},
        {"invalid UTF-8 across fragments", text_frame("\xe2\x82", false) + client_frame(0x80, "x"),
         1007},
        {"continuation without a message", client_frame(0x80, "x"), 1002},
        {"new message inside a fragmented one", text_frame("a", false) + text_frame("b"), 1002},
        {"message over the cap through fragments",
         text_frame(std::string(60, 'a'), false) + client_frame(0x80, std::string(60, 'b')), 1009},
        {"frame over the cap", text_frame(std::string(101, 'a')), 1009},
        {"unmasked frame", client_frame(0x81, "x", false), 1002},
        {"reserved opcode", client_frame(0x83, "x"), 1002},
        {"close with a one-byte body", client_frame(0x88, "\x03"), 1002},
        {"close with a reserved code", client_frame(0x88, close_payload(1005)), 1002},
        {"close with a code out of range", client_frame(0x88, close_payload(5000)), 1002},
        {"close with a reason that is not UTF-8", client_frame(0x88, close_payload(1000, "\xff")),
         1007},
    };
    for (const auto& item : cases) {
        INFO(item.name);
        MemoryStream stream;
        stream.input = item.input;
        WsConnection connection(stream, quick_options(100));
        CHECK(connection.next(std::chrono::seconds(1)).kind == WsConnection::EventKind::Closed);
        CHECK(connection.sent_close_code() == item.code);
        const auto sent = server_frames(stream.output);
        REQUIRE_FALSE(sent.empty());
        CHECK(close_code_of(sent.back()) == item.code);
        CHECK(stream.closed);
    }
}

TEST_CASE("websocket connection: stop, silence and a vanished peer", "[ws]") {
    SECTION("a stopping server closes with 1001") {
        MemoryStream stream;
        stream.stop = true;
        WsConnection connection(stream, quick_options());
        CHECK(connection.next(std::chrono::seconds(1)).kind == WsConnection::EventKind::Closed);
        CHECK(close_code_of(server_frames(stream.output).back()) == 1001);
    }
    SECTION("a silent client is pinged, then closed with 1001") {
        MemoryStream stream;
        WsConnectionOptions options = quick_options();
        options.ping_after = std::chrono::milliseconds(0);
        options.idle_limit = std::chrono::milliseconds(30);
        WsConnection connection(stream, options);
        WsConnection::EventKind kind = WsConnection::EventKind::Timeout;
        for (int i = 0; i < 1000 && kind == WsConnection::EventKind::Timeout; ++i) {
            kind = connection.next(std::chrono::milliseconds(5)).kind;
        }
        CHECK(kind == WsConnection::EventKind::Closed);
        const auto sent = server_frames(stream.output);
        REQUIRE(sent.size() == 2);
        CHECK(sent[0].opcode == WsOpcode::Ping);
        CHECK(close_code_of(sent[1]) == 1001);
    }
    SECTION("a dropped connection ends without a close frame") {
        MemoryStream stream;
        stream.end = UpgradedStream::ReadStatus::Closed;
        WsConnection connection(stream, quick_options());
        CHECK(connection.next(std::chrono::seconds(1)).kind == WsConnection::EventKind::Closed);
        CHECK(stream.output.empty());
    }
}
