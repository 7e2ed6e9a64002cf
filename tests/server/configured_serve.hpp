// `stalwart-httpctl serve` on a configuration file written to a temporary folder, with its blobs
// under the same folder, for the end-to-end tests of the JMAP and management routes (listener
// `web`, see accounts_config_08).
#pragma once

#include <signal.h>

#include <catch2/catch.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

namespace httpctl::test {

struct ConfiguredServe {
    TempDir dir;
    std::filesystem::path config = dir.path() / "config.toml";
    std::vector<std::string> extra_arguments;
    std::string log_format;
    std::unique_ptr<ServeProcess> process;
    std::uint16_t port = 0;
    std::string origin;  // "http://127.0.0.1:PORT"

    explicit ConfiguredServe(const std::string& config_text, std::vector<std::string> extra = {},
                             std::string log = "off")
        : extra_arguments(std::move(extra)), log_format(std::move(log)) {
        write_text_file(config, config_text);
        start();
    }

    void start() {
        std::vector<std::string> arguments = {"--config",     config.string(),
                                              "--data-dir",   (dir.path() / "data").string(),
                                              "--log-format", log_format};
        arguments.insert(arguments.end(), extra_arguments.begin(), extra_arguments.end());
        process = std::make_unique<ServeProcess>(arguments);
        REQUIRE_FALSE(process->wait_ready().empty());
        port = process->port("web");
        origin = origin_of(port);
    }

    // SIGTERM, a clean exit, and a new process on the same files.
    void restart() {
        process->send_signal(SIGTERM);
        REQUIRE(process->wait_exit() == 0);
        start();
    }
};

// The session object `auth` gets at `origin`.
inline nlohmann::json session_of(const std::string& origin, const httplib::Headers& auth) {
    const auto result = send(origin, "GET", "/.well-known/jmap", auth);
    REQUIRE(result);
    REQUIRE(result->status == 200);
    return json_body(result);
}

// The primary JMAP account of a session object.
inline std::string account_of(const nlohmann::json& session) {
    return session["primaryAccounts"]["urn:ietf:params:jmap:core"].get<std::string>();
}

}  // namespace httpctl::test
