// Diagnostics of the effective configuration (file + settings overlay, rendered as text that is
// nowhere on disk) mapped back to the configuration file and the overlay.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "httpconf/loader.hpp"
#include "server/diagnostic_origin.hpp"

using namespace httpctl;
using server::DiagnosticOrigin;

namespace {

// Line 9 holds an expression Stalwart rejects; line 12 a 0.8-style key in a 0.12 file.
const std::string kFile =
    "[lookup.default]\n"
    "hostname = \"mail.example.org\"\n"
    "\n"
    "[server.listener.http]\n"
    "protocol = \"http\"\n"
    "bind = [\"127.0.0.1:8080\"]\n"
    "\n"
    "[http]\n"
    "url = \"concat('https://', 'x'\"\n"
    "\n"
    "[server.http]\n"
    "hsts = true\n";

const std::string kValidFile =
    "[server.listener.http]\n"
    "protocol = \"http\"\n"
    "bind = [\"127.0.0.1:8080\"]\n"
    "\n"
    "[http]\n"
    "url = \"'https://mail.example.org'\"\n";

const std::string kOverlayFile = "/etc/stalwart/config.toml.settings.json";

struct Checked {
    conf::LoadResult file;
    conf::CheckReport report;
    std::vector<DiagnosticOrigin> origins;
};

Checked check_with_overlay(const std::string& file_text, const server::SettingsOverlay& overlay,
                           const std::string& extra_text = {}) {
    Checked out;
    out.file = conf::load_config(file_text, "config.toml");
    REQUIRE(out.file.ok());
    const std::string effective =
        server::render_flat_settings(server::apply_overlay(*out.file.config, overlay)) + extra_text;
    out.report = conf::check_config_text(effective, "config.toml");
    out.origins = server::map_effective_diagnostics(
        out.report, server::EffectiveConfigSources{*out.file.config, overlay, kOverlayFile});
    REQUIRE(out.origins.size() == out.report.diagnostics.size());
    return out;
}

std::size_t index_of(const Checked& checked, const std::string& code) {
    const auto& list = checked.report.diagnostics;
    const auto found = std::find_if(list.begin(), list.end(),
                                    [&](const conf::Diagnostic& d) { return d.code == code; });
    INFO("no diagnostic " << code);
    REQUIRE(found != list.end());
    return static_cast<std::size_t>(found - list.begin());
}

// No diagnostic may keep a position unless it is a position in the configuration file.
void check_no_generated_positions(const Checked& checked) {
    for (const conf::Diagnostic& d : checked.report.diagnostics) {
        INFO(conf::to_compact_text(d));
        if (d.line != 0) CHECK(d.file == "config.toml");
        CHECK(d.line <= checked.file.config->source().line_count());
    }
}

}  // namespace

TEST_CASE("a diagnostic on a key from the file gets the file's own position",
          "[diagnostic-origin]") {
    server::SettingsOverlay overlay;
    overlay.deleted.insert("lookup.default.hostname");  // shifts every generated line
    overlay.set.emplace("http.use-x-forwarded", "true");
    const Checked checked = check_with_overlay(kFile, overlay);
    check_no_generated_positions(checked);
    CHECK(checked.report.file == "config.toml");
    REQUIRE(checked.report.source);
    CHECK(checked.report.source->text() == kFile);

    // Inside a value written alike in both texts: the exact columns (`concat` on line 9).
    const std::size_t compile = index_of(checked, "http.url.compile");
    const conf::Diagnostic& error = checked.report.diagnostics[compile];
    CHECK(error.severity == conf::Severity::Error);
    CHECK(error.file == "config.toml");
    CHECK(error.line == 9);
    CHECK(error.column == 8);
    CHECK(error.end_line == 9);
    CHECK(error.end_column == 14);
    CHECK(checked.origins[compile].source == DiagnosticOrigin::Source::File);
    CHECK(checked.origins[compile].key == "http.url");

    // On a key written differently (`hsts` in a table, `server.http.hsts` generated): the
    // file's whole key.
    const std::size_t ignored = index_of(checked, "target.ignored-key");
    const conf::Diagnostic& warning = checked.report.diagnostics[ignored];
    CHECK(warning.file == "config.toml");
    CHECK(warning.line == 12);
    CHECK(warning.column == 1);
    CHECK(warning.end_line == 12);
    CHECK(warning.end_column == 5);
    CHECK(checked.origins[ignored].key == "server.http.hsts");

    // Sorted by the file's positions.
    CHECK(compile < ignored);
}

TEST_CASE("a value written another way maps to the file's whole value", "[diagnostic-origin]") {
    // A literal string: the generated text double-quotes it, escaping the inner quotes.
    const std::string written = "url = \"concat('https://', 'x'\"";
    std::string file = kFile;
    file.replace(file.find(written), written.size(), "url = 'concat(\"https://\", \"x\"'");
    server::SettingsOverlay overlay;
    overlay.set.emplace("http.use-x-forwarded", "true");
    const Checked checked = check_with_overlay(file, overlay);
    check_no_generated_positions(checked);
    const conf::Diagnostic& error =
        checked.report.diagnostics[index_of(checked, "http.url.compile")];
    CHECK(error.line == 9);
    CHECK(error.column == 7);
    CHECK(error.end_line == 9);
    CHECK(error.end_column == 31);
}

TEST_CASE("a diagnostic on a key set through the management API names the overlay and the key",
          "[diagnostic-origin]") {
    server::SettingsOverlay overlay;
    overlay.set.emplace("server.http.hsts", "true");
    const Checked checked = check_with_overlay(kValidFile, overlay);
    check_no_generated_positions(checked);
    const std::size_t ignored = index_of(checked, "target.ignored-key");
    const conf::Diagnostic& warning = checked.report.diagnostics[ignored];
    CHECK(warning.severity == conf::Severity::Warning);
    CHECK(warning.file == kOverlayFile);
    CHECK(warning.line == 0);
    CHECK(warning.message.find("server.http.hsts was set through the management API, POST "
                               "/api/settings") != std::string::npos);
    CHECK(checked.origins[ignored].source == DiagnosticOrigin::Source::Overlay);
    CHECK(checked.origins[ignored].key == "server.http.hsts");
    CHECK(conf::to_compact_text(warning).starts_with(kOverlayFile + ": warning: "));
    // Diagnostics of the file come before those of the overlay.
    CHECK(checked.report.diagnostics.back().file == kOverlayFile);
}

TEST_CASE("deleted keys: whole-file diagnostics keep no position and name the file",
          "[diagnostic-origin]") {
    server::SettingsOverlay overlay;
    overlay.deleted.insert("server.listener.http.protocol");
    overlay.deleted.insert("server.listener.http.bind.0");
    const Checked checked = check_with_overlay(kValidFile, overlay);
    check_no_generated_positions(checked);
    const std::size_t none = index_of(checked, "listener.no-http");
    const conf::Diagnostic& warning = checked.report.diagnostics[none];
    CHECK(warning.file == "config.toml");
    CHECK(warning.line == 0);
    CHECK(warning.column == 0);
    CHECK(warning.help.find(kOverlayFile) != std::string::npos);
    CHECK(checked.origins[none].source == DiagnosticOrigin::Source::WholeFile);
    CHECK(checked.origins[none].key.empty());
}

TEST_CASE("a key in neither the file nor the overlay keeps no position", "[diagnostic-origin]") {
    server::SettingsOverlay overlay;
    overlay.set.emplace("http.use-x-forwarded", "true");
    const Checked checked = check_with_overlay(kValidFile, overlay,
                                               "server.listener.cli.protocol = \"smtp\"\n"
                                               "server.listener.cli.bind = \"127.0.0.1:1\"\n"
                                               "server.listener.cli.tls.implicit = \"maybe\"\n");
    check_no_generated_positions(checked);
    bool found = false;
    for (std::size_t i = 0; i < checked.origins.size(); ++i) {
        if (checked.origins[i].source != DiagnosticOrigin::Source::Other) continue;
        found = true;
        CHECK(checked.origins[i].key.starts_with("server.listener.cli."));
        CHECK(checked.report.diagnostics[i].line == 0);
        CHECK(checked.report.diagnostics[i].help.find("--listen") != std::string::npos);
    }
    CHECK(found);
}

TEST_CASE("key_at finds the key a diagnostic starts on", "[diagnostic-origin]") {
    const conf::LoadResult file = conf::load_config(kFile, "config.toml");
    REQUIRE(file.ok());
    conf::Diagnostic on_value;
    on_value.line = 9;
    on_value.column = 8;
    CHECK(server::key_at(*file.config, on_value) == "http.url");
    conf::Diagnostic on_key;
    on_key.line = 12;
    on_key.column = 1;
    CHECK(server::key_at(*file.config, on_key) == "server.http.hsts");
    CHECK(server::key_at(*file.config, conf::Diagnostic{}).empty());
}
