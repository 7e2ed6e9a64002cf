// In-memory look-up stores built from `lookup.<id>.<key> = <value>` settings (spec
// expressions.md §6.6 "Configuration-defined maps"): what key_get/key_exists read.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/value.hpp"

namespace httpctl::expr {

class InMemoryStores {
  public:
    // Adds one configuration entry: the value's type is inferred as Stalwart does (true/false,
    // integers, simple decimals, else text); a key with an unescaped `*` or `?` is a glob
    // pattern, other keys have their backslashes removed.
    void add_setting(std::string_view store, std::string_view key, std::string_view raw_value);
    // Adds an already-typed entry (conformance vectors, tests); the key is taken literally.
    void set(std::string_view store, std::string_view key, Value value);

    [[nodiscard]] bool has_store(std::string_view store) const;
    // Exact key first, then the store's glob patterns in sorted key order; nullptr if absent.
    [[nodiscard]] const Value* get(std::string_view store, std::string_view key) const;
    // One look-up for both questions: nullopt when there is no such store, else the value
    // (nullptr when the store lacks the key).
    [[nodiscard]] std::optional<const Value*> find(std::string_view store,
                                                   std::string_view key) const;
    // What key_get / key_exists answer when `store` is one of these stores (§6.6): the value,
    // "" for a missing key, or Integer 1/0. nullptr when there is no such store (the call then
    // goes to the look-up provider).
    [[nodiscard]] const Value* key_get_answer(std::string_view store, std::string_view key) const;
    [[nodiscard]] const Value* key_exists_answer(std::string_view store,
                                                 std::string_view key) const;
    // Keys of one store (for completion), sorted.
    [[nodiscard]] std::vector<std::string> keys(std::string_view store) const;
    [[nodiscard]] std::vector<std::string> store_names() const;

  private:
    struct Store {
        std::map<std::string, Value, std::less<>> exact;
        std::vector<std::pair<std::string, Value>> patterns;  // sorted by pattern text
    };
    std::map<std::string, Store, std::less<>> stores_;
};

// Stalwart's inference of a configuration value's type for in-memory maps.
[[nodiscard]] Value infer_store_value(std::string_view raw);

}  // namespace httpctl::expr
