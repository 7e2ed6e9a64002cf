// The manual pages in man/: one page per sub-command that `stalwart-httpctl --help` lists, plus
// the overview page, and every page formats with `groff -man -ww` without a single warning.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/process.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using httpctl::test::read_binary_file;
using Process = httpctl::test::CommandResult;

std::string quoted(const std::string& s) { return httpctl::test::shell_quote(s); }

// Runs a shell command line with stdin empty; returns its exit code, stdout and stderr.
Process run(const std::string& command_line) { return httpctl::test::run_command(command_line); }

// The sub-command names of the "Subcommands:" section of `--help`: the first word of each
// line indented by two spaces.
std::vector<std::string> listed_subcommands() {
    const Process help = run(quoted(HTTPCTL_CLI) + " --help");
    INFO("stdout: " << help.out << "\nstderr: " << help.err);
    REQUIRE(help.exit_code == 0);
    std::vector<std::string> names;
    std::istringstream lines(help.out);
    std::string line;
    bool in_section = false;
    while (std::getline(lines, line)) {
        if (line.rfind("Subcommands:", 0) == 0) {
            in_section = true;
            continue;
        }
        if (!in_section) continue;
        if (line.rfind("  ", 0) != 0 || line.size() < 3 || line[2] == ' ') {
            if (line.find_first_not_of(' ') == std::string::npos) break;
            continue;
        }
        const std::size_t end = line.find(' ', 2);
        names.push_back(line.substr(2, end == std::string::npos ? std::string::npos : end - 2));
    }
    return names;
}

fs::path man_dir() { return fs::path(HTTPCTL_SOURCE_DIR) / "man"; }

std::vector<fs::path> man_pages() {
    std::vector<fs::path> pages;
    if (!fs::is_directory(man_dir())) return pages;
    for (const auto& entry : fs::directory_iterator(man_dir())) {
        if (entry.is_regular_file() && entry.path().extension() == ".1") {
            pages.push_back(entry.path());
        }
    }
    std::sort(pages.begin(), pages.end());
    return pages;
}

bool groff_installed() { return run("command -v groff").exit_code == 0; }

}  // namespace

TEST_CASE("man: the overview page and one page per sub-command in --help exist", "[man]") {
    CHECK(fs::is_regular_file(man_dir() / "stalwart-httpctl.1"));
    const std::vector<std::string> names = listed_subcommands();
    REQUIRE_FALSE(names.empty());
    for (const std::string& name : names) {
        const fs::path page = man_dir() / ("stalwart-httpctl-" + name + ".1");
        INFO("sub-command " << name << " needs " << page.filename().string());
        CHECK(fs::is_regular_file(page));
    }
}

TEST_CASE("man: the --help sub-command list is read correctly", "[man]") {
    const std::vector<std::string> names = listed_subcommands();
    CHECK(std::find(names.begin(), names.end(), "eval") != names.end());
    CHECK(std::find(names.begin(), names.end(), "keys") != names.end());
}

TEST_CASE("man: every page formats with groff -man -ww without warnings", "[man]") {
    const std::vector<fs::path> pages = man_pages();
    REQUIRE_FALSE(pages.empty());
    // scripts/bootstrap installs groff-base; without it this check must fail, not pass silently.
    REQUIRE(groff_installed());
    for (const fs::path& page : pages) {
        const Process p = run("groff -man -ww -z " + quoted(page.string()));
        INFO(page.filename().string() << " stderr: " << p.err);
        CHECK(p.exit_code == 0);
        CHECK(p.err.empty());
    }
}
