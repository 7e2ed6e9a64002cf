#include "server/websocket_frame.hpp"

#include <utility>

namespace httpctl::server {
namespace {

constexpr std::size_t kMaxControlPayload = 125;  // RFC 6455 §5.5

bool known_opcode(std::uint8_t value) noexcept {
    // RFC 6455 §5.2: 0x3–0x7 and 0xB–0xF are reserved.
    return value <= 0x2 || (value >= 0x8 && value <= 0xA);
}

}  // namespace

bool is_sendable_close_code(std::uint16_t code) noexcept {
    if (code >= 3000 && code <= 4999) return true;
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011);
}

bool is_valid_utf8(std::string_view text) noexcept {
    std::size_t i = 0;
    const std::size_t size = text.size();
    while (i < size) {
        const auto lead = static_cast<unsigned char>(text[i]);
        if (lead < 0x80) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        std::uint32_t code = 0;
        std::uint32_t minimum = 0;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
            code = lead & 0x1Fu;
            minimum = 0x80;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            code = lead & 0x0Fu;
            minimum = 0x800;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            code = lead & 0x07u;
            minimum = 0x10000;
        } else {
            return false;  // a continuation byte, 0xC0/0xC1 (always overlong) or 0xF5+
        }
        if (size - i < length) return false;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0u) != 0x80u) return false;
            code = (code << 6) | (next & 0x3Fu);
        }
        if (code < minimum || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return false;
        i += length;
    }
    return true;
}

WsFrameParser::WsFrameParser(std::uint64_t max_payload_bytes) noexcept
    : max_payload_(max_payload_bytes) {}

void WsFrameParser::feed(std::string_view bytes) {
    if (error_code_ != 0) return;
    if (offset_ > 0 && offset_ >= buffer_.size() / 2) {
        buffer_.erase(0, offset_);  // compact: consumed bytes are never kept past one frame
        offset_ = 0;
    }
    buffer_.append(bytes);
}

WsFrameParser::Result WsFrameParser::fail(std::uint16_t code, std::string reason) {
    error_code_ = code;
    error_reason_ = std::move(reason);
    buffer_.clear();
    offset_ = 0;
    return Result::Error;
}

WsFrameParser::Result WsFrameParser::next(WsFrame& frame) {
    if (error_code_ != 0) return Result::Error;
    const std::string_view data = std::string_view(buffer_).substr(offset_);
    if (data.size() < 2) return Result::NeedMore;
    const auto byte0 = static_cast<unsigned char>(data[0]);
    const auto byte1 = static_cast<unsigned char>(data[1]);
    const bool fin = (byte0 & 0x80u) != 0;
    const std::uint8_t opcode_value = byte0 & 0x0Fu;
    const bool masked = (byte1 & 0x80u) != 0;
    std::uint64_t length = byte1 & 0x7Fu;

    // Everything that can be refused from the first two bytes is refused before waiting for
    // more (RFC 6455 §5.2, §5.5, §5.1).
    if ((byte0 & 0x70u) != 0) {
        return fail(ws_close::kProtocolError, "reserved bits set without an extension");
    }
    if (!known_opcode(opcode_value)) return fail(ws_close::kProtocolError, "reserved opcode");
    const auto opcode = static_cast<WsOpcode>(opcode_value);
    if (is_control_opcode(opcode)) {
        if (!fin) return fail(ws_close::kProtocolError, "fragmented control frame");
        if (length > kMaxControlPayload) {
            return fail(ws_close::kProtocolError, "control frame payload over 125 bytes");
        }
    }
    if (!masked) return fail(ws_close::kProtocolError, "client frames must be masked");

    std::size_t header = 2;
    if (length == 126) {
        if (data.size() < 4) return Result::NeedMore;
        length = (static_cast<std::uint64_t>(static_cast<unsigned char>(data[2])) << 8) |
                 static_cast<unsigned char>(data[3]);
        header = 4;
    } else if (length == 127) {
        if (data.size() < 10) return Result::NeedMore;
        length = 0;
        for (std::size_t k = 2; k < 10; ++k) {
            length = (length << 8) | static_cast<unsigned char>(data[k]);
        }
        if ((length >> 63) != 0) {
            return fail(ws_close::kProtocolError, "payload length with the top bit set");
        }
        header = 10;
    }
    if (length > max_payload_) {
        return fail(ws_close::kTooBig,
                    "frame larger than " + std::to_string(max_payload_) + " bytes");
    }
    const std::size_t payload_size = static_cast<std::size_t>(length);
    const std::size_t total = header + 4 + payload_size;
    if (data.size() < total) return Result::NeedMore;
    const std::string_view mask = data.substr(header, 4);
    frame.fin = fin;
    frame.opcode = opcode;
    frame.payload.assign(data.substr(header + 4, payload_size));
    for (std::size_t k = 0; k < payload_size; ++k) {
        frame.payload[k] = static_cast<char>(frame.payload[k] ^ mask[k % 4]);
    }
    offset_ += total;
    if (offset_ == buffer_.size()) {
        buffer_.clear();
        offset_ = 0;
    }
    return Result::Frame;
}

std::string encode_ws_frame(WsOpcode opcode, std::string_view payload, bool fin) {
    std::string out;
    out.reserve(payload.size() + 10);
    out.push_back(static_cast<char>((fin ? 0x80u : 0u) | static_cast<std::uint8_t>(opcode)));
    const std::uint64_t size = payload.size();
    if (size < 126) {
        out.push_back(static_cast<char>(size));
    } else if (size <= 0xFFFF) {
        out.push_back(static_cast<char>(126));
        out.push_back(static_cast<char>((size >> 8) & 0xFFu));
        out.push_back(static_cast<char>(size & 0xFFu));
    } else {
        out.push_back(static_cast<char>(127));
        for (int shift = 56; shift >= 0; shift -= 8) {
            out.push_back(static_cast<char>((size >> shift) & 0xFFu));
        }
    }
    out.append(payload);
    return out;
}

std::string encode_ws_close(std::uint16_t code, std::string_view reason) {
    std::size_t keep = std::min<std::size_t>(reason.size(), kMaxControlPayload - 2);
    // Never cut inside a UTF-8 sequence: back up over continuation bytes.
    while (keep > 0 && keep < reason.size() &&
           (static_cast<unsigned char>(reason[keep]) & 0xC0u) == 0x80u) {
        --keep;
    }
    std::string payload;
    payload.push_back(static_cast<char>(code >> 8));
    payload.push_back(static_cast<char>(code & 0xFFu));
    payload.append(reason.substr(0, keep));
    return encode_ws_frame(WsOpcode::Close, payload);
}

}  // namespace httpctl::server
