// The pure half of settings_store.hpp: change parsing, overlay arithmetic, rendering and the
// overlay file format.
#include <nlohmann/json.hpp>

#include "server/settings_store.hpp"

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

bool is_bare_key(std::string_view key) {
    if (key.empty()) return false;
    for (const char c : key) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

// A conservative subset of what Stalwart writes bare (spec §1): booleans and plain decimal
// numbers, which the loader reads back as the same text (spec §2.4 bare scalars).
bool is_bare_value(std::string_view value) {
    if (value == "true" || value == "false") return true;
    std::size_t i = 0;
    if (i < value.size() && (value[i] == '-' || value[i] == '+')) ++i;
    const std::size_t digits_start = i;
    while (i < value.size() && value[i] >= '0' && value[i] <= '9')
        ++i;
    if (i == digits_start) return false;
    if (i < value.size() && value[i] == '.') {
        ++i;
        const std::size_t fraction_start = i;
        while (i < value.size() && value[i] >= '0' && value[i] <= '9')
            ++i;
        if (i == fraction_start) return false;
    }
    return i == value.size();
}

void append_value(std::string& out, std::string_view value) {
    if (is_bare_value(value)) {
        out += value;
        return;
    }
    // spec §2.4: basic strings process escapes with quirks (a trailing escaped backslash does
    // not terminate), so anything with a backslash, quote or line break goes between triple
    // quotes, which take the text raw. The LF after the opening quotes is removed by the loader.
    if (value.find_first_of("\\\"\n") == std::string_view::npos) {
        out += '"';
        out += value;
        out += '"';
        return;
    }
    const bool single_ok = value.find("'''") == std::string_view::npos && value.back() != '\'';
    const std::string_view quotes = single_ok ? "'''" : "\"\"\"";
    out += quotes;
    out += '\n';
    out += value;
    out += quotes;
}

void append_key(std::string& out, std::string_view key) {
    if (is_bare_key(key)) {
        out += key;
        return;
    }
    // spec §2.3: in quoted keys `\"` gives `"` (other backslashes are dropped: such keys do
    // not survive a round trip and are refused by the caller's check).
    out += '"';
    for (const char c : key) {
        if (c == '"') out += '\\';
        out += c;
    }
    out += '"';
}

std::optional<std::string> string_member(const Json& object, const char* name) {
    const auto it = object.find(name);
    if (it == object.end() || !it->is_string()) return std::nullopt;
    return it->get<std::string>();
}

}  // namespace

std::optional<std::vector<SettingsChange>> parse_settings_changes(std::string_view body,
                                                                  bool head_dialect,
                                                                  std::string& error) {
    const Json json = Json::parse(body, nullptr, false);
    if (json.is_discarded()) {
        error = body.empty() ? "EOF while parsing a value at line 1 column 0"
                             : "expected value: the body is not valid JSON";
        return std::nullopt;
    }
    if (!json.is_array()) {
        error = "invalid type: expected a sequence of settings changes";
        return std::nullopt;
    }
    // spec §13.2: capitalised tags at 0.8, lower-case at 0.12+.
    const std::string delete_tag = head_dialect ? "delete" : "Delete";
    const std::string clear_tag = head_dialect ? "clear" : "Clear";
    const std::string insert_tag = head_dialect ? "insert" : "Insert";
    std::vector<SettingsChange> changes;
    for (const Json& item : json) {
        if (!item.is_object()) {
            error = "invalid type: expected an object with a \"type\" tag";
            return std::nullopt;
        }
        const auto tag = string_member(item, "type");
        if (!tag) {
            error = "missing field `type`";
            return std::nullopt;
        }
        SettingsChange change;
        if (*tag == delete_tag) {
            change.kind = SettingsChange::Kind::Delete;
            const auto keys = item.find("keys");
            if (keys == item.end() || !keys->is_array()) {
                error = "missing field `keys` (an array of strings)";
                return std::nullopt;
            }
            for (const Json& key : *keys) {
                if (!key.is_string()) {
                    error = "invalid type: `keys` must hold strings";
                    return std::nullopt;
                }
                change.keys.push_back(key.get<std::string>());
            }
        } else if (*tag == clear_tag) {
            change.kind = SettingsChange::Kind::Clear;
            change.prefix = string_member(item, "prefix");
            if (!change.prefix) {
                error = "missing field `prefix` (a string)";
                return std::nullopt;
            }
        } else if (*tag == insert_tag) {
            change.kind = SettingsChange::Kind::Insert;
            const auto prefix = item.find("prefix");
            if (prefix != item.end() && !prefix->is_null()) {
                if (!prefix->is_string()) {
                    error = "invalid type: `prefix` must be a string or null";
                    return std::nullopt;
                }
                change.prefix = prefix->get<std::string>();
            }
            const auto values = item.find("values");
            if (values == item.end() || !values->is_array()) {
                error = "missing field `values` (an array of [key, value] pairs)";
                return std::nullopt;
            }
            for (const Json& pair : *values) {
                if (!pair.is_array() || pair.size() != 2 || !pair[0].is_string() ||
                    !pair[1].is_string()) {
                    error = "invalid type: each of `values` must be a [key, value] pair of strings";
                    return std::nullopt;
                }
                change.values.emplace_back(pair[0].get<std::string>(), pair[1].get<std::string>());
            }
            const auto assert_empty = item.find("assert_empty");
            if (assert_empty == item.end() || !assert_empty->is_boolean()) {
                error = "missing field `assert_empty` (a boolean)";
                return std::nullopt;
            }
            change.assert_empty = assert_empty->get<bool>();
        } else {
            error = "unknown variant `" + *tag + "`, expected one of `" + delete_tag + "`, `" +
                    clear_tag + "`, `" + insert_tag + "`";
            return std::nullopt;
        }
        changes.push_back(std::move(change));
    }
    return changes;
}

bool apply_settings_changes(SettingsMap& settings, const std::vector<SettingsChange>& changes) {
    for (const SettingsChange& change : changes) {
        switch (change.kind) {
            case SettingsChange::Kind::Delete:
                for (const std::string& key : change.keys)
                    settings.erase(key);
                break;
            case SettingsChange::Kind::Clear: {
                const std::string& prefix = *change.prefix;
                auto it = settings.lower_bound(prefix);
                while (it != settings.end() && it->first.starts_with(prefix))
                    it = settings.erase(it);
                break;
            }
            case SettingsChange::Kind::Insert:
                if (change.assert_empty) {
                    if (change.prefix) {
                        const std::string sub = *change.prefix + ".";
                        const auto it = settings.lower_bound(sub);
                        if (it != settings.end() && it->first.starts_with(sub)) return false;
                    } else if (!change.values.empty() &&
                               settings.contains(change.values.front().first)) {
                        return false;
                    }
                }
                for (const auto& [key, value] : change.values) {
                    settings.insert_or_assign(change.prefix ? *change.prefix + "." + key : key,
                                              value);
                }
                break;
        }
    }
    return true;
}

SettingsMap apply_overlay(const conf::FlatConfig& file, const SettingsOverlay& overlay) {
    SettingsMap settings;
    for (const conf::ConfigEntry& entry : file.entries()) {
        if (!overlay.deleted.contains(entry.key)) settings.emplace(entry.key, entry.value);
    }
    for (const auto& [key, value] : overlay.set)
        settings.insert_or_assign(key, value);
    return settings;
}

SettingsOverlay overlay_between(const conf::FlatConfig& file, const SettingsMap& effective) {
    SettingsOverlay overlay;
    for (const conf::ConfigEntry& entry : file.entries()) {
        if (!effective.contains(entry.key)) overlay.deleted.insert(entry.key);
    }
    for (const auto& [key, value] : effective) {
        const auto file_value = file.value(key);
        if (!file_value || *file_value != value) overlay.set.emplace(key, value);
    }
    return overlay;
}

std::string render_flat_settings(const SettingsMap& settings) {
    std::string out;
    for (const auto& [key, value] : settings) {
        append_key(out, key);
        out += " = ";
        append_value(out, value);
        out += '\n';
    }
    return out;
}

std::string serialize_overlay(const SettingsOverlay& overlay) {
    Json json;
    json["set"] = Json::object();
    for (const auto& [key, value] : overlay.set)
        json["set"][key] = value;
    json["deleted"] = Json::array();
    for (const std::string& key : overlay.deleted)
        json["deleted"].push_back(key);
    return json.dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

std::optional<SettingsOverlay> parse_overlay(std::string_view text, std::string& error) {
    const Json json = Json::parse(text, nullptr, false);
    if (json.is_discarded() || !json.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    SettingsOverlay overlay;
    const auto set = json.find("set");
    const auto deleted = json.find("deleted");
    if (set == json.end() || !set->is_object() || deleted == json.end() || !deleted->is_array()) {
        error = "expected {\"set\": {key: value, …}, \"deleted\": [key, …]}";
        return std::nullopt;
    }
    for (auto it = set->begin(); it != set->end(); ++it) {
        if (!it->is_string()) {
            error = "the value of \"" + it.key() + "\" is not a string";
            return std::nullopt;
        }
        overlay.set.emplace(it.key(), it->get<std::string>());
    }
    for (const Json& key : *deleted) {
        if (!key.is_string()) {
            error = "\"deleted\" holds something other than a string";
            return std::nullopt;
        }
        overlay.deleted.insert(key.get<std::string>());
    }
    return overlay;
}

}  // namespace httpctl::server
