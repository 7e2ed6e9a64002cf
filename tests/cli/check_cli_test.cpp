// `stalwart-httpctl check`, run as a real process: exit statuses, several files, standard input,
// unreadable files, colour (NO_COLOR, --color, a real terminal), -v base URLs, --target and
// --resolve-macros.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "check_support.hpp"

namespace {

using namespace httpctl::test::check;
using httpctl::test::TempFile;

// A 0.12 file with one HTTPS listener whose base URL is built from the host name.
constexpr const char* kClean =
    "[server]\n"
    "hostname = \"mail.example.org\"\n"
    "\n"
    "[server.listener.\"https\"]\n"
    "protocol = \"http\"\n"
    "bind = [\"[::]:443\"]\n"
    "tls.implicit = true\n"
    "\n"
    "[http]\n"
    "url = \"protocol + '://' + config_get('server.hostname')\"\n";

// Stalwart's loader rejects this file (text after a value).
constexpr const char* kRejected = "a = \"x\" y\n";

std::string with_status(const Run& r) {
    return "exit " + std::to_string(r.exit_code) + "\nstdout:\n" + r.out + "\nstderr:\n" + r.err;
}

}  // namespace

TEST_CASE("check: a clean file exits 0 and says so", "[cli][check]") {
    TempFile clean(kClean);
    const Run r = run_httpctl({"check", clean.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "checked 1 file: "));
    CHECK_FALSE(contains(r.out, "error"));
}

TEST_CASE("check: a file Stalwart rejects exits 1 with its position", "[cli][check]") {
    TempFile bad(kRejected);
    const Run r = run_httpctl({"check", bad.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, bad.path() + ":1:9: error: "));
    CHECK(contains(r.out, "1 | a = \"x\" y\n"));
    CHECK(contains(r.out, "checked 1 file: 1 error"));
}

TEST_CASE("check --strict: warnings fail too", "[cli][check]") {
    // No HTTP listener: a warning, not an error.
    TempFile warning_only("[server.listener.\"smtp\"]\nprotocol = \"smtp\"\nbind = \"[::]:25\"\n");
    const Run plain = run_httpctl({"check", warning_only.path()});
    INFO(with_status(plain));
    CHECK(plain.exit_code == 0);
    CHECK(contains(plain.out, ": warning: "));
    CHECK(contains(plain.out, "0 errors, 1 warning"));
    CHECK(run_httpctl({"check", "--strict", warning_only.path()}).exit_code == 1);
    TempFile clean(kClean);
    CHECK(run_httpctl({"check", "--strict", clean.path()}).exit_code == 0);
}

TEST_CASE("check: several files in one run, each reported under its name", "[cli][check]") {
    TempFile clean(kClean);
    TempFile bad(kRejected);
    const Run r = run_httpctl({"check", "--format", "json", clean.path(), bad.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 1);
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    REQUIRE(doc["files"].size() == 2);
    CHECK(doc["files"][0]["file"] == clean.path());
    CHECK(doc["files"][1]["file"] == bad.path());
    CHECK(doc["files"][1]["loaded"] == false);
    CHECK(doc["summary"]["files"] == 2);
    CHECK(doc["summary"]["errors"].get<int>() >= 1);
}

TEST_CASE("check: - reads standard input, named <stdin>", "[cli][check]") {
    const Run r = run_httpctl({"check", "-"}, kRejected);
    INFO(with_status(r));
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "<stdin>:1:9: error: "));
    const Run clean = run_httpctl({"check", "-"}, kClean);
    CHECK(clean.exit_code == 0);
    // Standard input can only be read once.
    const Run twice = run_httpctl({"check", "-", "-"}, kClean);
    CHECK(twice.exit_code == 2);
    CHECK(contains(twice.err, "only once"));
}

TEST_CASE("check: an unreadable file exits 2, the other files are still reported", "[cli][check]") {
    TempFile clean(kClean);
    const std::string missing = clean.path() + ".does-not-exist";
    const Run r = run_httpctl({"check", missing, clean.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, missing + ": error: cannot read the file: No such file or directory"));
    CHECK(contains(r.out, "checked 1 file"));

    const std::string directory = std::filesystem::temp_directory_path().string();
    const Run dir = run_httpctl({"check", directory});
    INFO(with_status(dir));
    CHECK(dir.exit_code == 2);
    CHECK(contains(dir.err, "cannot read the file: Is a directory"));

    // An unreadable file wins over findings: 2, not 1.
    TempFile bad(kRejected);
    CHECK(run_httpctl({"check", bad.path(), missing}).exit_code == 2);
}

TEST_CASE("check: usage errors exit 2", "[cli][check]") {
    TempFile clean(kClean);
    CHECK(run_httpctl({"check"}).exit_code == 2);
    CHECK(run_httpctl({"check", "--format", "xml", clean.path()}).exit_code == 2);
    CHECK(run_httpctl({"check", "--color", "sometimes", clean.path()}).exit_code == 2);
    CHECK(run_httpctl({"check", "--no-such-option", clean.path()}).exit_code == 2);
    const Run target = run_httpctl({"check", "--target", "banana", clean.path()});
    CHECK(target.exit_code == 2);
    CHECK(contains(target.err, "unknown --target banana"));
}

TEST_CASE("check: colour with --color=always, never with --color=never or NO_COLOR",
          "[cli][check][color]") {
    TempFile bad(kRejected);
    CHECK(contains(run_httpctl({"check", "--color=always", bad.path()}).out, "\x1b["));
    CHECK_FALSE(contains(run_httpctl({"check", "--color=never", bad.path()}).out, "\x1b["));
    // auto: standard output is a file here, so no colour even without NO_COLOR.
    CHECK_FALSE(contains(run_httpctl({"check", bad.path()}, "", "").out, "\x1b["));
    // Colour is for people: never in the machine formats.
    CHECK_FALSE(
        contains(run_httpctl({"check", "--color=always", "-f", "json", bad.path()}).out, "\x1b"));
}

TEST_CASE("check: --color=auto on a real terminal colours unless NO_COLOR is set",
          "[cli][check][color]") {
    TempFile bad(kRejected);
    // script(1) runs the command on a pseudo-terminal and copies what it printed.
    const std::string command = httpctl::test::shell_quote(HTTPCTL_CLI) + " check " +
                                httpctl::test::shell_quote(bad.path());
    const Run tty = httpctl::test::run_command("env -u NO_COLOR script -qec " +
                                               httpctl::test::shell_quote(command) + " /dev/null");
    INFO(with_status(tty));
    CHECK(tty.exit_code == 1);
    CHECK(contains(tty.out, "\x1b[1;31merror:"));
    const Run no_color = httpctl::test::run_command(
        "env NO_COLOR=1 script -qec " + httpctl::test::shell_quote(command) + " /dev/null");
    INFO(with_status(no_color));
    CHECK(contains(no_color.out, "error:"));
    CHECK_FALSE(contains(no_color.out, "\x1b["));
    // An empty NO_COLOR does not count.
    const Run empty = httpctl::test::run_command(
        "env NO_COLOR= script -qec " + httpctl::test::shell_quote(command) + " /dev/null");
    CHECK(contains(empty.out, "\x1b["));
}

TEST_CASE("check -v: the base URL of every HTTP listener", "[cli][check]") {
    TempFile clean(kClean);
    const Run quiet = run_httpctl({"check", clean.path()});
    CHECK_FALSE(contains(quiet.out, "base URL"));
    const Run r = run_httpctl({"check", "-v", clean.path()});
    INFO(with_status(r));
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, clean.path() + ": target Stalwart 0.12 (inferred)\n"));
    CHECK(contains(
        r.out,
        clean.path() + ": listener \"https\" on [::]:443: base URL https://mail.example.org"));
}

TEST_CASE("check --target: the release the file is read for", "[cli][check]") {
    TempFile clean(kClean);
    const Run r = run_httpctl({"check", "-v", "--target", "0.8", "-f", "json", clean.path()});
    INFO(with_status(r));
    const nlohmann::json doc = nlohmann::json::parse(r.out);
    CHECK(doc["files"][0]["target"] == "0.8");
    CHECK(doc["files"][0]["target_inferred"] == false);
    const Run human = run_httpctl({"check", "-v", "--target", "0.8", clean.path()});
    CHECK(contains(human.out, ": target Stalwart 0.8\n"));
}

TEST_CASE("check --resolve-macros reads the environment; the default never does", "[cli][check]") {
    TempFile file(
        "[server]\n"
        "hostname = \"%{env:HTTPCTL_TEST_HOSTNAME}%\"\n"
        "[server.listener.\"https\"]\n"
        "protocol = \"http\"\n"
        "bind = [\"[::]:443\"]\n"
        "tls.implicit = true\n"
        "[http]\n"
        "url = \"protocol + '://' + config_get('server.hostname')\"\n");
    const std::string env = "NO_COLOR=1 HTTPCTL_TEST_HOSTNAME=from-env.example.org";
    const Run hermetic = run_httpctl({"check", "-v", file.path()}, "", env);
    INFO(with_status(hermetic));
    CHECK_FALSE(contains(hermetic.out, "from-env.example.org"));
    const Run resolved = run_httpctl({"check", "-v", "--resolve-macros", file.path()}, "", env);
    INFO(with_status(resolved));
    CHECK(contains(resolved.out, "base URL https://from-env.example.org"));
}

TEST_CASE("pre-commit hooks: each entry runs as pre-commit would run it", "[cli][check]") {
    // pre-commit appends the staged file names to `entry`.
    const std::string hooks = httpctl::test::read_binary_file(std::string(HTTPCTL_SOURCE_DIR) +
                                                              "/.pre-commit-hooks.yaml");
    TempFile clean(kClean);
    TempFile bad(kRejected);
    int entries = 0;
    for (std::size_t at = hooks.find("entry: "); at != std::string::npos;
         at = hooks.find("entry: ", at + 1)) {
        const std::size_t end = hooks.find('\n', at);
        const std::string entry = hooks.substr(at + 7, end - at - 7);
        REQUIRE(entry.rfind("stalwart-httpctl ", 0) == 0);
        const std::string command = entry.substr(std::string("stalwart-httpctl ").size());
        INFO(entry);
        CHECK(run_httpctl({command, clean.path()}).exit_code == 0);
        CHECK(run_httpctl({command, clean.path(), bad.path()}).exit_code == 1);
        ++entries;
    }
    CHECK(entries == 2);
}
