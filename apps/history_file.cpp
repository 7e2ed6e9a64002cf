#include "history_file.hpp"

#include <cstdlib>

namespace httpctl::app {

std::string repl_history_file() {
    // The XDG specification says a relative XDG_STATE_HOME is invalid and must be ignored.
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state != nullptr && state[0] == '/')
        return std::string(state) + "/stalwart-httpctl/history";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0') {
        return std::string(home) + "/.local/state/stalwart-httpctl/history";
    }
    return {};
}

}  // namespace httpctl::app
