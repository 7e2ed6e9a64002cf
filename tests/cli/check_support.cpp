#include "check_support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace httpctl::test::check {

Run run_httpctl(const std::vector<std::string>& args, const std::string& input,
                const std::string& environment, const std::string& directory) {
    std::string command;
    if (!directory.empty()) command += "cd " + shell_quote(directory) + " && ";
    command += "env -u NO_COLOR " + environment + " " + shell_quote(HTTPCTL_CLI);
    for (const std::string& a : args)
        command += " " + shell_quote(a);
    return run_command(command, input);
}

std::string golden_dir() {
    return (std::filesystem::path(HTTPCTL_SOURCE_DIR) / "tests" / "cli" / "golden").string();
}

void check_golden(const std::string& name, const std::string& actual) {
    const std::string path = golden_dir() + "/" + name;
    const char* update = std::getenv("HTTPCTL_UPDATE_GOLDEN");
    if (update != nullptr && std::string(update) == "1") {
        std::ofstream(path, std::ios::binary) << actual;
        WARN("rewrote " << name);
        return;
    }
    INFO("golden file " << name << " (regenerate: HTTPCTL_UPDATE_GOLDEN=1 cli_tests \"[golden]\")");
    REQUIRE(std::filesystem::is_regular_file(path));
    CHECK(read_binary_file(path) == actual);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace httpctl::test::check
