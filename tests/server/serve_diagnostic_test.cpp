// `stalwart-httpctl serve` end to end: with a settings overlay, the diagnostics it logs point at
// the configuration file's own lines and columns, and at the overlay file for a key set through
// the management API — never at the generated text the server checks.
#include <signal.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::admin_auth;
using httpctl::test::json_body;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::TempDir;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

// The 1-based line of the first occurrence of `part` in `text`.
std::size_t line_of(const std::string& text, const std::string& part) {
    const auto at = text.find(part);
    REQUIRE(at != std::string::npos);
    return 1 + static_cast<std::size_t>(
                   std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// Waits (without a time assertion: the test fails on the content) until standard error holds
// `part` after `from`; the text from `from` on.
std::string wait_for_log(const ServeProcess& serve, const std::string& part, std::size_t from) {
    for (int i = 0; i < 3000; ++i) {
        const std::string text = serve.stderr_text();
        if (text.size() > from && text.find(part, from) != std::string::npos) {
            return text.substr(from);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return serve.stderr_text().substr(std::min(from, serve.stderr_text().size()));
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE(
    "serve with a settings overlay logs diagnostics at the file's and the overlay's "
    "locations",
    "[serve][management][diagnostics]") {
    TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    const std::string config_name = config.string();
    const std::string overlay_name = config_name + ".settings.json";
    const std::string original = httpctl::test::accounts_config_012();
    httpctl::test::write_text_file(config, original);

    ServeProcess serve({"--config", config_name, "--data-dir", (dir.path() / "data").string(),
                        "--log-format", "off"});
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::string origin = httpctl::test::origin_of(serve.port("web"));

    // (Lower-case operation tags at 0.12, spec http.md §13.2.) A 0.8-style key in a 0.12
    // configuration: accepted (a warning, not an error), published
    // through a reload that logs the warning at the overlay file, naming the key.
    std::size_t mark = serve.stderr_text().size();
    const auto inserted = send(
        origin, "POST", "/api/settings", admin_auth(),
        R"([{"type":"insert","prefix":null,"values":[["server.http.hsts","true"]],"assert_empty":false}])");
    REQUIRE(inserted);
    CHECK(json_body(inserted) == Json::parse(R"({"data":null})"));
    std::string log = wait_for_log(serve, "configuration reloaded (settings change", mark);
    INFO(log);
    CHECK(contains(log, "stalwart-httpctl: reload: " + overlay_name +
                            ": warning: ignored by Stalwart 0.12: it reads http.hsts "
                            "(server.http.hsts was set through the management API, POST "
                            "/api/settings)"));

    // The file gains an empty url expression (a warning on a key from the file) below two new
    // lines: the warning is logged at the file's own line and column of the value.
    std::string with_warning = original;
    with_warning.replace(with_warning.find("url = \"'http://127.0.0.1:' + local_port\""),
                         std::string("url = \"'http://127.0.0.1:' + local_port\"").size(),
                         "url = \"\"");
    with_warning = "# edited\n# by hand\n" + with_warning;
    httpctl::test::write_text_file(config, with_warning);
    const std::size_t url_line = line_of(with_warning, "url = \"\"");
    mark = serve.stderr_text().size();
    serve.send_signal(SIGHUP);
    log = wait_for_log(serve, "configuration reloaded (SIGHUP", mark);
    INFO(log);
    CHECK(contains(log, "stalwart-httpctl: reload: " + config_name + ":" +
                            std::to_string(url_line) + ":7: warning: the expression is empty"));
    CHECK(contains(log, overlay_name + ": warning: ignored by Stalwart 0.12"));

    // An error in the file: refused, logged at the file's own position of the value.
    std::string with_error = with_warning;
    with_error.replace(with_error.find("url = \"\""), 8, "url = \"concat('https://', 'x'\"");
    httpctl::test::write_text_file(config, with_error);
    mark = serve.stderr_text().size();
    serve.send_signal(SIGHUP);
    log = wait_for_log(serve, "reload refused (SIGHUP)", mark);
    INFO(log);
    CHECK(contains(log, "stalwart-httpctl: reload: " + config_name + ":" +
                            std::to_string(url_line) + ":8: error: Invalid variable or constant"));
    // Nothing points into the generated text: every position named is the file's.
    CHECK_FALSE(contains(log, config_name + ":1:"));

    // The running configuration is still the one with the overlay; the key is still there.
    const auto keys = send(origin, "GET", "/api/settings/keys?keys=server.http.hsts", admin_auth());
    REQUIRE(keys);
    CHECK(json_body(keys)["data"]["server.http.hsts"] == "true");

    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
}
