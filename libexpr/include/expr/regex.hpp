// `matches()` regular expressions: Rust `regex`-crate syntax and semantics on top of RE2
// (spec expressions.md §6.7, §5.3).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace httpctl::expr::re {
class Program;
}

namespace httpctl::expr {

// Capture groups of the most recent match: group 0 is the whole match; a group that did not
// participate is "".
using Captures = std::vector<std::string>;

class Regex {
  public:
    // Compiles a pattern written for Rust's regex crate. Returns nullptr and sets `error` to a
    // message (position included where known) when Stalwart would reject the pattern.
    static std::shared_ptr<const Regex> compile(std::string_view rust_pattern, std::string& error);

    // Unanchored leftmost-first search. On a match, `captures` receives every group (cleared
    // first in any case) and true is returned. Reusing one `captures` object across calls
    // reuses its storage: the RE2 path allocates nothing else for up to 16 groups.
    bool search(std::string_view subject, Captures& captures) const;

    // Which engine `search` uses for this subject (for tests and diagnostics): RE2, or the
    // exact fallback matcher for what RE2 cannot express.
    [[nodiscard]] bool uses_fallback(std::string_view subject) const noexcept;

    [[nodiscard]] const std::string& pattern() const noexcept { return pattern_; }
    [[nodiscard]] const std::string& translated() const noexcept { return translated_; }
    // Number of groups including group 0.
    [[nodiscard]] int group_count() const noexcept { return groups_ + 1; }

    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

  private:
    Regex() = default;
    std::string pattern_;              // as written (Rust syntax)
    std::string translated_;           // what RE2 compiles
    std::unique_ptr<re2::RE2> re_;     // null when RE2 cannot express the pattern
    std::unique_ptr<re::Program> vm_;  // exact fallback, built only when needed
    bool re2_ascii_only_ = false;      // RE2 is exact only on ASCII subjects (\b, \B)
    int groups_ = 0;                   // capture groups, group 0 excluded
};

}  // namespace httpctl::expr
