// What the report renderers share: severity counts, the file a diagnostic belongs to, and
// UTF-8 text made safe to print on a terminal without moving a single column.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "httpconf/checker.hpp"
#include "httpconf/diagnostic.hpp"

namespace httpctl::conf::report {

struct SeverityCounts {
    std::size_t errors = 0;
    std::size_t warnings = 0;
    std::size_t notes = 0;
};

[[nodiscard]] SeverityCounts count_severities(std::span<const CheckReport> reports) noexcept;

// "0.12": spelled here so the renderers need nothing but the report.
[[nodiscard]] std::string target_text(const TargetVersion& target);

// "1 error", "2 errors".
[[nodiscard]] std::string counted(std::size_t count, std::string_view singular);

// The file a diagnostic points into: its own `file`, else the report's.
[[nodiscard]] const std::string& diagnostic_file(const CheckReport& report,
                                                 const Diagnostic& diagnostic) noexcept;

// Number of code points of `text`; a byte that does not start a valid UTF-8 sequence counts as
// one (as it prints as one U+FFFD).
[[nodiscard]] std::size_t code_point_count(std::string_view text) noexcept;

// `text` with one printable character per code point, so code-point columns stay aligned:
// control characters (tabs included) become a space, bidirectional-override characters and
// invalid bytes become U+FFFD (they would reorder or garble the terminal line).
[[nodiscard]] std::string terminal_safe(std::string_view text);

}  // namespace httpctl::conf::report
