// `stalwart-httpctl repl` on a pseudo-terminal, as a user sees it: prompt, Tab completion,
// history kept across runs, multi-line entries, Ctrl-C and Ctrl-D.
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <string>

#include "cli/config_fixture.hpp"
#include "support/process.hpp"
#include "support/terminal_session.hpp"

namespace fs = std::filesystem;

namespace {

using httpctl::test::shell_quote;
using httpctl::test::TerminalSession;

// A fresh XDG_STATE_HOME for one test, removed afterwards.
class StateDir {
  public:
    StateDir() {
        static std::atomic<unsigned> counter{0};
        path_ = fs::temp_directory_path() / ("httpctl-repl-state-" + std::to_string(::getpid()) +
                                             "-" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~StateDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    [[nodiscard]] const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string repl_command(const StateDir& state, const std::string& args = {}) {
    return "NO_COLOR=1 XDG_STATE_HOME=" + shell_quote(state.path().string()) + " " +
           shell_quote(HTTPCTL_CLI) + " repl " + args;
}

constexpr const char* kPrompt = "httpctl> ";

// Types `keys`, waits for `expected` and then for the next prompt, so that keys sent afterwards
// reach the line editor rather than a terminal between two modes.
bool answers(TerminalSession& t, const std::string& keys, const std::string& expected) {
    const std::size_t mark = t.output().size();
    t.send(keys);
    if (!t.wait_for(expected, mark)) return false;
    return t.wait_for(kPrompt, t.output().find(expected, mark) + expected.size());
}

constexpr const char* kCtrlC = "\x03";
constexpr const char* kCtrlD = "\x04";
constexpr const char* kUpArrow = "\x1b[A";

}  // namespace

TEST_CASE("repl on a terminal shows a prompt, evaluates, and leaves on Ctrl-D with status 0",
          "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(repl_command(state));
    REQUIRE(t.wait_for("httpctl> "));
    CHECK(answers(t, "1 + 2\r", "3 : integer"));
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
}

TEST_CASE("repl gives the terminal back as it found it", "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(repl_command(state) + "; stty -a");
    REQUIRE(t.wait_for(kPrompt));
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
    const std::string& out = t.output();
    INFO(out);
    for (const std::string mode : {"icanon ", "isig ", "echo "}) {
        CHECK(out.find(mode) != std::string::npos);
        CHECK(out.find("-" + mode) == std::string::npos);
    }
}

TEST_CASE("repl completes functions, variables, commands and look-up store keys with Tab",
          "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(
        repl_command(state, "--var local_port=25 --lookup default.hostname=mx.example.org"));
    REQUIRE(t.wait_for("httpctl> "));
    CHECK(answers(t, "to_upp\t'ab')\r", "\"AB\" : string"));
    CHECK(answers(t, "local_p\t + 1\r", "26 : integer"));
    CHECK(answers(t, ":expl\t 7\r", "result: 7 : integer"));
    CHECK(answers(t, "key_get('def\t, 'host\t)\r", "\"mx.example.org\" : string"));
    // Several candidates with nothing more in common: all are listed.
    std::size_t mark = t.output().size();
    t.send("to_\t");
    CHECK(t.wait_for("to_lowercase(", mark));
    CHECK(t.wait_for("to_uppercase(", mark));
    CHECK(answers(t, kCtrlC, "^C"));
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
}

TEST_CASE("repl completes listener ids and config keys from the loaded config",
          "[cli][repl][terminal]") {
    StateDir state;
    httpctl::test::TempFile config(kTenantConfig);
    TerminalSession t(repl_command(state, "--config " + shell_quote(config.path())));
    REQUIRE(t.wait_for("httpctl> "));
    CHECK(answers(t, ":listener ht\t\r", "local_port = 443 : integer"));
    CHECK(answers(t, ":key tenant.gr\t\r", "\"hello \" : string"));
    // An if-block is offered once, by its setting's name.
    CHECK(answers(t, ":key http.u\t\r", "\"https://mx.example.org:443\" : string"));
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
}

TEST_CASE("repl history is saved and recalled in the next run", "[cli][repl][terminal]") {
    StateDir state;
    {
        TerminalSession first(repl_command(state));
        REQUIRE(first.wait_for("httpctl> "));
        CHECK(answers(first, "40 + 2\r", "42 : integer"));
        first.send(kCtrlD);
        CHECK(first.wait_exit() == 0);
    }
    const fs::path file = state.path() / "stalwart-httpctl" / "history";
    REQUIRE(fs::exists(file));
    CHECK(fs::file_size(file) > 0);

    TerminalSession second(repl_command(state));
    REQUIRE(second.wait_for("httpctl> "));
    CHECK(answers(second, std::string(kUpArrow) + "\r", "42 : integer"));
    second.send(kCtrlD);
    CHECK(second.wait_exit() == 0);
}

TEST_CASE("repl continues an entry on the next line while a bracket is open",
          "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(repl_command(state));
    REQUIRE(t.wait_for("httpctl> "));
    t.send("(20 +\r");
    CHECK(t.wait_for("     ... "));
    CHECK(answers(t, "22)\r", "42 : integer"));
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
}

TEST_CASE("repl Ctrl-C throws the current entry away and keeps running", "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(repl_command(state));
    REQUIRE(t.wait_for("httpctl> "));
    t.send("99");
    CHECK(answers(t, kCtrlC, "^C"));
    CHECK(answers(t, "5\r", "5 : integer"));
    t.send("(1 +\r");
    CHECK(t.wait_for("     ... "));
    CHECK(answers(t, kCtrlC, "^C"));
    CHECK(answers(t, "7\r", "7 : integer"));
    CHECK(t.output().find("995") == std::string::npos);
    CHECK(t.output().find("8 : integer") == std::string::npos);
    t.send(kCtrlD);
    CHECK(t.wait_exit() == 0);
}

TEST_CASE("repl on a terminal shows compile errors with a caret", "[cli][repl][terminal]") {
    StateDir state;
    TerminalSession t(repl_command(state));
    REQUIRE(t.wait_for("httpctl> "));
    CHECK(answers(t, "1 + lcal_port\r", "did you mean `local_port`?"));
    CHECK(t.output().find("^^^^^^^^^") != std::string::npos);
    t.send(":quit\r");
    CHECK(t.wait_exit() == 0);
}
