// If/then/else blocks (spec expressions.md §5.3, §5.4, §5.5): the first truthy condition selects
// its value, else the default; nothing after the chosen branch runs; one capture list is shared
// by the whole block; a failed look-up aborts the whole block in Head.
#include <catch2/catch.hpp>

#include <string>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/function_call.hpp"
#include "expr/if_block.hpp"
#include "expr/lookup.hpp"
#include "expr/value.hpp"

using namespace httpctl::expr;

namespace {

// Counts counter_incr calls (to see which expressions ran); every other look-up fails as the
// default provider does.
class CountingProvider final : public LookupProvider {
  public:
    int calls = 0;
    bool counter_incr(std::string_view, std::string_view, std::int64_t amount, Value& out,
                      std::string&) override {
        ++calls;
        out = Value(static_cast<std::int64_t>(calls) * amount);
        return true;
    }
};

IfBlock block(const IfBlockText& text, Dialect dialect = Dialect::Head) {
    CompileOptions o;
    o.dialect = dialect;
    o.variables = VariableSet::all(dialect);
    auto r = compile_if_block(text, o);
    if (auto* e = std::get_if<IfBlockError>(&r))
        FAIL("block did not compile: " << e->error.message);
    return std::get<IfBlock>(std::move(r));
}

struct Outcome {
    bool ok = false;
    Value value;
    std::size_t chosen = 99;
};

Outcome run(const IfBlock& b, const EvalContext& ctx) {
    Evaluator ev(ctx);
    Outcome o;
    o.ok = b.evaluate(ev, o.value, &o.chosen);
    return o;
}

}  // namespace

TEST_CASE("the first truthy condition selects its value (§5.4)", "[if-block]") {
    EvalContext ctx;
    ctx.set(Variable::LocalPort, Value(443));
    const IfBlock b = block({{{"local_port == 25", "'smtp'"},
                              {"local_port == 443", "'https'"},
                              {"local_port > 0", "'other'"}},
                             "'none'"});
    const Outcome o = run(b, ctx);
    REQUIRE(o.ok);
    CHECK(o.value == Value("https"));
    CHECK(o.chosen == 1);

    ctx.set(Variable::LocalPort, Value(25));
    CHECK(run(b, ctx).value == Value("smtp"));
    CHECK(run(b, ctx).chosen == 0);

    ctx.set(Variable::LocalPort, Value(8080));
    CHECK(run(b, ctx).value == Value("other"));
}

TEST_CASE("no truthy condition: the else value; truthiness per §4.2", "[if-block]") {
    EvalContext ctx;
    const IfBlock b = block({{{"0", "1"}, {"''", "2"}, {"[]", "3"}, {"0.0", "4"}}, "'default'"});
    const Outcome o = run(b, ctx);
    REQUIRE(o.ok);
    CHECK(o.value == Value("default"));
    CHECK(o.chosen == 4);
    // `'false'` and `'0'` are true.
    CHECK(run(block({{{"'false'", "'yes'"}}, "'no'"}), ctx).value == Value("yes"));
    CHECK(run(block({{{"'0'", "'yes'"}}, "'no'"}), ctx).value == Value("yes"));
    // NaN is true.
    CHECK(run(block({{{"'nan' * 1", "'yes'"}}, "'no'"}), ctx).value == Value("yes"));
}

TEST_CASE("nothing after the chosen branch is evaluated (§5.4)", "[if-block]") {
    CountingProvider provider;
    EvalContext ctx;
    ctx.provider = &provider;
    const IfBlock b = block({{{"counter_incr('s', 'a', 1) == 1", "'first'"},
                              {"counter_incr('s', 'b', 1)", "counter_incr('s', 'c', 1)"}},
                             "counter_incr('s', 'd', 1)"});
    const Outcome o = run(b, ctx);
    REQUIRE(o.ok);
    CHECK(o.value == Value("first"));
    CHECK(provider.calls == 1);
    // A false first condition runs the second condition and its value, not the else.
    provider.calls = 1;  // the first counter_incr now returns 2
    const Outcome second = run(b, ctx);
    REQUIRE(second.ok);
    CHECK(second.chosen == 1);
    CHECK(provider.calls == 4);  // condition 0, condition 1, then-value 1
    CHECK(second.value == Value(4));
}

TEST_CASE("captures are shared by all conditions, the chosen value and the else (§5.3, §11.38)",
          "[if-block][captures]") {
    EvalContext ctx;
    ctx.set(Variable::Rcpt, Value("user@example.org"));
    // The spec's example: a false condition's successful match feeds `$1` later.
    const IfBlock b =
        block({{{"matches('^(.+)@(.+)$', rcpt) && false", "1"}, {"true", "$1"}}, "0"});
    const Outcome o = run(b, ctx);
    REQUIRE(o.ok);
    CHECK(o.value == Value("user"));
    // ... and the else branch.
    const IfBlock e = block({{{"matches('^(.+)@(.+)$', rcpt) && false", "1"}}, "$2 + '!'"});
    CHECK(run(e, ctx).value == Value("example.org!"));
    // A later failed match clears the list (§5.3).
    const IfBlock cleared =
        block({{{"matches('^(.+)@', rcpt) && false", "1"}, {"matches('^(x)', rcpt) || true", "$1"}},
               "0"});
    CHECK(run(cleared, ctx).value == Value(""));
    // The chosen value sees its own condition's groups.
    const IfBlock own = block({{{"matches('@(.+)$', rcpt)", "'at ' + $1"}}, "''"});
    CHECK(run(own, ctx).value == Value("at example.org"));
}

TEST_CASE("each block evaluation starts with an empty capture list (§5.3)",
          "[if-block][captures]") {
    EvalContext ctx;
    Evaluator ev(ctx);
    Value out;
    auto first = compile("matches('(x)', 'x')");
    REQUIRE(std::holds_alternative<Expression>(first));
    REQUIRE(ev.evaluate(std::get<Expression>(first), out));
    REQUIRE(ev.captures().size() == 2);
    const IfBlock b = block({{{"$1 == 'x'", "'leaked'"}}, "'clean'"});
    REQUIRE(b.evaluate(ev, out));
    CHECK(out == Value("clean"));
}

TEST_CASE("a failed look-up aborts the whole block in Head (§5.5, §11.42)", "[if-block][errors]") {
    CountingProvider provider;  // key_get / dns_query fail: no store, no resolver
    EvalContext ctx;
    ctx.provider = &provider;
    const IfBlock b = block(
        {{{"key_get('missing', 'k') == ''", "'a'"}, {"counter_incr('s', 'k', 1)", "'b'"}}, "'c'"});
    Evaluator ev(ctx);
    Value out;
    CHECK_FALSE(b.evaluate(ev, out));
    CHECK(provider.calls == 0);  // the remaining conditions were not tried
    CHECK(ev.error().find("key_get") != std::string::npos);

    // No provider at all: dns_query fails and names itself; the else is not used either.
    EvalContext bare;
    const IfBlock dns = block({{{"false", "1"}}, "dns_query('example.org', 'mx')"});
    Evaluator ev2(bare);
    CHECK_FALSE(dns.evaluate(ev2, out));
    CHECK(ev2.error().find("dns_query") != std::string::npos);

    // A failing look-up inside a skipped operand does not run, so it cannot fail.
    const IfBlock skipped = block({{{"0 && dns_query('example.org', 'mx')", "1"}}, "'ok'"});
    const Outcome o = run(skipped, bare);
    REQUIRE(o.ok);
    CHECK(o.value == Value("ok"));
}

TEST_CASE("v0.8 substitutes defaults for failed look-ups and continues (§5.5, §11.42)",
          "[if-block][errors][v08]") {
    EvalContext bare;
    const IfBlock b = block(
        {{{"key_get('missing', 'k') == 'x'", "'a'"}, {"key_exists('missing', 'k') == 0", "'b'"}},
         "'c'"},
        Dialect::V08);
    const Outcome o = run(b, bare);
    REQUIRE(o.ok);
    CHECK(o.value == Value("b"));
}

TEST_CASE("compile_if_block reports the first failing part; empty blocks read as unset",
          "[if-block][compile]") {
    CompileOptions o;
    auto bad_then = compile_if_block({{{"true", "1"}, {"false", "len()"}}, "0"}, o);
    REQUIRE(std::holds_alternative<IfBlockError>(bad_then));
    const auto& e = std::get<IfBlockError>(bad_then);
    CHECK(e.part == IfBlockError::Part::Then);
    CHECK(e.branch == 1);
    CHECK(e.error.code == "E-ARITY");

    auto bad_if = compile_if_block({{{"1 +", "1"}, {"(", "2"}}, "0"}, o);
    REQUIRE(std::holds_alternative<IfBlockError>(bad_if));
    CHECK(std::get<IfBlockError>(bad_if).part == IfBlockError::Part::If);
    CHECK(std::get<IfBlockError>(bad_if).branch == 1);

    auto bad_else = compile_if_block({{{"true", "1"}}, "'x"}, o);
    REQUIRE(std::holds_alternative<IfBlockError>(bad_else));
    CHECK(std::get<IfBlockError>(bad_else).part == IfBlockError::Part::Else);

    // `key = ""` or `()`: no conditions, empty default: "not set".
    CHECK(block({{}, ""}).empty());
    CHECK(block({{}, "()"}).empty());
    CHECK_FALSE(block({{}, "1"}).empty());
    CHECK_FALSE(block({{{"true", "1"}}, ""}).empty());
    // A plain-string setting is a block with only a default.
    EvalContext ctx;
    CHECK(run(block({{}, "1 + 1"}), ctx).value == Value(2));
}
