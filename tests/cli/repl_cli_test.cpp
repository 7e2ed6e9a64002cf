// `stalwart-httpctl repl` with its input piped (every command, multi-line entries, errors, exit
// status) and `eval --explain`.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace {

using httpctl::test::shell_quote;
using Run = httpctl::test::CommandResult;

Run repl(const std::string& input, const std::vector<std::string>& args = {}) {
    std::string command = "NO_COLOR=1 " + shell_quote(HTTPCTL_CLI) + " repl";
    for (const std::string& a : args)
        command += " " + shell_quote(a);
    return httpctl::test::run_command(command, input);
}

Run eval_cli(const std::vector<std::string>& args) {
    std::string command = "NO_COLOR=1 " + shell_quote(HTTPCTL_CLI) + " eval";
    for (const std::string& a : args)
        command += " " + shell_quote(a);
    return httpctl::test::run_command(command);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("repl from a pipe prints each result as `value : type` and nothing else", "[cli][repl]") {
    const Run r = repl("1 + 2\n\n# a comment\n'a' + 1.5\n[1, 'x']\n10 / 4\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "3 : integer\n\"a1.5\" : string\n[1, \"x\"] : array\n2.5 : float\n");
    CHECK(r.err.empty());
}

TEST_CASE("repl joins lines while a bracket or a quote is open", "[cli][repl]") {
    const Run r = repl("(1 +\n  2\n)\n[1,\n 2]\n'a\nb'\n'it\\'s\n'\nlen('x'\n)\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(
        r.out ==
        "3 : integer\n[1, 2] : array\n\"a\\nb\" : string\n\"it\\\\'s\\n\" : string\n1 : integer\n");
}

TEST_CASE("repl evaluates an entry left open at the end of input", "[cli][repl]") {
    const Run r = repl("(1 + 2");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "Unmatched open parenthesis"));
}

TEST_CASE("repl :set, :vars and :unset work on variables and globals", "[cli][repl]") {
    const Run r = repl(
        ":vars\n"
        ":set local_port = 400 + 43\n"
        ":set $mode = 'strict'\n"
        ":vars\n"
        "local_port == 443 && $mode == 'strict'\n"
        ":unset local_port\n"
        ":unset $mode\n"
        ":vars\n"
        "local_port\n"
        "$mode\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "(no variables or globals set)\n"
          "local_port = 443 : integer\n"
          "$mode = \"strict\" : string\n"
          "local_port = 443 : integer\n"
          "$mode = \"strict\" : string\n"
          "1 : integer\n"
          "(no variables or globals set)\n"
          "\"\" : string\n"
          "0 : integer\n");
}

TEST_CASE("repl :set reads an expression that uses other variables", "[cli][repl]") {
    const Run r =
        repl(":set remote_ip = '192.0.2.' + 7\n:set listener = remote_ip + '/x'\nlistener\n");
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "listener = \"192.0.2.7/x\" : string\n\"192.0.2.7/x\" : string\n"));
}

TEST_CASE("repl rejects bad :set and :unset with a message and exit status 1", "[cli][repl]") {
    Run r = repl(":set nosuch = 1\n1\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "unknown variable `nosuch`"));
    CHECK(r.out == "1 : integer\n");  // the session goes on after an error
    r = repl(":set local_port\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, ":set expects NAME = EXPR"));
    r = repl(":unset $never\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "no global $never is set"));
    r = repl(":set local_port = 1 + @\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error["));
}

TEST_CASE("repl :ast prints the compiled tree and leniency notes", "[cli][repl]") {
    const Run r = repl(":ast 1 + 2 * local_port\n:ast 1 2\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "binary +\n  const 1\n  binary *\n    const 2\n    var local_port\n"));
    CHECK(contains(r.out, "note[juxtaposed-values]"));
}

TEST_CASE("repl :explain shows sub-expression values, skipped operands and captures",
          "[cli][repl]") {
    const Run r = repl(
        ":set url_path = '/jmap/session'\n"
        ":explain if_then(matches('^/(\\w+)/', url_path), 'api:' + $1, 'none')\n"
        ":explain 0 && local_port\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "    matches('^/(\\w+)/', url_path) = 1 : integer\n"));
    CHECK(contains(r.out, "      captures: $0 = \"/jmap/\", $1 = \"jmap\"\n"));
    CHECK(contains(r.out, "      url_path = \"/jmap/session\" : string\n"));
    CHECK(contains(r.out, "    $1 = \"jmap\" : string\n"));
    CHECK(contains(r.out, "result: \"api:jmap\" : string\n"));
    CHECK(contains(r.out, "    local_port  (not evaluated)\n"));
    CHECK(contains(r.out, "result: 0 : integer\n"));
}

TEST_CASE("repl :explain of a failing look-up says why the evaluation aborted", "[cli][repl]") {
    const Run r = repl(":explain counter_get('c', 'k') + 1\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.out, "error: evaluation aborted: "));
    CHECK(contains(r.out, "counter_get"));
}

TEST_CASE("repl :time reports nanoseconds per evaluation and the value", "[cli][repl]") {
    const Run r = repl(":set local_port = 8080\n:time local_port + 1\n");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    const std::regex line(R"([0-9]+\.[0-9] ns per evaluation \([0-9]+ runs\) -> 8081 : integer)");
    CHECK(std::regex_search(r.out, line));
}

TEST_CASE("repl compile errors use eval's caret rendering", "[cli][repl]") {
    const Run r = repl("1 + lcal_port\n(1 +\n @)\n2\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error[E-UNKNOWN-NAME]: Invalid variable or constant \"lcal_port\""));
    CHECK(contains(r.err, "   | 1 + lcal_port\n   |     ^^^^^^^^^\n"));
    CHECK(contains(r.err, "did you mean `local_port`?"));
    CHECK(contains(r.err, "--> expression:2:2"));
    CHECK(r.out == "2 : integer\n");
}

TEST_CASE("repl :help lists every command; unknown commands are errors; :quit stops",
          "[cli][repl]") {
    Run r = repl(":help\n");
    CHECK(r.exit_code == 0);
    for (const char* c : {":help", ":set NAME = EXPR", ":unset NAME", ":vars", ":ast EXPR",
                          ":explain EXPR", ":time EXPR", ":quit"}) {
        CHECK(contains(r.out, c));
    }
    r = repl(":frobnicate\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "unknown command `:frobnicate`"));
    r = repl("1\n:quit\n2\n");
    CHECK(r.exit_code == 0);
    CHECK(r.out == "1 : integer\n");
}

TEST_CASE("repl takes eval's context flags", "[cli][repl]") {
    Run r = repl("local_port\n$g\nkey_get('default', 'hostname')\nconfig_get('a.b')\n",
                 {"--var", "local_port=25", "--global", "g=x", "--lookup",
                  "default.hostname=mx.example.org", "--setting", "a.b=c"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "25 : integer\n\"x\" : string\n\"mx.example.org\" : string\n\"c\" : string\n");
    r = repl("url\n", {"--target", "0.8"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "Invalid variable or constant \"url\""));
    r = repl("1\n", {"--var", "nosuch=1"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "nosuch"));
}

TEST_CASE("eval --explain shows the same account as the REPL", "[cli][eval]") {
    const Run r =
        eval_cli({"--var", "is_tls=1", "--explain", "is_tls && (local_port == 443 || 'x')"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "expression: is_tls && (local_port == 443 || 'x')\n"
          "  is_tls && (local_port == 443 || 'x') = 1 : integer\n"
          "    is_tls = 1 : integer\n"
          "    local_port == 443 || 'x' = 1 : integer\n"
          "      local_port == 443 = 0 : integer\n"
          "        local_port = \"\" : string\n"
          "result: 1 : integer\n");
    CHECK(eval_cli({"--explain", "--json", "1"}).exit_code == 2);
}
