#include "server/management_api.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "problem.hpp"

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

std::string dump(const Json& json) {
    return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

HttpResponse json_answer(const Json& body) {
    return json_response(dump(body));
}

HttpResponse data_answer(Json data) {
    Json body;
    body["data"] = std::move(data);
    return json_answer(body);
}

// spec §13.1: management errors are 200 with `{"error": kind, …}`; 0.12+ uses
// camelCase kinds.
HttpResponse management_error(const ConfigSnapshot& snapshot, std::string_view kind, Json fields) {
    std::string name(kind);
    if (snapshot.head_dialect() && !name.empty()) {
        name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
    }
    Json body;
    body["error"] = name;
    if (fields.is_object()) {
        for (auto it = fields.begin(); it != fields.end(); ++it)
            body[it.key()] = it.value();
    }
    return json_answer(body);
}

HttpResponse bad_json(std::string_view error) {
    return problem_response(400, "Invalid parameters",
                            "Failed to deserialize JSON: " + std::string(error));
}

std::string form_decode(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '+') {
            out += ' ';
        } else if (c == '%' && i + 2 < text.size() &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
                   std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            unsigned value = 0;
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += c;
        }
    }
    return out;
}

// The first value of each query parameter, form-decoded.
class QueryParams {
  public:
    explicit QueryParams(std::string_view query) {
        while (!query.empty()) {
            const auto amp = query.find('&');
            const std::string_view pair = query.substr(0, amp);
            const auto eq = pair.find('=');
            std::string key = form_decode(pair.substr(0, eq));
            std::string value =
                eq == std::string_view::npos ? "" : form_decode(pair.substr(eq + 1));
            if (!get(key)) params_.emplace_back(std::move(key), std::move(value));
            if (amp == std::string_view::npos) break;
            query.remove_prefix(amp + 1);
        }
    }
    [[nodiscard]] std::optional<std::string_view> get(std::string_view key) const {
        for (const auto& [name, value] : params_) {
            if (name == key) return value;
        }
        return std::nullopt;
    }
    // A number, or `fallback` when absent or not a number (Stalwart ignores
    // unparsable values).
    [[nodiscard]] std::size_t number(std::string_view key, std::size_t fallback) const {
        const auto text = get(key);
        if (!text) return fallback;
        std::size_t value = 0;
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
        if (ec != std::errc() || end != text->data() + text->size()) return fallback;
        return value;
    }

  private:
    std::vector<std::pair<std::string, std::string>> params_;
};

// `prefix` with a trailing dot added when missing; "" stays "".
std::string dotted(std::string_view prefix) {
    std::string out(prefix);
    if (!out.empty() && out.back() != '.') out += '.';
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// spec §13.1 lists: `page` is 1-based, `limit` 0 means all.
struct Page {
    std::size_t offset = 0;
    std::size_t limit = 0;  // 0: no limit
    explicit Page(const QueryParams& params) : limit(params.number("limit", 0)) {
        const std::size_t page = params.number("page", 0);
        offset = (page == 0 ? 0 : page - 1) * limit;
    }
    [[nodiscard]] bool takes(std::size_t index, std::size_t taken) const {
        return index >= offset && (limit == 0 || taken < limit);
    }
};

const conf::FlatConfig& flat(const ConfigSnapshot& snapshot) {
    return *snapshot.report.config;
}

// GET /api/settings/list?prefix=&page=&limit= →
// {"data":{"total":N,"items":{suffix:value}}}
HttpResponse settings_list(const HttpRequest& request, const ConfigSnapshot& snapshot) {
    const QueryParams params(request.query);
    const std::string prefix = dotted(params.get("prefix").value_or(""));
    const Page page(params);
    Json items = Json::object();
    std::size_t total = 0;
    std::size_t taken = 0;
    for (const conf::ConfigEntry& entry : flat(snapshot).entries()) {
        if (!entry.key.starts_with(prefix)) continue;
        if (page.takes(total, taken)) {
            items[entry.key.substr(prefix.size())] = entry.value;
            ++taken;
        }
        ++total;
    }
    Json data;
    data["total"] = total;
    data["items"] = std::move(items);
    return data_answer(std::move(data));
}

// GET /api/settings/group?prefix=&suffix=&field=&filter=&page=&limit= (spec
// §13.2): with a suffix, one record per id (`prefix.ID.suffix` exists) holding
// the id's sub-keys; without, one `{"_id": key, "_value": value}` record per
// key.
HttpResponse settings_group(const HttpRequest& request, const ConfigSnapshot& snapshot) {
    const QueryParams params(request.query);
    const std::string prefix = dotted(params.get("prefix").value_or(""));
    std::string suffix(params.get("suffix").value_or(""));
    if (!suffix.empty() && suffix.front() != '.') suffix.insert(suffix.begin(), '.');
    const auto field = params.get("field");
    const std::string filter = lower(params.get("filter").value_or(""));
    const Page page(params);

    std::vector<std::pair<std::string, std::string>> settings;  // prefix stripped
    for (const conf::ConfigEntry& entry : flat(snapshot).entries()) {
        if (entry.key.starts_with(prefix)) {
            settings.emplace_back(entry.key.substr(prefix.size()), entry.value);
        }
    }
    Json items = Json::array();
    std::size_t total = 0;
    if (!suffix.empty()) {
        for (const auto& [key, value] : settings) {
            if (!key.ends_with(suffix) || key.size() == suffix.size()) continue;
            const std::string id = key.substr(0, key.size() - suffix.size());
            Json record;
            record["_id"] = id;
            bool matches = filter.empty();
            const std::string id_prefix = id + ".";
            for (const auto& [sub_key, sub_value] : settings) {
                if (!sub_key.starts_with(id_prefix)) continue;
                const std::string name = sub_key.substr(id_prefix.size());
                if (field && *field != name) continue;
                record[name] = sub_value;
                if (!matches && lower(sub_value).find(filter) != std::string::npos) matches = true;
            }
            if (!matches) continue;
            if (page.takes(total, items.size())) items.push_back(std::move(record));
            ++total;
        }
    } else {
        for (const auto& [key, value] : settings) {
            if (!filter.empty() && lower(key).find(filter) == std::string::npos &&
                lower(value).find(filter) == std::string::npos) {
                continue;
            }
            if (page.takes(total, items.size())) {
                Json record;
                record["_id"] = key;
                record["_value"] = value;
                items.push_back(std::move(record));
            }
            ++total;
        }
    }
    Json data;
    data["total"] = total;
    data["items"] = std::move(items);
    return data_answer(std::move(data));
}

std::vector<std::string_view> split_commas(std::string_view text) {
    std::vector<std::string_view> parts;
    if (text.empty()) return parts;
    while (true) {
        const auto comma = text.find(',');
        parts.push_back(text.substr(0, comma));
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return parts;
}

// GET /api/settings/keys?keys=a,b&prefixes=x,y → {"data":{key:value}}: the keys
// that exist, then every key under each prefix (full names).
HttpResponse settings_keys(const HttpRequest& request, const ConfigSnapshot& snapshot) {
    const QueryParams params(request.query);
    Json data = Json::object();
    for (const std::string_view key : split_commas(params.get("keys").value_or(""))) {
        if (const auto value = flat(snapshot).value(key)) data[std::string(key)] = *value;
    }
    for (const std::string_view raw : split_commas(params.get("prefixes").value_or(""))) {
        const std::string prefix = dotted(raw);
        for (const conf::ConfigEntry& entry : flat(snapshot).entries()) {
            if (entry.key.starts_with(prefix)) data[entry.key] = entry.value;
        }
    }
    return data_answer(std::move(data));
}

HttpResponse settings_write(const std::vector<SettingsChange>& changes,
                            const ConfigSnapshot& snapshot, const ManagementEnvironment& env) {
    if (env.settings == nullptr) {
        Json fields;
        fields["details"] = "Settings cannot be changed on this server.";
        return management_error(snapshot, "Unsupported", std::move(fields));
    }
    SettingsUpdate update = env.settings->update(changes);
    switch (update.status) {
        case SettingsUpdate::Status::Applied: {
            const std::string refused = env.publish ? env.publish() : std::string();
            if (refused.empty()) return data_answer(nullptr);
            // Saved, but the reload refused the result (e.g. the file gained an error of
            // its own since): not in use, so not reported as done.
            Json fields;
            fields["details"] = "The change was saved but is not in use: " + refused;
            return management_error(snapshot, "Other", std::move(fields));
        }
        case SettingsUpdate::Status::AssertFailed:
            return management_error(snapshot, "AssertFailed", nullptr);
        case SettingsUpdate::Status::Rejected:
        case SettingsUpdate::Status::Failed:
            break;
    }
    Json fields;
    fields["details"] = update.details;
    return management_error(snapshot, "Other", std::move(fields));
}

HttpResponse route_settings(const HttpRequest& request, std::string_view sub, bool has_more,
                            const ConfigSnapshot& snapshot, const ManagementEnvironment& env) {
    if (request.method == "GET" && !has_more) {
        if (sub == "list") return settings_list(request, snapshot);
        if (sub == "group") return settings_group(request, snapshot);
        if (sub == "keys") return settings_keys(request, snapshot);
    }
    if (request.method == "DELETE" && !sub.empty()) {
        // spec §13.2: DELETE /api/settings/{prefix} removes the key and every key
        // under it.
        const std::string prefix = decode_path_element(sub);
        SettingsChange exact;
        exact.kind = SettingsChange::Kind::Delete;
        exact.keys.push_back(prefix);
        SettingsChange under;
        under.kind = SettingsChange::Kind::Clear;
        under.prefix = prefix + ".";
        return settings_write({exact, under}, snapshot, env);
    }
    if (request.method == "POST" && sub.empty() && !has_more) {
        // spec §13.1: a body over 1 MiB counts as missing.
        const std::string_view body =
            request.body.size() > kManagementBodyLimit ? std::string_view() : request.body;
        std::string error;
        const auto changes = parse_settings_changes(body, snapshot.head_dialect(), error);
        if (!changes) return bad_json(error);
        return settings_write(*changes, snapshot, env);
    }
    return not_found_problem();
}

// Stalwart's principal type names; the in-memory directory's "admin" is a
// superuser.
std::string principal_type(const conf::Principal& principal) {
    if (principal.is_superuser()) return "superuser";
    return lower(principal.type);
}

bool principal_matches(const conf::Principal& principal, std::string_view filter) {
    if (filter.empty()) return true;
    const std::string needle = lower(filter);
    if (lower(principal.name).find(needle) != std::string::npos) return true;
    if (lower(principal.description).find(needle) != std::string::npos) return true;
    return std::any_of(
        principal.emails.begin(), principal.emails.end(),
        [&](const std::string& email) { return lower(email).find(needle) != std::string::npos; });
}

HttpResponse route_principal(const HttpRequest& request, std::string_view name, bool has_more,
                             const ConfigSnapshot& snapshot) {
    const auto& principals = snapshot.settings().principals;
    if (name.empty() && !has_more) {
        if (request.method == "GET") {
            // GET /api/principal?filter=&type=&page=&limit= → names (spec §13.2)
            const QueryParams params(request.query);
            const std::string_view filter = params.get("filter").value_or("");
            const auto type = params.get("type");
            const Page page(params);
            Json items = Json::array();
            std::size_t total = 0;
            for (const conf::Principal& principal : principals) {
                if (!principal_matches(principal, filter)) continue;
                if (type && !type->empty() && principal_type(principal) != lower(*type)) continue;
                if (page.takes(total, items.size())) items.push_back(principal.name);
                ++total;
            }
            Json data;
            data["items"] = std::move(items);
            data["total"] = total;
            return data_answer(std::move(data));
        }
        if (request.method == "POST") {
            Json fields;
            fields["class"] = "In-Memory";
            return management_error(snapshot, "UnsupportedDirectoryOperation", std::move(fields));
        }
        return not_found_problem();
    }
    if (has_more) return not_found_problem();
    const std::string wanted = decode_path_element(name);
    const auto found = std::find_if(principals.begin(), principals.end(),
                                    [&](const conf::Principal& p) { return p.name == wanted; });
    if (found == principals.end()) {
        // spec §13.1: a failed look-up by name.
        return problem_response(404, "Not found", "Account not found.");
    }
    if (request.method == "GET") {
        // Field order of Stalwart's principal object; usedQuota added (spec §13.2).
        Json data;
        data["id"] = static_cast<std::uint32_t>(found - principals.begin());
        data["type"] = principal_type(*found);
        data["quota"] = 0;
        data["usedQuota"] = 0;
        data["name"] = found->name;
        data["emails"] = found->emails;
        data["secrets"] = found->secrets;
        data["memberOf"] = Json::array();
        data["members"] = Json::array();
        data["description"] = found->description.empty() ? Json(nullptr) : Json(found->description);
        return data_answer(std::move(data));
    }
    if (request.method == "PATCH" || request.method == "DELETE") {
        Json fields;
        fields["class"] = "In-Memory";
        return management_error(snapshot, "UnsupportedDirectoryOperation", std::move(fields));
    }
    return not_found_problem();
}

}  // namespace

std::string decode_path_element(std::string_view element) {
    return form_decode(element.substr(0, element.find_first_of("=&")));
}

HttpResponse answer_management_request(const HttpRequest& request, std::string_view rest,
                                       const ConfigSnapshot& snapshot,
                                       const ManagementEnvironment& environment) {
    if (!snapshot.usable() || !snapshot.report.config) return not_found_problem();
    const auto slash = rest.find('/');
    const std::string_view first = rest.substr(0, slash);
    std::string_view tail =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    const auto slash2 = tail.find('/');
    const std::string_view second = tail.substr(0, slash2);
    const bool has_more = slash2 != std::string_view::npos;

    if (first == "settings")
        return route_settings(request, second, has_more, snapshot, environment);
    if (first == "principal") return route_principal(request, second, has_more, snapshot);
    if (first == "restart" && second.empty() && request.method == "GET") {
        // spec §13.2: always this error.
        Json fields;
        fields["details"] = "Restart is not yet supported";
        return management_error(snapshot, "Unsupported", std::move(fields));
    }
    return not_found_problem();
}

}  // namespace httpctl::server
