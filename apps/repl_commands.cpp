#include "repl_commands.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "evaluation_output.hpp"
#include "expr/evaluator.hpp"
#include "expr/explain.hpp"
#include "expr/if_block.hpp"
#include "expr_error_render.hpp"

namespace httpctl::app {

namespace {

constexpr std::array kCommands{
    ReplCommandInfo{":help", "", "list the commands"},
    ReplCommandInfo{":set", "NAME = EXPR", "set a context variable (or a $global) to EXPR's value"},
    ReplCommandInfo{":unset", "NAME", "clear a context variable or a $global"},
    ReplCommandInfo{":vars", "", "show the variables and globals that are set"},
    ReplCommandInfo{":ast", "EXPR", "show the compiled tree of EXPR"},
    ReplCommandInfo{":explain", "EXPR", "evaluate EXPR step by step"},
    ReplCommandInfo{":time", "EXPR", "measure nanoseconds per evaluation of EXPR"},
    ReplCommandInfo{":quit", "", "leave (so does Ctrl-D)"},
};

// How long :time keeps evaluating, and at most how often.
constexpr std::chrono::milliseconds kTimingBudget{200};
constexpr std::uint64_t kMaxTimedRuns = 50'000'000;

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::span<const ReplCommandInfo> repl_commands() {
    return kCommands;
}

bool Repl::run(std::string_view entry) {
    const std::string_view text = trim(entry);
    if (text.empty() || text.front() == '#') return true;  // blank lines and comments
    if (text.front() != ':') {
        evaluate(text);
        return true;
    }
    const std::size_t space = text.find_first_of(" \t\r\n");
    const std::string_view name = text.substr(0, space);
    const std::string_view args =
        space == std::string_view::npos ? std::string_view{} : trim(text.substr(space));
    if (name == ":quit" || name == ":q" || name == ":exit") return false;
    if (name == ":help") {
        help();
    } else if (name == ":set") {
        set(args);
    } else if (name == ":unset") {
        unset(args);
    } else if (name == ":vars") {
        vars();
    } else if (name == ":ast") {
        ast(args);
    } else if (name == ":explain") {
        explain(args);
    } else if (name == ":time") {
        time(args);
    } else {
        fail("unknown command `" + std::string(name) + "` (:help lists them)");
    }
    return true;
}

void Repl::fail(const std::string& message) {
    had_error_ = true;
    err_ << "error: " << message << "\n";
}

std::optional<expr::Expression> Repl::compile(std::string_view text) {
    auto compiled = session_.compile(text);
    if (auto* error = std::get_if<expr::CompileError>(&compiled)) {
        had_error_ = true;
        err_ << render_expression_error(text, *error, color_);
        return std::nullopt;
    }
    return std::move(std::get<expr::Expression>(compiled));
}

void Repl::evaluate(std::string_view text) {
    auto e = compile(text);
    if (!e) return;
    expr::Evaluator ev(session_.context());
    expr::Value out;
    if (!ev.evaluate(*e, out)) {
        fail("evaluation failed: " + ev.error());
        return;
    }
    out_ << value_with_type(out) << "\n";
}

void Repl::help() {
    out_ << "Type an expression to evaluate it; it may span lines while a bracket or quote is "
            "open.\n";
    for (const ReplCommandInfo& c : kCommands) {
        std::string usage(c.name);
        if (!c.arguments.empty()) usage += " " + std::string(c.arguments);
        usage.resize(std::max<std::size_t>(usage.size(), 22), ' ');
        out_ << "  " << usage << "  " << c.help << "\n";
    }
}

void Repl::set(std::string_view arguments) {
    const std::size_t eq = arguments.find('=');
    const std::string_view name = trim(arguments.substr(0, eq));
    if (eq == std::string_view::npos || name.empty()) {
        fail(":set expects NAME = EXPR");
        return;
    }
    const std::string_view text = trim(arguments.substr(eq + 1));
    auto e = compile(text);
    if (!e) return;
    expr::Evaluator ev(session_.context());
    expr::Value value;
    if (!ev.evaluate(*e, value)) {
        fail("evaluation failed: " + ev.error());
        return;
    }
    if (name.front() == '$') {
        session_.set_global(name, value);
    } else if (auto error = session_.set_variable(name, value)) {
        fail(*error);
        return;
    }
    out_ << name << " = " << value_with_type(value) << "\n";
}

void Repl::unset(std::string_view arguments) {
    if (arguments.empty()) {
        fail(":unset expects a variable or $global name");
    } else if (arguments.front() == '$') {
        if (!session_.unset_global(arguments))
            fail("no global " + std::string(arguments) + " is set");
    } else if (auto error = session_.unset_variable(arguments)) {
        fail(*error);
    }
}

void Repl::vars() {
    const auto variables = session_.variables();
    const auto globals = session_.globals();
    if (variables.empty() && globals.empty()) out_ << "(no variables or globals set)\n";
    for (const conf::Binding& b : variables)
        out_ << b.name << " = " << value_with_type(b.value) << "\n";
    for (const conf::Binding& b : globals)
        out_ << b.name << " = " << value_with_type(b.value) << "\n";
}

void Repl::ast(std::string_view text) {
    auto e = compile(text);
    if (!e) return;
    out_ << e->dump_tree();
    for (const expr::LeniencyNote& note : e->notes()) {
        out_ << "note[" << expr::note_code(note.kind) << "] at column "
             << expr::column_of(text, note.offset) << ": " << note.message << "\n";
    }
}

void Repl::explain(std::string_view text) {
    auto e = compile(text);
    if (!e) return;
    const auto block = expr::IfBlock::single(std::move(*e));
    expr::Evaluator ev(session_.context());
    const expr::Explanation x = expr::explain(ev, block);
    out_ << expr::render_explanation(block, x);
    if (!x.ok) had_error_ = true;
}

void Repl::time(std::string_view text) {
    auto e = compile(text);
    if (!e) return;
    expr::Evaluator ev(session_.context());
    expr::Value out;
    if (!ev.evaluate(*e, out)) {
        fail("evaluation failed: " + ev.error());
        return;
    }
    using Clock = std::chrono::steady_clock;
    std::uint64_t runs = 0;
    std::uint64_t batch = 1;
    const auto start = Clock::now();
    Clock::duration elapsed{};
    // Batches that double keep the clock out of the measurement for fast expressions.
    while (elapsed < kTimingBudget && runs < kMaxTimedRuns) {
        for (std::uint64_t i = 0; i < batch; ++i)
            ev.evaluate(*e, out);
        runs += batch;
        batch *= 2;
        elapsed = Clock::now() - start;
    }
    const double ns =
        static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()) /
        static_cast<double>(runs);
    char line[96];
    std::snprintf(line, sizeof line, "%.1f ns per evaluation (%llu runs)", ns,
                  static_cast<unsigned long long>(runs));
    out_ << line << " -> " << value_with_type(out) << "\n";
}

}  // namespace httpctl::app
