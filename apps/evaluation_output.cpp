#include "evaluation_output.hpp"

namespace httpctl::app {

std::string value_with_type(const expr::Value& value) {
    return expr::debug_string(value) + " : " + std::string(expr::type_name(value.type()));
}

}  // namespace httpctl::app
