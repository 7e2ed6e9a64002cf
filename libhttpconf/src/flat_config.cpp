#include "httpconf/flat_config.hpp"

#include <algorithm>

namespace httpctl::conf {

namespace {

bool starts_with_prefix_dot(std::string_view key, std::string_view prefix) {
    return key.size() > prefix.size() && key[prefix.size()] == '.' && key.starts_with(prefix);
}

}  // namespace

FlatConfig::FlatConfig(std::string file_name, std::shared_ptr<const SourceText> source,
                       std::vector<ConfigEntry> entries)
    : file_name_(std::move(file_name)), source_(std::move(source)), entries_(std::move(entries)) {}

const SourceText& FlatConfig::source() const noexcept {
    static const SourceText kEmpty;  // immutable, shared by every default-constructed map
    return source_ ? *source_ : kEmpty;
}

const ConfigEntry* FlatConfig::find(std::string_view key) const noexcept {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const ConfigEntry& e, std::string_view k) { return e.key < k; });
    if (it == entries_.end() || it->key != key) return nullptr;
    return &*it;
}

std::optional<std::string_view> FlatConfig::value(std::string_view key) const noexcept {
    if (const ConfigEntry* entry = find(key)) return entry->value;
    return std::nullopt;
}

std::vector<KeyValueView> FlatConfig::values(std::string_view key) const {
    std::vector<KeyValueView> out;
    // Keys equal to `key` or starting with `key.` all sort at or after `key`; keys such as
    // `key-x` can sit between them, so scan until the shared prefix ends.
    auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                               [](const ConfigEntry& e, std::string_view k) { return e.key < k; });
    for (; it != entries_.end() && std::string_view(it->key).starts_with(key); ++it) {
        if (it->key.size() == key.size() || starts_with_prefix_dot(it->key, key)) {
            out.push_back({it->key, it->value});
        }
    }
    return out;
}

std::vector<std::string_view> FlatConfig::sub_keys(std::string_view prefix,
                                                   std::string_view suffix) const {
    std::vector<std::string_view> out;
    std::string_view last;
    bool have_last = false;
    auto it = std::lower_bound(entries_.begin(), entries_.end(), prefix,
                               [](const ConfigEntry& e, std::string_view k) { return e.key < k; });
    for (; it != entries_.end() && std::string_view(it->key).starts_with(prefix); ++it) {
        std::string_view key = it->key;
        if (!starts_with_prefix_dot(key, prefix)) continue;
        std::string_view rest = key.substr(prefix.size() + 1);
        if (!suffix.empty()) {
            if (!rest.ends_with(suffix)) continue;
            rest.remove_suffix(suffix.size());
        } else if (auto dot = rest.find('.'); dot != std::string_view::npos) {
            rest = rest.substr(0, dot);
        }
        // http.md §2.7: Stalwart only drops an id equal to the one just returned.
        if (have_last && rest == last) continue;
        out.push_back(rest);
        last = rest;
        have_last = true;
    }
    return out;
}

SourceLocation FlatConfig::location_of(SourceSpan span) const noexcept {
    const SourceText& text = source();
    TextPosition begin = text.position_at(span.begin);
    TextPosition end = text.position_at(span.end);
    return {file_name_, begin.line, begin.column, end.line, end.column};
}

}  // namespace httpctl::conf
