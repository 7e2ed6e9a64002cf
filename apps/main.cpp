// stalwart-httpctl: one binary, one sub-command per job. This file only wires them together.
#include <cstdio>

#include "commands.hpp"

int main(int argc, char** argv) {
    CLI::App app{"stalwart-httpctl: check, lint, evaluate and serve Stalwart's HTTP configuration"};
    app.require_subcommand(1);
    app.set_version_flag("--version",
                         std::string("stalwart-httpctl ") + httpctl::app::kToolVersion);
    int exit_code = 0;
    httpctl::app::register_eval(app, exit_code);
    httpctl::app::register_keys(app, exit_code);
    httpctl::app::register_serve(app, exit_code);
    httpctl::app::register_repl(app, exit_code);
    httpctl::app::register_check(app, exit_code);
    httpctl::app::register_lint(app, exit_code);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // Usage errors exit 2; --help/--version exit 0.
        int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    }
    return exit_code;
}
