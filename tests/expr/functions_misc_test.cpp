// is_empty, is_number, if_then (spec expressions.md §6.5, quirks §11.30, §11.36).
#include <catch2/catch.hpp>

#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call;

TEST_CASE("is_empty is type-based", "[functions][misc]") {
    CHECK(call("is_empty", {Value("")}) == Value(1));
    CHECK(call("is_empty", {arr()}) == Value(1));
    CHECK(call("is_empty", {Value(0)}) == Value(0));
    CHECK(call("is_empty", {Value(0.0)}) == Value(0));
    CHECK(call("is_empty", {Value("a")}) == Value(0));  // h-fn-is_empty-002
    CHECK(call("is_empty", {arr("")}) == Value(0));
}

TEST_CASE("is_number checks the type only (§11.30)", "[functions][misc]") {
    CHECK(call("is_number", {Value("123")}) == Value(0));
    CHECK(call("is_number", {Value(1.5)}) == Value(1));  // h-fn-is_number-002
    CHECK(call("is_number", {Value(2.0)}) == Value(1));  // h-fn-is_number-007 (4 / 2)
    CHECK(call("is_number", {Value(7)}) == Value(1));
    CHECK(call("is_number", {arr(1)}) == Value(0));
}

TEST_CASE("if_then picks by truthiness (§11.36)", "[functions][misc]") {
    CHECK(call("if_then", {Value(1), Value("a"), Value("b")}) == Value("a"));
    CHECK(call("if_then", {Value(0), Value("a"), Value("b")}) == Value("b"));
    CHECK(call("if_then", {arr(0), Value(1), Value(2)}) == Value(1));  // h-fn-if_then-005
    CHECK(call("if_then", {Value(1), call("if_then", {Value(0), Value("a"), Value("b")}),
                           Value("c")}) == Value("b"));  // h-fn-if_then-009
    CHECK(call("if_then", {Value("false"), Value(1), Value(2)}) == Value(1));
    CHECK(call("if_then", {Value(0.0), Value(1), Value(2)}) == Value(2));
    CHECK(call("if_then", {Value(1), arr(1, 2), Value(2)}) == arr(1, 2));
}
