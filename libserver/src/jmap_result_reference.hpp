// Result references (RFC 8620 §3.7): an argument named `#name` whose value is
// `{"resultOf": callId, "name": methodName, "path": jsonPointer}` is replaced by `name` with the
// value the pointer selects in the earlier response to `callId`. The pointer is RFC 6901 plus
// JMAP's `*`: on an array it applies the rest of the path to every element and flattens arrays
// of results into one array.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace httpctl::server::detail {

using JmapJson = nlohmann::ordered_json;

struct ReferenceOutcome {
    // "" on success; else the method error type: "invalidArguments" or "invalidResultReference".
    std::string error_type;
    std::string description;
};

// Resolves every `#name` argument of `arguments` in place. `responses` is the methodResponses
// array built so far (each entry `[name, arguments, callId]`).
[[nodiscard]] ReferenceOutcome resolve_result_references(JmapJson& arguments,
                                                         const JmapJson& responses);

// Evaluates a JMAP JSON pointer against `document`; false when a token does not resolve.
[[nodiscard]] bool evaluate_jmap_pointer(const JmapJson& document, std::string_view pointer,
                                         JmapJson& result);

}  // namespace httpctl::server::detail
