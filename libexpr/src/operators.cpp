// Operator semantics (spec expressions.md §4.10), quirks included.
#include "expr/operators.hpp"

#include <limits>

namespace httpctl::expr {

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

// §4.10: Integer + - * saturate at the i64 bounds.
std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r)) return b > 0 ? kMax : kMin;
    return r;
}
std::int64_t saturating_sub(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_sub_overflow(a, b, &r)) return b < 0 ? kMax : kMin;
    return r;
}
std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_mul_overflow(a, b, &r)) return ((a < 0) != (b < 0)) ? kMin : kMax;
    return r;
}

double as_double(const Value& v) {
    return v.is_integer() ? static_cast<double>(v.as_integer()) : v.as_float();
}

enum class Arith { Add, Sub, Mul };

// Arithmetic on two numbers: Integer when both are, else Float.
Value numeric(Arith op, const Value& l, const Value& r) {
    if (l.is_integer() && r.is_integer()) {
        switch (op) {
            case Arith::Add:
                return Value(saturating_add(l.as_integer(), r.as_integer()));
            case Arith::Sub:
                return Value(saturating_sub(l.as_integer(), r.as_integer()));
            case Arith::Mul:
                return Value(saturating_mul(l.as_integer(), r.as_integer()));
        }
    }
    double a = as_double(l), b = as_double(r);
    switch (op) {
        case Arith::Add:
            return Value(a + b);
        case Arith::Sub:
            return Value(a - b);
        case Arith::Mul:
            return Value(a * b);
    }
    return Value();
}

Value add(Value&& l, Value&& r) {
    if (l.is_number() && r.is_number()) return numeric(Arith::Add, l, r);
    if (l.is_array()) {
        if (r.is_array()) {
            Array& a = l.array_mut();
            for (Value& v : r.array_mut())
                a.push_back(std::move(v));
        } else {
            l.array_mut().push_back(std::move(r));
        }
        return std::move(l);
    }
    if (r.is_array()) {
        Array& a = r.array_mut();
        a.insert(a.begin(), std::move(l));
        return std::move(r);
    }
    // §4.10: the empty string is an identity that keeps the other side's type ('' + 5 is 5).
    if (l.is_string()) {
        if (l.as_string().empty()) return std::move(r);
        append_display(r, l.string_mut());
        return std::move(l);
    }
    // l is a number, r a string.
    if (r.as_string().empty()) return std::move(l);
    SmallString s;
    s.reserve(24 + r.as_string().size());
    append_display(l, s);
    s.append(r.as_string());
    return Value(std::move(s));
}

// §4.10: subtracting involving an array removes the elements equal to the other side, from
// whichever side the array is on.
Value remove_matching(Value&& array, const Value& x) {
    Array& a = array.array_mut();
    std::erase_if(a, [&](const Value& e) { return loose_equals(e, x); });
    return std::move(array);
}

Value sub(Value&& l, Value&& r) {
    if (l.is_number() && r.is_number()) return numeric(Arith::Sub, l, r);
    if (l.is_array()) return remove_matching(std::move(l), r);
    if (r.is_array()) return remove_matching(std::move(r), l);
    return numeric(Arith::Sub, to_number(l), to_number(r));
}

Value mul(const Value& l, const Value& r) {
    if (l.is_number() && r.is_number()) return numeric(Arith::Mul, l, r);
    return numeric(Arith::Mul, to_number(l), to_number(r));
}

Value div(const Value& l, const Value& r) {
    Value nl = l.is_number() ? l : to_number(l);
    Value nr = r.is_number() ? r : to_number(r);
    double divisor = as_double(nr);
    // §4.10: a zero divisor gives 0.0, never inf or NaN.
    if (divisor == 0.0) return Value(0.0);
    return Value(as_double(nl) / divisor);
}

bool ordered(const Value& l, const Value& r, bool less, bool or_equal) {
    Ordering o = compare(l, r);
    if (o == Ordering::Undefined) return false;
    if (o == Ordering::Equal) return or_equal;
    return (o == Ordering::Less) == less;
}

}  // namespace

std::string_view op_symbol(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::Add:
            return "+";
        case BinaryOp::Sub:
            return "-";
        case BinaryOp::Mul:
            return "*";
        case BinaryOp::Div:
            return "/";
        case BinaryOp::Xor:
            return "^";
        case BinaryOp::And:
            return "&&";
        case BinaryOp::Or:
            return "||";
        case BinaryOp::Eq:
            return "==";
        case BinaryOp::Ne:
            return "!=";
        case BinaryOp::Lt:
            return "<";
        case BinaryOp::Le:
            return "<=";
        case BinaryOp::Gt:
            return ">";
        case BinaryOp::Ge:
            return ">=";
    }
    return "?";
}

std::string_view op_symbol(UnaryOp op) noexcept {
    return op == UnaryOp::Minus ? "-" : "!";
}

int precedence(BinaryOp op) noexcept {
    switch (op) {
        case BinaryOp::Mul:
        case BinaryOp::Div:
            return 7;
        case BinaryOp::Add:
        case BinaryOp::Sub:
            return 6;
        case BinaryOp::Lt:
        case BinaryOp::Le:
        case BinaryOp::Gt:
        case BinaryOp::Ge:
            return 5;
        case BinaryOp::Eq:
        case BinaryOp::Ne:
            return 4;
        case BinaryOp::Xor:
            return 3;
        case BinaryOp::And:
            return 2;
        case BinaryOp::Or:
            return 1;
    }
    return 0;
}

Value apply_binary(BinaryOp op, Value&& l, Value&& r) {
    switch (op) {
        case BinaryOp::Add:
            return add(std::move(l), std::move(r));
        case BinaryOp::Sub:
            return sub(std::move(l), std::move(r));
        default:
            return apply_binary(op, static_cast<const Value&>(l), static_cast<const Value&>(r));
    }
}

Value apply_binary(BinaryOp op, const Value& l, const Value& r) {
    switch (op) {
        case BinaryOp::Add:
            return add(Value(l), Value(r));
        case BinaryOp::Sub:
            return sub(Value(l), Value(r));
        case BinaryOp::Mul:
            return mul(l, r);
        case BinaryOp::Div:
            return div(l, r);
        case BinaryOp::Xor:
            return Value(truthy(l) != truthy(r));
        case BinaryOp::And:
            return Value(truthy(l) && truthy(r));
        case BinaryOp::Or:
            return Value(truthy(l) || truthy(r));
        case BinaryOp::Eq:
            return Value(loose_equals(l, r));
        case BinaryOp::Ne:
            return Value(!loose_equals(l, r));
        case BinaryOp::Lt:
            return Value(ordered(l, r, true, false));
        case BinaryOp::Le:
            return Value(ordered(l, r, true, true));
        case BinaryOp::Gt:
            return Value(ordered(l, r, false, false));
        case BinaryOp::Ge:
            return Value(ordered(l, r, false, true));
    }
    return Value();
}

void apply_binary_in_place(BinaryOp op, Value& left, Value&& right) {
    if (op == BinaryOp::Add && left.is_string() && !left.as_string().empty() && !right.is_array()) {
        append_display(right, left.string_mut());  // §4.10: non-empty string + scalar
        return;
    }
    if (op == BinaryOp::Add && left.is_integer() && right.is_integer()) {
        left = Value(saturating_add(left.as_integer(), right.as_integer()));
        return;
    }
    left = apply_binary(op, std::move(left), std::move(right));
}

Value apply_unary(UnaryOp op, Value&& v) {
    if (op == UnaryOp::Not) return Value(!truthy(v));
    Value n = v.is_number() ? std::move(v) : to_number(v);
    if (n.is_integer()) {
        // §4.10: unary minus wraps (the most negative i64 stays itself).
        return Value(static_cast<std::int64_t>(0ull - static_cast<std::uint64_t>(n.as_integer())));
    }
    return Value(-n.as_float());
}

Value apply_index(Value&& base, const Value& index) {
    const std::uint64_t i = to_index(index).value_or(0);
    if (base.is_array()) {
        Array& a = base.array_mut();
        if (i < a.size()) return std::move(a[i]);
        return Value();
    }
    // A scalar is a one-element list, "" an empty one (§4.7).
    if (i == 0 && !(base.is_string() && base.as_string().empty())) return std::move(base);
    return Value();
}

}  // namespace httpctl::expr
