// `stalwart-httpctl eval`: evaluate one expression, or a stream of conformance cases.
#include <unistd.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.hpp"
#include "expr/compiler.hpp"
#include "expr/conformance.hpp"
#include "expr/evaluator.hpp"
#include "expr/json_value.hpp"
#include "expr/stores.hpp"
#include "expr_error_render.hpp"
#include "value_arguments.hpp"

namespace httpctl::app {

namespace {

struct EvalOptions {
    std::vector<std::string> vars, globals, lookups, settings;
    std::string target = "0.12";
    std::string expression;
    std::string color = "auto";
    bool json = false;
    bool jsonl = false;
};

std::string machine_hostname() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
    return buf;
}

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

int run_one(const EvalOptions& o, const expr::CompileOptions& options) {
    expr::EvalContext context;
    std::map<std::string, expr::Value, std::less<>> globals;
    expr::InMemoryStores stores;
    expr::MapSettings settings;
    std::string problem;
    for (const std::string& a : o.vars) {
        auto [name, value] = split_assignment(a, problem);
        if (!problem.empty()) break;
        auto var = expr::find_variable(name);
        if (!var) {
            problem = "--var " + a + ": unknown variable `" + name + "`";
            break;
        }
        context.set(*var, parse_cli_value(value));
    }
    for (const std::string& a : o.globals) {
        if (!problem.empty()) break;
        auto [name, value] = split_assignment(a, problem);
        // Accept the name as written in expressions too: `$mode=strict`.
        if (!name.empty() && name.front() == '$') name.erase(0, 1);
        globals[name] = parse_cli_value(value);
    }
    for (const std::string& a : o.lookups) {
        if (!problem.empty()) break;
        auto [key, value] = split_assignment(a, problem);
        const auto dot = key.find('.');
        if (problem.empty() && (dot == std::string::npos || dot == 0 || dot + 1 == key.size())) {
            problem = "--lookup " + a + ": expected STORE.KEY=VALUE";
        }
        if (problem.empty()) {
            // In Stalwart both come from the one `lookup.STORE.KEY` setting: key_get reads the
            // store, config_get('server.hostname') falls back to the setting.
            stores.add_setting(key.substr(0, dot), key.substr(dot + 1), value);
            settings.values["lookup." + key] = value;
        }
    }
    for (const std::string& a : o.settings) {
        if (!problem.empty()) break;
        auto [key, value] = split_assignment(a, problem);
        settings.values[key] = value;
    }
    if (!problem.empty()) {
        std::cerr << "stalwart-httpctl eval: " << problem << "\n";
        return 2;
    }
    context.globals = &globals;
    context.stores = &stores;
    context.settings = &settings;
    context.machine_hostname = machine_hostname();

    auto compiled = expr::compile(o.expression, options);
    if (auto* err = std::get_if<expr::CompileError>(&compiled)) {
        const bool color = use_color(o.color, STDERR_FILENO);
        std::cerr << render_expression_error(o.expression, *err, color);
        return 1;
    }
    const auto& e = std::get<expr::Expression>(compiled);
    expr::Evaluator ev(context);
    expr::Value out;
    if (!ev.evaluate(e, out)) {
        std::cerr << "error: evaluation failed: " << ev.error() << "\n";
        return 1;
    }
    if (o.json) {
        std::cout << expr::to_tagged_json(out).dump() << "\n";
    } else {
        if (e.empty()) std::cerr << "note: the expression is empty; as a setting it reads as unset\n";
        std::cout << expr::debug_string(out) << " : " << expr::type_name(out.type()) << "\n";
    }
    return 0;
}

}  // namespace

void register_eval(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<EvalOptions>();
    CLI::App* cmd = app.add_subcommand("eval", "Evaluate a Stalwart configuration expression");
    cmd->add_option("--var", o->vars, "Set a context variable: NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--global", o->globals, "Set a $global: NAME=VALUE (repeatable)")->allow_extra_args(false);
    cmd->add_option("--lookup", o->lookups,
                    "Add an in-memory look-up entry for key_get: STORE.KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--setting", o->settings, "Add a setting for config_get: KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_option("--target", o->target, "Stalwart release whose behaviour to reproduce: 0.8 or 0.12")
        ->check(CLI::IsMember({"0.8", "0.9", "0.10", "0.11", "0.12", "head"}));
    cmd->add_option("--color", o->color, "Colour in error output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->add_flag("--json", o->json, "Print the result in tagged JSON form");
    cmd->add_flag("--jsonl", o->jsonl,
                  "Read conformance cases (JSON lines) on stdin; write each back with \"result\"");
    CLI::Option* expr_option = cmd->add_option("EXPR", o->expression, "The expression");
    cmd->callback([o, expr_option, &exit_code]() {
        expr::CompileOptions options;
        const bool v08 = o->target == "0.8" || o->target == "0.9" || o->target == "0.10" ||
                         o->target == "0.11";
        options.dialect = v08 ? expr::Dialect::V08 : expr::Dialect::Head;
        options.variables = expr::VariableSet::all(options.dialect);
        if (o->jsonl) {
            if (expr_option->count() > 0) {
                std::cerr << "stalwart-httpctl eval: --jsonl reads cases from stdin; no EXPR\n";
                exit_code = 2;
                return;
            }
            exit_code = run_jsonl(options);
            return;
        }
        if (expr_option->count() == 0) {
            std::cerr << "stalwart-httpctl eval: an expression is required (or --jsonl)\n";
            exit_code = 2;
            return;
        }
        exit_code = run_one(*o, options);
    });
}

}  // namespace httpctl::app
