#include "value_arguments.hpp"

#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "expr/json_value.hpp"

namespace httpctl::app {

std::pair<std::string, std::string> split_assignment(const std::string& arg, std::string& problem) {
    const auto eq = arg.find('=');
    if (eq == std::string::npos || eq == 0) {
        problem = "`" + arg + "`: expected NAME=VALUE";
        return {};
    }
    return {arg.substr(0, eq), arg.substr(eq + 1)};
}

expr::Value parse_cli_value(const std::string& text) {
    if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') &&
        text.back() == text.front()) {
        return expr::Value(std::string_view(text).substr(1, text.size() - 2));
    }
    if (auto i = expr::parse_rust_i64(text)) return expr::Value(*i);
    bool decimal = !text.empty() && text.find_first_not_of("+-0123456789.") == std::string::npos &&
                   text.find_first_of("0123456789") != std::string::npos;
    if (decimal) {
        if (auto f = expr::parse_rust_float(text)) return expr::Value(*f);
    }
    if (!text.empty() && text.front() == '[') {
        auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_discarded()) {
            if (auto v = expr::value_from_plain_json(j)) return *v;
        }
    }
    return expr::Value(text);
}

bool use_color(const std::string& mode, int fd) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color != nullptr && no_color[0] != '\0') return false;
    return isatty(fd) != 0;
}

}  // namespace httpctl::app
