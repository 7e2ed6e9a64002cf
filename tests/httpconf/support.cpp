#include "support.hpp"

#include <sys/wait.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace httpctl::conf::test {

std::vector<std::string> read_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

std::string base64_decode(std::string_view text) {
    auto value_of = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string out;
    unsigned buffer = 0;
    int bits = 0;
    for (char c : text) {
        int v = value_of(c);
        if (v < 0) continue;  // padding
        buffer = (buffer << 6) | static_cast<unsigned>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((buffer >> bits) & 0xFFU);
        }
    }
    return out;
}

CommandResult run_cli(const std::string& arguments) {
    return httpctl::test::run_command(shell_quote(HTTPCTL_CLI) + " " + arguments);
}

std::string tsv_line(const std::string& key, const std::string& value) {
    return nlohmann::json(key).dump() + "\t" + nlohmann::json(value).dump() + "\n";
}

std::string flat_tsv(const FlatConfig& config) {
    std::string out;
    for (const ConfigEntry& entry : config.entries())
        out += tsv_line(entry.key, entry.value);
    return out;
}

FlatConfig load_ok(std::string_view text) {
    LoadResult result = load_config(text, "test.toml");
    INFO("input: " << text);
    INFO("stalwart: " << result.stalwart_message);
    REQUIRE(result.ok());
    return std::move(*result.config);
}

LoadResult load_error(std::string_view text) {
    LoadResult result = load_config(text, "test.toml");
    INFO("input: " << text);
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.diagnostics.size() == 1);
    return result;
}

}  // namespace httpctl::conf::test
