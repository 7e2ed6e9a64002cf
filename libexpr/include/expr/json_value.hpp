// Values to and from JSON: the plain form of the conformance vectors' inputs, and the tagged
// form of results (`{"integer": 5}`, `{"string": "x"}`, ...).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>

#include "expr/value.hpp"

namespace httpctl::expr {

// Plain JSON: integer -> Integer, other number -> Float, string -> String, array -> Array,
// true/false -> 1/0. Objects and null have no value (nullopt).
[[nodiscard]] std::optional<Value> value_from_plain_json(const nlohmann::json& j);

// Tagged JSON; non-finite floats are the strings "inf", "-inf", "NaN".
[[nodiscard]] nlohmann::json to_tagged_json(const Value& v);
[[nodiscard]] std::optional<Value> value_from_tagged_json(const nlohmann::json& j);

// Conformance comparison: same types, floats by value (NaN equals NaN), arrays element-wise.
[[nodiscard]] bool tagged_matches(const nlohmann::json& expected, const Value& got);

}  // namespace httpctl::expr
