#include "httpconf/source_text.hpp"

#include <algorithm>
#include <cstring>

namespace httpctl::conf {

SourceText::SourceText(std::string text) : text_(std::move(text)) {
    line_starts_.push_back(0);
    const char* begin = text_.data();
    const char* end = begin + text_.size();
    for (const char* p = begin; p < end;) {
        const void* hit = std::memchr(p, '\n', static_cast<std::size_t>(end - p));
        if (hit == nullptr) break;
        p = static_cast<const char*>(hit) + 1;
        line_starts_.push_back(static_cast<std::uint32_t>(p - begin));
    }
}

TextPosition SourceText::position_at(std::uint32_t offset) const noexcept {
    offset = std::min<std::uint32_t>(offset, static_cast<std::uint32_t>(text_.size()));
    auto after = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    auto line_index = static_cast<std::uint32_t>(after - line_starts_.begin() - 1);
    std::uint32_t column = 1;
    for (std::uint32_t i = line_starts_[line_index]; i < offset; ++i) {
        // Continuation bytes (10xxxxxx) belong to the character before them.
        if ((static_cast<unsigned char>(text_[i]) & 0xC0U) != 0x80U) ++column;
    }
    return {line_index + 1, column};
}

std::string_view SourceText::line_text(std::uint32_t line) const noexcept {
    if (line == 0 || line > line_starts_.size()) return {};
    std::uint32_t begin = line_starts_[line - 1];
    std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                   : static_cast<std::uint32_t>(text_.size());
    return std::string_view(text_).substr(begin, end - begin);
}

}  // namespace httpctl::conf
