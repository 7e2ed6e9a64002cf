// The function table (spec expressions.md §6.1): name, arity, first dialect, implementation.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "expr/value.hpp"

namespace httpctl::expr {

struct EvalContext;

// What a function implementation may use besides its arguments.
struct CallEnv {
    Dialect dialect = Dialect::Head;
    const EvalContext* context = nullptr;  // stores, settings, provider (look-up functions only)
    std::string error;                     // set when an implementation returns false
};

// `args` holds exactly `arity` values, first argument first; the implementation may move from
// them. Returns false (with env.error set) only for run-time failures of look-up functions.
using FunctionImpl = bool (*)(std::span<Value> args, CallEnv& env, Value& out);

enum class FunctionKind : std::uint8_t {
    Pure,    // result depends only on the arguments: may be folded at compile time
    Lookup,  // reads stores, settings or live infrastructure (spec §6.6)
};

struct FunctionInfo {
    std::string_view name;
    std::uint8_t arity;
    Dialect since;  // V08 = in every supported release; Head = absent from v0.8.x
    FunctionKind kind;
    FunctionImpl impl;
};

// Every function of the newest release, `matches` and `config_get` excluded (those are special
// forms of the lexer, spec §2.13).
[[nodiscard]] std::span<const FunctionInfo> all_functions() noexcept;
// Exact-name lookup; nullptr when unknown.
[[nodiscard]] const FunctionInfo* find_function(std::string_view name) noexcept;

}  // namespace httpctl::expr
