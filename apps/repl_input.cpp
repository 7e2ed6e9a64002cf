#include "repl_input.hpp"

namespace httpctl::app {

bool input_is_complete(std::string_view text) {
    int depth = 0;
    char quote = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quote != 0) {
            if (c == '\\') {
                ++i;
            } else if (c == quote) {
                quote = 0;
            }
            continue;
        }
        switch (c) {
            case '\'':
            case '"':
                quote = c;
                break;
            case '(':
            case '[':
                ++depth;
                break;
            case ')':
            case ']':
                --depth;
                break;
            case '}':
                return true;  // spec http.md §5.2: `}` ends the expression
            default:
                break;
        }
    }
    return quote == 0 && depth <= 0;
}

}  // namespace httpctl::app
