// Inline suppression comments: `# stalwart-httpctl: allow=RULE[,RULE...]` on a line drops the
// findings of those rules on that line (or about the key written on that line).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "httpconf/source_text.hpp"

namespace httpctl::conf {

struct InlineAllow {
    std::string rule;
    std::uint32_t line = 0;
    std::uint32_t begin = 0;  // byte offsets of the rule id in the file
    std::uint32_t end = 0;
};

// Every rule id named by an allow comment, in file order.
[[nodiscard]] std::vector<InlineAllow> find_inline_allows(const SourceText& source);

}  // namespace httpctl::conf
