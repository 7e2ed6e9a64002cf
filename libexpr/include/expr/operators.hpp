// The operators of the language on values (spec expressions.md §4.10). Operands are taken by
// value so that a string on the left can be extended in place.
#pragma once

#include <cstdint>
#include <string_view>

#include "expr/value.hpp"

namespace httpctl::expr {

enum class BinaryOp : std::uint8_t { Add, Sub, Mul, Div, Xor, And, Or, Eq, Ne, Lt, Le, Gt, Ge };
enum class UnaryOp : std::uint8_t { Minus, Not };

[[nodiscard]] std::string_view op_symbol(BinaryOp op) noexcept;
[[nodiscard]] std::string_view op_symbol(UnaryOp op) noexcept;
// §3.2 precedence level, 1 (||) to 7 (* /).
[[nodiscard]] int precedence(BinaryOp op) noexcept;

[[nodiscard]] Value apply_binary(BinaryOp op, Value&& left, Value&& right);
// For operators that only read their operands (all but + and -, which may reuse one side).
[[nodiscard]] Value apply_binary(BinaryOp op, const Value& left, const Value& right);
[[nodiscard]] constexpr bool binary_consumes_operands(BinaryOp op) noexcept {
    return op == BinaryOp::Add || op == BinaryOp::Sub;
}
[[nodiscard]] Value apply_unary(UnaryOp op, Value&& operand);
// The same, storing the result in `left` (the evaluator's hot path: a string on the left is
// extended where it is, with no moves).
void apply_binary_in_place(BinaryOp op, Value& left, Value&& right);
// §5.1: `base[index]`: to_list(base) at to_index(index) (none -> 0), "" when out of range.
[[nodiscard]] Value apply_index(Value&& base, const Value& index);

}  // namespace httpctl::expr
