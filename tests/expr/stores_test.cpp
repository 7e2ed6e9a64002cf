// In-memory stores from lookup.<id>.<key> settings (spec expressions.md §6.6).
#include <catch2/catch.hpp>

#include <cmath>

#include "expr/stores.hpp"
#include "function_call.hpp"

using namespace httpctl::expr;

TEST_CASE("infer_store_value: booleans, integers, simple decimals, else text", "[stores]") {
    CHECK(infer_store_value("true") == Value(1));
    CHECK(infer_store_value("false") == Value(0));
    CHECK(infer_store_value("True") == Value("True"));
    CHECK(infer_store_value("25") == Value(25));
    CHECK(infer_store_value("-7") == Value(-7));
    CHECK(infer_store_value("007") == Value(7));
    CHECK(infer_store_value("1.") == Value(1.0));
    CHECK(infer_store_value("-2.5") == Value(-2.5));
    CHECK(infer_store_value("0.5") == Value(0.5));
    CHECK(infer_store_value(".5") == Value(".5"));
    CHECK(infer_store_value("1.2.3") == Value("1.2.3"));
    CHECK(infer_store_value("-") == Value("-"));
    CHECK(infer_store_value("-.5") == Value("-.5"));
    CHECK(infer_store_value("1e3") == Value("1e3"));
    CHECK(infer_store_value("+1") == Value("+1"));
    CHECK(infer_store_value(" 1") == Value(" 1"));
    CHECK(infer_store_value("") == Value(""));
    CHECK(infer_store_value("mx.example.org") == Value("mx.example.org"));
    CHECK(infer_store_value("9223372036854775807") == Value(std::int64_t{9223372036854775807}));
    CHECK(infer_store_value("9223372036854775808") == Value("9223372036854775808"));
    CHECK(infer_store_value("-9223372036854775808") ==
          Value(std::numeric_limits<std::int64_t>::min()));
}

TEST_CASE("stores: exact keys, backslashes removed", "[stores]") {
    InMemoryStores s;
    s.add_setting("default", "hostname", "mx.example.org");
    s.add_setting("default", "port", "25");
    s.add_setting("default", "a\\.b", "x");
    CHECK(s.has_store("default"));
    CHECK_FALSE(s.has_store("other"));
    REQUIRE(s.get("default", "port") != nullptr);
    CHECK(*s.get("default", "port") == Value(25));  // §11.41
    REQUIRE(s.get("default", "a.b") != nullptr);
    CHECK(*s.get("default", "a.b") == Value("x"));
    CHECK(s.get("default", "a\\.b") == nullptr);
    CHECK(s.get("default", "missing") == nullptr);
    CHECK(s.get("other", "port") == nullptr);
    CHECK(s.keys("default") == std::vector<std::string>{"a.b", "hostname", "port"});
    CHECK(s.store_names() == std::vector<std::string>{"default"});
}

TEST_CASE("stores: glob patterns after exact keys, in sorted order", "[stores]") {
    InMemoryStores s;
    s.add_setting("domains", "*.example.org", "wild");
    s.add_setting("domains", "a*", "a-star");
    s.add_setting("domains", "mail.example.org", "exact");
    s.add_setting("domains", "h?st", "one-char");
    s.add_setting("domains", "lit\\*eral", "escaped");
    s.add_setting("domains", "ünï?", "unicode");
    auto get = [&](std::string_view k) {
        const Value* v = s.get("domains", k);
        return v ? *v : Value("<none>");
    };
    CHECK(get("mail.example.org") == Value("exact"));
    CHECK(get("x.example.org") == Value("wild"));
    CHECK(get(".example.org") == Value("wild"));
    CHECK(get("a.example.org") == Value("wild"));  // "*.example.org" sorts before "a*"
    CHECK(get("abc") == Value("a-star"));
    CHECK(get("host") == Value("one-char"));
    CHECK(get("hst") == Value("<none>"));
    CHECK(get("hoost") == Value("<none>"));
    CHECK(get("Host") == Value("<none>"));  // case-sensitive
    CHECK(get("lit*eral") == Value("escaped"));
    CHECK(get("litXeral") == Value("<none>"));
    CHECK(get("ünïé") == Value("unicode"));  // `?` is one character, not one byte
    CHECK(get("example.org") == Value("<none>"));
}

TEST_CASE("stores: typed set() keeps the key literally", "[stores]") {
    InMemoryStores s;
    s.set("t", "a*", Value(0.5));
    REQUIRE(s.get("t", "a*") != nullptr);
    CHECK(*s.get("t", "a*") == Value(0.5));
    CHECK(s.get("t", "ab") == nullptr);
    s.set("t", "a*", Value(1));
    CHECK(*s.get("t", "a*") == Value(1));
}
