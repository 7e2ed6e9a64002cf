// The value conversions and operators of spec expressions.md §4: to_number, to_integer,
// to_index, to_list, truthiness, the equality and ordering tables, + - * / with saturation,
// wrapping unary minus, and the two float formats (Display and ryu style).
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/function_call.hpp"
#include "expr/operators.hpp"
#include "expr/value.hpp"

using namespace httpctl::expr;
using httpctl::expr::test::arr;

namespace {

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

std::string display(double f) {
    SmallString s;
    append_float_display(f, s);
    return s.str();
}

std::string ryu(double f) {
    SmallString s;
    append_float_ryu(f, s);
    return s.str();
}

Value bin(BinaryOp op, Value l, Value r) {
    return apply_binary(op, std::move(l), std::move(r));
}
Value un(UnaryOp op, Value v) {
    return apply_unary(op, std::move(v));
}

// Evaluates `text` with and without constant folding; both must agree.
Value eval(std::string_view text, Dialect dialect = Dialect::Head) {
    Value results[2];
    for (int fold = 0; fold < 2; ++fold) {
        CompileOptions o;
        o.dialect = dialect;
        o.variables = VariableSet::all(dialect);
        o.fold_constants = fold == 1;
        auto r = compile(text, o);
        if (auto* err = std::get_if<CompileError>(&r)) {
            FAIL_CHECK("`" << text << "` did not compile: " << err->message);
            return Value();
        }
        EvalContext ctx;
        Evaluator ev(ctx);
        REQUIRE(ev.evaluate(std::get<Expression>(r), results[fold]));
    }
    INFO("`" << text << "` folded vs not folded");
    CHECK(results[0] == results[1]);
    return results[1];
}

}  // namespace

// ---- §4.2 truthiness --------------------------------------------------------------------

TEST_CASE("truthiness: zero, empty string and empty array are false; NaN and '0' are true",
          "[operators][truthy]") {
    CHECK_FALSE(truthy(Value(0)));
    CHECK(truthy(Value(1)));
    CHECK(truthy(Value(-1)));
    CHECK_FALSE(truthy(Value(0.0)));
    CHECK_FALSE(truthy(Value(-0.0)));
    CHECK(truthy(Value(kNaN)));
    CHECK(truthy(Value(0.5)));
    CHECK_FALSE(truthy(Value("")));
    CHECK(truthy(Value("0")));
    CHECK(truthy(Value("false")));
    CHECK(truthy(Value(" ")));
    CHECK_FALSE(truthy(Value(Array{})));
    CHECK(truthy(arr(0)));
    CHECK(truthy(arr("")));
    // §11.25 through the language: `!` is 1 for falsy operands.
    CHECK(eval("!'0'") == Value(0));
    CHECK(eval("!'false'") == Value(0));
    CHECK(eval("!0.0") == Value(1));
    CHECK(eval("![]") == Value(1));
    CHECK(eval("!''") == Value(1));
}

// ---- §4.5 to_number ---------------------------------------------------------------------

TEST_CASE("to_number: integer strings, Rust float syntax, non-numeric text and arrays",
          "[operators][to_number]") {
    CHECK(to_number(Value(5)) == Value(5));
    CHECK(to_number(Value(2.5)) == Value(2.5));
    CHECK(to_number(Value("42")) == Value(42));
    CHECK(to_number(Value("+5")) == Value(5));
    CHECK(to_number(Value("-5")) == Value(-5));
    CHECK(to_number(Value("007")) == Value(7));
    CHECK(to_number(Value("1.5")) == Value(1.5));
    CHECK(to_number(Value(".5")) == Value(0.5));
    CHECK(to_number(Value("5.")) == Value(5.0));
    CHECK(to_number(Value("1e3")) == Value(1000.0));
    CHECK(to_number(Value("+1E-3")) == Value(0.001));
    CHECK(to_number(Value("inf")) == Value(kInf));
    CHECK(to_number(Value("Infinity")) == Value(kInf));
    CHECK(to_number(Value("-INF")) == Value(-kInf));
    const Value nan = to_number(Value("NaN"));
    REQUIRE(nan.is_float());
    CHECK(std::isnan(nan.as_float()));
    // An integer too big for i64 is still a valid double.
    CHECK(to_number(Value("9223372036854775808")) == Value(9223372036854775808.0));
    // Non-numeric: Integer(0); leading/trailing spaces make the text non-numeric.
    CHECK(to_number(Value("abc")) == Value(0));
    CHECK(to_number(Value(" 5")) == Value(0));
    CHECK(to_number(Value("5 ")) == Value(0));
    CHECK(to_number(Value("0x10")) == Value(0));
    CHECK(to_number(Value("1_000")) == Value(0));
    CHECK(to_number(Value("")) == Value(0));
    // Arrays are inverted booleans.
    CHECK(to_number(Value(Array{})) == Value(1));
    CHECK(to_number(arr(1)) == Value(0));
    CHECK(to_number(arr(1, 2)) == Value(0));
}

// ---- §4.6 to_integer / to_index ------------------------------------------------------

TEST_CASE("to_integer truncates and saturates floats, parses strings, rejects arrays",
          "[operators][to_integer]") {
    CHECK(to_integer(Value(7)) == 7);
    CHECK(to_integer(Value(2.9)) == 2);
    CHECK(to_integer(Value(-2.9)) == -2);
    CHECK(to_integer(Value(1e300)) == kMax);
    CHECK(to_integer(Value(-1e300)) == kMin);
    CHECK(to_integer(Value(kInf)) == kMax);
    CHECK(to_integer(Value(kNaN)) == 0);
    CHECK(to_integer(Value("42")) == 42);
    CHECK(to_integer(Value("-42")) == -42);
    CHECK_FALSE(to_integer(Value("4.2")).has_value());
    CHECK_FALSE(to_integer(Value("abc")).has_value());
    CHECK_FALSE(to_integer(Value("")).has_value());
    CHECK_FALSE(to_integer(Value(Array{})).has_value());
    CHECK_FALSE(to_integer(arr(1)).has_value());
}

TEST_CASE("to_index reinterprets negative integers as huge and clamps negative floats to 0",
          "[operators][to_index]") {
    CHECK(to_index(Value(3)) == 3u);
    CHECK(to_index(Value(-1)) == std::numeric_limits<std::uint64_t>::max());
    CHECK(to_index(Value(1.5)) == 1u);
    CHECK(to_index(Value(-3.5)) == 0u);
    CHECK(to_index(Value(kNaN)) == 0u);
    CHECK(to_index(Value(1e300)) == std::numeric_limits<std::uint64_t>::max());
    CHECK(to_index(Value("+3")) == 3u);
    CHECK(to_index(Value("2")) == 2u);
    CHECK_FALSE(to_index(Value("-1")).has_value());
    CHECK_FALSE(to_index(Value("x")).has_value());
    CHECK_FALSE(to_index(Value("")).has_value());
    CHECK_FALSE(to_index(arr(1)).has_value());
}

TEST_CASE("indexing uses to_list and to_index; none means index 0 (§5.1)", "[operators][index]") {
    const Value list = arr("a", "b", "c");
    CHECK(apply_index(Value(list), Value(1)) == Value("b"));
    CHECK(apply_index(Value(list), Value("1")) == Value("b"));
    CHECK(apply_index(Value(list), Value(1.5)) == Value("b"));
    CHECK(apply_index(Value(list), Value(true)) == Value("b"));
    CHECK(apply_index(Value(list), Value(-1)) == Value(""));
    CHECK(apply_index(Value(list), Value(3)) == Value(""));
    CHECK(apply_index(Value(list), Value("x")) == Value("a"));
    CHECK(apply_index(Value(list), Value(Array{})) == Value("a"));
    // A scalar behaves like a one-element list; "" like an empty one.
    CHECK(apply_index(Value("addr"), Value(0)) == Value("addr"));
    CHECK(apply_index(Value("addr"), Value(1)) == Value(""));
    CHECK(apply_index(Value(5), Value(0)) == Value(5));
    CHECK(apply_index(Value(""), Value(0)) == Value(""));
    // Through the language: `[1,2][1]`, `[1,2][0-1]` (−1 wraps to a huge index).
    CHECK(eval("[1,2][1]") == Value(2));
    CHECK(eval("[1,2][0-1]") == Value(""));
    CHECK(eval("[[1,2],[3]][0][1]") == Value(2));
}

// ---- §4.7 to_list -----------------------------------------------------------------------

TEST_CASE("to_list: arrays give their elements, '' gives nothing, scalars one element",
          "[operators][to_list]") {
    CHECK(Value(to_list(arr(1, "a"))) == arr(1, "a"));
    CHECK(to_list(Value("")).empty());
    CHECK(Value(to_list(Value("x"))) == arr("x"));
    CHECK(Value(to_list(Value(0))) == arr(0));
    CHECK(Value(to_list(Value(0.0))) == arr(0.0));
    CHECK(Value(to_list(Value(Array{}))) == Value(Array{}));
}

// ---- §4.8 equality ----------------------------------------------------------------------

TEST_CASE("equality table of §4.8", "[operators][equality]") {
    CHECK(loose_equals(Value(1), Value(1)));
    CHECK(loose_equals(Value(1), Value(1.0)));
    CHECK(loose_equals(Value(1.0), Value(1)));
    CHECK_FALSE(loose_equals(Value(kNaN), Value(kNaN)));
    CHECK(loose_equals(Value(0.0), Value(-0.0)));
    CHECK(loose_equals(Value("abc"), Value(0)));
    CHECK(loose_equals(Value(0), Value("abc")));
    CHECK(loose_equals(Value(""), Value(0)));
    CHECK(loose_equals(Value("5.0"), Value(5)));
    CHECK(loose_equals(Value("+5"), Value(5)));
    CHECK(loose_equals(Value("1e3"), Value(1000)));
    CHECK(loose_equals(Value(2.5), Value("2.5")));
    CHECK_FALSE(loose_equals(Value(" 5"), Value(5)));
    CHECK(loose_equals(Value("nan"), Value("nan")));  // strings compare bytes
    CHECK_FALSE(loose_equals(Value("a"), Value("A")));
    CHECK_FALSE(loose_equals(Value("1"), Value("1.0")));
    CHECK_FALSE(loose_equals(arr(1), Value(1)));
    CHECK_FALSE(loose_equals(Value(1), arr(1)));
    CHECK_FALSE(loose_equals(Value(Array{}), Value("")));
    CHECK_FALSE(loose_equals(Value(""), Value(Array{})));
    CHECK(loose_equals(arr(1, "2"), arr(1.0, 2)));
    CHECK_FALSE(loose_equals(arr(1), arr(1, 1)));
    CHECK(loose_equals(arr(arr(1)), arr(arr("1"))));
    CHECK(loose_equals(Value(Array{}), Value(Array{})));

    // Through the language (§4.8 examples).
    CHECK(eval("'abc' == 0") == Value(1));
    CHECK(eval("'' == 0") == Value(1));
    CHECK(eval("'5.0' == 5") == Value(1));
    CHECK(eval("'1e3' == 1000") == Value(1));
    CHECK(eval("' 5' == 5") == Value(0));
    CHECK(eval("1 == 1.0") == Value(1));
    CHECK(eval("[1] == 1") == Value(0));
    CHECK(eval("[] == ''") == Value(0));
    CHECK(eval("'nan' == 'nan'") == Value(1));
    CHECK(eval("0.1 + 0.2 == 0.3") == Value(0));
    CHECK(eval("'a' != 'b'") == Value(1));
    CHECK(eval("'abc' != 0") == Value(0));
}

// ---- §4.9 ordering ----------------------------------------------------------------------

TEST_CASE("ordering table of §4.9, including arrays and undefined NaN", "[operators][ordering]") {
    CHECK(compare(Value(1), Value(2)) == Ordering::Less);
    CHECK(compare(Value(2), Value(1.5)) == Ordering::Greater);
    CHECK(compare(Value(1), Value(1.0)) == Ordering::Equal);
    CHECK(compare(Value(kNaN), Value(1.0)) == Ordering::Undefined);
    CHECK(compare(Value(1), Value(kNaN)) == Ordering::Undefined);
    CHECK(compare(Value("10"), Value("9")) == Ordering::Less);
    CHECK(compare(Value("10"), Value(9)) == Ordering::Greater);
    CHECK(compare(Value(9), Value("10")) == Ordering::Less);
    CHECK(compare(Value("B"), Value("a")) == Ordering::Less);
    CHECK(compare(Value("é"), Value("z")) == Ordering::Greater);
    CHECK(compare(Value(5), arr(1)) == Ordering::Less);
    CHECK(compare(Value(5.0), arr(1)) == Ordering::Less);
    CHECK(compare(arr(1), Value(5)) == Ordering::Greater);
    CHECK(compare(Value("a"), arr(1)) == Ordering::Greater);
    CHECK(compare(arr(1), Value("a")) == Ordering::Greater);
    CHECK(compare(arr(1, 2), arr(1, 3)) == Ordering::Less);
    CHECK(compare(arr(1), arr(1, 0)) == Ordering::Less);
    CHECK(compare(arr(1, 0), arr(1)) == Ordering::Greater);
    CHECK(compare(arr(1, "2"), arr(1, 2)) == Ordering::Equal);
    CHECK(compare(arr(kNaN, 1), arr(kNaN, 2)) == Ordering::Undefined);

    CHECK(eval("'10' < '9'") == Value(1));
    CHECK(eval("'10' < 9") == Value(0));
    CHECK(eval("'B' < 'a'") == Value(1));
    CHECK(eval("'é' > 'z'") == Value(1));
    CHECK(eval("[1] > 5") == Value(1));
    CHECK(eval("5 < [1]") == Value(1));
    CHECK(eval("'a' > [1]") == Value(1));  // §11.21: both directions are Greater
    CHECK(eval("[1] > 'a'") == Value(1));
    CHECK(eval("[1,2] < [1,3]") == Value(1));
    CHECK(eval("[1] < [1,0]") == Value(1));
    // `<=` is Less-or-Equal of the three-way comparison.
    CHECK(eval("'1.0' <= 1") == Value(1));
    CHECK(eval("2 >= 2.0") == Value(1));
    CHECK(eval("'abc' >= 0") == Value(1));
    // NaN comparisons are undefined: every ordering operator is false.
    CHECK(eval("'nan' * 1 < 1") == Value(0));
    CHECK(eval("'nan' * 1 >= 1") == Value(0));
    CHECK(eval("'nan' * 1 <= 'nan' * 1") == Value(0));
}

// ---- §4.10 + ----------------------------------------------------------------------------

TEST_CASE("`+` on numbers: saturating integers, float promotion", "[operators][add]") {
    CHECK(bin(BinaryOp::Add, Value(2), Value(3)) == Value(5));
    CHECK(bin(BinaryOp::Add, Value(kMax), Value(1)) == Value(kMax));
    CHECK(bin(BinaryOp::Add, Value(kMin), Value(-1)) == Value(kMin));
    CHECK(bin(BinaryOp::Add, Value(1), Value(0.5)) == Value(1.5));
    CHECK(bin(BinaryOp::Add, Value(0.5), Value(1)) == Value(1.5));
    CHECK(bin(BinaryOp::Add, Value(0.25), Value(0.5)) == Value(0.75));
    CHECK(eval("9223372036854775807 + 1") == Value(kMax));  // §11.19
    CHECK(eval("1 + 2 * 3") == Value(7));
}

TEST_CASE("`+` with strings: Display concatenation, '' keeps the other side's type",
          "[operators][add]") {
    CHECK(bin(BinaryOp::Add, Value("a"), Value("b")) == Value("ab"));
    CHECK(bin(BinaryOp::Add, Value("x"), Value(1.5)) == Value("x1.5"));
    CHECK(bin(BinaryOp::Add, Value("x"), Value(1.0)) == Value("x1"));
    CHECK(bin(BinaryOp::Add, Value(2.0), Value("x")) == Value("2x"));
    CHECK(bin(BinaryOp::Add, Value(""), Value(5)) == Value(5));
    CHECK(bin(BinaryOp::Add, Value(5), Value("")) == Value(5));
    CHECK(bin(BinaryOp::Add, Value(""), Value(2.5)) == Value(2.5));
    CHECK(bin(BinaryOp::Add, Value(""), Value("")) == Value(""));
    // §11.16 / §11.17
    CHECK(eval("'' + 1 + 2") == Value(3));
    CHECK(eval("'x' + 1 + 2") == Value("x12"));
    CHECK(eval("1 + 2 + 'x'") == Value("3x"));
    CHECK(eval("'5' + 1") == Value("51"));
    CHECK(eval("5 + ''") == Value(5));
    CHECK(eval("'' + 5") == Value(5));
    CHECK(eval("'x' + 10000000000000000.0") == Value("x10000000000000000"));  // §4.4
    CHECK(eval("'a' + 1.0") == Value("a1"));
    CHECK(eval("'a' + -1") == Value("a-1"));
    CHECK(eval("'timeout: ' + 5m") == Value("timeout: 300000"));
}

TEST_CASE("`+` with arrays: concatenation, append, prepend", "[operators][add]") {
    CHECK(bin(BinaryOp::Add, arr(1), arr(2, 3)) == arr(1, 2, 3));
    CHECK(bin(BinaryOp::Add, arr(1), Value("x")) == arr(1, "x"));
    CHECK(bin(BinaryOp::Add, Value("x"), arr(1)) == arr("x", 1));
    CHECK(bin(BinaryOp::Add, Value(""), arr(1)) == arr("", 1));
    CHECK(bin(BinaryOp::Add, arr(1), Value("")) == arr(1, ""));
    CHECK(eval("[1] + [[2]]") == arr(1, arr(2)));
    CHECK(eval("'' + [1]") == arr("", 1));
}

// ---- §4.10 - ----------------------------------------------------------------------------

TEST_CASE("`-`: numeric, saturating, array removal from either side, to_number otherwise",
          "[operators][sub]") {
    CHECK(bin(BinaryOp::Sub, Value(5), Value(3)) == Value(2));
    CHECK(bin(BinaryOp::Sub, Value(kMin), Value(1)) == Value(kMin));
    CHECK(bin(BinaryOp::Sub, Value(kMax), Value(-1)) == Value(kMax));
    CHECK(bin(BinaryOp::Sub, Value(1), Value(0.5)) == Value(0.5));
    CHECK(eval("-9223372036854775807 - 1") == Value(kMin));
    CHECK(eval("-9223372036854775807 - 2") == Value(kMin));
    // §11.23
    CHECK(eval("[1,2,3] - 2") == arr(1, 3));
    CHECK(eval("2 - [1,2,3]") == arr(1, 3));
    CHECK(eval("[1,'1',2] - 1") == arr(2));
    CHECK(eval("[1,2] - [1]") == arr(1, 2));
    CHECK(eval("[[1],2] - [1]") == arr(2));
    CHECK(eval("['a', 'b'] - 'a'") == arr("b"));
    CHECK(eval("['abc', 0] - 'x'") == arr("abc"));  // 0 == 'x' by §4.8, 'abc' != 'x'
    // §11.17
    CHECK(eval("'10' - 3") == Value(7));
    CHECK(eval("'abc' - 1") == Value(-1));
    CHECK(eval("'2.5' - 1") == Value(1.5));
    CHECK(eval("'' - 3") == Value(-3));
}

// ---- §4.10 * ----------------------------------------------------------------------------

TEST_CASE("`*`: saturating integers, to_number for strings and arrays", "[operators][mul]") {
    CHECK(bin(BinaryOp::Mul, Value(6), Value(7)) == Value(42));
    CHECK(bin(BinaryOp::Mul, Value(kMax), Value(2)) == Value(kMax));
    CHECK(bin(BinaryOp::Mul, Value(kMax), Value(-2)) == Value(kMin));
    CHECK(bin(BinaryOp::Mul, Value(kMin), Value(-1)) == Value(kMax));
    CHECK(bin(BinaryOp::Mul, Value(2), Value(1.5)) == Value(3.0));
    CHECK(eval("'3' * '4'") == Value(12));
    CHECK(eval("'1.5' * 2") == Value(3.0));
    CHECK(eval("[] * 5") == Value(5));  // §11.22
    CHECK(eval("[1,2] * 5") == Value(0));
    CHECK(eval("'abc' * 'def'") == Value(0));
    CHECK(eval("' 3' * 2") == Value(0));
    CHECK(eval("'inf' * 1") == Value(kInf));
}

// ---- §4.10 / ----------------------------------------------------------------------------

TEST_CASE("`/` always gives a Float and a zero divisor gives 0.0", "[operators][div]") {
    CHECK(bin(BinaryOp::Div, Value(10), Value(4)) == Value(2.5));
    CHECK(bin(BinaryOp::Div, Value(8), Value(2)) == Value(4.0));
    CHECK(bin(BinaryOp::Div, Value(7), Value(0)) == Value(0.0));
    CHECK(bin(BinaryOp::Div, Value(7), Value(0.0)) == Value(0.0));
    CHECK(bin(BinaryOp::Div, Value(7), Value(-0.0)) == Value(0.0));
    CHECK(bin(BinaryOp::Div, Value(0), Value(0)) == Value(0.0));
    CHECK(bin(BinaryOp::Div, Value(-5), Value(0)) == Value(0.0));
    // A NaN divisor divides normally.
    const Value nan_div = bin(BinaryOp::Div, Value(1), Value(kNaN));
    REQUIRE(nan_div.is_float());
    CHECK(std::isnan(nan_div.as_float()));
    CHECK(eval("7 / 0") == Value(0.0));  // §11.18
    CHECK(eval("10 / 4") == Value(2.5));
    CHECK(eval("8 / 2 / 2") == Value(2.0));
    CHECK(eval("'6' / '3'") == Value(2.0));
    CHECK(eval("'x' / 2") == Value(0.0));
    CHECK(eval("1 / 'x'") == Value(0.0));
}

// ---- §4.10 unary ------------------------------------------------------------------------

TEST_CASE("unary minus wraps integers, negates floats, coerces everything else",
          "[operators][unary]") {
    CHECK(un(UnaryOp::Minus, Value(5)) == Value(-5));
    CHECK(un(UnaryOp::Minus, Value(kMin)) == Value(kMin));  // wraps: stays itself
    CHECK(un(UnaryOp::Minus, Value(kMax)) == Value(-kMax));
    CHECK(un(UnaryOp::Minus, Value(1.5)) == Value(-1.5));
    CHECK(un(UnaryOp::Minus, Value(0.0)) == Value(-0.0));
    CHECK(un(UnaryOp::Minus, Value("5")) == Value(-5));
    CHECK(un(UnaryOp::Minus, Value("abc")) == Value(0));
    CHECK(un(UnaryOp::Minus, Value("")) == Value(0));
    CHECK(un(UnaryOp::Minus, Value(Array{})) == Value(-1));
    CHECK(un(UnaryOp::Minus, arr(1)) == Value(0));
    CHECK(eval("- []") == Value(-1));
    CHECK(eval("- [1]") == Value(0));
    CHECK(eval("-'5'") == Value(-5));
    CHECK(eval("-(-9223372036854775807 - 1)") == Value(kMin));
}

TEST_CASE("`!`, `&&`, `||`, `^` produce 0/1 by truthiness when evaluated", "[operators][logic]") {
    CHECK(un(UnaryOp::Not, Value("")) == Value(1));
    CHECK(un(UnaryOp::Not, Value("x")) == Value(0));
    CHECK(un(UnaryOp::Not, Value(kNaN)) == Value(0));
    CHECK(bin(BinaryOp::Xor, Value(1), Value("x")) == Value(0));
    CHECK(bin(BinaryOp::Xor, Value(1), Value("")) == Value(1));
    CHECK(bin(BinaryOp::Xor, Value(Array{}), Value(0.0)) == Value(0));
    CHECK(bin(BinaryOp::And, Value("abc"), Value("def")) == Value(1));
    CHECK(bin(BinaryOp::Or, Value(0), Value("")) == Value(0));
    CHECK(eval("1 ^ 'x'") == Value(0));
    CHECK(eval("0 ^ 'x'") == Value(1));
    // §5.2: short-circuit keeps the left operand itself.
    CHECK(eval("'' && 1") == Value(""));
    CHECK(eval("0 && 1") == Value(0));
    CHECK(eval("'abc' || 0") == Value("abc"));
    CHECK(eval("[1] || 0") == arr(1));
    CHECK(eval("'abc' && 'def'") == Value(1));
    CHECK(eval("0 || ''") == Value(0));
    CHECK(eval("0 || 'x'") == Value(1));
    CHECK(eval("0.0 || 2.5") == Value(1));
}

// ---- §4.3 float formats -----------------------------------------------------------------

TEST_CASE("Display float format: no exponent, no trailing .0", "[operators][float-format]") {
    CHECK(display(1.0) == "1");
    CHECK(display(100.0) == "100");
    CHECK(display(2.5) == "2.5");
    CHECK(display(0.1 + 0.2) == "0.30000000000000004");
    CHECK(display(1e16) == "10000000000000000");
    CHECK(display(1e21) == "1000000000000000000000");
    CHECK(display(0.00001) == "0.00001");
    CHECK(display(0.000001) == "0.000001");
    CHECK(display(-0.0) == "-0");
    CHECK(display(0.0) == "0");
    CHECK(display(-2.5) == "-2.5");
    CHECK(display(kNaN) == "NaN");
    CHECK(display(kInf) == "inf");
    CHECK(display(-kInf) == "-inf");
}

TEST_CASE("ryu float format: .0 for integral values, exponent from 1e16 and below 1e-5",
          "[operators][float-format]") {
    CHECK(ryu(1.0) == "1.0");
    CHECK(ryu(100.0) == "100.0");
    CHECK(ryu(0.0) == "0.0");
    CHECK(ryu(-0.0) == "-0.0");
    CHECK(ryu(2.5) == "2.5");
    CHECK(ryu(0.1 + 0.2) == "0.30000000000000004");
    CHECK(ryu(1e15) == "1000000000000000.0");
    CHECK(ryu(1e16) == "1e16");
    CHECK(ryu(1.5e16) == "1.5e16");
    CHECK(ryu(1e21) == "1e21");
    CHECK(ryu(1.5e300) == "1.5e300");
    CHECK(ryu(123456.789) == "123456.789");
    CHECK(ryu(0.00001) == "0.00001");
    CHECK(ryu(0.000001) == "1e-6");
    CHECK(ryu(1e-7) == "1e-7");
    CHECK(ryu(1.25e-6) == "1.25e-6");
    CHECK(ryu(-1e16) == "-1e16");
    CHECK(ryu(kNaN) == "NaN");
    CHECK(ryu(kInf) == "inf");
    CHECK(ryu(-kInf) == "-inf");
}

TEST_CASE("to_text uses ryu floats in Head and Display floats in V08; arrays join with CRLF",
          "[operators][to_text]") {
    CHECK(to_std_string(Value(1.0), Dialect::Head) == "1.0");
    CHECK(to_std_string(Value(1.0), Dialect::V08) == "1");
    CHECK(to_std_string(Value(1e16), Dialect::Head) == "1e16");
    CHECK(to_std_string(Value(1e16), Dialect::V08) == "10000000000000000");
    CHECK(to_std_string(Value(0.000001), Dialect::Head) == "1e-6");
    CHECK(to_std_string(Value(0.000001), Dialect::V08) == "0.000001");
    CHECK(to_std_string(Value(-0.0), Dialect::Head) == "-0.0");
    CHECK(to_std_string(Value(-0.0), Dialect::V08) == "-0");
    CHECK(to_std_string(Value(-12), Dialect::Head) == "-12");
    // Array join rule (§4.3): CRLF before an element only when text is non-empty.
    CHECK(to_std_string(arr("", "b"), Dialect::Head) == "b");
    CHECK(to_std_string(arr("a", "", "b"), Dialect::Head) == "a\r\n\r\nb");
    CHECK(to_std_string(arr("a", arr("x"), "b"), Dialect::Head) == "a\r\n\r\nb");
    CHECK(to_std_string(arr(arr("x"), "b"), Dialect::Head) == "b");
    CHECK(to_std_string(arr(1, 2.0), Dialect::Head) == "1\r\n2.0");
    CHECK(to_std_string(arr(1, 2.0), Dialect::V08) == "1\r\n2");
    // §11.26 through functions.
    CHECK(eval("len(1.0)") == Value(3));
    CHECK(eval("len(1.0)", Dialect::V08) == Value(1));
    CHECK(eval("contains(1.0, '.')") == Value(1));
    CHECK(eval("contains(1.0, '.')", Dialect::V08) == Value(0));
    CHECK(eval("trim(10000000000000000.0)") == Value("1e16"));
    CHECK(eval("trim(1.0)", Dialect::V08) == Value("1"));
}
