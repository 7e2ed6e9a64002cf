// Hostile input for the compiler and evaluator: absurd nesting, very long flat expressions,
// invalid UTF-8, NUL bytes, regexes the engine refuses or that are huge, a million juxtaposed
// values. Everything must end in a value or a clear error, never a crash or a hang.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/function_call.hpp"
#include "expr/value.hpp"

using namespace httpctl::expr;

namespace {

CompileOptions options(bool fold) {
    CompileOptions o;
    o.fold_constants = fold;
    return o;
}

// Compiles (folded and unfolded) and evaluates; both must succeed and agree.
Value eval(const std::string& text, const EvalContext& ctx = EvalContext{}) {
    Value results[2];
    for (int fold = 0; fold < 2; ++fold) {
        auto r = compile(text, options(fold == 1));
        if (auto* err = std::get_if<CompileError>(&r)) {
            FAIL("did not compile: " << err->code << " " << err->message.substr(0, 200));
        }
        Evaluator ev(ctx);
        REQUIRE(ev.evaluate(std::get<Expression>(r), results[fold]));
    }
    CHECK(results[0] == results[1]);
    return results[1];
}

CompileError error_of(const std::string& text, const CompileOptions& o = CompileOptions{}) {
    auto r = compile(text, o);
    if (!std::holds_alternative<CompileError>(r)) FAIL("compiled, an error was expected");
    return std::get<CompileError>(std::move(r));
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i)
        out += s;
    return out;
}

}  // namespace

TEST_CASE("100,000 nested parentheses give a clear nesting error", "[hostile][nesting]") {
    const std::string text = repeat("(", 100000) + "1" + repeat(")", 100000);
    const CompileError e = error_of(text);
    CHECK(e.code == "E-TOO-DEEP");
    CHECK(e.message.find("256") != std::string::npos);
    CHECK_FALSE(e.help.empty());
    CHECK(e.column == 257);  // the first `(` beyond the limit
    // Only openers: the same error, not a crash.
    CHECK(error_of(repeat("(", 100000)).code == "E-TOO-DEEP");
    CHECK(error_of(repeat("[", 100000)).code == "E-TOO-DEEP");
    CHECK(error_of(repeat("len(", 100000) + "'a'" + repeat(")", 100000)).code == "E-TOO-DEEP");
    // Only closers: the first one is unmatched.
    CHECK(error_of(repeat(")", 100000)).code == "E-UNMATCHED-PAREN");
}

TEST_CASE("nesting up to max_nesting compiles; one more level does not", "[hostile][nesting]") {
    CHECK(eval(repeat("(", 256) + "7" + repeat(")", 256)) == Value(7));
    CHECK(eval(repeat("len(", 255) + "'abc'" + repeat(")", 255)) == Value(1));
    CHECK(error_of(repeat("(", 257) + "7" + repeat(")", 257)).code == "E-TOO-DEEP");
    CompileOptions small;
    small.max_nesting = 3;
    CHECK(std::holds_alternative<Expression>(compile("((len('a')))", small)));
    CHECK(error_of("(((len('a'))))", small).code == "E-TOO-DEEP");
    // Sequential groups do not add up.
    CHECK(std::holds_alternative<Expression>(compile(repeat("(1) + ", 10000) + "1", small)));
}

TEST_CASE("a raised max_nesting accepts 100,000 levels without exhausting the stack",
          "[hostile][nesting]") {
    CompileOptions deep;
    deep.max_nesting = 200000;
    for (bool fold : {true, false}) {
        deep.fold_constants = fold;
        auto parens = compile(repeat("(", 100000) + "1 + 1" + repeat(")", 100000), deep);
        REQUIRE(std::holds_alternative<Expression>(parens));
        EvalContext ctx;
        Evaluator ev(ctx);
        Value out;
        REQUIRE(ev.evaluate(std::get<Expression>(parens), out));
        CHECK(out == Value(2));
        auto calls = compile(repeat("len(", 100000) + "'abc'" + repeat(")", 100000), deep);
        REQUIRE(std::holds_alternative<Expression>(calls));
        REQUIRE(ev.evaluate(std::get<Expression>(calls), out));
        CHECK(out == Value(1));
    }
}

TEST_CASE("a 10 MB flat `1+1+...` chain compiles and evaluates exactly", "[hostile][long]") {
    constexpr std::size_t n = 5'000'000;
    std::string text = repeat("1+", n - 1) + "1";
    REQUIRE(text.size() > 9'999'000);
    CHECK(eval(text) == Value(static_cast<std::int64_t>(n)));
}

TEST_CASE("long flat chains of other operators evaluate like Stalwart", "[hostile][long]") {
    // `&&` is left-associative: every jump region is short.
    CHECK(eval(repeat("1 && ", 200000) + "'x'") == Value(1));
    CHECK(eval(repeat("0 || ", 200000) + "'x'") == Value(1));
    CHECK(eval(repeat("'' || ", 200000) + "''") == Value(0));
    // Saturation over a long chain.
    CHECK(eval(repeat("9223372036854775807 + ", 1000) + "1") ==
          Value(INT64_C(9223372036854775807)));
    // A long subtraction chain (left-associative).
    CHECK(eval("0" + repeat(" - 1", 100000)) == Value(-100000));
    // Concatenation of many strings.
    const Value s = eval(repeat("'ab' + ", 20000) + "'c'");
    REQUIRE(s.is_string());
    CHECK(s.as_string().size() == 40001);
    // A long chain of unary operators (the second `!`... all `!` are unary).
    CHECK(eval(repeat("!", 1'000'000) + "1") == Value(1));
    CHECK(eval(repeat("!", 999'999) + "0") == Value(1));
    CHECK(eval(repeat("!", 999'999) + "5") == Value(0));
}

TEST_CASE("1,000,000 juxtaposed values: the last one wins", "[hostile][juxtaposed]") {
    CHECK(eval(repeat("1 ", 999'999) + "7") == Value(7));
    CHECK(eval(repeat("'a' ", 999'999) + "'z'") == Value("z"));
}

TEST_CASE("invalid UTF-8 inside a string literal is rejected (§2.8)", "[hostile][utf8]") {
    for (const std::string& body :
         {std::string("\xff"), std::string("a\xe6\x97"), std::string("\xc0\xaf"),
          std::string("\xed\xa0\x80"), std::string("\x80"), std::string("\xf8\x88\x80\x80\x80")}) {
        const CompileError e = error_of("'" + body + "'");
        CHECK(e.code == "E-INVALID-UTF8");
        CHECK(e.message == "Invalid UTF-8");
        CHECK(e.column == 1);
    }
    // Valid multi-byte text is fine.
    CHECK(eval("len('日本語')") == Value(9));
    CHECK(eval("'\xf0\x9f\x98\x80'") == Value("\xf0\x9f\x98\x80"));
}

TEST_CASE("bytes >= 0x80 outside strings are invalid characters (§2.9, §2.14)", "[hostile][utf8]") {
    CHECK(error_of("1 + \xff").message == "Invalid character '\xc3\xbf'");  // 'ÿ'
    CHECK(error_of("\x80").message == "Invalid character '\\u{80}'");       // a C1 control
    CHECK(error_of("1 + \xe6\x97").code == "E-INVALID-CHAR");
    const CompileError e = error_of("'ok' \xe6\x97\xa5");
    CHECK(e.code == "E-INVALID-CHAR");
    CHECK(e.column == 6);
}

TEST_CASE("NUL bytes: an invalid character outside strings, an ordinary byte inside",
          "[hostile][nul]") {
    const std::string outside("1\0+2", 4);
    const CompileError e = error_of(outside);
    CHECK(e.code == "E-INVALID-CHAR");
    CHECK(e.message == "Invalid character '\\0'");
    CHECK(e.column == 2);
    const std::string inside("len('a\0b')", 10);
    CHECK(eval(inside) == Value(3));
    CHECK(eval(std::string("'a\0b'", 5)) == Value(std::string_view("a\0b", 3)));
    // After `}` everything is ignored, NUL included.
    CHECK(eval(std::string("1 } \0\xff", 6)) == Value(1));
}

TEST_CASE("regexes the engine refuses, or that are huge, fail cleanly", "[hostile][regex]") {
    CHECK(error_of(R"(matches('(a)\1', 'aa'))").code == "E-BAD-REGEX");
    CHECK(error_of("matches('(?<=a)b', 'ab')").code == "E-BAD-REGEX");
    CHECK(error_of("matches('(((', 'a')").code == "E-BAD-REGEX");
    // Rust's regex size limit: a nested repetition that expands to millions of states.
    CHECK(error_of("matches('(a{1000}){1000}', 'a')").code == "E-BAD-REGEX");
}

TEST_CASE("a huge literal regex compiles or fails cleanly; pathological patterns are linear",
          "[hostile][regex]") {
    const std::string big(200000, 'a');
    auto r = compile("matches('" + big + "', 'xaaa')");
    if (auto* e = std::get_if<CompileError>(&r)) {
        CHECK(e->code == "E-BAD-REGEX");
    } else {
        EvalContext ctx;
        Evaluator ev(ctx);
        Value out;
        REQUIRE(ev.evaluate(std::get<Expression>(r), out));
        CHECK(out == Value(0));
    }
    // No catastrophic backtracking: (a*)*b against 100,000 a's is linear.
    const std::string subject(100000, 'a');
    CHECK(eval("matches('(a*)*b', '" + subject + "')") == Value(0));
    CHECK(eval("matches('^(a|aa)+$', '" + subject + "')") == Value(1));
}

TEST_CASE("very long words and literals", "[hostile][long]") {
    const std::string word(1'000'000, 'x');
    const CompileError e = error_of(word);
    CHECK(e.code == "E-UNKNOWN-NAME");
    CHECK(e.column == 1);
    const std::string digits(100000, '9');
    CHECK(error_of(digits).message.rfind("Invalid integer value 999", 0) == 0);
    CHECK(eval("len('" + std::string(10'000'000, 'q') + "')") == Value(10'000'000));
    CHECK(eval(std::string(100000, '0') + "7") == Value(7));
}
