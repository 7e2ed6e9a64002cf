// Code point sets and Unicode tables for Rust-regex classes. ICU supplies the Unicode data so
// that `\w`, `\p{..}` and `(?i)` follow the Unicode definitions Rust uses instead of RE2's
// ASCII-only Perl classes (spec §6.7).
#include "regex_unicode.hpp"

#include <unicode/uchar.h>
#include <unicode/uniset.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <string>

namespace httpctl::expr::re {

namespace {

constexpr std::uint32_t kSurrogateLo = 0xD800;
constexpr std::uint32_t kSurrogateHi = 0xDFFF;

CodepointSet from_icu(const icu::UnicodeSet& set) {
    CodepointSet out;
    for (int32_t i = 0; i < set.getRangeCount(); ++i) {
        out.add(static_cast<std::uint32_t>(set.getRangeStart(i)),
                static_cast<std::uint32_t>(set.getRangeEnd(i)));
    }
    // Rust classes hold scalar values only: drop surrogates ICU may report.
    out.subtract(CodepointSet::range(kSurrogateLo, kSurrogateHi));
    return out;
}

CodepointSet int_property(UProperty prop, int32_t value) {
    UErrorCode ec = U_ZERO_ERROR;
    icu::UnicodeSet set;
    set.applyIntPropertyValue(prop, value, ec);
    if (U_FAILURE(ec)) return {};
    return from_icu(set);
}

// Simple case folding orbits: two scalars are case-insensitively equal in Rust's Unicode mode
// exactly when their simple case folds (CaseFolding.txt statuses C and S) are equal.
struct FoldTable {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cased;    // (code point, fold key)
    std::vector<std::pair<std::uint32_t, std::uint32_t>> members;  // (fold key, code point)
};

const FoldTable& fold_table() {
    static const FoldTable table = [] {
        FoldTable t;
        for (std::uint32_t c = 0; c <= kMaxCodepoint; ++c) {
            if (c == kSurrogateLo) c = kSurrogateHi + 1;
            auto f = static_cast<std::uint32_t>(
                u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT));
            if (f == c) continue;
            t.members.emplace_back(f, c);
            t.members.emplace_back(f, f);
        }
        std::sort(t.members.begin(), t.members.end());
        t.members.erase(std::unique(t.members.begin(), t.members.end()), t.members.end());
        for (const auto& [key, cp] : t.members)
            t.cased.emplace_back(cp, key);
        std::sort(t.cased.begin(), t.cased.end());
        return t;
    }();
    return table;
}

std::string normalize_name(std::string_view name) {
    // regex-syntax's symbolic_name_normalize: ASCII case, spaces, `_` and `-` are insignificant
    // and an `is` prefix is ignored ("isc" stays, it is an alias of the Other category).
    std::string out;
    for (char c : name) {
        if (c == ' ' || c == '_' || c == '-') continue;
        out += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    }
    if (out.size() >= 2 && out.compare(0, 2, "is") == 0 && out != "isc") out.erase(0, 2);
    return out;
}

bool is_rust_binary_property(UProperty p) {
    if (p < UCHAR_BINARY_START || p >= UCHAR_BINARY_LIMIT) return false;
    // ICU-only properties (normalisation helpers, POSIX compat, emoji sequence sets) are not
    // among the UCD boolean properties regex-syntax knows.
    switch (p) {
        case UCHAR_FULL_COMPOSITION_EXCLUSION:
        case UCHAR_NFD_INERT:
        case UCHAR_NFKD_INERT:
        case UCHAR_NFC_INERT:
        case UCHAR_NFKC_INERT:
        case UCHAR_SEGMENT_STARTER:
        case UCHAR_POSIX_ALNUM:
        case UCHAR_POSIX_BLANK:
        case UCHAR_POSIX_GRAPH:
        case UCHAR_POSIX_PRINT:
        case UCHAR_POSIX_XDIGIT:
        case UCHAR_CASE_SENSITIVE:
            return false;
        default:
            return p < UCHAR_BASIC_EMOJI;  // string properties start here
    }
}

bool general_category(const std::string& norm, CodepointSet& out) {
    if (norm == "any") {
        out = CodepointSet::range(0, kMaxCodepoint);
        out.subtract(CodepointSet::range(kSurrogateLo, kSurrogateHi));
        return true;
    }
    if (norm == "ascii") {
        out = CodepointSet::range(0, 0x7F);
        return true;
    }
    if (norm == "assigned") {
        out = int_property(UCHAR_GENERAL_CATEGORY_MASK, U_GC_CN_MASK);
        out.negate();
        return true;
    }
    int32_t mask = u_getPropertyValueEnum(UCHAR_GENERAL_CATEGORY_MASK, norm.c_str());
    if (mask == UCHAR_INVALID_CODE) return false;
    out = int_property(UCHAR_GENERAL_CATEGORY_MASK, mask);
    return true;
}

bool script(UProperty prop, const std::string& norm, CodepointSet& out) {
    int32_t v = u_getPropertyValueEnum(UCHAR_SCRIPT, norm.c_str());
    if (v == UCHAR_INVALID_CODE) return false;
    out = int_property(prop, v);
    return true;
}

}  // namespace

CodepointSet CodepointSet::range(std::uint32_t lo, std::uint32_t hi) {
    CodepointSet s;
    s.ranges_.emplace_back(lo, hi);
    return s;
}

void CodepointSet::add(std::uint32_t lo, std::uint32_t hi) {
    ranges_.emplace_back(lo, hi);
}

void CodepointSet::add(const CodepointSet& other) {
    ranges_.insert(ranges_.end(), other.ranges_.begin(), other.ranges_.end());
    normalize();
}

void CodepointSet::normalize() {
    std::sort(ranges_.begin(), ranges_.end());
    std::vector<Range> merged;
    merged.reserve(ranges_.size());
    for (const auto& r : ranges_) {
        if (!merged.empty() && r.first <= merged.back().second + 1) {
            merged.back().second = std::max(merged.back().second, r.second);
        } else {
            merged.push_back(r);
        }
    }
    ranges_ = std::move(merged);
}

void CodepointSet::negate() {
    std::vector<Range> out;
    std::uint32_t next = 0;
    for (const auto& [lo, hi] : ranges_) {
        if (lo > next) out.emplace_back(next, lo - 1);
        next = hi + 1;
    }
    if (next <= kMaxCodepoint) out.emplace_back(next, kMaxCodepoint);
    ranges_ = std::move(out);
    subtract(range(kSurrogateLo, kSurrogateHi));
}

void CodepointSet::intersect(const CodepointSet& other) {
    std::vector<Range> out;
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < ranges_.size() && j < other.ranges_.size()) {
        std::uint32_t lo = std::max(ranges_[i].first, other.ranges_[j].first);
        std::uint32_t hi = std::min(ranges_[i].second, other.ranges_[j].second);
        if (lo <= hi) out.emplace_back(lo, hi);
        if (ranges_[i].second < other.ranges_[j].second) {
            ++i;
        } else {
            ++j;
        }
    }
    ranges_ = std::move(out);
}

void CodepointSet::subtract(const CodepointSet& other) {
    CodepointSet inverse = other;
    // Negation over the whole code space (not scalar-only) so that subtracting a
    // surrogate-free set keeps whatever surrogates `this` holds for the caller to drop.
    std::vector<Range> inv;
    std::uint32_t next = 0;
    for (const auto& [lo, hi] : other.ranges_) {
        if (lo > next) inv.emplace_back(next, lo - 1);
        next = hi + 1;
    }
    if (next <= kMaxCodepoint) inv.emplace_back(next, kMaxCodepoint);
    inverse.ranges_ = std::move(inv);
    intersect(inverse);
}

void CodepointSet::symmetric_difference(const CodepointSet& other) {
    CodepointSet both = *this;
    both.intersect(other);
    add(other);
    subtract(both);
}

void CodepointSet::case_fold_unicode() {
    const FoldTable& t = fold_table();
    std::vector<Range> extra;
    for (const auto& [lo, hi] : ranges_) {
        auto it = std::lower_bound(t.cased.begin(), t.cased.end(), std::make_pair(lo, 0U));
        for (; it != t.cased.end() && it->first <= hi; ++it) {
            auto m = std::lower_bound(t.members.begin(), t.members.end(),
                                      std::make_pair(it->second, 0U));
            for (; m != t.members.end() && m->first == it->second; ++m) {
                extra.emplace_back(m->second, m->second);
            }
        }
    }
    ranges_.insert(ranges_.end(), extra.begin(), extra.end());
    normalize();
}

void CodepointSet::case_fold_ascii() {
    std::vector<Range> extra;
    for (const auto& [lo, hi] : ranges_) {
        for (std::uint32_t c = std::max(lo, 0x41U); c <= std::min(hi, 0x7AU); ++c) {
            if (c <= 0x5A) extra.emplace_back(c + 32, c + 32);
            if (c >= 0x61) extra.emplace_back(c - 32, c - 32);
        }
    }
    ranges_.insert(ranges_.end(), extra.begin(), extra.end());
    normalize();
}

bool CodepointSet::contains(std::uint32_t c) const noexcept {
    auto it = std::upper_bound(ranges_.begin(), ranges_.end(), c,
                               [](std::uint32_t v, const Range& r) { return v < r.first; });
    return it != ranges_.begin() && c <= std::prev(it)->second;
}

const CodepointSet& unicode_digit() {
    static const CodepointSet set = int_property(UCHAR_GENERAL_CATEGORY_MASK, U_GC_ND_MASK);
    return set;
}

const CodepointSet& unicode_space() {
    static const CodepointSet set = int_property(UCHAR_WHITE_SPACE, 1);
    return set;
}

const CodepointSet& unicode_word() {
    static const CodepointSet set = [] {
        CodepointSet s = int_property(UCHAR_ALPHABETIC, 1);
        s.add(int_property(UCHAR_GENERAL_CATEGORY_MASK, U_GC_M_MASK));
        s.add(int_property(UCHAR_GENERAL_CATEGORY_MASK, U_GC_ND_MASK));
        s.add(int_property(UCHAR_GENERAL_CATEGORY_MASK, U_GC_PC_MASK));
        s.add(int_property(UCHAR_JOIN_CONTROL, 1));
        return s;
    }();
    return set;
}

bool is_white_space(std::uint32_t c) {
    return unicode_space().contains(c);
}

bool is_alphabetic(std::uint32_t c) {
    return u_hasBinaryProperty(static_cast<UChar32>(c), UCHAR_ALPHABETIC) != 0;
}

bool is_alphanumeric(std::uint32_t c) {
    // Rust: Alphabetic or General_Category in {Nd, Nl, No}.
    return is_alphabetic(c) || (U_GET_GC_MASK(static_cast<UChar32>(c)) & U_GC_N_MASK) != 0;
}

CodepointSet ascii_digit() {
    return CodepointSet::range('0', '9');
}

CodepointSet ascii_space() {
    CodepointSet s;
    s.add('\t', '\r');  // \t \n \v \f \r
    s.add(' ', ' ');
    s.normalize();
    return s;
}

CodepointSet ascii_word() {
    CodepointSet s;
    s.add('0', '9');
    s.add('A', 'Z');
    s.add('_', '_');
    s.add('a', 'z');
    s.normalize();
    return s;
}

bool ascii_class(std::string_view name, CodepointSet& out) {
    // regex-syntax's ClassAsciiKind table.
    struct Entry {
        std::string_view name;
        std::array<std::uint32_t, 8> r;  // up to four ranges, 0/0 terminated
    };
    static const std::array<Entry, 14> table{{
        {"alnum", {'0', '9', 'A', 'Z', 'a', 'z', 0, 0}},
        {"alpha", {'A', 'Z', 'a', 'z', 0, 0, 0, 0}},
        {"ascii", {0, 0x7F, 0, 0, 0, 0, 0, 0}},
        {"blank", {'\t', '\t', ' ', ' ', 0, 0, 0, 0}},
        {"cntrl", {0, 0x1F, 0x7F, 0x7F, 0, 0, 0, 0}},
        {"digit", {'0', '9', 0, 0, 0, 0, 0, 0}},
        {"graph", {'!', '~', 0, 0, 0, 0, 0, 0}},
        {"lower", {'a', 'z', 0, 0, 0, 0, 0, 0}},
        {"print", {' ', '~', 0, 0, 0, 0, 0, 0}},
        {"punct", {'!', '/', ':', '@', '[', '`', '{', '~'}},
        {"space", {'\t', '\r', ' ', ' ', 0, 0, 0, 0}},
        {"upper", {'A', 'Z', 0, 0, 0, 0, 0, 0}},
        {"word", {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}},
        {"xdigit", {'0', '9', 'A', 'F', 'a', 'f', 0, 0}},
    }};
    for (const auto& e : table) {
        if (e.name != name) continue;
        out = CodepointSet();
        for (std::size_t i = 0; i < e.r.size(); i += 2) {
            if (i > 0 && e.r[i] == 0 && e.r[i + 1] == 0) break;
            out.add(e.r[i], e.r[i + 1]);
        }
        out.normalize();
        return true;
    }
    return false;
}

PropertyError unicode_property(std::string_view name, std::string_view value, bool has_value,
                               CodepointSet& out) {
    std::string norm = normalize_name(name);
    if (!has_value) {
        // `cf`, `sc` and `lc` are general categories, not the properties they also abbreviate.
        if (norm != "cf" && norm != "sc" && norm != "lc") {
            UProperty p = u_getPropertyEnum(norm.c_str());
            if (p != UCHAR_INVALID_CODE) {
                if (!is_rust_binary_property(p)) return PropertyError::PropertyNotFound;
                out = int_property(p, 1);
                return PropertyError::None;
            }
        }
        if (general_category(norm, out)) return PropertyError::None;
        if (script(UCHAR_SCRIPT, norm, out)) return PropertyError::None;
        return PropertyError::PropertyNotFound;
    }
    std::string nval = normalize_name(value);
    UProperty p = u_getPropertyEnum(norm.c_str());
    switch (p) {
        case UCHAR_GENERAL_CATEGORY:
        case UCHAR_GENERAL_CATEGORY_MASK:
            return general_category(nval, out) ? PropertyError::None : PropertyError::ValueNotFound;
        case UCHAR_SCRIPT:
        case UCHAR_SCRIPT_EXTENSIONS:
            return script(p, nval, out) ? PropertyError::None : PropertyError::ValueNotFound;
        case UCHAR_AGE: {
            // Age is cumulative in both Rust and ICU: assigned in that version or earlier.
            UErrorCode ec = U_ZERO_ERROR;
            icu::UnicodeSet set;
            std::string v(value);
            if (v.size() > 1 && (v[0] == 'V' || v[0] == 'v')) {
                v.erase(0, 1);
                std::replace(v.begin(), v.end(), '_', '.');
            }
            set.applyPropertyAlias(icu::UnicodeString("age"), icu::UnicodeString::fromUTF8(v), ec);
            if (U_FAILURE(ec)) return PropertyError::ValueNotFound;
            out = from_icu(set);
            return PropertyError::None;
        }
        case UCHAR_GRAPHEME_CLUSTER_BREAK:
        case UCHAR_WORD_BREAK:
        case UCHAR_SENTENCE_BREAK: {
            int32_t v = u_getPropertyValueEnum(p, nval.c_str());
            if (v == UCHAR_INVALID_CODE) return PropertyError::ValueNotFound;
            out = int_property(p, v);
            return PropertyError::None;
        }
        default:
            return PropertyError::PropertyNotFound;
    }
}

}  // namespace httpctl::expr::re
