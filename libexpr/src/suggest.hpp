// "Did you mean ...?" help for names the compiler does not know.
#pragma once

#include <string>
#include <string_view>

#include "expr/compiler.hpp"

namespace httpctl::expr::detail {

// Levenshtein distance, capped: returns cap + 1 when the distance exceeds cap.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t cap);

// Help text for an unknown identifier: a known variable this setting does not offer, a name
// from a later release, or the closest function/variable/constant by edit distance.
std::string suggest_for_unknown_name(std::string_view word, const CompileOptions& options);

}  // namespace httpctl::expr::detail
