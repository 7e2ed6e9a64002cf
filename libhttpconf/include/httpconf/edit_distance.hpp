// Levenshtein distance, for "did you mean" suggestions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace httpctl::conf {

// Insertions, deletions and substitutions of bytes turning `a` into `b`; nullopt as soon as it
// must exceed `limit` (so long unrelated words cost nothing).
[[nodiscard]] std::optional<std::size_t> edit_distance(std::string_view a, std::string_view b,
                                                       std::size_t limit);

// How many edits still look like a typo of `word`: a third of its length, between 1 and 3.
[[nodiscard]] std::size_t typo_limit(std::string_view word) noexcept;

}  // namespace httpctl::conf
