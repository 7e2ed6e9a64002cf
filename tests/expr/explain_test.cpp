// Explaining an evaluation (expr/explain.hpp): the recorded values are those of the ordinary
// evaluation, operands a short-circuit skipped are marked, captures are shown as each match left
// them (one list shared by a whole block, spec expressions.md §5.3), and an aborted evaluation
// (§5.5) says why.
#include <catch2/catch.hpp>
#include <string>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/explain.hpp"
#include "expr/if_block.hpp"

using namespace httpctl::expr;

namespace {

IfBlock compile_block(const IfBlockText& text) {
    CompileOptions o;
    o.variables = VariableSet::all(Dialect::Head);
    auto r = compile_if_block(text, o);
    if (auto* e = std::get_if<IfBlockError>(&r))
        FAIL("block did not compile: " << e->error.message);
    return std::move(std::get<IfBlock>(r));
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("explain agrees with plain evaluation and lists sub-expressions parent first",
          "[explain]") {
    EvalContext ctx;
    ctx.set(Variable::LocalPort, Value(std::int64_t{8080}));
    const IfBlock b = compile_block({{}, "'port ' + (local_port + 1)"});
    Evaluator ev(ctx);
    Value plain;
    REQUIRE(b.evaluate(ev, plain));
    const Explanation x = explain(ev, b);
    REQUIRE(x.ok);
    CHECK(x.result == plain);
    CHECK(render_explanation(b, x) ==
          "expression: 'port ' + (local_port + 1)\n"
          "  'port ' + (local_port + 1) = \"port 8081\" : string\n"
          "    local_port + 1 = 8081 : integer\n"
          "      local_port = 8080 : integer\n"
          "result: \"port 8081\" : string\n");
}

TEST_CASE("explain marks operands a short-circuit skipped and shows folded constants",
          "[explain]") {
    EvalContext ctx;
    const IfBlock b = compile_block({{}, "0 && (local_port == 1) || 2 * 3"});
    Evaluator ev(ctx);
    const std::string text = render_explanation(b, explain(ev, b));
    CHECK(contains(text, "local_port == 1  (not evaluated)\n"));
    CHECK(contains(text, "2 * 3 = 6 : integer\n"));
    CHECK(contains(text, "result: 1 : integer\n"));
}

TEST_CASE("explain of a block: conditions tried, captures per match, branch taken", "[explain]") {
    EvalContext ctx;
    ctx.set(Variable::Rcpt, Value("jane@example.org"));
    const IfBlock b = compile_block({{{"matches('^(x+)$', rcpt)", "'x'"},
                                      {"matches('^(\\w+)@(.+)$', rcpt)", "$2 + '/' + $1"},
                                      {"1", "'never'"}},
                                     "'default'"});
    Evaluator ev(ctx);
    const Explanation x = explain(ev, b);
    REQUIRE(x.ok);
    CHECK(x.chosen == 1);
    const std::string text = render_explanation(b, x);
    CHECK(contains(text,
                   "if #1: matches('^(x+)$', rcpt)\n"
                   "  matches('^(x+)$', rcpt) = 0 : integer\n"
                   "    captures: (none)\n"));
    CHECK(contains(text, "  -> false\nif #2: "));
    CHECK(contains(
        text, "    captures: $0 = \"jane@example.org\", $1 = \"jane\", $2 = \"example.org\"\n"));
    CHECK(contains(text, "  -> true, take then #2\nthen #2: $2 + '/' + $1\n"));
    CHECK(contains(text, "result: \"example.org/jane\" : string (from then #2)\n"));
    CHECK_FALSE(contains(text, "if #3"));
    CHECK_FALSE(contains(text, "else:"));
}

TEST_CASE("explain of a block that falls through to else", "[explain]") {
    EvalContext ctx;
    const IfBlock b = compile_block({{{"is_tls", "'https'"}}, "'http'"});
    Evaluator ev(ctx);
    const std::string text = render_explanation(b, explain(ev, b));
    CHECK(text ==
          "if #1: is_tls\n"
          "  is_tls = \"\" : string\n"
          "  -> false\n"
          "else: 'http'\n"
          "  'http' = \"http\" : string\n"
          "result: \"http\" : string (from else)\n");
}

TEST_CASE("explain of an aborted evaluation names the failure", "[explain]") {
    EvalContext ctx;  // no look-up provider: counter_get fails (§5.5)
    const IfBlock b = compile_block({{{"counter_get('c', 'k') > 1", "'a'"}}, "'b'"});
    Evaluator ev(ctx);
    const Explanation x = explain(ev, b);
    CHECK_FALSE(x.ok);
    const std::string text = render_explanation(b, x);
    CHECK(contains(text, "if #1: counter_get('c', 'k') > 1\n"));
    CHECK(contains(text, "error: evaluation aborted: "));
    CHECK(contains(text, "counter_get"));
    CHECK_FALSE(contains(text, "result:"));
}
