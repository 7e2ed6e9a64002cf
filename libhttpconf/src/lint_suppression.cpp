#include "lint_suppression.hpp"

#include <string_view>

namespace httpctl::conf {
namespace {

constexpr std::string_view kMarker = "stalwart-httpctl:";

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

bool is_rule_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

// Reads `allow=a,b` starting at `pos` of `line` (after the marker); appends the ids.
void read_allow_list(std::string_view line, std::size_t pos, std::uint32_t line_number,
                     std::uint32_t line_start, std::vector<InlineAllow>& out) {
    while (pos < line.size() && is_blank(line[pos]))
        ++pos;
    if (line.substr(pos, 5) != "allow") return;
    pos += 5;
    while (pos < line.size() && is_blank(line[pos]))
        ++pos;
    if (pos >= line.size() || line[pos] != '=') return;
    ++pos;
    while (true) {
        while (pos < line.size() && is_blank(line[pos]))
            ++pos;
        const std::size_t begin = pos;
        while (pos < line.size() && is_rule_char(line[pos]))
            ++pos;
        if (pos == begin) return;
        out.push_back({std::string(line.substr(begin, pos - begin)), line_number,
                       static_cast<std::uint32_t>(line_start + begin),
                       static_cast<std::uint32_t>(line_start + pos)});
        while (pos < line.size() && is_blank(line[pos]))
            ++pos;
        if (pos >= line.size() || line[pos] != ',') return;
        ++pos;
    }
}

}  // namespace

std::vector<InlineAllow> find_inline_allows(const SourceText& source) {
    std::vector<InlineAllow> out;
    const std::string_view text = source.text();
    for (std::uint32_t n = 1; n <= source.line_count(); ++n) {
        const std::string_view line = source.line_text(n);
        const auto line_start = static_cast<std::uint32_t>(line.data() - text.data());
        for (std::size_t hash = line.find('#'); hash != std::string_view::npos;
             hash = line.find('#', hash + 1)) {
            std::size_t pos = hash + 1;
            while (pos < line.size() && is_blank(line[pos]))
                ++pos;
            if (line.substr(pos, kMarker.size()) != kMarker) continue;
            read_allow_list(line, pos + kMarker.size(), n, line_start, out);
        }
    }
    return out;
}

}  // namespace httpctl::conf
