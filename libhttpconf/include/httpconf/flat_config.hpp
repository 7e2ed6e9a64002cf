// The flat configuration map Stalwart builds from its file (spec http.md §1, §2.7): keys sorted
// byte-wise, each with a string value, plus where in the file each key and value was written.
//
// A FlatConfig is immutable once loaded (only expand_macros rewrites values, before sharing), so
// one instance can be read from many threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "expr/lookup.hpp"
#include "httpconf/diagnostic.hpp"
#include "httpconf/source_text.hpp"

namespace httpctl::conf {

struct ConfigEntry {
    std::string key;
    std::string value;
    // Where the key that names this entry was written (for an array element: the array's key;
    // in an inline table: the sub-key) and where its value was written (quotes included).
    SourceSpan key_span;
    SourceSpan value_span;
};

struct KeyValueView {
    std::string_view key;
    std::string_view value;
};

// A resolved position range in a file, in Diagnostic's conventions.
struct SourceLocation {
    std::string_view file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t end_line = 0;
    std::uint32_t end_column = 0;
};

class FlatConfig final : public expr::SettingsSource {
  public:
    FlatConfig() = default;
    // `entries` must be sorted by key with no key twice (the loader guarantees it).
    FlatConfig(std::string file_name, std::shared_ptr<const SourceText> source,
               std::vector<ConfigEntry> entries);

    [[nodiscard]] std::size_t size() const noexcept { return entries_.size(); }
    [[nodiscard]] bool empty() const noexcept { return entries_.empty(); }
    [[nodiscard]] std::span<const ConfigEntry> entries() const noexcept { return entries_; }
    [[nodiscard]] const std::string& file_name() const noexcept { return file_name_; }
    // The text the map was loaded from (empty for a default-constructed map).
    [[nodiscard]] const SourceText& source() const noexcept;

    // http.md §2.7 value(k): the exact key.
    [[nodiscard]] const ConfigEntry* find(std::string_view key) const noexcept;
    [[nodiscard]] std::optional<std::string_view> value(std::string_view key) const noexcept;
    // http.md §2.7 values(k): the exact key plus every key starting with `k.`, in key order, so
    // `headers = "X: 1"` and `headers = ["X: 1"]` read alike.
    [[nodiscard]] std::vector<KeyValueView> values(std::string_view key) const;
    // http.md §2.7 sub-keys(prefix, suffix): for keys starting with `prefix.` (and, when `suffix`
    // is not empty, ending with it) the text between them; with an empty suffix, the first
    // segment after `prefix.`. Like Stalwart, a repeat is dropped only when it follows itself.
    [[nodiscard]] std::vector<std::string_view> sub_keys(std::string_view prefix,
                                                         std::string_view suffix) const;

    [[nodiscard]] SourceLocation location_of(SourceSpan span) const noexcept;
    [[nodiscard]] SourceLocation key_location(const ConfigEntry& entry) const noexcept {
        return location_of(entry.key_span);
    }
    [[nodiscard]] SourceLocation value_location(const ConfigEntry& entry) const noexcept {
        return location_of(entry.value_span);
    }

    // expr::SettingsSource, for config_get().
    [[nodiscard]] std::optional<std::string_view> setting(std::string_view key) const override {
        return value(key);
    }

  private:
    friend struct MacroExpansionAccess;  // expand_macros rewrites values in place

    std::string file_name_;
    std::shared_ptr<const SourceText> source_;
    std::vector<ConfigEntry> entries_;
};

}  // namespace httpctl::conf
