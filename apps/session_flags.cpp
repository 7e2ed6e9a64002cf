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
    cmd.add_option("--config", flags.config,
                   "A Stalwart config: its look-up stores, settings and listeners feed evaluation");
    cmd.add_option("--listener", flags.listener,
                   "Fill listener, local_ip, local_port, protocol, is_tls from this listener of "
                   "the config");
    cmd.add_option("--request", flags.request,
                   "Fill method, url, url_path from 'METHOD URL' (e.g. 'GET /jmap/session')");
    cmd.add_option("--header", flags.headers, "Add a request header 'Name: value' (repeatable)")
        ->allow_extra_args(false);
    cmd.add_option("--remote-ip", flags.remote_ip, "The client address (remote_ip)");
}

std::optional<conf::TargetVersion> requested_target(const SessionFlags& flags) {
    if (flags.target.empty()) return std::nullopt;
    return conf::parse_target_version(flags.target);
}

std::optional<std::string> apply_session_flags(const SessionFlags& flags,
                                               conf::EvalSession& session) {
    if (!flags.listener.empty()) {
        if (auto error = session.select_listener(flags.listener)) return "--listener: " + *error;
    }
    if (!flags.request.empty()) {
        if (auto error = session.set_request(flags.request)) return "--request: " + *error;
    }
    for (const std::string& h : flags.headers) {
        if (auto error = session.add_header(h)) return "--header: " + *error;
    }
    if (!flags.remote_ip.empty()) {
        if (auto error = session.set_remote_ip(flags.remote_ip)) return "--remote-ip: " + *error;
    }
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
