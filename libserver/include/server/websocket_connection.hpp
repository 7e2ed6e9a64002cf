// WebSocket messages over an upgraded connection (RFC 6455 §5, §7), server side: reassembles
// fragmented messages, answers pings, checks text messages are UTF-8, runs the closing
// handshake, and fails the connection with the right close code on any violation. Memory is
// bounded: a message (and so a frame) larger than `max_message_bytes` closes with 1009.
//
// Liveness: when the client has sent nothing for `ping_after`, a Ping is sent; when it stays
// silent for `idle_limit` the connection is closed with 1001, so a vanished peer does not hold a
// worker thread forever. A stopping server closes with 1001 too.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "server/upgraded_stream.hpp"
#include "server/websocket_frame.hpp"

namespace httpctl::server {

struct WsConnectionOptions {
    std::uint64_t max_message_bytes = 10'000'000;
    std::chrono::milliseconds ping_after{60'000};
    std::chrono::milliseconds idle_limit{180'000};
    // How long to wait for the client's Close frame after the server sent its own.
    std::chrono::milliseconds close_linger{1'000};
};

class WsConnection {
  public:
    enum class EventKind : std::uint8_t { Message, Timeout, Closed };
    struct Event {
        EventKind kind = EventKind::Closed;
        bool text = true;  // Message: a text (else binary) message
        std::string data;
    };

    WsConnection(UpgradedStream& stream, WsConnectionOptions options);

    // The next complete data message, waiting at most `timeout`; control frames are handled on
    // the way. Closed once the connection is over (closing handshake done or failed).
    [[nodiscard]] Event next(std::chrono::milliseconds timeout);
    // One unfragmented text message; false when the connection is closed or the write failed.
    bool send_text(std::string_view text);
    // Starts the closing handshake with `code` (no-op when already closed) and waits briefly
    // for the client's answer.
    void close(std::uint16_t code, std::string_view reason = {});

    [[nodiscard]] bool is_open() const noexcept { return open_; }
    // The close code sent by the server (0 while open, or when the client closed first).
    [[nodiscard]] std::uint16_t sent_close_code() const noexcept { return sent_code_; }
    // The close code the client sent (0 when none or none yet; 1005 for an empty Close frame).
    [[nodiscard]] std::uint16_t received_close_code() const noexcept { return received_code_; }

  private:
    using Clock = std::chrono::steady_clock;

    // Handles one frame; true when it completed a message (in `event`).
    bool on_frame(WsFrame& frame, Event& event);
    void on_close_frame(const std::string& payload);
    void fail(std::uint16_t code, std::string_view reason);
    bool send_raw(const std::string& bytes);

    UpgradedStream& stream_;
    WsConnectionOptions options_;
    WsFrameParser parser_;
    bool open_ = true;
    std::uint16_t sent_code_ = 0;
    std::uint16_t received_code_ = 0;

    bool in_message_ = false;  // a fragmented message is being reassembled
    bool message_text_ = true;
    std::string message_;

    Clock::time_point last_received_;
    bool ping_sent_ = false;
};

}  // namespace httpctl::server
