#include "server/jmap_api.hpp"

#include <array>
#include <cstdint>
#include <string>

#include "jmap_result_reference.hpp"

namespace httpctl::server {
namespace {

using detail::JmapJson;

constexpr std::string_view kCoreCapability = "urn:ietf:params:jmap:core";
// Deeper JSON is refused before parsing: echoing it back would recurse that deep.
constexpr std::size_t kMaxJsonDepth = 128;

std::string dump(const JmapJson& json) {
    return json.dump(-1, ' ', false, JmapJson::error_handler_t::replace);
}

// Nesting depth of arrays/objects outside strings; stops counting past `limit`.
bool nesting_within(std::string_view text, std::size_t limit) {
    std::size_t depth = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (c == '\\') {
                ++i;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limit) return false;
        } else if ((c == ']' || c == '}') && depth > 0) {
            --depth;
        }
    }
    return true;
}

JmapJson method_error(std::string_view type, std::string_view description,
                      const JmapJson& call_id) {
    JmapJson arguments;
    arguments["type"] = type;
    if (!description.empty()) arguments["description"] = description;
    return JmapJson::array({"error", std::move(arguments), call_id});
}

// Checks the Request object's shape (RFC 8620 §3.3). "" when usable, else the notRequest detail.
std::string request_shape_error(const JmapJson& request) {
    if (!request.is_object()) return "The request must be a JSON object.";
    const auto using_it = request.find("using");
    if (using_it == request.end()) return "Missing 'using' property.";
    if (!using_it->is_array()) return "'using' must be an array of strings.";
    for (const JmapJson& capability : *using_it) {
        if (!capability.is_string()) return "'using' must be an array of strings.";
    }
    const auto calls = request.find("methodCalls");
    if (calls == request.end()) return "Missing 'methodCalls' property.";
    if (!calls->is_array()) return "'methodCalls' must be an array.";
    for (const JmapJson& call : *calls) {
        if (!call.is_array() || call.size() != 3 || !call[0].is_string() || !call[1].is_object() ||
            !call[2].is_string()) {
            return "Each method call must be [name (string), arguments (object), call id "
                   "(string)].";
        }
    }
    const auto created = request.find("createdIds");
    if (created != request.end() && !created->is_null()) {
        if (!created->is_object()) return "'createdIds' must be an object.";
        for (const JmapJson& id : *created) {
            if (!id.is_string()) return "'createdIds' values must be strings.";
        }
    }
    return {};
}

}  // namespace

bool is_known_jmap_capability(std::string_view capability) noexcept {
    // spec http.md §12: the capabilities of the session object.
    static constexpr std::array<std::string_view, 8> kKnown = {
        "urn:ietf:params:jmap:core",       "urn:ietf:params:jmap:mail",
        "urn:ietf:params:jmap:submission", "urn:ietf:params:jmap:vacationresponse",
        "urn:ietf:params:jmap:sieve",      "urn:ietf:params:jmap:blob",
        "urn:ietf:params:jmap:quota",      "urn:ietf:params:jmap:websocket",
    };
    for (const std::string_view known : kKnown) {
        if (known == capability) return true;
    }
    return false;
}

HttpResponse jmap_request_problem(std::string_view kind, std::string_view detail,
                                  std::string_view limit) {
    // spec §10: field order type, status, [title], detail, [limit].
    JmapJson body;
    body["type"] = "urn:ietf:params:jmap:error:" + std::string(kind);
    body["status"] = 400;
    body["detail"] = detail;
    if (!limit.empty()) body["limit"] = limit;
    HttpResponse response;
    response.status = 400;
    response.set_header("content-type", "application/problem+json");
    response.body = dump(body);
    return response;
}

HttpResponse jmap_limit_problem(std::string_view limit) {
    // Stalwart's detail texts for each RFC 8620 limit (spec §10 shows the first).
    std::string_view detail = "The request exceeds a server limit.";
    if (limit == "maxSizeRequest") {
        detail = "The request is larger than the server is willing to process.";
    } else if (limit == "maxSizeUpload") {
        detail = "The uploaded file is larger than the server is willing to process.";
    } else if (limit == "maxCallsInRequest") {
        detail = "The request exceeds the maximum number of calls in a single request.";
    } else if (limit == "maxConcurrentRequests") {
        detail = "The request exceeds the maximum number of concurrent requests.";
    } else if (limit == "maxConcurrentUpload") {
        detail = "The request exceeds the maximum number of concurrent uploads.";
    }
    return jmap_request_problem("limit", detail, limit);
}

JmapJsonOrProblem parse_jmap_json(std::string_view body, const conf::JmapLimits& limits) {
    // spec §11: the size limit is checked before the JSON is looked at.
    if (body.size() > limits.max_size_request) return jmap_limit_problem("maxSizeRequest");
    if (!nesting_within(body, kMaxJsonDepth)) {
        return jmap_request_problem("notJSON", "Failed to parse JSON: nesting deeper than " +
                                                   std::to_string(kMaxJsonDepth) + " levels");
    }
    JmapJson value = JmapJson::parse(body, nullptr, false);
    if (value.is_discarded()) {
        // Re-parse with exceptions only to obtain the parser's position text.
        std::string detail = "invalid JSON";
        try {
            const JmapJson unreachable = JmapJson::parse(body);
            static_cast<void>(unreachable);
        } catch (const JmapJson::parse_error& error) {
            detail = error.what();
        }
        return jmap_request_problem("notJSON", "Failed to parse JSON: " + detail);
    }
    return value;
}

JmapJsonOrProblem process_jmap_request(JmapJson request, const conf::JmapLimits& limits,
                                       std::string_view session_state) {
    if (const std::string shape = request_shape_error(request); !shape.empty()) {
        return jmap_request_problem("notRequest", shape);
    }
    bool core_enabled = false;
    for (const JmapJson& capability : request["using"]) {
        const auto& name = capability.get_ref<const std::string&>();
        if (!is_known_jmap_capability(name)) {
            // Stalwart's text, including its missing space before "by".
            return jmap_request_problem("unknownCapability",
                                        "The Request object used capability '" + name +
                                            "', which is not supportedby this server.");
        }
        if (name == kCoreCapability) core_enabled = true;
    }
    JmapJson& calls = request["methodCalls"];
    if (calls.size() > limits.max_calls_in_request) return jmap_limit_problem("maxCallsInRequest");

    const bool echo_created_ids =
        request.contains("createdIds") && request["createdIds"].is_object();
    JmapJson responses = JmapJson::array();
    for (JmapJson& call : calls) {
        const JmapJson& call_id = call[2];
        if (call[0] != "Core/echo" || !core_enabled) {
            responses.push_back(method_error("unknownMethod", {}, call_id));
            continue;
        }
        JmapJson& arguments = call[1];
        const detail::ReferenceOutcome outcome =
            detail::resolve_result_references(arguments, responses);
        if (!outcome.error_type.empty()) {
            responses.push_back(method_error(outcome.error_type, outcome.description, call_id));
            continue;
        }
        // RFC 8620 §4: Core/echo returns its arguments unchanged.
        responses.push_back(JmapJson::array({"Core/echo", std::move(arguments), call_id}));
    }

    // Member order: methodResponses, sessionState, then createdIds when the request had it.
    JmapJson answer;
    answer["methodResponses"] = std::move(responses);
    answer["sessionState"] = session_state;
    if (echo_created_ids) answer["createdIds"] = request["createdIds"];
    return answer;
}

nlohmann::ordered_json state_change(std::string_view account_id, std::uint64_t state) {
    nlohmann::ordered_json change;
    change["@type"] = "StateChange";
    change["changed"][std::string(account_id)][std::string(kJmapChangedType)] =
        std::to_string(state);
    return change;
}

HttpResponse answer_jmap_request(std::string_view body, const conf::JmapLimits& limits,
                                 std::string_view session_state) {
    JmapJsonOrProblem parsed = parse_jmap_json(body, limits);
    if (auto* problem = std::get_if<HttpResponse>(&parsed)) return std::move(*problem);
    JmapJsonOrProblem answered =
        process_jmap_request(std::move(std::get<JmapJson>(parsed)), limits, session_state);
    if (auto* problem = std::get_if<HttpResponse>(&answered)) return std::move(*problem);
    HttpResponse response;
    response.set_header("content-type", "application/json; charset=utf-8");
    response.body = dump(std::get<JmapJson>(answered));
    return response;
}

}  // namespace httpctl::server
