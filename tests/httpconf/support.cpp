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

std::string read_binary_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

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

TempFile::TempFile(std::string_view content) {
    static std::atomic<unsigned> counter{0};
    auto dir = std::filesystem::temp_directory_path();
    path_ = (dir / ("httpconf-test-" + std::to_string(::getpid()) + "-" +
                    std::to_string(counter++) + ".toml"))
                .string();
    std::ofstream out(path_, std::ios::binary);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

TempFile::~TempFile() {
    std::error_code ignored;
    std::filesystem::remove(path_, ignored);
}

std::string shell_quote(const std::string& text) {
    std::string out = "'";
    for (char c : text) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

CommandResult run_cli(const std::string& arguments) {
    TempFile out_file("");
    TempFile err_file("");
    std::string command = shell_quote(HTTPCTL_CLI) + " " + arguments + " >" +
                          shell_quote(out_file.path()) + " 2>" + shell_quote(err_file.path());
    int status = std::system(command.c_str());
    CommandResult result;
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_binary_file(out_file.path());
    result.err = read_binary_file(err_file.path());
    return result;
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
