// libFuzzer target for the expression grammar, compiler and evaluator.
//
// Input layout: byte 0 selects the options (bit 0: dialect, bit 1: constant folding), the rest
// is expression text. The same text is also split on kSeparator into an if-block
// (if0, then0, if1, then1, ..., else). Besides "never crashes", it checks invariants every
// compiled expression must keep; a broken invariant aborts so libFuzzer saves the input.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <variant>

#include "expr/compiler.hpp"
#include "expr/conformance.hpp"
#include "expr/context.hpp"
#include "expr/evaluator.hpp"
#include "expr/if_block.hpp"
#include "expr/json_value.hpp"
#include "expr/lookup.hpp"
#include "expr/stores.hpp"
#include "expr/value.hpp"

namespace {

using namespace httpctl::expr;

// Splits the if-block parts; a byte expressions never need, so the text keeps its meaning.
constexpr char kSeparator = '\x1f';

[[noreturn]] void fail(const char* what, std::string_view text) {
    std::fprintf(stderr, "fuzz_expression: invariant broken: %s\ninput: %.*s\n", what,
                 static_cast<int>(text.size()), text.data());
    std::abort();
}

// Built once: the fuzzer runs millions of inputs and the context never changes.
struct Fixture {
    std::map<std::string, Value, std::less<>> globals;
    InMemoryStores stores;
    MapSettings settings;
    // The default provider fails every live look-up with a message, deterministically.
    LookupProvider provider;
    EvalContext context;

    Fixture() {
        context.set(Variable::Rcpt, Value("jane@example.org"));
        context.set(Variable::RcptDomain, Value("example.org"));
        context.set(Variable::Sender, Value("bill@foo.net"));
        context.set(Variable::SenderDomain, Value("foo.net"));
        context.set(Variable::RemoteIp, Value("192.0.2.7"));
        context.set(Variable::LocalPort, Value(std::int64_t{443}));
        context.set(Variable::Priority, Value(std::int64_t{-1}));
        context.set(Variable::Protocol, Value("https"));
        context.set(Variable::IsTls, Value(true));
        context.set(Variable::Recipients, Value(Array{Value("a@b.c"), Value("d@e.f")}));
        context.set(Variable::ExpiresIn, Value(2.5));
        context.set(Variable::Headers, Value(Array{Value("Host: x"), Value("X-A: 1")}));
        context.set(Variable::Url, Value("https://mail.example.org/jmap?x=1"));
        context.set(Variable::UrlPath, Value("/jmap"));
        context.set(Variable::Method, Value("GET"));

        globals.emplace("name", Value("global"));
        globals.emplace("n", Value(std::int64_t{7}));
        globals.emplace("list", Value(Array{Value(1), Value("x"), Value(0.5)}));

        stores.add_setting("default", "hostname", "mail.example.org");
        stores.add_setting("default", "port", "25");
        stores.add_setting("default", "ratio", "0.25");
        stores.add_setting("default", "*.example.org", "true");
        stores.add_setting("domains", "example.org", "1");

        settings.values["server.hostname"] = "mx.example.org";
        settings.values["http.url"] = "protocol + '://' + key_get('default', 'hostname')";
        settings.values["lookup.default.hostname"] = "mail.example.org";

        context.globals = &globals;
        context.stores = &stores;
        context.settings = &settings;
        context.provider = &provider;
        context.machine_hostname = "fuzz.example.org";
    }
};

const Fixture& fixture() {
    static const Fixture f;
    return f;
}

// Tagged JSON, so NaN compares equal to NaN and floats compare by their printed form.
std::string tagged(const Value& v) {
    return to_tagged_json(v).dump();
}

struct Outcome {
    bool ok = false;
    std::string value;  // tagged JSON when ok, else the error
};

Outcome run(Evaluator& ev, const Expression& e) {
    Value out;
    Outcome o;
    o.ok = ev.evaluate(e, out);
    o.value = o.ok ? tagged(out) : ev.error();
    return o;
}

void check_expression(std::string_view text, const CompileOptions& options) {
    CompileResult compiled = compile(text, options);
    if (std::holds_alternative<CompileError>(compiled)) {
        const CompileError& err = std::get<CompileError>(compiled);
        if (err.offset > text.size() || err.end > text.size() || err.offset > err.end)
            fail("compile error range outside the text", text);
        if (err.code.empty() || err.message.empty()) fail("compile error without code", text);
        return;
    }
    const Expression& e = std::get<Expression>(compiled);
    (void)e.dump_tree();
    (void)e.dump_program();
    (void)e.variables_used();
    (void)e.functions_used();
    (void)e.settings_used();

    const EvalContext& context = fixture().context;
    Evaluator ev(context);
    const Outcome first = run(ev, e);
    // The evaluator reuses scratch space: a second run must not see the first one's leftovers.
    const Outcome second = run(ev, e);
    if (first.ok != second.ok || first.value != second.value)
        fail("evaluating twice gave different results", text);
    Evaluator fresh(context);
    const Outcome third = run(fresh, e);
    if (first.ok != third.ok || first.value != third.value)
        fail("a fresh evaluator disagrees with a reused one", text);

    // Folding is an optimisation: the unfolded expression must evaluate to the same thing.
    if (options.fold_constants) {
        CompileOptions unfolded = options;
        unfolded.fold_constants = false;
        CompileResult plain = compile(text, unfolded);
        if (!std::holds_alternative<Expression>(plain))
            fail("compiles folded but not unfolded", text);
        Evaluator ev2(context);
        const Outcome other = run(ev2, std::get<Expression>(plain));
        if (first.ok != other.ok || (first.ok && first.value != other.value))
            fail("constant folding changed the result", text);
    }
}

void check_if_block(std::string_view text, const CompileOptions& options) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t sep = text.find(kSeparator, start);
        parts.emplace_back(text.substr(start, sep - start));
        if (sep == std::string_view::npos) break;
        start = sep + 1;
    }
    IfBlockText block;
    for (std::size_t i = 0; i + 1 < parts.size(); i += 2)
        block.branches.emplace_back(parts[i], parts[i + 1]);
    if (parts.size() % 2 == 1) block.otherwise = parts.back();

    auto compiled = compile_if_block(block, options);
    if (std::holds_alternative<IfBlockError>(compiled)) {
        (void)describe(std::get<IfBlockError>(compiled));
        return;
    }
    const IfBlock& b = std::get<IfBlock>(compiled);
    Evaluator ev(fixture().context);
    Value first, second;
    std::size_t chosen_first = 0, chosen_second = 0;
    const bool ok_first = b.evaluate(ev, first, &chosen_first);
    ev.clear_captures();
    const bool ok_second = b.evaluate(ev, second, &chosen_second);
    if (chosen_first > b.branches().size())
        fail("if-block chose a branch that does not exist", text);
    if (ok_first != ok_second || chosen_first != chosen_second ||
        (ok_first && tagged(first) != tagged(second)))
        fail("evaluating an if-block twice gave different results", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t flags = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

    CompileOptions options;
    options.dialect = (flags & 1) ? Dialect::V08 : Dialect::Head;
    options.variables = VariableSet::all(options.dialect);
    options.fold_constants = (flags & 2) == 0;
    if (flags & 4) options.constants = {{"relaxed", 2}, {"strict", 1}};

    check_expression(text, options);
    check_if_block(text, options);
    return 0;
}
