#include "repl_commands.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "config_loading.hpp"
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
    ReplCommandInfo{":listener", "ID", "fill the context as a request on listener ID sees it"},
    ReplCommandInfo{":request", "METHOD URL", "fill method, url, url_path (and remote_ip)"},
    ReplCommandInfo{":header", "Name: value", "add a request header (the headers variable)"},
    ReplCommandInfo{":load", "FILE", "load (or reload) a config"},
    ReplCommandInfo{":key", "KEY", "evaluate the setting or if-block configured at KEY"},
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
    } else if (name == ":listener") {
        listener(args);
    } else if (name == ":request") {
        request(args);
    } else if (name == ":header") {
        header(args);
    } else if (name == ":load") {
        load(args);
    } else if (name == ":key") {
        key(args);
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

void Repl::show(std::initializer_list<expr::Variable> variables) {
    for (expr::Variable v : variables) {
        out_ << expr::variable_name(v) << " = " << value_with_type(session_.context().get(v))
             << "\n";
    }
}

void Repl::listener(std::string_view id) {
    if (auto error = session_.select_listener(id)) {
        fail(*error);
        return;
    }
    using V = expr::Variable;
    show({V::Listener, V::LocalIp, V::LocalPort, V::Protocol, V::IsTls});
}

void Repl::request(std::string_view line) {
    if (auto error = session_.set_request(line)) {
        fail(*error);
        return;
    }
    using V = expr::Variable;
    if (session_.dialect() == expr::Dialect::Head) {
        show({V::Method, V::Url, V::UrlPath, V::RemoteIp});
    } else {
        // spec http.md §5.3: 0.8 expressions see no request variables besides the client's.
        out_ << "note: Stalwart " << session_.target().to_string()
             << " expressions have no method, url, url_path or headers\n";
        show({V::RemoteIp});
    }
}

void Repl::header(std::string_view line) {
    if (auto error = session_.add_header(line)) {
        fail(*error);
        return;
    }
    if (session_.dialect() == expr::Dialect::Head) {
        show({expr::Variable::Headers});
    } else {
        out_ << "note: Stalwart " << session_.target().to_string()
             << " expressions have no headers variable\n";
    }
}

void Repl::load(std::string_view path) {
    if (path.empty()) {
        fail(":load expects a file name");
        return;
    }
    const std::optional<std::string> listener_before = session_.selected_listener();
    if (!load_config_file(std::string(path), session_, err_, color_)) {
        had_error_ = true;
        err_ << "error: " << path << " not loaded"
             << (session_.config() ? "; the previous config stays in effect" : "") << "\n";
        return;
    }
    const conf::CheckReport& report = *session_.config();
    out_ << "loaded " << report.file << " (Stalwart " << report.target.to_string()
         << (report.target_inferred ? " by its keys" : "") << ", "
         << report.settings->listeners.size() << " listeners)\n";
    if (listener_before && !session_.selected_listener()) {
        out_ << "listener `" << *listener_before << "` is not in " << report.file
             << ": its variables are unset\n";
    } else if (listener_before) {
        out_ << "listener `" << *listener_before << "` read again from " << report.file << "\n";
    }
}

void Repl::key(std::string_view key) {
    if (key.empty()) {
        fail(":key expects a setting name, e.g. http.url");
        return;
    }
    auto block = configured_block(session_, std::string(key), err_, color_);
    if (!block) {
        had_error_ = true;
        return;
    }
    expr::Evaluator ev(session_.context());
    expr::Value out;
    if (!block->evaluate(ev, out)) {
        fail("evaluation failed: " + ev.error());
        return;
    }
    out_ << value_with_type(out) << "\n";
}

}  // namespace httpctl::app
