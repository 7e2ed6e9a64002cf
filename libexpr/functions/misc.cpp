// Miscellaneous functions (spec expressions.md §6.5): is_empty, is_number, if_then.
#include "function_impls.hpp"

namespace httpctl::expr::functions {

bool is_empty(std::span<Value> args, CallEnv&, Value& out) {
    const Value& v = args[0];
    // §6.5: type-based; numbers are never empty (is_empty(0) ⇒ 0).
    const bool empty =
        (v.is_string() && v.as_string().empty()) || (v.is_array() && v.as_array().empty());
    out = Value(empty);
    return true;
}

bool is_number(std::span<Value> args, CallEnv&, Value& out) {
    out = Value(args[0].is_number());  // §6.5: the type only, is_number("123") ⇒ 0
    return true;
}

bool if_then(std::span<Value> args, CallEnv&, Value& out) {
    // §6.5: all three arguments were evaluated before the call (no short-circuit).
    Value& chosen = truthy(args[0]) ? args[1] : args[2];
    if (&out != &chosen) out = std::move(chosen);
    return true;
}

}  // namespace httpctl::expr::functions
