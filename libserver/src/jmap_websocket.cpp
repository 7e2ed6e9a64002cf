#include "server/jmap_websocket.hpp"

#include <utility>
#include <variant>

#include "server/jmap_api.hpp"
#include "server/websocket_connection.hpp"

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

// The only data type whose state changes here (a blob upload), as in the event source.

std::string dump(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// RFC 8887 §4.3.4: the problem details of a request-level error as a RequestError message.
std::string request_error(const HttpResponse& problem, const std::optional<std::string>& id) {
    Json message;
    message["@type"] = "RequestError";
    if (id) message["requestId"] = *id;
    const Json details = Json::parse(problem.body, nullptr, false);
    if (details.is_object()) {
        for (const auto& [key, value] : details.items())
            message[key] = value;
    }
    return dump(message);
}

std::string request_error(std::string_view kind, std::string_view detail,
                          const std::optional<std::string>& id) {
    return request_error(jmap_request_problem(kind, detail), id);
}

}  // namespace

JmapWsSession::JmapWsSession(conf::JmapLimits limits, std::string session_state,
                             std::string account_id)
    : limits_(limits),
      session_state_(std::move(session_state)),
      account_id_(std::move(account_id)) {}

std::string JmapWsSession::on_message(std::string_view text, std::uint64_t state) {
    JmapJsonOrProblem parsed = parse_jmap_json(text, limits_);
    if (auto* problem = std::get_if<HttpResponse>(&parsed)) return request_error(*problem, {});
    Json message = std::move(std::get<Json>(parsed));
    if (!message.is_object()) {
        return request_error("notRequest", "The message must be a JSON object.", {});
    }
    const auto type = message.find("@type");
    if (type == message.end() || !type->is_string()) {
        return request_error("notRequest", "Missing '@type' property.", {});
    }
    const std::string kind = type->get<std::string>();
    if (kind == "Request") return answer_request(std::move(message));
    if (kind == "WebSocketPushEnable") return enable_push(message, state);
    if (kind == "WebSocketPushDisable") {
        push_enabled_ = false;
        return {};
    }
    return request_error("notRequest", "Unknown message type '" + kind + "'.", {});
}

std::string JmapWsSession::answer_request(Json message) {
    // RFC 8887 §4.3.3: an optional client-chosen `id`, echoed as `requestId`.
    std::optional<std::string> id;
    if (const auto found = message.find("id"); found != message.end()) {
        if (!found->is_string()) {
            return request_error("notRequest", "'id' must be a string.", {});
        }
        id = found->get<std::string>();
    }
    JmapJsonOrProblem answered = process_jmap_request(std::move(message), limits_, session_state_);
    if (auto* problem = std::get_if<HttpResponse>(&answered)) return request_error(*problem, id);
    Json response;
    response["@type"] = "Response";
    if (id) response["requestId"] = *id;
    for (auto& [key, value] : std::get<Json>(answered).items())
        response[key] = std::move(value);
    return dump(response);
}

std::string JmapWsSession::enable_push(const Json& message, std::uint64_t state) {
    // RFC 8887 §4.3.5.2: `dataTypes` null (or absent) for every type, else a list of names;
    // `pushState` the state the client last saw, if any.
    bool wants_blobs = true;
    if (const auto types = message.find("dataTypes"); types != message.end() && !types->is_null()) {
        if (!types->is_array()) {
            return request_error("notRequest", "'dataTypes' must be null or an array of strings.",
                                 {});
        }
        wants_blobs = false;
        for (const Json& name : *types) {
            if (!name.is_string()) {
                return request_error("notRequest",
                                     "'dataTypes' must be null or an array of strings.", {});
            }
            if (name.get_ref<const std::string&>() == kJmapChangedType) wants_blobs = true;
        }
    }
    std::optional<std::string> client_state;
    if (const auto found = message.find("pushState"); found != message.end() && !found->is_null()) {
        if (!found->is_string())
            return request_error("notRequest", "'pushState' must be a string.", {});
        client_state = found->get<std::string>();
    }
    push_enabled_ = true;
    push_blobs_ = wants_blobs;
    pushed_state_ = state;
    // A client that saw an older state hears about the change at once (RFC 8887 §4.3.5.2).
    if (client_state && *client_state != std::to_string(state)) return state_change_message(state);
    return {};
}

std::string JmapWsSession::on_state(std::uint64_t state) {
    if (!push_enabled_ || state == pushed_state_) return {};
    pushed_state_ = state;
    return state_change_message(state);
}

std::string JmapWsSession::state_change_message(std::uint64_t state) const {
    if (!push_blobs_) return {};
    // RFC 8887 §4.3.5.1: the StateChange with the state as `pushState`.
    Json message = state_change(account_id_, state);
    message["pushState"] = std::to_string(state);
    return dump(message);
}

void serve_jmap_websocket(UpgradedStream& stream, JmapWsSession session,
                          const std::function<std::uint64_t()>& state) {
    WsConnectionOptions options;
    options.max_message_bytes = session.limits().max_size_request;
    WsConnection connection(stream, options);
    constexpr std::chrono::milliseconds kIdleWait{60'000};
    while (connection.is_open()) {
        auto event = connection.next(session.push_enabled() ? kJmapStatePoll : kIdleWait);
        if (event.kind == WsConnection::EventKind::Closed) break;
        if (event.kind == WsConnection::EventKind::Message) {
            if (!event.text) {
                // RFC 8887 §4.2: JMAP messages are text frames.
                connection.close(ws_close::kUnsupportedData, "JMAP messages are text");
                break;
            }
            const std::string answer = session.on_message(event.data, state());
            if (!answer.empty() && !connection.send_text(answer)) break;
        }
        if (session.push_enabled()) {
            const std::string change = session.on_state(state());
            if (!change.empty() && !connection.send_text(change)) break;
        }
    }
}

}  // namespace httpctl::server
