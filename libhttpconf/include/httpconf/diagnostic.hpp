// Diagnostics are plain data: the libraries produce them, one renderer per output format prints
// them (text, JSON, SARIF ...). Nothing here knows how a diagnostic will be shown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace httpctl::conf {

enum class Severity : std::uint8_t { Error, Warning, Note };

[[nodiscard]] std::string_view severity_name(Severity severity) noexcept;  // "error", ...

// Positions are 1-based. Columns count characters (Unicode code points) from the start of the
// line, not bytes, so they match what an editor shows for UTF-8 text. The end is exclusive: it
// is the position just after the last character concerned. A line of 0 means the diagnostic is
// about the whole file and has no position.
struct Diagnostic {
    Severity severity = Severity::Error;
    std::string code;     // stable machine-readable id, e.g. "config.duplicate-key"
    std::string message;  // one sentence for humans, no position, no trailing period
    std::string file;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::uint32_t end_line = 0;
    std::uint32_t end_column = 0;
    std::string help;  // how to fix it, or extra context; may be empty
};

// `file:line:col: severity: message` (`file: severity: message` without a position): the one-line
// form compilers use, for plain terminal output.
[[nodiscard]] std::string to_compact_text(const Diagnostic& diagnostic);

}  // namespace httpctl::conf
