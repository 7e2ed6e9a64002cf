// `stalwart-httpctl repl`: evaluate expressions interactively (libedit on a terminal), or line
// by line from a pipe for scripts.
#include <unistd.h>

#include <iostream>

#include "commands.hpp"
#include "config_loading.hpp"
#include "history_file.hpp"
#include "httpconf/eval_session.hpp"
#include "line_reader.hpp"
#include "repl_commands.hpp"
#include "repl_completion.hpp"
#include "repl_input.hpp"
#include "session_flags.hpp"
#include "value_arguments.hpp"

namespace httpctl::app {

namespace {

struct ReplOptions {
    SessionFlags session;
    std::string color = "auto";
};

constexpr const char* kPrompt = "httpctl> ";
constexpr const char* kContinuationPrompt = "     ... ";

int run_repl(const ReplOptions& o) {
    conf::EvalSession session(requested_target(o.session));
    session.set_machine_hostname(machine_hostname());
    const bool color = use_color(o.color, STDERR_FILENO);
    if (!o.session.config.empty() &&
        !load_config_file(o.session.config, session, std::cerr, color)) {
        return 1;
    }
    if (auto problem = apply_session_flags(o.session, session)) {
        std::cerr << "stalwart-httpctl repl: " << *problem << "\n";
        return 2;
    }
    const bool interactive = isatty(STDIN_FILENO) != 0 && isatty(STDOUT_FILENO) != 0;
    std::unique_ptr<LineReader> reader;
    if (interactive) {
        reader = make_terminal_reader(
            [&session](std::string_view before) { return complete_repl_input(before, session); },
            repl_history_file());
        std::cout << "stalwart-httpctl repl (Stalwart " << session.target().to_string()
                  << " expressions). :help lists the commands, Ctrl-D leaves.\n";
    } else {
        reader = make_stream_reader(std::cin);
    }
    Repl repl(session, std::cout, std::cerr, color);
    std::string entry;
    bool warned = false;
    while (true) {
        const ReadResult r = reader->read(entry.empty() ? kPrompt : kContinuationPrompt);
        if (r.status == ReadResult::Status::EndOfInput) {
            if (interactive) std::cout << "\n";
            if (!entry.empty()) repl.run(entry);  // a script may end inside an open bracket
            break;
        }
        if (r.status == ReadResult::Status::Cancelled) {
            entry.clear();
            continue;
        }
        entry += entry.empty() ? r.text : "\n" + r.text;
        if (!input_is_complete(entry)) continue;
        reader->remember(entry);
        if (!warned && !reader->warning().empty()) {
            std::cerr << "warning: " << reader->warning() << "\n";
            warned = true;
        }
        const bool go_on = repl.run(entry);
        entry.clear();
        std::cout.flush();
        if (!go_on) break;
    }
    return !interactive && repl.had_error() ? 1 : 0;
}

}  // namespace

void register_repl(CLI::App& app, int& exit_code) {
    auto o = std::make_shared<ReplOptions>();
    CLI::App* cmd = app.add_subcommand("repl", "Evaluate expressions interactively");
    add_session_flags(*cmd, o->session);
    cmd->add_option("--color", o->color, "Colour in error output: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
    cmd->callback([o, &exit_code]() { exit_code = run_repl(*o); });
}

}  // namespace httpctl::app
