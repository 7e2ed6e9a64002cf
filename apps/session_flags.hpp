// The flags `eval` and `repl` share for building an evaluation context (--var, --global,
// --lookup, --setting, --target), and how they are applied to an EvalSession.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

#include "httpconf/eval_session.hpp"
#include "httpconf/http_settings.hpp"

namespace httpctl::app {

struct SessionFlags {
    std::vector<std::string> vars, globals, lookups, settings;
    std::string target;  // empty: 0.12, or what the config's keys say
    std::string config;  // --config FILE
    std::string listener, request, remote_ip;
    std::vector<std::string> headers;
};

void add_session_flags(CLI::App& cmd, SessionFlags& flags);

// The release the flags ask for; nullopt when none (0.12, or the config's).
[[nodiscard]] std::optional<conf::TargetVersion> requested_target(const SessionFlags& flags);

// Applies the flags other than --config to `session` (load the config first); returns a message
// naming the bad flag on error. --listener, --request, --header and --remote-ip fill the context
// through request_context.hpp, as the server does; --var then overrides any variable.
[[nodiscard]] std::optional<std::string> apply_session_flags(const SessionFlags& flags,
                                                             conf::EvalSession& session);

// The name of this machine, what config_get('server.hostname') falls back to (§8).
[[nodiscard]] std::string machine_hostname();

}  // namespace httpctl::app
