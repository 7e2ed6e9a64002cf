// Array functions (spec expressions.md §6.3, quirks §11.28–30).
#include <catch2/catch.hpp>

#include <cmath>

#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call;

TEST_CASE("count", "[functions][array]") {
    CHECK(call("count", {arr(1, 2, 3)}) == Value(3));
    CHECK(call("count", {arr()}) == Value(0));  // h-fn-count-002
    CHECK(call("count", {Value(5)}) == Value(1));
    CHECK(call("count", {Value("")}) == Value(0));
    CHECK(call("count", {Value("abc")}) == Value(1));
    CHECK(call("count", {Value(0.0)}) == Value(1));
    CHECK(call("count", {arr("a", "b", "c")}) == Value(3));  // h-fn-count-008
}

TEST_CASE("sort: a truthy flag sorts descending (§11.28)", "[functions][array]") {
    CHECK(call("sort", {arr(3, 1, 2), Value(true)}) == arr(3, 2, 1));
    CHECK(call("sort", {arr(3, 1, 2), Value(false)}) == arr(1, 2, 3));
    CHECK(call("sort", {arr("z", "a", "b"), Value(true)}) == arr("z", "b", "a"));
    CHECK(call("sort", {Value("x"), Value(true)}) == arr("x"));
    CHECK(call("sort", {Value(""), Value(true)}) == arr());
    CHECK(call("sort", {Value("abc"), Value(false)}) == arr("abc"));  // h-fn-sort-005
    CHECK(call("sort", {arr(3, 1, 2), Value("x")}) == arr(3, 2, 1));  // flag by truthiness
    CHECK(call("sort", {arr(3, 1, 2), Value("")}) == arr(1, 2, 3));
    CHECK(call("sort", {arr(2.5, 1, 2), Value(0)}) == arr(1, 2, 2.5));
    CHECK(call("sort", {arr(arr(1, 3), arr(1, 2), arr(1)), Value(0)}) ==
          arr(arr(1), arr(1, 2), arr(1, 3)));
}

TEST_CASE("sort: inconsistent comparisons stay safe", "[functions][array]") {
    // NaN compares undefined with everything; mixed arrays/strings are Greater both ways.
    Array big;
    for (int i = 0; i < 200; ++i) {
        if (i % 7 == 0)
            big.emplace_back(std::nan(""));
        else if (i % 5 == 0)
            big.emplace_back(arr(i));
        else if (i % 3 == 0)
            big.emplace_back("s" + std::to_string(i));
        else
            big.emplace_back(i);
    }
    const Value sorted = call("sort", {Value(big), Value(1)});
    REQUIRE(sorted.is_array());
    CHECK(sorted.as_array().size() == big.size());
}

TEST_CASE("sort: large consistent input is ordered", "[functions][array]") {
    Array big;
    for (int i = 0; i < 100; ++i)
        big.emplace_back((i * 37) % 100);
    const Value sorted = call("sort", {Value(big), Value(0)});
    REQUIRE(sorted.as_array().size() == 100);
    for (int i = 0; i < 100; ++i)
        CHECK(sorted.as_array()[i] == Value(i));
}

TEST_CASE("dedup: cross-type equality keeps the first", "[functions][array]") {
    CHECK(call("dedup", {arr(1, "1", 2, 1)}) == arr(1, 2));
    CHECK(call("dedup", {Value("a")}) == arr("a"));
    CHECK(call("dedup", {arr("a", "A", "a")}) == arr("a", "A"));  // h-fn-dedup-002
    CHECK(call("dedup", {arr(1, "1", 1.0)}) == arr(1));           // h-fn-dedup-003
    CHECK(call("dedup", {Value("")}) == arr());
}

TEST_CASE("winnow", "[functions][array]") {
    CHECK(call("winnow", {arr("a", "", 0, "b", arr())}) == arr("a", 0, "b", arr()));
    CHECK(call("winnow", {Value(5)}) == Value(5));                  // §11.35
    CHECK(call("winnow", {Value("")}) == Value(""));                // h-fn-winnow-003
    CHECK(call("winnow", {arr()}) == arr());                        // h-fn-winnow-007
    CHECK(call("winnow", {arr("", "a", "", "", "")}) == arr("a"));  // h-misc-012's shape
}

TEST_CASE("is_intersect: two scalars never intersect (§11.29)", "[functions][array]") {
    CHECK(call("is_intersect", {Value("a"), Value("a")}) == Value(0));
    CHECK(call("is_intersect", {Value("1"), arr(1)}) == Value(1));
    CHECK(call("is_intersect", {Value("a"), arr("a")}) == Value(1));  // h-fn-is_intersect-004
    CHECK(call("is_intersect", {arr("a"), Value("a")}) == Value(1));
    CHECK(call("is_intersect", {arr(1, 2), arr(3, "2")}) == Value(1));
    CHECK(call("is_intersect", {arr(1, 2), arr(3, 4)}) == Value(0));
    CHECK(call("is_intersect", {arr(), arr()}) == Value(0));
    CHECK(call("is_intersect", {arr("b"), Value("a")}) == Value(0));
}
