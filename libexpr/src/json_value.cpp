#include "expr/json_value.hpp"

#include <cmath>

namespace httpctl::expr {

std::optional<Value> value_from_plain_json(const nlohmann::json& j) {
    if (j.is_boolean()) return Value(std::int64_t{j.get<bool>() ? 1 : 0});
    if (j.is_number_integer()) {
        if (j.is_number_unsigned() && j.get<std::uint64_t>() > 9223372036854775807ull) {
            return Value(static_cast<double>(j.get<std::uint64_t>()));
        }
        return Value(j.get<std::int64_t>());
    }
    if (j.is_number()) return Value(j.get<double>());
    if (j.is_string()) return Value(j.get_ref<const std::string&>());
    if (j.is_array()) {
        Array a;
        for (const auto& e : j) {
            auto v = value_from_plain_json(e);
            if (!v) return std::nullopt;
            a.push_back(std::move(*v));
        }
        return Value(std::move(a));
    }
    return std::nullopt;
}

nlohmann::json to_tagged_json(const Value& v) {
    switch (v.type()) {
        case Type::String: return {{"string", std::string(v.as_string())}};
        case Type::Integer: return {{"integer", v.as_integer()}};
        case Type::Float: {
            double f = v.as_float();
            if (std::isnan(f)) return {{"float", "NaN"}};
            if (std::isinf(f)) return {{"float", f > 0 ? "inf" : "-inf"}};
            return {{"float", f}};
        }
        case Type::Array: {
            nlohmann::json a = nlohmann::json::array();
            for (const Value& e : v.as_array()) a.push_back(to_tagged_json(e));
            return {{"array", a}};
        }
    }
    return nullptr;
}

std::optional<Value> value_from_tagged_json(const nlohmann::json& j) {
    if (!j.is_object() || j.size() != 1) return std::nullopt;
    const auto it = j.begin();
    const std::string& tag = it.key();
    const nlohmann::json& body = it.value();
    if (tag == "string" && body.is_string()) return Value(body.get_ref<const std::string&>());
    if (tag == "integer" && body.is_number_integer()) return Value(body.get<std::int64_t>());
    if (tag == "float") {
        if (body.is_number()) return Value(body.get<double>());
        if (body == "inf") return Value(INFINITY);
        if (body == "-inf") return Value(-INFINITY);
        if (body == "NaN") return Value(NAN);
        return std::nullopt;
    }
    if (tag == "array" && body.is_array()) {
        Array a;
        for (const auto& e : body) {
            auto v = value_from_tagged_json(e);
            if (!v) return std::nullopt;
            a.push_back(std::move(*v));
        }
        return Value(std::move(a));
    }
    return std::nullopt;
}

bool tagged_matches(const nlohmann::json& expected, const Value& got) {
    auto want = value_from_tagged_json(expected);
    // Value's == is the conformance comparison: same types, floats by value or both NaN.
    return want && *want == got;
}

}  // namespace httpctl::expr
