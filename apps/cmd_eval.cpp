// `stalwart-httpctl eval`: evaluate one expression, or a stream of conformance cases.
#include <unistd.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "config_loading.hpp"
#include "evaluation_output.hpp"
#include "expr/compiler.hpp"
#include "expr/conformance.hpp"
#include "expr/evaluator.hpp"
#include "expr/explain.hpp"
#include "expr/if_block.hpp"
#include "expr/json_value.hpp"
#include "expr_error_render.hpp"
#include "httpconf/eval_session.hpp"
#include "session_flags.hpp"
#include "value_arguments.hpp"

namespace httpctl::app {

namespace {

struct EvalOptions {
    SessionFlags session;
    std::string expression;
    std::string color = "auto";
    bool json = false;
    bool jsonl = false;
    bool explain = false;
    std::string key;
};

int run_jsonl(const expr::CompileOptions& options) {
    std::string line;
    std::size_t line_no = 0;
    int rc = 0;
    while (std::getline(std::cin, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        auto j = nlohmann::json::parse(line, nullptr, false);
        if (j.is_discarded()) {
            std::cerr << "stdin:" << line_no << ": not valid JSON\n";
            std::cout << nlohmann::json{{"line", line_no},
                                        {"result", {{"error", "input line is not valid JSON"}}}}
                             .dump()
                      << "\n";
            rc = 1;
            continue;
        }
        std::string error;
        auto c = expr::ConformanceCase::from_json(j, error);
        if (!c) {
            std::cerr << "stdin:" << line_no << ": " << error << "\n";
            if (j.is_object()) {
                j["result"] = {{"error", error}};
            } else {
                j = {{"line", line_no}, {"result", {{"error", error}}}};
            }
            rc = 1;
        } else {
            j["result"] = c->run(options);
        }
        std::cout << j.dump() << "\n";
    }
    return rc;
}

int run_one(const EvalOptions& o) {
    const bool color = use_color(o.color, STDERR_FILENO);
    conf::EvalSession session(requested_target(o.session));
    session.set_machine_hostname(machine_hostname());
    // A config with errors stops here (its findings printed as `check` prints them); warnings
    // are printed and evaluation goes on.
    if (!o.session.config.empty() &&
        !load_config_file(o.session.config, session, std::cerr, color)) {
        return 1;
    }
    if (auto problem = apply_session_flags(o.session, session)) {
        std::cerr << "stalwart-httpctl eval: " << *problem << "\n";
        return 2;
    }
    expr::IfBlock block;
    if (!o.key.empty()) {
        auto configured = configured_block(session, o.key, std::cerr, color);
        if (!configured) return 1;
        block = std::move(*configured);
    } else {
        auto compiled = session.compile(o.expression);
        if (auto* err = std::get_if<expr::CompileError>(&compiled)) {
            std::cerr << render_expression_error(o.expression, *err, color);
            return 1;
        }
        block = expr::IfBlock::single(std::move(std::get<expr::Expression>(compiled)));
    }
    expr::Evaluator ev(session.context());
    if (o.explain) {
        const expr::Explanation x = expr::explain(ev, block);
        std::cout << expr::render_explanation(block, x);
        return x.ok ? 0 : 1;
    }
    expr::Value out;
    if (!block.evaluate(ev, out)) {
        std::cerr << "error: evaluation failed: " << ev.error() << "\n";
        return 1;
    }
    if (o.json) {
        std::cout << expr::to_tagged_json(out).dump() << "\n";
    } else {
        if (block.empty()) {
            std::cerr << "note: the expression is empty; as a setting it reads as unset\n";
        }
        std::cout << value_with_type(out) << "\n";
    }
    return 0;
}

}  // namespace

void register_eval(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<EvalOptions>();
    CLI::App* cmd = app.add_subcommand("eval", "Evaluate a Stalwart configuration expression");
    add_session_flags(*cmd, o->session);
    cmd->add_option("--color", o->color, "Colour in error output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    CLI::Option* json = cmd->add_flag("--json", o->json, "Print the result in tagged JSON form");
    cmd->add_flag("--explain", o->explain,
                  "Show every sub-expression's value, regex captures and the if-branch taken")
        ->excludes(json);
    cmd->add_flag("--jsonl", o->jsonl,
                  "Read conformance cases (JSON lines) on stdin; write each back with \"result\"");
    CLI::Option* expr_option = cmd->add_option("EXPR", o->expression, "The expression");
    cmd->add_option("--key", o->key,
                    "Evaluate the expression or if-block configured at KEY in --config instead "
                    "of EXPR")
        ->excludes(expr_option);
    cmd->callback([o, expr_option, &exit_code]() {
        if (o->jsonl) {
            expr::CompileOptions options;
            options.dialect =
                requested_target(o->session).value_or(conf::TargetVersion{}).dialect();
            options.variables = expr::VariableSet::all(options.dialect);
            if (expr_option->count() > 0) {
                std::cerr << "stalwart-httpctl eval: --jsonl reads cases from stdin; no EXPR\n";
                exit_code = 2;
                return;
            }
            exit_code = run_jsonl(options);
            return;
        }
        if (!o->key.empty() && o->session.config.empty()) {
            std::cerr << "stalwart-httpctl eval: --key reads a setting of --config FILE\n";
            exit_code = 2;
            return;
        }
        if (expr_option->count() == 0 && o->key.empty()) {
            std::cerr << "stalwart-httpctl eval: an expression is required (or --key, --jsonl)\n";
            exit_code = 2;
            return;
        }
        exit_code = run_one(*o);
    });
}

}  // namespace httpctl::app
