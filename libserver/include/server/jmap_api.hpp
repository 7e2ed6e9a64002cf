// `POST /jmap` (RFC 8620 §3, spec http.md §11) as a pure function of the request body: the
// request envelope is parsed and checked (size, JSON, `using`, `methodCalls`, call count), each
// method call's result references (RFC 8620 §3.7) are resolved against the responses so far, and
// the calls are answered in order. The only method served is `Core/echo`; every other name gets
// the `unknownMethod` error, as does `Core/echo` when `urn:ietf:params:jmap:core` is not in
// `using` (RFC 8620 §3.6.2).
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "httpconf/http_settings.hpp"
#include "server/exchange.hpp"

namespace httpctl::server {

// The capabilities a request may name in `using`: the session's capabilities (spec §12).
[[nodiscard]] bool is_known_jmap_capability(std::string_view capability) noexcept;

// A JMAP request-level problem (RFC 8620 §3.6.1): status 400, `application/problem+json`,
// `{"type":"urn:ietf:params:jmap:error:<kind>","status":400,"detail":…[,"limit":…]}`.
[[nodiscard]] HttpResponse jmap_request_problem(std::string_view kind, std::string_view detail,
                                                std::string_view limit = {});
// The `limit` problem for one of RFC 8620's limit names ("maxSizeRequest", "maxSizeUpload",
// "maxCallsInRequest", "maxConcurrentRequests", "maxConcurrentUpload"), with Stalwart's detail
// text for it.
[[nodiscard]] HttpResponse jmap_limit_problem(std::string_view limit);

// A JSON value or the request-level problem that refuses it.
using JmapJsonOrProblem = std::variant<nlohmann::ordered_json, HttpResponse>;

// The checks of a request body before its shape is looked at (spec §11: size first, then
// nesting depth and JSON syntax): the parsed value, or the `limit`/`notJSON` problem.
[[nodiscard]] JmapJsonOrProblem parse_jmap_json(std::string_view body,
                                                const conf::JmapLimits& limits);
// Answers a parsed Request object (shape, `using`, call count, the calls): the Response object,
// or the request-level problem. Members other than the RFC 8620 ones are ignored.
[[nodiscard]] JmapJsonOrProblem process_jmap_request(nlohmann::ordered_json request,
                                                     const conf::JmapLimits& limits,
                                                     std::string_view session_state);

// The data type whose state changes here: uploads change an account's Blob state.
inline constexpr std::string_view kJmapChangedType = "Blob";

// How often an event stream or a WebSocket with pushes on looks at the account's state: a change
// is pushed at most this late, and a departed event-stream client frees its worker within it.
inline constexpr std::chrono::milliseconds kJmapStatePoll{100};

// The StateChange object of RFC 8620 §7.1: {"@type":"StateChange","changed":{id:{"Blob":state}}}.
[[nodiscard]] nlohmann::ordered_json state_change(std::string_view account_id,
                                                  std::uint64_t state);

// Answers one JMAP API request (parse_jmap_json then process_jmap_request): 200 with the Response object
// `{"methodResponses":[…],"sessionState":…[,"createdIds":{…}]}`, or a 400 request-level problem.
// `session_state` is the session object's `state` (spec §12).
[[nodiscard]] HttpResponse answer_jmap_request(std::string_view body,
                                               const conf::JmapLimits& limits,
                                               std::string_view session_state);

}  // namespace httpctl::server
