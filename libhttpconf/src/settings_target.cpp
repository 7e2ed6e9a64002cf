// Target inference and the warnings about key generations (spec http.md §6.2, §14).
#include <set>
#include <string>

#include "settings_parts.hpp"

namespace httpctl::conf {
namespace {

constexpr std::string_view kNewPrefix = "http.";
constexpr std::string_view kOldPrefix = "server.http.";

const ConfigEntry* first_with_prefix(const FlatConfig& config, std::string_view prefix) {
    for (const ConfigEntry& e : config.entries()) {
        if (e.key.starts_with(prefix)) return &e;
    }
    return nullptr;
}

// The setting a key belongs to: the first segment after the prefix (`headers.0001` → headers).
std::string_view setting_name(std::string_view key, std::string_view prefix) {
    std::string_view rest = key.substr(prefix.size());
    return rest.substr(0, rest.find('.'));
}

// What the other generation calls the same setting (spec http.md §6.2), or "" for none.
std::string counterpart(std::string_view name, bool to_new) {
    if (to_new) return std::string(kNewPrefix) + std::string(name);
    if (name == "allowed-endpoint") return {};
    if (name == "rate-limit") return "jmap.rate-limit";
    return std::string(kOldPrefix) + std::string(name);
}

}  // namespace

TargetVersion infer_target(const FlatConfig& config) {
    if (first_with_prefix(config, kNewPrefix) != nullptr) return {0, 12};
    if (first_with_prefix(config, kOldPrefix) != nullptr) return {0, 8};
    return {0, 12};
}

void report_generation_keys(DiagnosticSink& sink, const TargetVersion& target) {
    const FlatConfig& config = sink.config();
    const ConfigEntry* old_key = first_with_prefix(config, kOldPrefix);
    const ConfigEntry* new_key = first_with_prefix(config, kNewPrefix);
    if (old_key != nullptr && new_key != nullptr) {
        const ConfigEntry& later =
            old_key->key_span.begin > new_key->key_span.begin ? *old_key : *new_key;
        sink.at_key(later, Severity::Warning, "target.mixed-generations",
                    "the file mixes 0.8-style keys (" + old_key->key + ") and 0.12-style keys (" +
                        new_key->key + ")",
                    "Stalwart before 0.12 reads only `server.http.*`, 0.12 and later only "
                    "`http.*`; keep the generation of the release you run (spec http.md §6.2)");
    }
    // Keys the target never reads, once per setting.
    const bool reads_new = target.reads_http_prefix();
    const std::string_view ignored_prefix = reads_new ? kOldPrefix : kNewPrefix;
    const std::string release = reads_new ? "0.12" : "0.8";
    std::set<std::string_view> reported;
    for (const ConfigEntry& e : config.entries()) {
        if (!e.key.starts_with(ignored_prefix)) continue;
        const std::string_view name = setting_name(e.key, ignored_prefix);
        if (!reported.insert(name).second) continue;
        const std::string other = counterpart(name, reads_new);
        std::string message = "ignored by Stalwart " + release + ": ";
        message +=
            other.empty() ? "it has no " + e.key + " setting before 0.12" : "it reads " + other;
        sink.at_key(
            e, Severity::Warning, "target.ignored-key", std::move(message),
            "the file is checked against Stalwart " + target.to_string() + " (spec http.md §6.2)");
    }
}

}  // namespace httpctl::conf
