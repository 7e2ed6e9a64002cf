// A loaded file's text with a line index, so byte offsets kept by the loader can be turned into
// line/column positions on demand (only diagnostics and tools need them, so they are not
// computed while loading).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace httpctl::conf {

// 1-based line and column; the column counts Unicode code points, as in Diagnostic.
struct TextPosition {
    std::uint32_t line = 1;
    std::uint32_t column = 1;
};

// Byte offsets into a SourceText, end exclusive.
struct SourceSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
};

class SourceText {
  public:
    SourceText() = default;
    // `text` must fit in 32-bit offsets (the loader refuses larger files).
    explicit SourceText(std::string text);

    [[nodiscard]] std::string_view text() const noexcept { return text_; }
    [[nodiscard]] std::uint32_t line_count() const noexcept {
        return static_cast<std::uint32_t>(line_starts_.size());
    }
    // Position of the byte at `offset` (offset == size() gives the end of the text). An offset
    // inside a multi-byte character counts that character as already passed.
    [[nodiscard]] TextPosition position_at(std::uint32_t offset) const noexcept;
    // The text of a 1-based line without its line break ("" when out of range).
    [[nodiscard]] std::string_view line_text(std::uint32_t line) const noexcept;

  private:
    std::string text_;
    std::vector<std::uint32_t> line_starts_;  // byte offset where each line begins
};

}  // namespace httpctl::conf
