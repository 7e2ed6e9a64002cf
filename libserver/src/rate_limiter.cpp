#include "server/rate_limiter.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "expr/compiler.hpp"
#include "httpconf/ascii.hpp"

namespace httpctl::server {

namespace {


bool equals_ignore_case(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) {
                   return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
               };
               return lower(x) == lower(y);
           });
}

// Rust's `{:?}` of a string, as Stalwart's error texts print values (spec http.md, preamble).
std::string rust_debug(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                if (byte < 0x20 || byte == 0x7f) {
                    char escaped[12];
                    std::snprintf(escaped, sizeof escaped, "\\u{%x}", byte);
                    out += escaped;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

// Rust's u64 parser: an optional '+', then ASCII digits only.
std::optional<std::uint64_t> parse_u64(std::string_view text) noexcept {
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return std::nullopt;
        value = value * 10 + digit;
    }
    return value;
}

}  // namespace

std::variant<std::optional<Rate>, std::string> parse_rate(std::string_view text) {
    // spec http.md §4 "optional": these switch the limit off before the rate is parsed.
    for (const std::string_view off : {"false", "disable", "disabled", "never"}) {
        if (equals_ignore_case(text, off)) return std::optional<Rate>();
    }
    if (text.empty() || text == "0") return std::optional<Rate>();
    // spec http.md §4 "rate": exact words for the empty rate, i.e. no limit.
    if (text == "none" || text == "unlimited") return std::optional<Rate>();

    const std::string invalid = "Invalid rate value " + rust_debug(text) + ".";
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return invalid;
    const std::optional<std::uint64_t> requests = parse_u64(conf::trim_ascii_whitespace(text.substr(0, slash)));
    if (!requests || *requests == 0) return invalid;
    const std::string_view period_text = conf::trim_ascii_whitespace(text.substr(slash + 1));
    const std::optional<std::int64_t> period_ms = expr::parse_duration(period_text);
    if (!period_ms || *period_ms <= 0) {
        return "Invalid duration value " + rust_debug(period_text) + ".";
    }
    Rate rate;
    rate.requests = *requests;
    rate.period_seconds = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(*period_ms) / 1000);
    return std::optional<Rate>(rate);
}

RateLimiter::RateLimiter(Rate rate, std::size_t max_keys, Clock clock)
    : rate_(rate), max_keys_(std::max<std::size_t>(1, max_keys)), clock_(std::move(clock)) {
    rate_.period_seconds = std::max<std::uint64_t>(1, rate_.period_seconds);
}

std::uint64_t RateLimiter::now_seconds() const {
    const auto now = clock_ ? clock_() : std::chrono::steady_clock::now();
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    return seconds < 0 ? 0 : static_cast<std::uint64_t>(seconds);
}

RateLimiter::Decision RateLimiter::decide(std::uint64_t count, std::uint64_t now) const {
    Decision decision;
    decision.count = count;
    decision.allowed = count <= rate_.requests;
    if (!decision.allowed) {
        // Time left in the fixed window that `now` falls into.
        decision.retry_after_seconds = rate_.period_seconds - now % rate_.period_seconds;
    }
    return decision;
}

RateLimiter::Decision RateLimiter::hit(std::string_view key) {
    const std::uint64_t now = now_seconds();
    const std::uint64_t window = now / rate_.period_seconds;
    std::lock_guard lock(mutex_);
    auto found = index_.find(key);
    if (found != index_.end()) {
        recency_.splice(recency_.begin(), recency_, found->second);
    } else {
        if (index_.size() >= max_keys_) {
            index_.erase(recency_.back().key);
            recency_.pop_back();
        }
        recency_.push_front(Entry{std::string(key), window, 0});
        found = index_.emplace(recency_.front().key, recency_.begin()).first;
    }
    Entry& entry = *found->second;
    if (entry.window != window) {
        entry.window = window;
        entry.count = 0;
    }
    if (entry.count < std::numeric_limits<std::uint64_t>::max()) ++entry.count;
    return decide(entry.count, now);
}

RateLimiter::Decision RateLimiter::peek(std::string_view key) const {
    const std::uint64_t now = now_seconds();
    const std::uint64_t window = now / rate_.period_seconds;
    std::lock_guard lock(mutex_);
    const auto found = index_.find(key);
    const std::uint64_t current =
        (found != index_.end() && found->second->window == window) ? found->second->count : 0;
    return decide(current + 1, now);
}

void RateLimiter::clear() {
    std::lock_guard lock(mutex_);
    index_.clear();
    recency_.clear();
}

std::size_t RateLimiter::tracked_keys() const {
    std::lock_guard lock(mutex_);
    return index_.size();
}

}  // namespace httpctl::server
