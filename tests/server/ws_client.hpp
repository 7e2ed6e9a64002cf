// Runs tests/server/jmap_ws_client.py, a JMAP-over-WebSocket client on Python's third-party
// `websockets` library, and returns the JSON lines it printed (one per thing it saw).
#pragma once

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace httpctl::test {

inline std::vector<nlohmann::ordered_json> run_ws_client(
    const std::string& scenario, const std::string& ws_url, const std::string& http_base,
    const std::string& user, const std::string& password, const std::string& ca_file = {}) {
    const std::string command =
        "/usr/bin/python3 " +
        shell_quote(std::string(HTTPCTL_SOURCE_DIR) + "/tests/server/jmap_ws_client.py") + " " +
        shell_quote(scenario) + " " + shell_quote(ws_url) + " " + shell_quote(http_base) + " " +
        shell_quote(user) + " " + shell_quote(password) +
        (ca_file.empty() ? std::string() : " " + shell_quote(ca_file));
    const auto result = run_command(command);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    std::vector<nlohmann::ordered_json> events;
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        events.push_back(nlohmann::ordered_json::parse(line));
    }
    return events;
}

}  // namespace httpctl::test
