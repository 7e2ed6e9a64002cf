// In-memory look-up stores from `lookup.<id>.<key>` settings (spec expressions.md §6.6
// "Configuration-defined maps").
#include "expr/stores.hpp"

#include <algorithm>

#include "unicode.hpp"

namespace httpctl::expr {

namespace {

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

// A key with a `*` or `?` not preceded by an escaping backslash is a glob pattern.
bool is_glob_pattern(std::string_view key) {
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (key[i] == '\\') {
            ++i;  // the next character is literal
        } else if (key[i] == '*' || key[i] == '?') {
            return true;
        }
    }
    return false;
}

// §6.6: plain keys have their backslashes removed.
std::string without_backslashes(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c != '\\') out.push_back(c);
    }
    return out;
}

// Whole-text glob match: `*` any run, `?` one character, `\` makes the next character literal;
// case-sensitive. Backtracks only to the last `*`, so it runs in O(|pattern| × |text|).
bool glob_matches(std::string_view pattern, std::string_view text) {
    std::size_t p = 0;
    std::size_t t = 0;
    std::size_t star_p = std::string_view::npos;
    std::size_t star_t = 0;
    while (t < text.size()) {
        if (p < pattern.size() && pattern[p] == '*') {
            star_p = ++p;
            star_t = t;
            continue;
        }
        if (p < pattern.size() && pattern[p] == '?') {
            ++p;
            t += unicode::decode_utf8(text, t).length;
            continue;
        }
        if (p < pattern.size()) {
            std::size_t q = p;
            if (pattern[q] == '\\' && q + 1 < pattern.size()) ++q;
            if (pattern[q] == text[t]) {
                p = q + 1;
                ++t;
                continue;
            }
        }
        if (star_p == std::string_view::npos) return false;
        // Let the last `*` swallow one more character and retry from there.
        star_t += unicode::decode_utf8(text, star_t).length;
        t = star_t;
        p = star_p;
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

}  // namespace

Value infer_store_value(std::string_view raw) {
    if (raw == "true") return Value(1);
    if (raw == "false") return Value(0);
    // §6.6: [-]digits ⇒ Integer; [-]digits.[digits] (one dot after a digit) ⇒ Float; anything
    // else, including ".5", "1e3", "+1" and numbers that overflow, stays text.
    std::size_t i = raw.starts_with('-') ? 1 : 0;
    const std::size_t digits_start = i;
    while (i < raw.size() && is_digit(raw[i]))
        ++i;
    const bool has_int_digits = i > digits_start;
    if (has_int_digits && i == raw.size()) {
        if (auto n = parse_rust_i64(raw)) return Value(*n);
        return Value(raw);
    }
    if (has_int_digits && raw[i] == '.') {
        ++i;
        while (i < raw.size() && is_digit(raw[i]))
            ++i;
        if (i == raw.size()) {
            if (auto f = parse_rust_float(raw)) return Value(*f);
        }
    }
    return Value(raw);
}

void InMemoryStores::add_setting(std::string_view store, std::string_view key,
                                 std::string_view raw_value) {
    Value value = infer_store_value(raw_value);
    if (is_glob_pattern(key)) {
        Store& s = stores_[std::string(store)];
        auto it = std::lower_bound(
            s.patterns.begin(), s.patterns.end(), key,
            [](const std::pair<std::string, Value>& e, std::string_view k) { return e.first < k; });
        if (it != s.patterns.end() && it->first == key) {
            it->second = std::move(value);
        } else {
            s.patterns.emplace(it, std::string(key), std::move(value));
        }
        return;
    }
    set(store, without_backslashes(key), std::move(value));
}

void InMemoryStores::set(std::string_view store, std::string_view key, Value value) {
    Store& s = stores_[std::string(store)];
    s.exact.insert_or_assign(std::string(key), std::move(value));
}

bool InMemoryStores::has_store(std::string_view store) const {
    return stores_.find(store) != stores_.end();
}

const Value* InMemoryStores::get(std::string_view store, std::string_view key) const {
    return find(store, key).value_or(nullptr);
}

std::optional<const Value*> InMemoryStores::find(std::string_view store,
                                                 std::string_view key) const {
    const auto s = stores_.find(store);
    if (s == stores_.end()) return std::nullopt;
    if (const auto e = s->second.exact.find(key); e != s->second.exact.end()) return &e->second;
    for (const auto& [pattern, value] : s->second.patterns) {
        if (glob_matches(pattern, key)) return &value;
    }
    return nullptr;
}

namespace {
const Value kEmpty;
const Value kFalse(false);
const Value kTrue(true);
}  // namespace

const Value* InMemoryStores::key_get_answer(std::string_view store, std::string_view key) const {
    const std::optional<const Value*> found = find(store, key);
    if (!found) return nullptr;
    return *found != nullptr ? *found : &kEmpty;  // a missing key reads as ""
}

const Value* InMemoryStores::key_exists_answer(std::string_view store, std::string_view key) const {
    const std::optional<const Value*> found = find(store, key);
    if (!found) return nullptr;
    return *found != nullptr ? &kTrue : &kFalse;
}

std::vector<std::string> InMemoryStores::keys(std::string_view store) const {
    std::vector<std::string> out;
    const auto s = stores_.find(store);
    if (s == stores_.end()) return out;
    out.reserve(s->second.exact.size() + s->second.patterns.size());
    for (const auto& [key, value] : s->second.exact)
        out.push_back(key);
    for (const auto& [pattern, value] : s->second.patterns)
        out.push_back(pattern);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> InMemoryStores::store_names() const {
    std::vector<std::string> out;
    out.reserve(stores_.size());
    for (const auto& [name, store] : stores_)
        out.push_back(name);
    return out;
}

}  // namespace httpctl::expr
