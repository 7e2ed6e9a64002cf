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
    // first in any case) and true is returned.
    bool search(std::string_view subject, Captures& captures) const;

    [[nodiscard]] const std::string& pattern() const noexcept { return pattern_; }
    [[nodiscard]] const std::string& translated() const noexcept { return translated_; }
    [[nodiscard]] int group_count() const noexcept;

    ~Regex();
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

private:
    Regex() = default;
    std::string pattern_;     // as written (Rust syntax)
    std::string translated_;  // what RE2 compiles
    std::unique_ptr<re2::RE2> re_;
};

}  // namespace httpctl::expr
