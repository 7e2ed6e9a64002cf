// JMAP over WebSocket (RFC 8887), `GET /jmap/ws` (spec http.md §11, §12: the session advertises
// `urn:ietf:params:jmap:websocket` with `supportsPush`). JmapWsSession is the message logic,
// independent of the socket: Request messages go through the same code as `POST /jmap`
// (parse_jmap_json, process_jmap_request) and come back as Response or RequestError messages;
// WebSocketPushEnable/Disable switch StateChange pushes on and off. serve_jmap_websocket runs it
// on an upgraded connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "httpconf/http_settings.hpp"
#include "server/upgraded_stream.hpp"

namespace httpctl::server {

class JmapWsSession {
  public:
    // `limits` and `session_state` are those of the snapshot the upgrade was made under; they
    // stay for the life of the socket.
    JmapWsSession(conf::JmapLimits limits, std::string session_state, std::string account_id);

    // The answer to one text message ("" when it has none: push enable/disable). `state` is the
    // account's push state now (JmapService::state).
    [[nodiscard]] std::string on_message(std::string_view text, std::uint64_t state);
    // The StateChange to push for `state`, or "" when pushes are off, the client did not ask for
    // the changed type, or nothing changed since the last one.
    [[nodiscard]] std::string on_state(std::uint64_t state);

    [[nodiscard]] bool push_enabled() const noexcept { return push_enabled_; }
    [[nodiscard]] const conf::JmapLimits& limits() const noexcept { return limits_; }
    [[nodiscard]] const std::string& account_id() const noexcept { return account_id_; }

  private:
    [[nodiscard]] std::string answer_request(nlohmann::ordered_json message);
    // The StateChange message for `state`, or nothing when Blob changes are not wanted.
    [[nodiscard]] std::string state_change_message(std::uint64_t state) const;
    [[nodiscard]] std::string enable_push(const nlohmann::ordered_json& message,
                                          std::uint64_t state);

    conf::JmapLimits limits_;
    std::string session_state_;
    std::string account_id_;
    bool push_enabled_ = false;
    bool push_blobs_ = false;         // the client's dataTypes include the type that changes
    std::uint64_t pushed_state_ = 0;  // the state the client knows of
};


// Runs a JMAP WebSocket on an upgraded connection until either side closes it or the server
// stops. `state` reads the account's push state. Messages larger than the session's
// maxSizeRequest close the connection with 1009, binary messages with 1003.
void serve_jmap_websocket(UpgradedStream& stream, JmapWsSession session,
                          const std::function<std::uint64_t()>& state);

}  // namespace httpctl::server
