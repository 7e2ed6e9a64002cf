// `stalwart-httpctl eval`, run as a real process: result and type printing, --json, the value
// syntax of --var/--global/--lookup/--setting, caret rendering of compile errors (exit 1),
// usage errors (exit 2), --jsonl and --target 0.8.
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "support/process.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

using httpctl::test::shell_quote;
using Run = httpctl::test::CommandResult;

// Runs `stalwart-httpctl eval ARGS...` with `input` on stdin; colour is off.
Run eval_cli(const std::vector<std::string>& args, const std::string& input = {}) {
    std::string command = "NO_COLOR=1 " + shell_quote(HTTPCTL_CLI) + " eval";
    for (const std::string& a : args)
        command += " " + shell_quote(a);
    return httpctl::test::run_command(command, input);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

nlohmann::json json_of(const Run& r) {
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("eval prints `value : type` for each of the four types", "[cli][eval]") {
    Run r = eval_cli({"1 + 2"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "3 : integer\n");
    CHECK(eval_cli({"10 / 4"}).out == "2.5 : float\n");
    CHECK(eval_cli({"8 / 2"}).out == "4.0 : float\n");
    CHECK(eval_cli({"'a' + 1.5"}).out == "\"a1.5\" : string\n");
    CHECK(eval_cli({"[1, 'x', 2.5]"}).out == "[1, \"x\", 2.5] : array\n");
    CHECK(eval_cli({"'' + 5"}).out == "5 : integer\n");           // §4.10: '' keeps the other type
    CHECK(eval_cli({"'abc' || 0"}).out == "\"abc\" : string\n");  // §5.2
}

TEST_CASE("eval of an empty expression prints \"\" and notes that it reads as unset",
          "[cli][eval]") {
    const Run r = eval_cli({"()"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "\"\" : string\n");
    CHECK(contains(r.err, "empty"));
}

TEST_CASE("eval --json prints the tagged form", "[cli][eval][json]") {
    CHECK(json_of(eval_cli({"--json", "1 + 2"})) == nlohmann::json{{"integer", 3}});
    CHECK(json_of(eval_cli({"--json", "7 / 0"})) == nlohmann::json{{"float", 0.0}});
    CHECK(json_of(eval_cli({"--json", "'x' + 1"})) == nlohmann::json{{"string", "x1"}});
    CHECK(json_of(eval_cli({"--json", "[1, 'x', [2.5]]"})) ==
          nlohmann::json::parse(
              R"({"array":[{"integer":1},{"string":"x"},{"array":[{"float":2.5}]}]})"));
    CHECK(json_of(eval_cli({"--json", "'nan' * 1"})) == nlohmann::json{{"float", "NaN"}});
    CHECK(json_of(eval_cli({"--json", "'inf' * -1"})) == nlohmann::json{{"float", "-inf"}});
}

TEST_CASE("eval --var values: integer, float, quoted string, JSON array, plain text",
          "[cli][eval][var]") {
    CHECK(eval_cli({"--var", "local_port=443", "local_port + 1"}).out == "444 : integer\n");
    CHECK(eval_cli({"--var", "priority=1.5", "priority * 2"}).out == "3.0 : float\n");
    // A quoted value is a string even when it looks like a number: `+` concatenates.
    CHECK(eval_cli({"--var", "sender='123'", "sender + 1"}).out == "\"1231\" : string\n");
    CHECK(eval_cli({"--var", "sender=\"123\"", "sender + 1"}).out == "\"1231\" : string\n");
    CHECK(eval_cli({"--var", "sender=123", "sender + 1"}).out == "124 : integer\n");
    CHECK(eval_cli({"--var", "sender=jdoe", "sender"}).out == "\"jdoe\" : string\n");
    CHECK(eval_cli({"--var", "recipients=[\"a@x\", 2]", "recipients[1]"}).out == "2 : integer\n");
    CHECK(eval_cli({"--var", "recipients=[\"a@x\", 2]", "len(recipients)"}).out == "2 : integer\n");
    CHECK(eval_cli({"--var", "rcpt=a@b.org", "--var", "sender=x", "rcpt + sender"}).out ==
          "\"a@b.orgx\" : string\n");
    // An unset variable is "".
    CHECK(eval_cli({"rcpt"}).out == "\"\" : string\n");
}

TEST_CASE("eval --global, --lookup and --setting feed $name, key_get and config_get",
          "[cli][eval][context]") {
    CHECK(eval_cli({"--global", "foo=5", "$foo + 1"}).out == "6 : integer\n");
    CHECK(eval_cli({"--global", "foo='x'", "$foo"}).out == "\"x\" : string\n");
    CHECK(eval_cli({"$unset"}).out == "0 : integer\n");  // §7.5: any other global is 0
    CHECK(
        eval_cli({"--lookup", "default.hostname=mx.example.org", "key_get('default', 'hostname')"})
            .out == "\"mx.example.org\" : string\n");
    // §6.6: values of configuration maps are typed by inference.
    CHECK(eval_cli({"--lookup", "s.port=25", "key_get('s', 'port') + 1"}).out == "26 : integer\n");
    CHECK(eval_cli({"--lookup", "s.a=1", "key_exists('s', 'b')"}).out == "0 : integer\n");
    // §6.8: config_get returns the raw setting text (no type inference).
    CHECK(eval_cli({"--setting", "foo.bar=42", "config_get('foo.bar')"}).out ==
          "\"42\" : string\n");
    CHECK(
        eval_cli({"--setting", "server.hostname=Mail.Example.org", "config_get('server.hostname')"})
            .out == "\"Mail.Example.org\" : string\n");
    CHECK(eval_cli({"config_get('absent.key')"}).out == "\"\" : string\n");
}

TEST_CASE("a compile error prints the expression with a caret and exits 1", "[cli][eval][error]") {
    const Run r = eval_cli({"1 + lcal_port"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(contains(r.err, "error[E-UNKNOWN-NAME]: Invalid variable or constant \"lcal_port\""));
    CHECK(contains(r.err, "--> expression:1:5"));
    CHECK(contains(r.err, "   | 1 + lcal_port\n   |     ^^^^^^^^^\n"));
    CHECK(contains(r.err, "did you mean `local_port`?"));
    CHECK_FALSE(contains(r.err, "\x1b["));  // NO_COLOR

    // Multi-line and multi-byte: line 2, column in characters.
    const Run multi = eval_cli({"1 +\n'é' + @"});
    CHECK(multi.exit_code == 1);
    CHECK(contains(multi.err, "--> expression:2:7"));
    CHECK(contains(multi.err, "   | 'é' + @\n   |       ^\n"));

    // A TAB is shown as a space so that the caret stays aligned.
    const Run tab = eval_cli({"1\t+ 2"});
    CHECK(tab.exit_code == 1);
    CHECK(contains(tab.err, "Invalid character '\\t'"));
    CHECK(contains(tab.err, "   | 1 + 2\n   |  ^\n"));

    const Run unterminated = eval_cli({"'abc"});
    CHECK(unterminated.exit_code == 1);
    CHECK(contains(unterminated.err, "Unterminated string"));
}

TEST_CASE("usage errors exit 2", "[cli][eval][usage]") {
    const Run no_expr = eval_cli({});
    CHECK(no_expr.exit_code == 2);
    CHECK(no_expr.out.empty());
    CHECK(eval_cli({"--var", "nosuch=1", "1"}).exit_code == 2);
    CHECK(contains(eval_cli({"--var", "nosuch=1", "1"}).err, "nosuch"));
    CHECK(eval_cli({"--var", "rcpt", "1"}).exit_code == 2);
    CHECK(eval_cli({"--var", "=5", "1"}).exit_code == 2);
    CHECK(eval_cli({"--global", "novalue", "1"}).exit_code == 2);
    CHECK(eval_cli({"--lookup", "nodot=1", "1"}).exit_code == 2);
    CHECK(eval_cli({"--lookup", "store.=1", "1"}).exit_code == 2);
    CHECK(eval_cli({"--setting", "novalue", "1"}).exit_code == 2);
    CHECK(eval_cli({"--target", "0.7", "1"}).exit_code == 2);
    CHECK(eval_cli({"--no-such-flag", "1"}).exit_code == 2);
    CHECK(eval_cli({"--jsonl", "1"}, "").exit_code == 2);
}

TEST_CASE("eval --jsonl answers each case in order, flags malformed lines and exits 1",
          "[cli][eval][jsonl]") {
    const std::string input = R"({"id":"a","expr":"1 + 1","expect":{"integer":2}})"
                              "\n"
                              "this is not json\n"
                              "\n"
                              R"({"id":"b","expr":"len(","expect":{"error":"x"}})"
                              "\n"
                              R"({"id":"c","expr":"rcpt + 1","vars":{"rcpt":"x"}})"
                              "\n";
    const Run r = eval_cli({"--jsonl"}, input);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "stdin:2"));
    std::istringstream lines(r.out);
    std::vector<nlohmann::json> out;
    for (std::string line; std::getline(lines, line);)
        out.push_back(nlohmann::json::parse(line));
    REQUIRE(out.size() == 4);  // the blank line is skipped
    CHECK(out[0]["id"] == "a");
    CHECK(out[0]["result"] == nlohmann::json{{"integer", 2}});
    CHECK(out[1]["line"] == 2);
    CHECK(out[1]["result"].contains("error"));
    CHECK(out[2]["id"] == "b");
    CHECK(out[2]["result"].contains("error"));
    CHECK(out[3]["id"] == "c");
    CHECK(out[3]["result"] == nlohmann::json{{"string", "x1"}});

    // Only good lines: exit 0.
    const Run good = eval_cli({"--jsonl"}, R"({"id":"z","expr":"'a' > [1]"})"
                                           "\n");
    CHECK(good.exit_code == 0);
    CHECK(nlohmann::json::parse(good.out)["result"] == nlohmann::json{{"integer", 1}});
}

TEST_CASE("eval --target 0.8 reproduces v0.8.5 (§9)", "[cli][eval][target]") {
    // Display floats in to_string.
    CHECK(eval_cli({"--target", "0.8", "len(1.0)"}).out == "1 : integer\n");
    CHECK(eval_cli({"len(1.0)"}).out == "3 : integer\n");
    CHECK(eval_cli({"--target", "0.12", "len(1.0)"}).out == "3 : integer\n");
    CHECK(eval_cli({"--target", "0.8", "trim(10000000000000000.0)"}).out ==
          "\"10000000000000000\" : string\n");
    // No globals, config_get or split_n in 0.8.
    const Run global = eval_cli({"--target", "0.8", "$foo"});
    CHECK(global.exit_code == 1);
    CHECK(contains(global.err, "Invalid variable or constant \"$foo\""));
    CHECK(eval_cli({"--target", "0.8", "config_get('server.hostname')"}).exit_code == 1);
    CHECK(eval_cli({"--target", "0.8", "split_n('a,b', ',', 1)"}).exit_code == 1);
    CHECK(eval_cli({"--target", "0.8", "url"}).exit_code == 1);
    // Look-up failures are swallowed in 0.8 but abort in 0.12 (§5.5).
    const Run v08 = eval_cli({"--target", "0.8", "counter_get('x', 'y')"});
    CHECK(v08.exit_code == 0);
    CHECK(v08.out == "\"\" : string\n");
    const Run head = eval_cli({"counter_get('x', 'y')"});
    CHECK(head.exit_code == 1);
    CHECK(contains(head.err, "counter_get"));
}

TEST_CASE("eval --jsonl answers a JSON line that is not an object with a line-numbered error",
          "[cli][eval]") {
    namespace fs = std::filesystem;
    const fs::path in = fs::temp_directory_path() / "httpctl-jsonl-nonobject.in";
    const fs::path out = fs::temp_directory_path() / "httpctl-jsonl-nonobject.out";
    {
        std::ofstream f(in);
        f << "[1]\n{\"id\":\"x\",\"expr\":\"1 + 1\"}\n5\n";
    }
    const std::string command = std::string("\"") + HTTPCTL_CLI + "\" eval --jsonl < \"" +
                                in.string() + "\" > \"" + out.string() + "\" 2>/dev/null";
    const int status = std::system(command.c_str());
    CHECK(WEXITSTATUS(status) == 1);
    std::ifstream f(out);
    std::string l1, l2, l3;
    REQUIRE(std::getline(f, l1));
    REQUIRE(std::getline(f, l2));
    REQUIRE(std::getline(f, l3));
    auto j1 = nlohmann::json::parse(l1);
    CHECK(j1["line"] == 1);
    CHECK(j1["result"].contains("error"));
    CHECK(nlohmann::json::parse(l2)["result"] == nlohmann::json{{"integer", 2}});
    CHECK(nlohmann::json::parse(l3)["line"] == 3);
    fs::remove(in);
    fs::remove(out);
}

TEST_CASE("eval --lookup is the lookup.STORE.KEY setting for key_get and config_get alike",
          "[cli][eval]") {
    // §6.8: config_get('server.hostname') falls back to lookup.default.hostname, lower-cased.
    const Run r = eval_cli({"--lookup", "default.hostname=MX.Example.org",
                            "key_get('default', 'hostname') + ' ' + config_get('server.hostname')"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "\"MX.Example.org mx.example.org\" : string\n");
}
