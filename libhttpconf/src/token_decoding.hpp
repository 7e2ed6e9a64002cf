// Turning the bytes a grammar rule matched into key or value text (spec http.md §2.2–§2.5).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace httpctl::conf {

// http.md §2.3: spaces, tabs and CRs inside a bare key are dropped.
void append_bare_key(std::string& out, std::string_view run);
// http.md §2.9: a quoted key drops every backslash and keeps everything else, CR and TAB too.
void append_quoted_key(std::string& out, std::string_view text);
// http.md §2.2: unquoted header text is lower-cased (ASCII only) and its blanks are skipped.
void append_header_bare(std::string& out, std::string_view run);
// http.md §2.2: quoted header text keeps its case and spaces, drops backslashes (and CRs).
void append_header_quoted(std::string& out, std::string_view text);
// http.md §2.4: escapes of basic and literal strings; raw CRs are dropped.
[[nodiscard]] std::string decode_escaped_string(std::string_view text);
// http.md §2.4: multi-line strings are raw apart from dropped CRs.
[[nodiscard]] std::string strip_carriage_returns(std::string_view text);
// http.md §2.5: array indexes are written with at least four digits, zero padded.
void append_array_index(std::string& out, std::uint32_t index);

}  // namespace httpctl::conf
