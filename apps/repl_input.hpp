// When a REPL entry is finished: an expression continues on the next line while a bracket or a
// quote is still open (LF is whitespace inside expressions, spec expressions.md §2.1).
#pragma once

#include <string_view>

namespace httpctl::app {

// False while `(` or `[` is unclosed or a string is unterminated. A backslash keeps the next
// character inside a string (spec http.md §5.2), so `'a\'` is still open. More closers than
// openers count as complete: the compiler then reports the mismatch.
[[nodiscard]] bool input_is_complete(std::string_view text);

}  // namespace httpctl::app
