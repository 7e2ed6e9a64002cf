#include "jmap_result_reference.hpp"

#include <optional>
#include <string_view>
#include <vector>

namespace httpctl::server::detail {
namespace {

// RFC 6901 §4: "~1" → "/", "~0" → "~"; any other "~" makes the pointer invalid.
std::optional<std::vector<std::string>> split_pointer(std::string_view pointer) {
    std::vector<std::string> tokens;
    if (pointer.empty()) return tokens;
    if (pointer.front() != '/') return std::nullopt;
    pointer.remove_prefix(1);
    while (true) {
        const auto slash = pointer.find('/');
        const std::string_view raw = pointer.substr(0, slash);
        std::string token;
        for (std::size_t i = 0; i < raw.size(); ++i) {
            if (raw[i] != '~') {
                token += raw[i];
            } else if (i + 1 < raw.size() && (raw[i + 1] == '0' || raw[i + 1] == '1')) {
                token += raw[i + 1] == '0' ? '~' : '/';
                ++i;
            } else {
                return std::nullopt;
            }
        }
        tokens.push_back(std::move(token));
        if (slash == std::string_view::npos) break;
        pointer.remove_prefix(slash + 1);
    }
    return tokens;
}

// RFC 6901 §4: an array index is "0" or digits without a leading zero.
std::optional<std::size_t> array_index(const std::string& token, std::size_t size) {
    if (token.empty() || token.size() > 9 || (token.size() > 1 && token.front() == '0')) {
        return std::nullopt;
    }
    std::size_t index = 0;
    for (const char c : token) {
        if (c < '0' || c > '9') return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    if (index >= size) return std::nullopt;
    return index;
}

bool evaluate_tokens(const JmapJson& value, const std::vector<std::string>& tokens,
                     std::size_t next, JmapJson& result) {
    if (next == tokens.size()) {
        result = value;
        return true;
    }
    const std::string& token = tokens[next];
    if (value.is_object()) {
        const auto it = value.find(token);
        return it != value.end() && evaluate_tokens(*it, tokens, next + 1, result);
    }
    if (!value.is_array()) return false;
    if (token == "*") {
        // RFC 8620 §3.7: apply the rest to every item; arrays of results are flattened.
        JmapJson collected = JmapJson::array();
        for (const JmapJson& item : value) {
            JmapJson item_result;
            if (!evaluate_tokens(item, tokens, next + 1, item_result)) return false;
            if (item_result.is_array()) {
                for (JmapJson& element : item_result)
                    collected.push_back(std::move(element));
            } else {
                collected.push_back(std::move(item_result));
            }
        }
        result = std::move(collected);
        return true;
    }
    const auto index = array_index(token, value.size());
    return index && evaluate_tokens(value[*index], tokens, next + 1, result);
}

}  // namespace

bool evaluate_jmap_pointer(const JmapJson& document, std::string_view pointer, JmapJson& result) {
    const auto tokens = split_pointer(pointer);
    return tokens && evaluate_tokens(document, *tokens, 0, result);
}

ReferenceOutcome resolve_result_references(JmapJson& arguments, const JmapJson& responses) {
    std::vector<std::pair<std::string, JmapJson>> resolved;
    std::vector<std::string> references;
    for (auto it = arguments.begin(); it != arguments.end(); ++it) {
        const std::string& key = it.key();
        if (key.empty() || key.front() != '#') continue;
        const std::string name = key.substr(1);
        // RFC 8620 §3.7: the same argument both plain and as a reference is invalid.
        if (arguments.contains(name)) {
            return {"invalidArguments",
                    "Argument '" + name + "' is given both directly and as a result reference."};
        }
        const JmapJson& reference = it.value();
        if (!reference.is_object() || !reference.contains("resultOf") ||
            !reference["resultOf"].is_string() || !reference.contains("name") ||
            !reference["name"].is_string() || !reference.contains("path") ||
            !reference["path"].is_string()) {
            return {"invalidArguments", "Argument '" + key +
                                            "' must be a ResultReference object with string "
                                            "members resultOf, name and path."};
        }
        const std::string& result_of = reference["resultOf"].get_ref<const std::string&>();
        const std::string& method = reference["name"].get_ref<const std::string&>();
        const std::string& path = reference["path"].get_ref<const std::string&>();
        // The first response with that call id (RFC 8620 §3.7).
        const JmapJson* target = nullptr;
        for (const JmapJson& response : responses) {
            if (response[2] == result_of) {
                target = &response;
                break;
            }
        }
        if (target == nullptr) {
            return {"invalidResultReference", "No response with call id '" + result_of + "'."};
        }
        if ((*target)[0] != method) {
            return {"invalidResultReference", "The response to '" + result_of + "' is " +
                                                  (*target)[0].get<std::string>() + ", not " +
                                                  method + "."};
        }
        JmapJson value;
        if (!evaluate_jmap_pointer((*target)[1], path, value)) {
            return {"invalidResultReference",
                    "Path '" + path + "' does not resolve in the response to '" + result_of + "'."};
        }
        resolved.emplace_back(name, std::move(value));
        references.push_back(key);
    }
    for (const std::string& key : references)
        arguments.erase(key);
    for (auto& [name, value] : resolved)
        arguments[name] = std::move(value);
    return {};
}

}  // namespace httpctl::server::detail
