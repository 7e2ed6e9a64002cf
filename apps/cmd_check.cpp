// `stalwart-httpctl check FILE...`: everything Stalwart would report, or silently swallow, when
// it reads the HTTP settings of each file (spec http.md §2–§9), in one of four formats.
#include <memory>

#include "commands.hpp"
#include "report_command.hpp"

namespace httpctl::app {

void register_check(CLI::App& app, int& exit_code) {
    CLI::App* command = app.add_subcommand(
        "check", "Validate the HTTP settings of configuration files as Stalwart reads them");
    auto options = std::make_shared<ReportCommandOptions>();
    add_report_options(*command, *options)->required();
    command->callback([options, &exit_code] {
        exit_code = run_report_command(*options, ReportCommand{"check", {}, {}});
    });
}

}  // namespace httpctl::app
