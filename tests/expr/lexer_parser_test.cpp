// The lexer and the shunting-yard parser (spec expressions.md §2, §3) and the quirks of §11,
// checked through compile + evaluate, the postfix program and the leniency notes.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/function_call.hpp"
#include "expr/operators.hpp"
#include "expr/value.hpp"
#include "expr/variables.hpp"

using namespace httpctl::expr;
using httpctl::expr::test::arr;

namespace {

EvalContext make_context() {
    EvalContext c;
    c.set(Variable::Rcpt, Value("user@example.org"));
    c.set(Variable::RcptDomain, Value("example.org"));
    c.set(Variable::Sender, Value("jdoe"));
    c.set(Variable::Mx, Value("mx.example.org"));
    c.set(Variable::Priority, Value(1));
    c.set(Variable::LocalPort, Value(443));
    c.set(Variable::Recipients, arr("a@x.org", "b@y.org"));
    return c;
}

CompileOptions options(bool fold, Dialect dialect = Dialect::Head) {
    CompileOptions o;
    o.dialect = dialect;
    o.variables = VariableSet::all(dialect);
    o.fold_constants = fold;
    return o;
}

Expression compile_ok(std::string_view text, const CompileOptions& o) {
    auto r = compile(text, o);
    if (auto* err = std::get_if<CompileError>(&r)) {
        FAIL("`" << text << "` did not compile: " << err->message);
    }
    return std::get<Expression>(std::move(r));
}

// Evaluates with and without constant folding in the test context; both must agree.
Value eval(std::string_view text, Dialect dialect = Dialect::Head) {
    const EvalContext ctx = make_context();
    Value results[2];
    for (int fold = 0; fold < 2; ++fold) {
        Expression e = compile_ok(text, options(fold == 1, dialect));
        Evaluator ev(ctx);
        INFO("`" << text << "`");
        REQUIRE(ev.evaluate(e, results[fold]));
    }
    INFO("`" << text << "`: folded and unfolded evaluation differ");
    CHECK(results[0] == results[1]);
    return results[1];
}

// The compile error message, or "<compiled>".
std::string error_of(std::string_view text, Dialect dialect = Dialect::Head) {
    auto r = compile(text, options(true, dialect));
    if (auto* err = std::get_if<CompileError>(&r)) return err->message;
    return "<compiled>";
}

std::string_view binary_name(std::uint8_t op) {
    static constexpr std::string_view names[] = {"Add", "Sub", "Mul", "Div", "Xor", "And", "Or",
                                                 "Eq",  "Ne",  "Lt",  "Le",  "Gt",  "Ge"};
    return op < std::size(names) ? names[op] : "?";
}

// The postfix program in the notation of spec §3.7/§3.8.
std::string postfix(std::string_view text) {
    Expression e = compile_ok(text, options(true));
    std::string out;
    for (const Instruction& in : e.program()) {
        if (!out.empty()) out += ' ';
        using Op = Instruction::Op;
        switch (in.op) {
            case Op::PushConst:
                out += debug_string(e.constant(in.payload));
                break;
            case Op::PushVar:
                out += variable_name(static_cast<Variable>(in.payload));
                break;
            case Op::PushGlobal:
                out += "$" + e.name(in.payload);
                break;
            case Op::PushCapture:
                out += "$" + std::to_string(in.payload);
                break;
            case Op::PushSetting:
                out += "Setting(" + e.name(in.payload) + ")";
                break;
            case Op::Unary:
                out += static_cast<UnaryOp>(in.sub) == UnaryOp::Minus ? "Minus" : "Not";
                break;
            case Op::Binary:
                out += binary_name(in.sub);
                break;
            case Op::JmpIf:
                out += std::string("JmpIf(") + (in.sub != 0 ? "true" : "false") + "," +
                       std::to_string(in.payload) + ")";
                break;
            case Op::Call:
                out += "Call(" + std::string(e.function(in.payload).name) + ")";
                break;
            case Op::ArrayAccess:
                out += "ArrayAccess";
                break;
            case Op::ArrayBuild:
                out += "ArrayBuild(" + std::to_string(in.payload) + ")";
                break;
            case Op::Regex:
                out += "Regex";
                break;
        }
    }
    return out;
}

std::vector<NoteKind> notes_of(std::string_view text) {
    Expression e = compile_ok(text, options(true));
    std::vector<NoteKind> kinds;
    for (const LeniencyNote& n : e.notes())
        kinds.push_back(n.kind);
    return kinds;
}

bool has_note(std::string_view text, NoteKind kind) {
    const auto kinds = notes_of(text);
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

}  // namespace

// ---- §2.2 / §2.3 / §2.4 words and numbers -----------------------------------------------

TEST_CASE("number literals: leading zeros, float forms, no exponent or separators",
          "[lexer][numbers]") {
    CHECK(eval("007") == Value(7));
    CHECK(eval("1.0") == Value(1.0));
    CHECK(eval("1") == Value(1));
    CHECK(eval("1.") == Value(1.0));
    CHECK(eval(".5") == Value(0.5));
    CHECK(eval("9223372036854775807") == Value(kMax));
    CHECK(error_of("9223372036854775808") == "Invalid integer value 9223372036854775808");
    // §2.3: the most negative i64 cannot be written as a literal.
    CHECK(error_of("-9223372036854775808") == "Invalid integer value 9223372036854775808");
    CHECK(error_of("1e5") == "Invalid variable or constant \"1e5\"");
    CHECK(error_of("1_000") == "Invalid variable or constant \"1_000\"");
    CHECK(error_of("192.168.1.1") == "Invalid float value 192.168.1.1");
}

TEST_CASE("word buffer: `*` after a dot and `:` after a dot join the word (§2.2, §11.6)",
          "[lexer][words]") {
    CHECK(error_of("a.*") == "Invalid variable or constant \"a.*\"");
    CHECK(error_of("2.*3") == "Invalid float value 2.*3");
    CHECK(eval("2.0*3") == Value(6.0));
    CHECK(error_of("1.5:2") == "Invalid float value 1.5:2");
    CHECK(error_of("::1") == "Invalid character ':'");
    // `[`-dependent rules are dead code: `]` and `-` after `[` stay punctuation.
    CHECK(eval("[1][0]") == Value(1));
    CHECK(eval("[1,2][0-1]") == Value(""));
}

TEST_CASE("booleans are the integers 1 and 0, case-sensitive (§2.5)", "[lexer][booleans]") {
    CHECK(eval("true") == Value(1));
    CHECK(eval("false") == Value(0));
    CHECK(error_of("True") == "Invalid variable or constant \"True\"");
    CHECK(error_of("FALSE") == "Invalid variable or constant \"FALSE\"");
}

TEST_CASE("`$` tokens: captures and Head globals (§2.6, §11.9)", "[lexer][dollar]") {
    CHECK(error_of("$") == "Invalid variable or constant \"$\"");
    CHECK(eval("$0") == Value(""));
    CHECK(eval("$12") == Value(""));
    CHECK(eval("$007") == Value(""));
    CHECK(eval("$foo") == Value(0));
    CHECK(eval("$1a") == Value(0));
    CHECK(eval("$_x") == Value(0));
    CHECK(eval("$99999999999") == Value(0));  // too big for u32: a global
    CHECK(postfix("$99999999999") == "$99999999999");
    CHECK(postfix("$1a") == "$1a");
    CHECK(postfix("$$a") == "$$a");           // the name is the text after the first `$`
    CHECK(eval("$4294967295") == Value(""));  // fits in u32: a capture
    CHECK(eval("$4294967296") == Value(0));   // does not: a global
    // In v0.8.5 globals do not exist.
    CHECK(error_of("$foo", Dialect::V08) == "Invalid variable or constant \"$foo\"");
    CHECK(error_of("$99999999999", Dialect::V08) ==
          "Invalid variable or constant \"$99999999999\"");
    CHECK(eval("$1", Dialect::V08) == Value(""));
}

TEST_CASE("durations: unit-order-insensitive words in milliseconds (§2.7, §11.5)",
          "[lexer][durations]") {
    CHECK(eval("5m") == Value(300000));
    CHECK(eval("5M") == Value(300000));
    CHECK(eval("10s") == Value(10000));
    CHECK(eval("2d") == Value(172800000));
    CHECK(eval("100ms") == Value(100));
    CHECK(eval("100MS") == Value(100));
    CHECK(eval("1h1") == Value(39600000));
    CHECK(eval("1m30s") == Value(130));
    CHECK(eval("s10") == Value(10000));
    CHECK(eval("h1") == Value(3600000));
    CHECK(eval("18446744073709551615ms") == Value(-1));  // u64 wraps into i64
    CHECK(error_of("m") == "Invalid variable or constant \"m\"");
    CHECK(error_of("0s") == "Invalid variable or constant \"0s\"");
    CHECK(error_of("1.5h") != "<compiled>");
    CHECK(error_of("5w") == "Invalid variable or constant \"5w\"");
    CHECK(error_of("99999999999999999999s") != "<compiled>");
    CHECK(error_of("1 h") == "Invalid variable or constant \"h\"");
    CHECK(eval("1d > 23h") == Value(1));
    // The run-time parser accepts spaces; zero and unknown units fail.
    CHECK(parse_duration("1 h") == 3600000);
    CHECK(parse_duration("500") == 500);
    CHECK_FALSE(parse_duration("0").has_value());
    CHECK_FALSE(parse_duration("").has_value());
    CHECK_FALSE(parse_duration("5min").has_value());
}

TEST_CASE("named constants shadow durations; context names come after functions (§2.3)",
          "[lexer][names]") {
    CompileOptions o = options(true);
    o.constants = {{"relaxed", 2}, {"s10", 5}};
    EvalContext ctx;
    Evaluator ev(ctx);
    Value out;
    REQUIRE(ev.evaluate(compile_ok("relaxed + 1", o), out));
    CHECK(out == Value(3));
    REQUIRE(ev.evaluate(compile_ok("s10", o), out));
    CHECK(out == Value(5));
    // Without the setting's constants, the name is unknown (§7.6).
    CHECK(error_of("relaxed") == "Invalid variable or constant \"relaxed\"");
    // A variable outside the setting's set is rejected.
    CompileOptions http = options(true);
    http.variables = VariableSet{};
    http.variables.add(Variable::LocalPort);
    CHECK(std::holds_alternative<CompileError>(compile("rcpt", http)));
    CHECK(std::holds_alternative<Expression>(compile("local_port", http)));
}

// ---- §2.8 strings -----------------------------------------------------------------------

TEST_CASE("string literals keep backslashes; \\n \\r \\t after a backslash (§2.8, §11.2)",
          "[lexer][strings]") {
    CHECK(eval("'a\nb'") == Value("a\nb"));  // a real LF inside the literal
    CHECK(eval(R"('a\nb')") == Value("a\\\nb"));
    CHECK(eval(R"('a\rb')") == Value("a\\\rb"));
    CHECK(eval(R"('a\tb')") == Value("a\\\tb"));
    CHECK(eval(R"('a\qb')") == Value("a\\qb"));
    CHECK(eval(R"('it\'s')") == Value("it\\'s"));
    CHECK(eval(R"("say \"hi\"")") == Value("say \\\"hi\\\""));
    CHECK(eval(R"('\\n')") == Value("\\\\\n"));
    CHECK(eval(R"(len('\\n'))") == Value(3));
    CHECK(eval(R"('\é')") == Value("\\é"));
    CHECK(eval("\"it's\"") == Value("it's"));
    CHECK(eval("'say \"x\"'") == Value("say \"x\""));
    CHECK(eval("'日本語'") == Value("日本語"));
    CHECK(error_of(R"('\\')") == "Unterminated string");
    CHECK(error_of("'abc") == "Unterminated string");
    CHECK(error_of("\"abc'") == "Unterminated string");
    // Adjacent literals are two values; the last one wins (§11.10).
    CHECK(eval("'a''b'") == Value("b"));
    // lines() sees the backslash too (§2.8).
    CHECK(eval(R"(lines('a\nb'))") == arr("a\\", "b"));
}

// ---- §2.9 operators ---------------------------------------------------------------------

TEST_CASE("operator spellings of §2.9", "[lexer][operators]") {
    CHECK(eval("1 & 1") == Value(1));
    CHECK(eval("1 && 0") == Value(0));
    CHECK(eval("0 | 1") == Value(1));
    CHECK(eval("0 || 0") == Value(0));
    CHECK(eval("1 != 2") == Value(1));
    CHECK(eval("2 => 2") == Value(1));
    CHECK(eval("1 => 2") == Value(0));
    CHECK(eval("2 =< 1") == Value(0));
    CHECK(eval("1 =< 1") == Value(1));
    CHECK(eval("2 >= 3") == Value(0));
    CHECK(eval("2 > 1") == Value(1));
    CHECK(eval("2 <= 2") == Value(1));
    CHECK(eval("2 < 2") == Value(0));
    CHECK(eval("2 == 2") == Value(1));
    CHECK(eval("3 ^ 0") == Value(1));
    CHECK(postfix("1 & 2") == "1 JmpIf(false,2) 2 And");
    CHECK(postfix("1 | 2") == "1 JmpIf(true,2) 2 Or");
    CHECK(postfix("1 => 2") == "1 2 Ge");
    CHECK(postfix("1 =< 2") == "1 2 Le");
    // A third `&` is a new operator.
    CHECK(postfix("1 &&& 2") == "1 JmpIf(false,1) And JmpIf(false,2) 2 And");
}

TEST_CASE("a single `=` swallows the byte after it (§2.9, §11.1)", "[lexer][equals]") {
    CHECK(eval("sender = 'jdoe'") == Value(1));
    CHECK(eval("1 =1") == Value(0));
    CHECK(postfix("1 =1") == "1 Eq");
    CHECK(eval("priority=1") == Value(0));  // priority == <nothing>: "" == 1
    CHECK(postfix("priority=1") == "priority Eq");
    CHECK(error_of("sender='bill@foo.net'") == "Invalid variable or constant \"bill\"");
    CHECK(error_of("rcpt_domain=example") == "Invalid variable or constant \"xample\"");
    CHECK(eval("2 =! 1") == Value(0));
    CHECK(eval("2 =! 2") == Value(1));
    CHECK(eval("priority =-1") == Value(1));  // priority == 1
    CHECK(postfix("priority =-1") == "priority 1 Eq");
    CHECK(eval("1 =") == Value(0));  // `=` at end of text is Eq
}

TEST_CASE("other operator sequences are token sequences: `<>`, `1 ! 2` (§2.9, §3.8)",
          "[lexer][operators]") {
    CHECK(postfix("1 <> 2") == "1 Lt 2 Gt");
    CHECK(eval("1 <> 2") == Value(0));
    CHECK(postfix("1 ! 2") == "1 2 Not");
    CHECK(eval("1 ! 2") == Value(0));
}

// ---- §2.10 unary versus binary minus ----------------------------------------------------

TEST_CASE("`-` is unary only at the start, after `(`, `,` or a binary operator (§2.10, §11.8)",
          "[lexer][minus]") {
    CHECK(eval("-5") == Value(-5));
    CHECK(postfix("-5") == "5 Minus");
    CHECK(eval("1 - -1") == Value(2));
    CHECK(eval("1--1") == Value(2));
    CHECK(eval("- -5") == Value(-5));
    CHECK(eval("--5") == Value(-5));
    CHECK(postfix("--5") == "Minus 5 Sub");  // the unary Minus pops before Sub arrives
    CHECK(eval("!-5") == Value(-4));
    CHECK(eval("!-1") == Value(0));
    CHECK(eval("[-1]") == arr());
    CHECK(postfix("[-1]") == "1 Sub ArrayBuild(0)");
    CHECK(error_of("recipients[-1]") == "Missing array index");
    CHECK(eval("len(-1)") == Value(2));
    CHECK(eval("(-1)") == Value(-1));
    CHECK(eval("2 * -3") == Value(-6));
}

// ---- §2.11 whitespace, §2.12 `}` --------------------------------------------------------

TEST_CASE("only space, CR and LF separate tokens (§2.11, §11.3)", "[lexer][whitespace]") {
    CHECK(error_of("1\t+ 2") == "Invalid character '\\t'");
    CHECK(error_of("1\f+ 2") != "<compiled>");
    CHECK(eval("1 +\r\n 2") == Value(3));
    CHECK(eval("\n1\n+\n2\n") == Value(3));
    CHECK(eval("rcpt'x'") == Value("x"));  // two tokens, no whitespace needed
}

TEST_CASE("`}` ends the expression; the rest is ignored (§2.12, §11.4)", "[lexer][brace]") {
    CHECK(eval("1 + 2 } garbage") == Value(3));
    CHECK(eval("1 + 2 } @@ 'unterminated") == Value(3));
    CHECK(eval("1 + 2}") == Value(3));
    CHECK(compile_ok("}", options(true)).empty());
    CHECK(error_of("(1 + 2 } x") == "Unmatched open parenthesis");
    CHECK(eval("'a}b'") == Value("a}b"));  // inside a string it is an ordinary byte
}

// ---- §2.13 matches( and config_get( -------------------------------------------------------

TEST_CASE("`matches(` and `config_get(` are special forms of the lexer (§2.13, §11.7)",
          "[lexer][matches]") {
    CHECK(eval("matches('^u', rcpt)") == Value(1));
    CHECK(eval("matches('^x', rcpt)") == Value(0));
    CHECK(eval(R"(matches('^\d+$', '123'))") == Value(1));
    CHECK(postfix("matches('a', rcpt)") == "rcpt Regex");
    // Whitespace (TAB included) is skipped while looking for the quote and the comma.
    CHECK(eval("matches( \t'a' \t, 'xa')") == Value(1));
    CHECK(error_of("matches ('a', 'a')") == "Invalid variable or constant \"matches\"");
    CHECK(error_of("config_get ('a')") == "Invalid variable or constant \"config_get\"");
    CHECK(error_of("matches(x, 'a')") == "Expected '\"', found invalid character 'x'");
    CHECK(error_of("matches('a')") == "Expected ',', found invalid character ')'");
    CHECK(error_of("matches(") == "Unexpected end of expression");
    CHECK(error_of("matches('a'  ") == "Unexpected end of expression");
    CHECK(error_of("config_get(") == "Unexpected end of expression");
    CHECK(error_of("matches('a', 'a', 'b')") ==
          "Expression function \"matches\" expected 2 arguments");
    CHECK(error_of("config_get('a', 'b')") ==
          "Expression function \"config_get\" expected 1 argument");
    CHECK(error_of("matches('(', 'a')").rfind("Invalid regular expression \"(\"", 0) == 0);
    CHECK(postfix("config_get('server.hostname')") == "Setting(server.hostname)");
}

// ---- §3.2 precedence --------------------------------------------------------------------

TEST_CASE("precedence and left associativity (§3.2)", "[parser][precedence]") {
    CHECK(eval("1 + 2 * 3") == Value(7));
    CHECK(postfix("1 + 2 * 3") == "1 2 3 Mul Add");
    CHECK(eval("10 - 2 - 3") == Value(5));
    CHECK(eval("8 / 2 / 2") == Value(2.0));
    CHECK(eval("1 < 2 < 3") == Value(1));
    CHECK(eval("3 > 2 > 1") == Value(0));
    CHECK(eval("2 == 2 == 2") == Value(0));
    CHECK(eval("!sender == 0") == Value(1));  // (!sender) == 0
    CHECK(postfix("!sender == 0") == "sender Not 0 Eq");
    CHECK(postfix("-priority * 2") == "priority Minus 2 Mul");
    CHECK(eval("- 1 + 2") == Value(1));
    CHECK(eval("-(1 + 2)") == Value(-3));
    CHECK(eval("1 + 1 == 2 && 3 > 2 ^ 0") == Value(1));
    CHECK(postfix("1 ^ 0 == 0") == "1 0 0 Eq Xor");
    CHECK(postfix("1 == 2 < 3") == "1 2 3 Lt Eq");
    CHECK(postfix("1 && 2 ^ 3") == "1 JmpIf(false,4) 2 3 Xor And");
    // Unary operators apply to the whole postfix chain.
    CHECK(postfix("-recipients[0]") == "recipients 0 ArrayAccess Minus");
    CHECK(postfix("!len(rcpt)") == "rcpt Call(len) Not");
    CHECK(eval("!len(rcpt)") == Value(0));
}

// ---- §3.4 argument counting -------------------------------------------------------------

TEST_CASE("argument counting is operands minus binary operators (§3.4, §11.11)",
          "[parser][arity]") {
    CHECK(error_of("len('a', 'b')") == "Expression function \"len\" expected 1 arguments, got 2");
    CHECK(error_of("len()") == "Expression function \"len\" expected 1 arguments, got 0");
    CHECK(error_of("len('a' + )") == "Expression function \"len\" expected 1 arguments, got 0");
    CHECK(error_of("len(+1)") == "Expression function \"len\" expected 1 arguments, got 0");
    CHECK(eval("len(-1)") == Value(2));
    CHECK(eval("len((1 + 2))") == Value(1));
    CHECK(eval("contains('abc' 'b')") == Value(1));
    CHECK(eval("contains('abc', , 'b')") == Value(1));
    CHECK(eval("contains(,'abc','b')") == Value(1));
    CHECK(error_of("key_exists('x')") ==
          "Expression function \"key_exists\" expected 2 arguments, got 1");
    CHECK(error_of("len") == "Invalid token on the operator stack");
    CHECK(error_of("len + 1") == "Invalid token on the operator stack");
    CHECK(eval("len ('abc')") == Value(3));
    CHECK(error_of("f(1)") == "Invalid variable or constant \"f\"");
    CHECK(postfix("contains('abc' 'b')") == "\"abc\" \"b\" Call(contains)");
}

// ---- §3.6 arrays and indexing -----------------------------------------------------------

TEST_CASE("`[` indexes only after a variable, `)` or `]` (§3.6, §11.14)", "[parser][index]") {
    CHECK(eval("recipients[1]") == Value("b@y.org"));
    CHECK(eval("(recipients)[0]") == Value("a@x.org"));
    CHECK(eval("len(rcpt)[0]") == Value(16));
    CHECK(eval("[1,2][1]") == Value(2));
    CHECK(eval("recipients[0][0]") == Value("a@x.org"));
    CHECK(eval("rcpt[0]") == Value("user@example.org"));
    CHECK(eval("rcpt[1]") == Value(""));
    CHECK(eval("recipients['1']") == Value("b@y.org"));
    CHECK(eval("recipients[1.5]") == Value("b@y.org"));
    CHECK(eval("recipients[true]") == Value("b@y.org"));
    CHECK(eval("rcpt[0-1]") == Value(""));
    CHECK(postfix("recipients[1]") == "recipients 1 ArrayAccess");
    // After a constant, capture or global it is an array literal.
    CHECK(eval("'abc'[0]") == arr(0));
    CHECK(eval("$1[0]") == arr(0));
    CHECK(eval("$foo[0]") == arr(0));
    CHECK(eval("5[0]") == arr(0));
    CHECK(error_of("recipients[]") == "Missing array index");
    CHECK(error_of("recipients[1,2]") == "Missing array index");
    CHECK(error_of("recipients[-1]") == "Missing array index");
}

TEST_CASE("array literal element counting (§3.6, §11.13)", "[parser][array]") {
    CHECK(eval("[1, 2,]") == arr(1, 2));
    CHECK(eval("[,1]") == arr(1));
    CHECK(eval("[]") == arr());
    CHECK(eval("[[]]") == arr(arr()));
    CHECK(eval("[1+2, 3]") == arr(3, 3));
    CHECK(eval("[3, len(rcpt)]") == arr(3, 16));
    CHECK(eval("[[1,2],[3]]") == arr(arr(1, 2), arr(3)));
    CHECK(eval("['a', sender == 'jdoe']") == arr("a", 1));
    CHECK(eval("[1, 0 - 2]") == arr(1, -2));
    CHECK(error_of("[1, -2]") == "Expression function \"array\" expected 1 arguments, got 2");
    CHECK(error_of("[(1+2), 3]") == "Expression function \"array\" expected 1 arguments, got 2");
    CHECK(error_of("[!rcpt, sender]") ==
          "Expression function \"array\" expected 1 arguments, got 2");
    CHECK(eval("[-1]") == arr());
}

// ---- §3.7 short-circuit compilation -----------------------------------------------------

TEST_CASE("short-circuit jumps and their lengths (§3.7)", "[parser][jumps]") {
    CHECK(postfix("rcpt && sender") == "rcpt JmpIf(false,2) sender And");
    CHECK(postfix("rcpt || sender") == "rcpt JmpIf(true,2) sender Or");
    CHECK(postfix("rcpt || sender && mx") == "rcpt JmpIf(true,5) sender JmpIf(false,2) mx And Or");
    CHECK(postfix("1 || 2 && 3") == "1 JmpIf(true,5) 2 JmpIf(false,2) 3 And Or");
    CHECK(postfix("rcpt && sender + mx") == "rcpt JmpIf(false,4) sender mx Add And");
    CHECK(postfix("rcpt && sender || mx") == "rcpt JmpIf(false,2) sender And JmpIf(true,2) mx Or");
    CHECK(eval("rcpt || sender && mx") == Value("user@example.org"));
    CHECK(eval("'' || sender && ''") == Value(0));
}

// ---- §3.8 leniencies --------------------------------------------------------------------

TEST_CASE("leniencies of §3.8: postfix and result of every row", "[parser][leniency]") {
    CHECK(postfix("1 2") == "1 2");
    CHECK(eval("1 2") == Value(2));
    CHECK(postfix("(1, 2)") == "1 2");
    CHECK(eval("(1, 2)") == Value(2));
    CHECK(eval("'a' 'b' 'c'") == Value("c"));
    CHECK(postfix("1 +") == "1 Add");
    CHECK(eval("1 +") == Value(1));
    CHECK(postfix("5 -") == "5 Sub");
    CHECK(eval("5 -") == Value(-5));
    CHECK(eval("5 *") == Value(0));
    CHECK(eval("5 /") == Value(0.0));
    CHECK(postfix("+5") == "5 Add");
    CHECK(eval("+5") == Value(5));
    CHECK(postfix("== 1") == "1 Eq");
    CHECK(eval("== 1") == Value(0));
    CHECK(eval("rcpt_domain ==") == Value(0));
    CHECK(postfix("&& 1") == "JmpIf(false,2) 1 And");
    CHECK(eval("&& 1") == Value(""));
    CHECK(eval("|| 1") == Value(1));
    CHECK(postfix("-") == "Minus");
    CHECK(eval("-") == Value(0));
    CHECK(postfix("!") == "Not");
    CHECK(eval("!") == Value(1));
    CHECK(compile_ok("()", options(true)).empty());
    CHECK(compile_ok("(,)", options(true)).empty());
    CHECK(compile_ok("", options(true)).empty());
    CHECK(compile_ok("  \r\n ", options(true)).empty());
    CHECK(eval("()") == Value(""));
    CHECK(postfix("1 + ()") == "1 Add");
    CHECK(eval("1 + ()") == Value(1));
    CHECK(postfix("'x'(1)") == "\"x\" 1");
    CHECK(eval("'x'(1)") == Value(1));
    CHECK(eval("contains('abc' 'b')") == Value(1));
    CHECK(eval("'abc'[0]") == arr(0));
    CHECK(eval("1 + 2 } junk") == Value(3));
}

TEST_CASE("every leniency produces its note kind", "[parser][notes]") {
    CHECK(has_note("1 +", NoteKind::MissingOperand));
    CHECK(has_note("== 1", NoteKind::MissingOperand));
    CHECK(has_note("1 2", NoteKind::JuxtaposedValues));
    CHECK(has_note("'a''b'", NoteKind::JuxtaposedValues));
    CHECK(has_note("1 =1", NoteKind::EqualsSwallowsByte));
    CHECK(has_note("1 } junk", NoteKind::BraceEndsExpression));
    CHECK(has_note("contains('abc' 'b')", NoteKind::MissingComma));
    CHECK(has_note("[1,,2]", NoteKind::StrayComma));
    CHECK(has_note("contains(,'abc','b')", NoteKind::StrayComma));
    CHECK(has_note("'abc'[0]", NoteKind::ValueThenBracket));
    CHECK(has_note("()", NoteKind::EmptyExpression));
    CHECK(has_note("&& 1", NoteKind::DeadOperand));
}

TEST_CASE("strict expressions produce no leniency notes", "[parser][notes]") {
    for (std::string_view text :
         {"1 + 2", "rcpt == 'x' && len(recipients) > 1", "matches('^a(b)', rcpt) || $1 == 'b'",
          "[1, 2][0]", "sender = 'jdoe'", "contains(recipients, 'a@x.org')", "-(1 + 2) * 3",
          "!is_empty(rcpt)", "config_get('server.hostname')", "recipients[len(recipients) - 1]",
          "$foo + $1", "''", "[]", "5m"}) {
        INFO(text);
        CHECK(notes_of(text).empty());
    }
}

TEST_CASE("tree and postfix evaluation agree; irregular programs have no tree (§3.8)",
          "[parser][tree]") {
    // Normal expressions have a tree.
    for (std::string_view text : {"1 + 2", "rcpt && sender", "recipients[1]", "rcpt || 0",
                                  "matches('a', rcpt)", "[1, 2] - 1", "len(rcpt) > 3 && 1"}) {
        INFO(text);
        CHECK(compile_ok(text, options(true)).has_tree());
        CHECK(compile_ok(text, options(false)).has_tree());
    }
    // Juxtaposition inside a short-circuit region: only the postfix machine is exact.
    // `1 && 2 3` = `1 JmpIf(false,3) 2 3 And`: no jump, And(2,3) = 1 above the 1.
    CHECK_FALSE(compile_ok("1 && 2 3", options(true)).has_tree());
    CHECK(postfix("1 && 2 3") == "1 JmpIf(false,3) 2 3 And");
    CHECK(eval("1 && 2 3") == Value(1));
    // `'x' && 0 2`: And(0, 2) = 0 on top (a "last value wins" reading would give 2).
    CHECK_FALSE(compile_ok("'x' && 0 2", options(false)).has_tree());
    CHECK(eval("'x' && 0 2") == Value(0));
    // `1 || 2 3`: the jump is taken and skips `2 3 Or`.
    CHECK(eval("1 || 2 3") == Value(1));
    CHECK(eval("'' || 2 0") == Value(1));
    // `'x' && ()`: no jump; And pops 'x' as its right operand and "" as its left.
    CHECK(postfix("'x' && ()") == "\"x\" JmpIf(false,1) And");
    CHECK(eval("'x' && ()") == Value(0));
    CHECK(eval("0 && ()") == Value(0));
    // Captures set inside a skipped operand do not happen (§5.2).
    CHECK(eval("(0 && matches('(u)', rcpt)) + $1") == Value(0));
    CHECK(eval("(1 && matches('(u)', rcpt)) + $1") == Value("1u"));
}

// ---- §3.9 parser errors -----------------------------------------------------------------

TEST_CASE("parser errors of §3.9 and lexer paren errors of §2.14", "[parser][errors]") {
    CHECK(error_of("1 ]") == "Mismatched parentheses");
    CHECK(error_of("(1]") == "Mismatched parentheses");
    CHECK(error_of("[1)") == "Unmatched close parenthesis");
    CHECK(error_of("1)") == "Unmatched close parenthesis");
    CHECK(error_of("(1") == "Unmatched open parenthesis");
    CHECK(error_of("[1") == "Invalid token on the operator stack");
    CHECK(error_of("len") == "Invalid token on the operator stack");
    CHECK(error_of("abc@") == "Invalid variable or constant \"abc\"");
    CHECK(error_of("1 @") == "Invalid character '@'");
    CHECK(error_of("1 \\ 2") == "Invalid character '\\\\'");
    CHECK(error_of("é") == "Invalid character 'Ã'");
}

// ---- §11 quirks not covered above -------------------------------------------------------

TEST_CASE("quirks §11.10-§11.27 through the language", "[quirks]") {
    CHECK(eval("1 2") == Value(2));                   // §11.10
    CHECK(eval("contains(,'abc','b')") == Value(1));  // §11.11
    CHECK(eval("5 -") == Value(-5));                  // §11.12
    CHECK(eval("|| 1") == Value(1));                  // §11.12
    CHECK(eval("'abc'[0]") == arr(0));                // §11.14
    CHECK(eval("'' + 5") == Value(5));                // §11.16
    CHECK(eval("'abc' - 1") == Value(-1));            // §11.17
    CHECK(eval("7 / 0") == Value(0.0));               // §11.18
    CHECK(eval("-(-9223372036854775807 - 1)") ==      // §11.19
          Value(std::numeric_limits<std::int64_t>::min()));
    CHECK(eval("'1e3' == 1000") == Value(1));                   // §11.20
    CHECK(eval("5 < [1]") == Value(1));                         // §11.21
    CHECK(eval("- []") == Value(-1));                           // §11.22
    CHECK(eval("[1,2] - [1]") == arr(1, 2));                    // §11.23
    CHECK(eval("'' && 1") == Value(""));                        // §11.24
    CHECK(eval("!!'false'") == Value(1));                       // §11.25
    CHECK(eval("trim(1.0)") == Value("1.0"));                   // §11.26
    CHECK(eval("'a' + 1.0") == Value("a1"));                    // §11.26
    CHECK(eval("split(['', 'b'], 'x')") == arr("b"));           // §11.27
    CHECK(eval("starts_with(['ab','cd'], 'ab')") == Value(1));  // §11.27
    // §5.3 capture example.
    CHECK(eval("matches('^a(b)?', 'ac') + $0 + '|' + $1 + '|' + $2") == Value("1a||"));
}
