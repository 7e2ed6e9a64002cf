// Who the server is and who may log in: look-up maps, the hostname (spec http.md §8), the
// fallback administrator and master user (§9) and the principals of in-memory directories.
#include <optional>
#include <utility>

#include "settings_parts.hpp"

#include "httpconf/ascii.hpp"

namespace httpctl::conf {
namespace {

std::vector<std::string> all_values(const FlatConfig& config, const std::string& key) {
    std::vector<std::string> out;
    for (const KeyValueView& v : config.values(key))
        out.emplace_back(v.value);
    return out;
}

}  // namespace

void read_lookup_stores(const FlatConfig& config, HttpSettings& out) {
    constexpr std::string_view prefix = "lookup.";
    for (const ConfigEntry& e : config.entries()) {
        if (!e.key.starts_with(prefix)) continue;
        const std::string_view rest = std::string_view(e.key).substr(prefix.size());
        const std::size_t dot = rest.find('.');
        if (dot == std::string_view::npos || dot + 1 == rest.size()) continue;
        out.stores.add_setting(rest.substr(0, dot), rest.substr(dot + 1), e.value);
    }
}

void read_hostname(const FlatConfig& config, const std::string& machine_hostname,
                   HttpSettings& out) {
    const auto lookup_hostname = config.value("lookup.default.hostname");
    const bool has_lookup = lookup_hostname && !lookup_hostname->empty();
    if (!out.target.reads_http_prefix()) {
        // spec http.md §8 (v0.8.5): only lookup.default.hostname; when absent or empty Stalwart
        // fills it with the OS host name at boot, so key_get('default', 'hostname') sees that.
        if (has_lookup) {
            out.hostname = std::string(*lookup_hostname);
            out.hostname_source = "lookup.default.hostname";
        } else {
            out.hostname = machine_hostname;
            out.hostname_source = "machine";
            out.stores.add_setting("default", "hostname", machine_hostname);
        }
        return;
    }
    // spec http.md §8 (0.12+): server.hostname verbatim, else lookup.default.hostname
    // lower-cased, else the OS host name lower-cased.
    if (auto server = config.value("server.hostname")) {
        out.hostname = std::string(*server);
        out.hostname_source = "server.hostname";
    } else if (has_lookup) {
        out.hostname = to_lower_ascii(*lookup_hostname);
        out.hostname_source = "lookup.default.hostname";
    } else {
        out.hostname = to_lower_ascii(machine_hostname);
        out.hostname_source = "machine";
    }
}

namespace {

// spec http.md §9: `<prefix>.user` and `<prefix>.secret` work only together; one without the
// other is reported and the feature is off.
std::optional<std::pair<std::string, std::string>> read_user_secret_pair(DiagnosticSink& sink,
                                                                         const std::string& prefix,
                                                                         std::string_view code,
                                                                         std::string_view feature) {
    const FlatConfig& config = sink.config();
    const ConfigEntry* user = config.find(prefix + ".user");
    const ConfigEntry* secret = config.find(prefix + ".secret");
    if (user != nullptr && secret != nullptr) {
        return std::make_pair(user->value, secret->value);
    }
    const ConfigEntry* present = user != nullptr ? user : secret;
    if (present == nullptr) return std::nullopt;
    sink.at_key(*present, Severity::Warning, std::string(code),
                prefix + "." + (user != nullptr ? "secret" : "user") +
                    " is missing, so there is no " + std::string(feature),
                "Stalwart needs both `user` and `secret` (spec http.md §9)");
    return std::nullopt;
}

}  // namespace

void read_fallback_admin(DiagnosticSink& sink, HttpSettings& out) {
    if (auto pair =
            read_user_secret_pair(sink, "authentication.fallback-admin",
                                  "auth.fallback-admin.incomplete", "fallback administrator")) {
        out.fallback_admin = FallbackAdmin{std::move(pair->first), std::move(pair->second)};
    }
}

void read_master_user(DiagnosticSink& sink, HttpSettings& out) {
    if (auto pair = read_user_secret_pair(sink, "authentication.master", "auth.master.incomplete",
                                          "master user")) {
        out.master_user = MasterUser{std::move(pair->first), std::move(pair->second)};
    }
}

void read_memory_directories(const FlatConfig& config, HttpSettings& out) {
    for (std::string_view id : config.sub_keys("directory", ".type")) {
        const std::string base = "directory." + std::string(id);
        if (config.value(base + ".type") != std::string_view("memory")) continue;
        const std::string principals = base + ".principals";
        for (std::string_view index : config.sub_keys(principals, ".name")) {
            const std::string p = principals + "." + std::string(index) + ".";
            const auto name = config.value(p + "name");
            if (!name) continue;
            Principal principal;
            principal.name = std::string(*name);
            // Stalwart 0.8 calls the principal type `class`; accept `type` too.
            if (auto cls = config.value(p + "class")) {
                principal.type = to_lower_ascii(*cls);
            } else if (auto type = config.value(p + "type")) {
                principal.type = to_lower_ascii(*type);
            }
            if (auto description = config.value(p + "description")) {
                principal.description = std::string(*description);
            }
            principal.secrets = all_values(config, p + "secret");
            principal.emails = all_values(config, p + "email");
            out.principals.push_back(std::move(principal));
        }
    }
}

}  // namespace httpctl::conf
