// Helpers for calling function implementations directly through the function table.
#pragma once

#include <catch2/catch.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "expr/functions.hpp"
#include "expr/value.hpp"

namespace Catch {
template <>
struct StringMaker<httpctl::expr::Value> {
    static std::string convert(const httpctl::expr::Value& v) {
        return std::string(httpctl::expr::type_name(v.type())) + " " +
               httpctl::expr::debug_string(v);
    }
};
}  // namespace Catch

namespace httpctl::expr::test {

template <typename... T>
Value arr(T&&... elements) {
    Array a;
    (a.emplace_back(std::forward<T>(elements)), ...);
    return Value(std::move(a));
}

// Calls `name` with `args` in `env`; returns what the implementation returned.
inline bool call_in(CallEnv& env, std::string_view name, std::vector<Value> args, Value& out) {
    const FunctionInfo* f = find_function(name);
    REQUIRE(f != nullptr);
    REQUIRE(args.size() == f->arity);
    return f->impl(std::span<Value>(args), env, out);
}

// Calls a function that must succeed.
inline Value call(std::string_view name, std::vector<Value> args, Dialect dialect = Dialect::Head) {
    CallEnv env;
    env.dialect = dialect;
    Value out;
    const bool ok = call_in(env, name, std::move(args), out);
    INFO(env.error);
    REQUIRE(ok);
    return out;
}

}  // namespace httpctl::expr::test
