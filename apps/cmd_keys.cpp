// `stalwart-httpctl keys FILE`: the flat key map Stalwart's loader builds from FILE, one
// `"key"<TAB>"value"` line per key in byte-wise key order, macros left as written.
#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "file_input.hpp"
#include "httpconf/loader.hpp"

namespace httpctl::app {

namespace {

std::string json_quoted(const std::string& text) {
    // Same spelling as the golden corpus files: UTF-8 kept, control characters escaped.
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

int run_keys(const std::string& path) {
    const std::string display_name = path == "-" ? "<stdin>" : path;
    std::string read_error;
    std::optional<std::string> text = read_input(path, read_error);
    if (!text) {
        std::fprintf(stderr, "%s: error: cannot read the file: %s\n", display_name.c_str(),
                     read_error.c_str());
        return 2;
    }
    conf::LoadResult result = conf::load_config(*text, display_name);
    if (!result.ok()) {
        for (const conf::Diagnostic& d : result.diagnostics) {
            std::fprintf(stderr, "%s\n", conf::to_compact_text(d).c_str());
        }
        return 1;
    }
    std::string out;
    for (const conf::ConfigEntry& entry : result.config->entries()) {
        out += json_quoted(entry.key);
        out += '\t';
        out += json_quoted(entry.value);
        out += '\n';
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 2;
}

}  // namespace

void register_keys(CLI::App& app, int& exit_code) {
    CLI::App* command = app.add_subcommand(
        "keys", "Print the flat key map Stalwart builds from a configuration file");
    auto path = std::make_shared<std::string>();
    command->add_option("FILE", *path, "configuration file, or - for standard input")->required();
    command->callback([path, &exit_code] { exit_code = run_keys(*path); });
}

}  // namespace httpctl::app
