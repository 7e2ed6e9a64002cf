// Rewrites a parsed Rust regex (regex_parse.hpp) as an RE2 pattern with the same meaning, and
// says when RE2 can stand in for Rust's engine (spec §6.7).
#pragma once

#include <cstddef>
#include <string>

#include "regex_parse.hpp"

namespace httpctl::expr::re {

// Rust rejects regexes whose compiled program exceeds 10 MiB ("Compiled regex exceeds size
// limit"). We estimate the program size in instruction-like units; this bound rejects the
// classic blow-ups (`(a{1000}){1000}`) while accepting what Rust accepts in practice.
inline constexpr std::size_t kSizeLimitUnits = 1'000'000;

struct Translation {
    std::string re2;  // pattern for RE2 in UTF-8 mode, case-sensitive, no flags needed
    // RE2 cannot express the pattern at all (look-arounds RE2 lacks, or counts above RE2's
    // 1000 limit): the fallback matcher must run for every subject.
    bool re2_unusable = false;
    // The pattern uses \b / \B: RE2's ASCII word boundary equals Rust's only on ASCII text.
    bool ascii_subject_only = false;
    std::size_t cost = 0;  // estimated size, saturating
};

void translate(const Node& root, Translation& out);

}  // namespace httpctl::expr::re
