#include "server/websocket_connection.hpp"

#include <algorithm>
#include <array>

namespace httpctl::server {
namespace {

constexpr std::size_t kReadChunk = 16 * 1024;

}  // namespace

WsConnection::WsConnection(UpgradedStream& stream, WsConnectionOptions options)
    : stream_(stream),
      options_(options),
      parser_(options.max_message_bytes),
      last_received_(Clock::now()) {}

bool WsConnection::send_raw(const std::string& bytes) {
    if (!open_) return false;
    if (!stream_.write_all(bytes)) {
        open_ = false;
        return false;
    }
    return true;
}

bool WsConnection::send_text(std::string_view text) {
    if (sent_code_ != 0) return false;  // nothing may follow a Close frame (RFC 6455 §5.5.1)
    return send_raw(encode_ws_frame(WsOpcode::Text, text));
}

void WsConnection::close(std::uint16_t code, std::string_view reason) {
    if (!open_ || sent_code_ != 0) {
        open_ = false;
        return;
    }
    sent_code_ = code;
    if (!send_raw(encode_ws_close(code, reason))) return;
    stream_.close();
    // RFC 6455 §7.1.1: the server closes the TCP connection, preferably after the client's Close
    // frame arrived, so the client does not see a reset. Whatever else arrives is discarded.
    const auto deadline = Clock::now() + options_.close_linger;
    std::array<char, kReadChunk> buffer{};
    while (received_code_ == 0) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) break;
        const auto result = stream_.read(buffer.data(), buffer.size(), left);
        if (result.status != UpgradedStream::ReadStatus::Data) break;
        parser_.feed(std::string_view(buffer.data(), result.bytes));
        WsFrame frame;
        while (parser_.next(frame) == WsFrameParser::Result::Frame) {
            if (frame.opcode == WsOpcode::Close) {
                received_code_ = frame.payload.size() >= 2
                                     ? static_cast<std::uint16_t>(
                                           (static_cast<unsigned char>(frame.payload[0]) << 8) |
                                           static_cast<unsigned char>(frame.payload[1]))
                                     : 1005;
                break;
            }
        }
        if (parser_.error_code() != 0) break;
    }
    open_ = false;
}

void WsConnection::fail(std::uint16_t code, std::string_view reason) {
    in_message_ = false;
    message_.clear();
    close(code, reason);
}

void WsConnection::on_close_frame(const std::string& payload) {
    // RFC 6455 §5.5.1, §7.4: an empty body, or a valid code plus a UTF-8 reason.
    if (payload.size() == 1) {
        fail(ws_close::kProtocolError, "close frame with a one-byte body");
        return;
    }
    std::uint16_t code = 1005;  // "no status received" (RFC 6455 §7.1.5), never sent
    if (payload.size() >= 2) {
        code = static_cast<std::uint16_t>((static_cast<unsigned char>(payload[0]) << 8) |
                                          static_cast<unsigned char>(payload[1]));
        if (!is_sendable_close_code(code)) {
            fail(ws_close::kProtocolError, "invalid close code");
            return;
        }
        if (!is_valid_utf8(std::string_view(payload).substr(2))) {
            fail(ws_close::kInvalidPayload, "close reason is not UTF-8");
            return;
        }
    }
    received_code_ = code;
    // Answer with the same code (an empty Close for an empty one), then end our side.
    if (sent_code_ == 0) {
        sent_code_ = code == 1005 ? ws_close::kNormal : code;
        const std::string answer =
            code == 1005 ? encode_ws_frame(WsOpcode::Close, {}) : encode_ws_close(code);
        if (send_raw(answer)) stream_.close();
    }
    open_ = false;
}

bool WsConnection::on_frame(WsFrame& frame, Event& event) {
    switch (frame.opcode) {
        case WsOpcode::Ping:
            send_raw(encode_ws_frame(WsOpcode::Pong, frame.payload));
            return false;
        case WsOpcode::Pong:
            return false;  // an answer to our liveness ping, or unsolicited: both fine
        case WsOpcode::Close:
            on_close_frame(frame.payload);
            return false;
        case WsOpcode::Text:
        case WsOpcode::Binary:
            if (in_message_) {
                fail(ws_close::kProtocolError, "new message inside a fragmented one");
                return false;
            }
            in_message_ = true;
            message_text_ = frame.opcode == WsOpcode::Text;
            message_ = std::move(frame.payload);
            break;
        case WsOpcode::Continuation:
            if (!in_message_) {
                fail(ws_close::kProtocolError, "continuation frame without a message");
                return false;
            }
            if (message_.size() + frame.payload.size() > options_.max_message_bytes) {
                fail(ws_close::kTooBig, "message larger than " +
                                            std::to_string(options_.max_message_bytes) + " bytes");
                return false;
            }
            message_ += frame.payload;
            break;
    }
    if (!frame.fin) return false;
    in_message_ = false;
    if (message_text_ && !is_valid_utf8(message_)) {
        fail(ws_close::kInvalidPayload, "text message is not UTF-8");
        return false;
    }
    event.kind = EventKind::Message;
    event.text = message_text_;
    event.data = std::move(message_);
    message_.clear();
    return true;
}

WsConnection::Event WsConnection::next(std::chrono::milliseconds timeout) {
    Event event;
    const auto deadline = Clock::now() + timeout;
    std::array<char, kReadChunk> buffer{};
    while (open_) {
        WsFrame frame;
        const auto parsed = parser_.next(frame);
        if (parsed == WsFrameParser::Result::Frame) {
            if (on_frame(frame, event)) return event;
            continue;
        }
        if (parsed == WsFrameParser::Result::Error) {
            fail(parser_.error_code(), parser_.error_reason());
            break;
        }
        if (stream_.stopping()) {
            close(ws_close::kGoingAway, "server stopping");
            break;
        }
        // Liveness (see the header): ping once after `ping_after` of silence, give up after
        // `idle_limit`.
        const auto now = Clock::now();
        const auto silent = now - last_received_;
        if (silent >= options_.idle_limit) {
            close(ws_close::kGoingAway, "idle");
            break;
        }
        if (silent >= options_.ping_after && !ping_sent_) {
            ping_sent_ = true;
            if (!send_raw(encode_ws_frame(WsOpcode::Ping, "liveness"))) break;
        }
        if (now >= deadline) {
            event.kind = EventKind::Timeout;
            return event;
        }
        const auto next_check =
            last_received_ + (ping_sent_ ? options_.idle_limit : options_.ping_after);
        const auto wait = std::max(std::chrono::milliseconds(1),
                                   std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::min(deadline, next_check) - now));
        const auto result = stream_.read(buffer.data(), buffer.size(), wait);
        switch (result.status) {
            case UpgradedStream::ReadStatus::Data:
                last_received_ = Clock::now();
                ping_sent_ = false;
                parser_.feed(std::string_view(buffer.data(), result.bytes));
                break;
            case UpgradedStream::ReadStatus::Timeout:
                break;
            case UpgradedStream::ReadStatus::Stopping:
                close(ws_close::kGoingAway, "server stopping");
                break;
            case UpgradedStream::ReadStatus::Closed:
                open_ = false;  // gone without a closing handshake
                break;
        }
    }
    event.kind = EventKind::Closed;
    return event;
}

}  // namespace httpctl::server
