#include "session_flags.hpp"

#include <unistd.h>

#include "value_arguments.hpp"

namespace httpctl::app {

void add_session_flags(CLI::App& cmd, SessionFlags& flags) {
    cmd.add_option("--var", flags.vars, "Set a context variable: NAME=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--global", flags.globals, "Set a $global: NAME=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--lookup", flags.lookups,
                   "Add an in-memory look-up entry for key_get: STORE.KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--setting", flags.settings,
                   "Add a setting for config_get: KEY=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--target", flags.target,
                   "Stalwart release whose behaviour to reproduce: 0.8 or 0.12 (default 0.12)")
        ->check(CLI::IsMember({"0.8", "0.9", "0.10", "0.11", "0.12", "head"}));
}

conf::TargetVersion requested_target(const SessionFlags& flags) {
    if (flags.target == "0.8") return {0, 8};
    if (flags.target == "0.9") return {0, 9};
    if (flags.target == "0.10") return {0, 10};
    if (flags.target == "0.11") return {0, 11};
    return {0, 12};
}

std::optional<std::string> apply_session_flags(const SessionFlags& flags,
                                               conf::EvalSession& session) {
    std::string problem;
    for (const std::string& a : flags.vars) {
        auto [name, value] = split_assignment(a, problem);
        if (!problem.empty()) return "--var " + problem;
        if (auto error = session.set_variable(name, parse_cli_value(value))) {
            return "--var " + a + ": " + *error;
        }
    }
    for (const std::string& a : flags.globals) {
        auto [name, value] = split_assignment(a, problem);
        if (!problem.empty()) return "--global " + problem;
        // Accept the name as written in expressions too: `$mode=strict`.
        session.set_global(name, parse_cli_value(value));
    }
    for (const std::string& a : flags.lookups) {
        auto [key, value] = split_assignment(a, problem);
        if (!problem.empty()) return "--lookup " + problem;
        const auto dot = key.find('.');
        if (dot == std::string::npos || dot == 0 || dot + 1 == key.size()) {
            return "--lookup " + a + ": expected STORE.KEY=VALUE";
        }
        session.add_lookup(key.substr(0, dot), key.substr(dot + 1), value);
    }
    for (const std::string& a : flags.settings) {
        auto [key, value] = split_assignment(a, problem);
        if (!problem.empty()) return "--setting " + problem;
        session.add_setting(key, value);
    }
    return std::nullopt;
}

std::string machine_hostname() {
    char buf[256] = {};
    if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "localhost";
    return buf;
}

}  // namespace httpctl::app
