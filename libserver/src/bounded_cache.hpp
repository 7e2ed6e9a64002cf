// A thread-safe map with a fixed maximum number of entries, for memoising per-snapshot answers.
// Reads take a shared lock only, so concurrent hits do not serialise. When the map is full an
// insertion first forgets one arbitrary entry: memory stays bounded whatever keys clients make
// us compute (e.g. Host-dependent URLs), and a forgotten entry is simply computed again.
#pragma once

#include <cstddef>
#include <functional>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <unordered_map>
#include <utility>

namespace httpctl::server {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class BoundedCache {
  public:
    explicit BoundedCache(std::size_t max_entries)
        : max_entries_(max_entries < 1 ? 1 : max_entries) {}

    // A copy of the value stored for `key`, if any.
    [[nodiscard]] std::optional<Value> find(const Key& key) const {
        const std::shared_lock lock(mutex_);
        const auto it = entries_.find(key);
        if (it == entries_.end()) return std::nullopt;
        return it->second;
    }

    // Stores (or replaces) the value for `key`.
    void store(Key key, Value value) {
        const std::unique_lock lock(mutex_);
        const auto it = entries_.find(key);
        if (it != entries_.end()) {
            it->second = std::move(value);
            return;
        }
        if (entries_.size() >= max_entries_) entries_.erase(entries_.begin());
        entries_.emplace(std::move(key), std::move(value));
    }

    void erase(const Key& key) {
        const std::unique_lock lock(mutex_);
        entries_.erase(key);
    }

    [[nodiscard]] std::size_t size() const {
        const std::shared_lock lock(mutex_);
        return entries_.size();
    }
    [[nodiscard]] std::size_t max_entries() const noexcept { return max_entries_; }

  private:
    std::size_t max_entries_;
    mutable std::shared_mutex mutex_;
    std::unordered_map<Key, Value, Hash> entries_;
};

}  // namespace httpctl::server
