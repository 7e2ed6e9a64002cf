// Per-key request counting for `authentication.rate-limit` and the anonymous / per-account
// limits (spec http.md §6.1, §10.2), with Stalwart's semantics: fixed windows of one period,
// aligned to multiples of the period on the clock; every attempt counts, including those that
// are refused; a request is allowed while its window's count is at most N, and a refusal says
// how long until the window ends.
//
// Memory is bounded: beyond `max_keys` distinct keys the least recently used key is forgotten
// (a forgotten key starts a fresh window). Thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>

namespace httpctl::server {

struct Rate {
    std::uint64_t requests = 0;        // N ≥ 1
    std::uint64_t period_seconds = 1;  // ≥ 1
    friend bool operator==(const Rate&, const Rate&) = default;
};

// A rate setting's text (spec http.md §4 "rate" and "optional"): `N/duration`, spaces around
// both parts allowed, the period raised to at least one second (`10/100ms` = 10 per 1 s).
// nullopt = no limit: the optional words `false`, `disable`, `disabled`, `never` (any case),
// `0` or the empty string, and the empty-rate words `none`, `unlimited`. Errors are Stalwart's
// texts: `Invalid rate value "…".`, or the duration's own error.
[[nodiscard]] std::variant<std::optional<Rate>, std::string> parse_rate(std::string_view text);

class RateLimiter {
  public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    struct Decision {
        bool allowed = true;
        std::uint64_t count = 0;  // attempts in the current window, this one included
        // Seconds until the current window ends (what a Retry-After would say); 0 when allowed.
        std::uint64_t retry_after_seconds = 0;
    };

    // `clock` unset: std::chrono::steady_clock::now. `max_keys` is at least 1.
    explicit RateLimiter(Rate rate, std::size_t max_keys = 100'000, Clock clock = {});

    // Counts one attempt for `key` and says whether it is within the limit.
    [[nodiscard]] Decision hit(std::string_view key);
    // Whether one more attempt would be allowed, without counting it (Stalwart's soft check).
    [[nodiscard]] Decision peek(std::string_view key) const;
    // Forgets every key.
    void clear();

    [[nodiscard]] const Rate& rate() const noexcept { return rate_; }
    [[nodiscard]] std::size_t tracked_keys() const;

  private:
    struct Entry {
        std::string key;
        std::uint64_t window = 0;
        std::uint64_t count = 0;
    };
    using Recency = std::list<Entry>;  // most recently used first

    [[nodiscard]] std::uint64_t now_seconds() const;
    [[nodiscard]] Decision decide(std::uint64_t count, std::uint64_t now) const;

    Rate rate_;
    std::size_t max_keys_;
    Clock clock_;
    mutable std::mutex mutex_;
    Recency recency_;
    std::unordered_map<std::string_view, Recency::iterator> index_;  // views into recency_
};

}  // namespace httpctl::server
