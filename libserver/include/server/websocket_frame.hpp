// The WebSocket frame layer of RFC 6455 §5, server side: an incremental parser of client frames
// and the encoder of server frames. The parser checks each frame header before its payload is
// buffered, so a hostile length never makes it allocate more than the payload cap; every
// violation is reported with the close code RFC 6455 §7.4.1 prescribes (1002 protocol error,
// 1009 too big).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace httpctl::server {

enum class WsOpcode : std::uint8_t {
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
};

// Close status codes used here (RFC 6455 §7.4.1).
namespace ws_close {
inline constexpr std::uint16_t kNormal = 1000;
inline constexpr std::uint16_t kGoingAway = 1001;
inline constexpr std::uint16_t kProtocolError = 1002;
inline constexpr std::uint16_t kUnsupportedData = 1003;
inline constexpr std::uint16_t kInvalidPayload = 1007;  // e.g. a text message that is not UTF-8
inline constexpr std::uint16_t kPolicyViolation = 1008;
inline constexpr std::uint16_t kTooBig = 1009;
inline constexpr std::uint16_t kInternalError = 1011;
}  // namespace ws_close

[[nodiscard]] constexpr bool is_control_opcode(WsOpcode opcode) noexcept {
    return (static_cast<std::uint8_t>(opcode) & 0x8) != 0;
}

// True for a status code a peer may send in a Close frame (RFC 6455 §7.4.1, §7.4.2: 1000–1003,
// 1007–1011 and 3000–4999; 1004–1006, 1015 and the rest of 0–2999 are not sent on the wire).
[[nodiscard]] bool is_sendable_close_code(std::uint16_t code) noexcept;

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF.
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

struct WsFrame {
    bool fin = true;
    WsOpcode opcode = WsOpcode::Text;
    std::string payload;  // unmasked
};

class WsFrameParser {
  public:
    enum class Result : std::uint8_t { NeedMore, Frame, Error };

    // Payloads longer than `max_payload_bytes` are refused with 1009 as soon as the header
    // announces them (control frames are limited to 125 bytes anyway).
    explicit WsFrameParser(std::uint64_t max_payload_bytes) noexcept;

    // Appends received bytes. At most one frame is buffered beyond what next() has consumed.
    void feed(std::string_view bytes);
    // The next complete frame: Frame (stored in `frame`), NeedMore, or Error (then see
    // error_code()/error_reason(); the parser stays in error).
    Result next(WsFrame& frame);

    [[nodiscard]] std::uint16_t error_code() const noexcept { return error_code_; }
    [[nodiscard]] const std::string& error_reason() const noexcept { return error_reason_; }
    // Bytes fed and not yet consumed.
    [[nodiscard]] std::size_t buffered() const noexcept { return buffer_.size() - offset_; }

  private:
    Result fail(std::uint16_t code, std::string reason);

    std::uint64_t max_payload_;
    std::string buffer_;
    std::size_t offset_ = 0;  // start of the unconsumed bytes in buffer_
    std::uint16_t error_code_ = 0;
    std::string error_reason_;
};

// One unmasked server frame (RFC 6455 §5.2: servers never mask).
[[nodiscard]] std::string encode_ws_frame(WsOpcode opcode, std::string_view payload,
                                          bool fin = true);
// A Close frame with `code` and `reason` (cut to fit the 125-byte control payload, at a UTF-8
// character boundary).
[[nodiscard]] std::string encode_ws_close(std::uint16_t code, std::string_view reason = {});

}  // namespace httpctl::server
