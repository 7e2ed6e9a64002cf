// Code point sets and the Unicode tables behind Rust-regex character classes (spec §6.7).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace httpctl::expr::re {

inline constexpr std::uint32_t kMaxCodepoint = 0x10FFFF;

// A set of Unicode scalar values as sorted, disjoint, non-adjacent closed ranges.
class CodepointSet {
  public:
    using Range = std::pair<std::uint32_t, std::uint32_t>;

    CodepointSet() = default;
    static CodepointSet single(std::uint32_t c) { return range(c, c); }
    static CodepointSet range(std::uint32_t lo, std::uint32_t hi);

    void add(std::uint32_t lo, std::uint32_t hi);  // unnormalised append; call normalize()
    void add(const CodepointSet& other);
    void normalize();

    // Rust negates over scalar values, so surrogates never enter a negated set.
    void negate();
    void intersect(const CodepointSet& other);
    void subtract(const CodepointSet& other);
    void symmetric_difference(const CodepointSet& other);

    // Closes the set under Unicode simple case folding (Rust `(?i)` in Unicode mode).
    void case_fold_unicode();
    // Closes the set under ASCII-only case folding (Rust `(?i-u)`).
    void case_fold_ascii();

    [[nodiscard]] bool contains(std::uint32_t c) const noexcept;
    [[nodiscard]] bool empty() const noexcept { return ranges_.empty(); }
    [[nodiscard]] bool is_ascii() const noexcept {
        return ranges_.empty() || ranges_.back().second < 0x80;
    }
    [[nodiscard]] const std::vector<Range>& ranges() const noexcept { return ranges_; }

  private:
    std::vector<Range> ranges_;
};

// Perl classes in Unicode mode (Rust regex: \d = Nd, \s = White_Space, \w = Alphabetic + M +
// Nd + Pc + Join_Control). The returned sets are built once and shared.
const CodepointSet& unicode_digit();
const CodepointSet& unicode_space();
const CodepointSet& unicode_word();

// Perl classes with Unicode disabled.
CodepointSet ascii_digit();
CodepointSet ascii_space();
CodepointSet ascii_word();

// `[[:name:]]` ASCII classes; false when the name is unknown (Rust then parses the text as a
// nested class of literal characters).
bool ascii_class(std::string_view name, CodepointSet& out);

// Rust's char::is_whitespace / is_alphabetic / is_alphanumeric (used by the parser).
bool is_white_space(std::uint32_t c);
bool is_alphabetic(std::uint32_t c);
bool is_alphanumeric(std::uint32_t c);

enum class PropertyError { None, PropertyNotFound, ValueNotFound };

// Resolves `\p{...}` / `\pX` the way regex-syntax does: a bare name is tried as a binary
// property, then a general category, then a script; `name=value` / `name:value` select Script,
// Script_Extensions, General_Category, Age and the break properties. Loose matching (case,
// spaces, `_`, `-` and an `is` prefix are ignored).
PropertyError unicode_property(std::string_view name, std::string_view value, bool has_value,
                               CodepointSet& out);

}  // namespace httpctl::expr::re
