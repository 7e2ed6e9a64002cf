// Text functions (spec expressions.md §6.4). Texts are Rust `str`s: lengths in bytes, character
// operations on Unicode scalar values, white space and letters by Unicode properties.
#include <algorithm>
#include <cstdint>
#include <limits>

#include "argument_text.hpp"
#include "function_impls.hpp"
#include "unicode.hpp"

namespace httpctl::expr::functions {

namespace {

// `out` may be the same slot as an argument whose text `s` points into: build, then move.
void set_string(Value& out, std::string_view s) {
    Value result(s);
    out = std::move(result);
}

void set_integer(Value& out, std::size_t n) {
    out = Value(static_cast<std::int64_t>(n));
}

// Counts the characters of the argument's text that satisfy `pred`.
template <typename Pred>
std::size_t count_matching(const Value& arg, Dialect d, Pred pred) {
    const ArgText text(arg, d);
    const std::string_view s = text.view();
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.size();) {
        const unicode::Decoded c = unicode::decode_utf8(s, pos);
        pos += c.length;
        if (pred(c.cp)) ++n;
    }
    return n;
}

// §6.4: 1 when every alphabetic character satisfies `has_case`; non-letters are ignored, so a
// text without letters (even "") answers 1.
template <typename HasCase>
bool letters_all(std::string_view s, HasCase has_case) {
    for (std::size_t pos = 0; pos < s.size();) {
        const unicode::Decoded c = unicode::decode_utf8(s, pos);
        pos += c.length;
        if (unicode::is_alphabetic(c.cp) && !has_case(c.cp)) return false;
    }
    return true;
}

bool ascii_equal_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
        if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
        if (x != y) return false;
    }
    return true;
}

// Every piece of `s` between occurrences of `sep`, left to right, like Rust's `str::split`.
// An empty separator matches at every character boundary, both ends included.
Array split_forward(std::string_view s, std::string_view sep) {
    Array pieces;
    if (sep.empty()) {
        pieces.emplace_back();  // ""
        for (std::size_t pos = 0; pos < s.size();) {
            const std::size_t next = unicode::advance_chars(s, pos, 1);
            pieces.emplace_back(s.substr(pos, next - pos));
            pos = next;
        }
        pieces.emplace_back();  // ""
        return pieces;
    }
    std::size_t start = 0;
    for (std::size_t hit = s.find(sep); hit != std::string_view::npos; hit = s.find(sep, start)) {
        pieces.emplace_back(s.substr(start, hit - start));
        start = hit + sep.size();
    }
    pieces.emplace_back(s.substr(start));
    return pieces;
}

// Rust's `str::rsplit`: matches are found from the right, which differs from reversing
// split_forward when occurrences overlap ("aaa" by "aa").
Array split_backward(std::string_view s, std::string_view sep) {
    if (sep.empty()) {
        Array pieces = split_forward(s, sep);
        std::reverse(pieces.begin(), pieces.end());
        return pieces;
    }
    Array pieces;
    std::size_t end = s.size();
    while (end >= sep.size()) {
        const std::size_t hit = s.rfind(sep, end - sep.size());
        if (hit == std::string_view::npos) break;
        pieces.emplace_back(s.substr(hit + sep.size(), end - hit - sep.size()));
        end = hit;
    }
    pieces.emplace_back(s.substr(0, end));
    return pieces;
}

void set_pair_or_empty(Value& out, std::string_view s, std::size_t hit, std::size_t sep_size) {
    if (hit == std::string_view::npos) {
        out = Value();  // §6.4: separator absent ⇒ String(""), not an array (Stalwart quirk)
        return;
    }
    Array pair;
    pair.reserve(2);
    pair.emplace_back(s.substr(0, hit));
    pair.emplace_back(s.substr(hit + sep_size));
    out = Value(std::move(pair));
}

// split_n with an empty separator never consumes text, so each round emits "" again; Stalwart
// would loop (nearly) forever for a negative count. We stop after this many pieces.
constexpr std::uint64_t kMaxEmptySeparatorRounds = 65536;

}  // namespace

// ---- white space and case (map functions, §6.2) ---------------------------------------------

bool trim(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out,
                 [](std::string_view s, Value& r) { r = Value(unicode::trim(s)); });
    return true;
}

bool trim_start(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out,
                 [](std::string_view s, Value& r) { r = Value(unicode::trim_start(s)); });
    return true;
}

bool trim_end(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out,
                 [](std::string_view s, Value& r) { r = Value(unicode::trim_end(s)); });
    return true;
}

bool to_lowercase(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out, [](std::string_view s, Value& r) {
        SmallString lower;
        unicode::append_lowercase(s, lower);
        r = Value(std::move(lower));
    });
    return true;
}

bool to_uppercase(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out, [](std::string_view s, Value& r) {
        SmallString upper;
        unicode::append_uppercase(s, upper);
        r = Value(std::move(upper));
    });
    return true;
}

bool is_uppercase(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out, [](std::string_view s, Value& r) {
        r = Value(letters_all(s, unicode::is_uppercase));
    });
    return true;
}

bool is_lowercase(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out, [](std::string_view s, Value& r) {
        r = Value(letters_all(s, unicode::is_lowercase));
    });
    return true;
}

bool has_digits(std::span<Value> args, CallEnv& env, Value& out) {
    map_elements(args[0], env.dialect, out, [](std::string_view s, Value& r) {
        // §6.4: ASCII digits only; other Unicode digits do not count.
        r = Value(std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
    });
    return true;
}

// ---- measuring ------------------------------------------------------------------------------

bool len(std::span<Value> args, CallEnv& env, Value& out) {
    const Value& v = args[0];
    if (v.is_string()) {
        set_integer(out, v.as_string().size());  // §6.4: bytes, not characters
    } else if (v.is_array()) {
        set_integer(out, v.as_array().size());
    } else {
        // §4.3: HEAD measures the ryu text (len(1.0) ⇒ 3), v0.8.5 the Display text (⇒ 1).
        const ArgText text(v, env.dialect);
        set_integer(out, text.view().size());
    }
    return true;
}

bool count_spaces(std::span<Value> args, CallEnv& env, Value& out) {
    // §6.4: every Unicode white-space character, not only U+0020.
    set_integer(out, count_matching(args[0], env.dialect, unicode::is_whitespace));
    return true;
}

bool count_uppercase(std::span<Value> args, CallEnv& env, Value& out) {
    set_integer(out, count_matching(args[0], env.dialect, [](char32_t c) {
                    return unicode::is_alphabetic(c) && unicode::is_uppercase(c);
                }));
    return true;
}

bool count_lowercase(std::span<Value> args, CallEnv& env, Value& out) {
    set_integer(out, count_matching(args[0], env.dialect, [](char32_t c) {
                    return unicode::is_alphabetic(c) && unicode::is_lowercase(c);
                }));
    return true;
}

bool count_chars(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    set_integer(out, unicode::count_chars(text.view()));
    return true;
}

// ---- comparing ------------------------------------------------------------------------------

bool contains(std::span<Value> args, CallEnv& env, Value& out) {
    const Value& haystack = args[0];
    bool found = false;
    if (haystack.is_array()) {
        // §6.4: element equality of §4.8, not substring: contains(["ab"], "a") ⇒ 0.
        const Array& a = haystack.as_array();
        found = std::any_of(a.begin(), a.end(),
                            [&](const Value& e) { return loose_equals(e, args[1]); });
    } else {
        const ArgText text(haystack, env.dialect);
        const ArgText needle(args[1], env.dialect);
        found = text.view().find(needle.view()) != std::string_view::npos;
    }
    out = Value(found);
    return true;
}

bool contains_ignore_case(std::span<Value> args, CallEnv& env, Value& out) {
    const Value& haystack = args[0];
    const ArgText needle(args[1], env.dialect);
    bool found = false;
    if (haystack.is_string()) {
        SmallString lower_haystack;
        SmallString lower_needle;
        unicode::append_lowercase(haystack.as_string(), lower_haystack);
        unicode::append_lowercase(needle.view(), lower_needle);
        found = lower_haystack.view().find(lower_needle.view()) != std::string_view::npos;
    } else if (haystack.is_array()) {
        // §6.4: whole String elements, ASCII case only; other elements never match (quirk).
        const Array& a = haystack.as_array();
        found = std::any_of(a.begin(), a.end(), [&](const Value& e) {
            return e.is_string() && ascii_equal_ignore_case(e.as_string(), needle.view());
        });
    } else {
        // §6.4: a number's text is searched case-SENSITIVELY (Stalwart quirk).
        const ArgText text(haystack, env.dialect);
        found = text.view().find(needle.view()) != std::string_view::npos;
    }
    out = Value(found);
    return true;
}

bool eq_ignore_case(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText a(args[0], env.dialect);
    const ArgText b(args[1], env.dialect);
    out = Value(ascii_equal_ignore_case(a, b));  // §6.4: ASCII case only ("À" ≠ "à")
    return true;
}

bool starts_with(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText a(args[0], env.dialect);
    const ArgText b(args[1], env.dialect);
    out = Value(a.view().starts_with(b.view()));
    return true;
}

bool ends_with(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText a(args[0], env.dialect);
    const ArgText b(args[1], env.dialect);
    out = Value(a.view().ends_with(b.view()));
    return true;
}

// ---- cutting --------------------------------------------------------------------------------

bool lines(std::span<Value> args, CallEnv&, Value& out) {
    Value& v = args[0];
    if (!v.is_string()) {
        if (&out != &v) out = std::move(v);  // §6.4: any non-String is returned unchanged
        return true;
    }
    // Rust's `str::lines`: split after each LF, drop that LF and one CR before it; no empty
    // element for a final terminator; a lone CR stays.
    const std::string_view s = v.as_string();
    Array result;
    std::size_t start = 0;
    while (start < s.size()) {
        std::size_t lf = s.find('\n', start);
        std::size_t end = lf == std::string_view::npos ? s.size() : lf;
        std::size_t next = lf == std::string_view::npos ? s.size() : lf + 1;
        if (lf != std::string_view::npos && end > start && s[end - 1] == '\r') --end;
        result.emplace_back(s.substr(start, end - start));
        start = next;
    }
    out = Value(std::move(result));
    return true;
}

bool substring(std::span<Value> args, CallEnv& env, Value& out) {
    // §6.4: start and LENGTH in characters, both through to_index (none → 0; -1 wraps to huge).
    const std::uint64_t skip = to_index(args[1]).value_or(0);
    const std::uint64_t take = to_index(args[2]).value_or(0);
    const ArgText text(args[0], env.dialect);
    const std::string_view s = text.view();
    const std::size_t begin = unicode::advance_chars(s, 0, skip);
    const std::size_t end = unicode::advance_chars(s, begin, take);
    set_string(out, s.substr(begin, end - begin));
    return true;
}

bool strip_prefix(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText prefix(args[1], env.dialect);
    map_elements(args[0], env.dialect, out, [&](std::string_view s, Value& r) {
        // §6.4: an absent prefix yields "" rather than the input (Stalwart quirk).
        if (s.starts_with(prefix.view())) r = Value(s.substr(prefix.view().size()));
    });
    return true;
}

bool strip_suffix(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText suffix(args[1], env.dialect);
    map_elements(args[0], env.dialect, out, [&](std::string_view s, Value& r) {
        // §6.4: an absent suffix yields "" rather than the input (Stalwart quirk).
        if (s.ends_with(suffix.view())) r = Value(s.substr(0, s.size() - suffix.view().size()));
    });
    return true;
}

bool split(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    const ArgText sep(args[1], env.dialect);
    out = Value(split_forward(text, sep));
    return true;
}

bool rsplit(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    const ArgText sep(args[1], env.dialect);
    out = Value(split_backward(text, sep));  // §6.4: pieces in reverse order
    return true;
}

bool split_once(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    const ArgText sep(args[1], env.dialect);
    set_pair_or_empty(out, text, text.view().find(sep.view()), sep.view().size());
    return true;
}

bool rsplit_once(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    const ArgText sep(args[1], env.dialect);
    set_pair_or_empty(out, text, text.view().rfind(sep.view()), sep.view().size());
    return true;
}

bool split_n(std::span<Value> args, CallEnv& env, Value& out) {
    // §6.4: to_integer (none → 0) reinterpreted as unsigned, so a negative count is unlimited.
    std::uint64_t rounds = static_cast<std::uint64_t>(to_integer(args[2]).value_or(0));
    const ArgText text(args[0], env.dialect);
    const ArgText sep(args[1], env.dialect);
    if (sep.view().empty()) rounds = std::min(rounds, kMaxEmptySeparatorRounds);
    std::string_view rest = text.view();
    Array pieces;
    for (std::uint64_t i = 0; i < rounds; ++i) {
        const std::size_t hit = rest.find(sep.view());
        if (hit == std::string_view::npos) break;
        pieces.emplace_back(rest.substr(0, hit));
        rest.remove_prefix(hit + sep.view().size());
    }
    pieces.emplace_back(rest);
    out = Value(std::move(pieces));
    return true;
}

bool split_words(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText text(args[0], env.dialect);
    const std::string_view s = text.view();
    Array words;
    std::size_t pos = 0;
    while (pos < s.size()) {
        // Skip white space, then take one word up to the next white space.
        unicode::Decoded c = unicode::decode_utf8(s, pos);
        if (unicode::is_whitespace(c.cp)) {
            pos += c.length;
            continue;
        }
        const std::size_t start = pos;
        bool alphanumeric = true;
        while (pos < s.size()) {
            c = unicode::decode_utf8(s, pos);
            if (unicode::is_whitespace(c.cp)) break;
            alphanumeric = alphanumeric && unicode::is_alphanumeric(c.cp);
            pos += c.length;
        }
        // §6.4: a word with any non-alphanumeric character (punctuation, '-', '_') is dropped.
        if (alphanumeric) words.emplace_back(s.substr(start, pos - start));
    }
    out = Value(std::move(words));
    return true;
}

}  // namespace httpctl::expr::functions
