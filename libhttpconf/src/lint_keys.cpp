// Rules unknown-key, renamed-key, deprecated-key: key names the target version never reads,
// or reads under another name (spec http.md §2.3, §6, §6.2, §8).
#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "httpconf/ascii.hpp"
#include "httpconf/edit_distance.hpp"
#include "lint_support.hpp"

namespace httpctl::conf {
namespace {

// The keys below the HTTP prefix each version reads (spec http.md §6.1, §6.2), without the
// if-block and list sub-keys (`url.0000.if`, `headers.0001`).
constexpr std::array<std::string_view, 5> kKeys08 = {"url", "headers", "permissive-cors", "hsts",
                                                     "use-x-forwarded"};
constexpr std::array<std::string_view, 8> kKeys012 = {"url",
                                                      "headers",
                                                      "permissive-cors",
                                                      "hsts",
                                                      "use-x-forwarded",
                                                      "allowed-endpoint",
                                                      "rate-limit.account",
                                                      "rate-limit.anonymous"};

// Names 0.12 moved (spec http.md §6.2). `prefix`: the whole subtree moved. The move of
// `server.http.*` to `http.*` itself is the checker's (target.ignored-key), not repeated here.
struct Rename {
    std::string_view old_name;
    std::string_view new_name;
    bool prefix;
};
constexpr std::array kRenames = {
    Rename{"jmap.rate-limit.account", "http.rate-limit.account", false},
    Rename{"jmap.rate-limit.anonymous", "http.rate-limit.anonymous", false},
    Rename{"jmap.folders.", "email.folders.", true},
    Rename{"jmap.account.purge.frequency", "account.purge.frequency", false},
    Rename{"jmap.email.auto-expunge", "email.auto-expunge", false},
    Rename{"jmap.protocol.changes.max-history", "changes.max-history", false},
    Rename{"storage.encryption.", "email.encryption.", true},
};

struct Deprecation {
    std::string_view key;
    std::string_view replacement;
};
// spec http.md §6.2, §8: 0.12 reads these only as fallbacks.
constexpr std::array kDeprecations012 = {
    Deprecation{"lookup.default.hostname", "server.hostname"},
    Deprecation{"lookup.default.domain", "report.domain"},
};

std::span<const std::string_view> known_keys(const TargetVersion& target) {
    if (target.reads_http_prefix()) return kKeys012;
    return kKeys08;
}

// Whether `rest` (the key without the HTTP prefix) is read: a known key or one of its sub-keys.
// Only the one-segment names (expressions, lists) have sub-keys; the rate limits are values.
bool is_known(std::string_view rest, std::span<const std::string_view> known) {
    for (std::string_view name : known) {
        if (rest == name) return true;
        const bool has_sub_keys = name.find('.') == std::string_view::npos;
        if (has_sub_keys && rest.starts_with(name) && rest.size() > name.size() &&
            rest[name.size()] == '.')
            return true;
    }
    return false;
}

std::size_t segment_count(std::string_view name) {
    return 1 + static_cast<std::size_t>(std::count(name.begin(), name.end(), '.'));
}

// The first `count` dot-separated segments of `text`.
std::string_view first_segments(std::string_view text, std::size_t count) {
    std::size_t end = 0;
    for (std::size_t i = 0; i < count; ++i) {
        end = text.find('.', i == 0 ? 0 : end + 1);
        if (end == std::string_view::npos) return text;
    }
    return text.substr(0, end);
}

// The known key `rest` was probably meant to be: the same name in another case, else the
// nearest by edit distance, comparing as many segments as the known name has.
std::optional<std::string> suggestion(std::string_view rest,
                                      std::span<const std::string_view> known) {
    const std::string lower = to_lower_ascii(rest);
    if (is_known(lower, known)) return lower;
    std::optional<std::string_view> best;
    std::size_t best_distance = 0;
    for (std::string_view name : known) {
        const std::string_view word = first_segments(lower, segment_count(name));
        const std::optional<std::size_t> distance = edit_distance(word, name, typo_limit(word));
        if (distance && (!best || *distance < best_distance)) {
            best = name;
            best_distance = *distance;
        }
    }
    if (!best) return std::nullopt;
    return std::string(*best);
}

// A key under the prefix the target reads: known, or a typo of a known key.
void check_http_key(const LintContext& context, const ConfigEntry& entry, FindingSink& sink) {
    const std::span<const std::string_view> known = known_keys(context.settings.target);
    const std::string_view rest = std::string_view(entry.key).substr(context.prefix.size());
    if (is_known(rest, known)) return;
    std::string message =
        entry.key + " is not a key Stalwart " + context.settings.target.to_string() + " reads";
    std::string help = "unknown keys are silently ignored (spec http.md §6)";
    if (const std::optional<std::string> guess = suggestion(rest, known)) {
        message += "; did you mean " + context.prefix + *guess + "?";
        if (to_lower_ascii(rest) == *guess)
            help =
                "keys are case-sensitive; only table headers are lower-cased (spec http.md "
                "§2.3)";
    }
    sink.at_key("unknown-key", entry, std::move(message), std::move(help));
}

// A key whose prefix is an HTTP prefix in another case (`Server.http.hsts` from the header
// `[Server.HTTP]`): Stalwart reads neither generation's setting from it (spec http.md §2.2).
void check_prefix_case(const ConfigEntry& entry, std::string_view prefix,
                       const TargetVersion& target, FindingSink& sink) {
    const std::string_view rest = std::string_view(entry.key).substr(prefix.size());
    const std::optional<std::string> guess = suggestion(rest, known_keys(target));
    std::string message = entry.key + " is not a key Stalwart reads";
    if (guess) message += "; did you mean " + std::string(prefix) + *guess + "?";
    sink.at_key("unknown-key", entry, std::move(message),
                "keys are case-sensitive, and a table header keeps the case of its first "
                "character (spec http.md §2.2, §2.3)");
}

void unknown_keys(const LintContext& context, FindingSink& sink) {
    constexpr std::array<std::string_view, 2> kPrefixes = {"server.http.", "http."};
    for (const ConfigEntry& entry : context.config.entries()) {
        if (entry.key.starts_with(context.prefix)) {
            if (entry.key.size() > context.prefix.size()) check_http_key(context, entry, sink);
            continue;
        }
        const std::string lower = to_lower_ascii(entry.key);
        for (std::string_view prefix : kPrefixes) {
            if (!lower.starts_with(prefix) || entry.key.starts_with(prefix)) continue;
            const TargetVersion generation =
                prefix == "http." ? TargetVersion{0, 12} : TargetVersion{0, 8};
            check_prefix_case(entry, prefix, generation, sink);
            break;
        }
    }
}

void renamed_keys(const LintContext& context, FindingSink& sink) {
    const TargetVersion target = context.settings.target;
    const bool new_names = target.reads_http_prefix();
    for (const ConfigEntry& entry : context.config.entries()) {
        for (const Rename& rename : kRenames) {
            const std::string_view from = new_names ? rename.old_name : rename.new_name;
            const std::string_view to = new_names ? rename.new_name : rename.old_name;
            // 0.8 files with `http.*` keys: the checker reports them (target.ignored-key).
            if (from.starts_with("http.")) continue;
            const bool matches = rename.prefix ? entry.key.starts_with(from) : entry.key == from;
            if (!matches) continue;
            const std::string replacement = std::string(to) + entry.key.substr(from.size());
            sink.at_key("renamed-key", entry,
                        entry.key + " is not read by Stalwart " + target.to_string() +
                            (new_names ? ": 0.12 renamed it to " : ": before 0.12 it is named ") +
                            replacement,
                        "Stalwart does not migrate old names, it ignores them (spec http.md §6.2)");
            break;
        }
    }
}

// Whether the file itself says it is for 0.12 or later: the target was given, or it has
// `http.*` keys. A file with neither generation's HTTP keys is checked as 0.12 by default, but
// 0.8 writes lookup.default.hostname into its own file (spec http.md §1 step 8), so a note
// there would be noise.
bool written_for_012(const LintContext& context) {
    if (!context.report.target_inferred) return true;
    const auto entries = context.config.entries();
    return std::any_of(entries.begin(), entries.end(),
                       [](const ConfigEntry& e) { return e.key.starts_with("http."); });
}

void deprecated_keys(const LintContext& context, FindingSink& sink) {
    if (!context.settings.target.reads_http_prefix() || !written_for_012(context)) return;
    for (const Deprecation& deprecation : kDeprecations012) {
        const ConfigEntry* entry = context.config.find(deprecation.key);
        if (entry == nullptr) continue;
        sink.at_key("deprecated-key", *entry,
                    std::string(deprecation.key) + " is deprecated since 0.12 in favour of " +
                        std::string(deprecation.replacement),
                    "0.12 still reads it when " + std::string(deprecation.replacement) +
                        " is not set (spec http.md §6.2, §8)");
    }
}

}  // namespace

void lint_key_rules(const LintContext& context, FindingSink& sink) {
    unknown_keys(context, sink);
    renamed_keys(context, sink);
    deprecated_keys(context, sink);
}

}  // namespace httpctl::conf
