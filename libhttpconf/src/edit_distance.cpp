#include "httpconf/edit_distance.hpp"

#include <algorithm>
#include <vector>

namespace httpctl::conf {

std::optional<std::size_t> edit_distance(std::string_view a, std::string_view b,
                                         std::size_t limit) {
    // The length difference is a lower bound of the distance.
    if (std::max(a.size(), b.size()) - std::min(a.size(), b.size()) > limit) return std::nullopt;
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j)
        row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    if (row[b.size()] > limit) return std::nullopt;
    return row[b.size()];
}

std::size_t typo_limit(std::string_view word) noexcept {
    return std::clamp<std::size_t>(word.size() / 3, 1, 3);
}

}  // namespace httpctl::conf
