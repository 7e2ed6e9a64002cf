// `eval --config`: the config's stores, settings and listeners feed evaluation; --listener,
// --request, --header and --remote-ip fill the request context; --key evaluates a configured
// setting; a config with errors stops, one with warnings does not.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "cli/config_fixture.hpp"
#include "support/process.hpp"

namespace {

using httpctl::test::shell_quote;
using httpctl::test::TempFile;
using Run = httpctl::test::CommandResult;

Run eval_with(const TempFile& config, const std::vector<std::string>& args) {
    std::string command =
        "NO_COLOR=1 " + shell_quote(HTTPCTL_CLI) + " eval --config " + shell_quote(config.path());
    for (const std::string& a : args)
        command += " " + shell_quote(a);
    return httpctl::test::run_command(command);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("eval --listener fills the listener variables from the config", "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    Run r = eval_with(
        config, {"--listener", "https", "[listener, local_ip, local_port, protocol, is_tls]"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "[\"https\", \"::\", 443, \"https\", 1] : array\n");
    r = eval_with(config,
                  {"--listener", "plain", "[listener, local_ip, local_port, protocol, is_tls]"});
    CHECK(r.out == "[\"plain\", \"127.0.0.1\", 8080, \"http\", 0] : array\n");
}

TEST_CASE("eval --request, --header and --remote-ip fill the request variables",
          "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    const Run r = eval_with(
        config, {"--listener", "https", "--request", "POST https://mx.example.org/jmap/api?x=1",
                 "--header", "Host: mx.example.org", "--header", "X-A:  b ", "--remote-ip",
                 "192.0.2.7", "[method, url, url_path, headers, remote_ip]"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          "[\"POST\", \"/jmap/api?x=1\", \"/jmap/api\", [\"Host: mx.example.org\", \"X-A: b\"], "
          "\"192.0.2.7\"] : array\n");
}

TEST_CASE("eval --key evaluates the configured url block per listener and request",
          "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    CHECK(eval_with(config, {"--listener", "https", "--key", "http.url"}).out ==
          "\"https://mx.example.org:443\" : string\n");
    CHECK(eval_with(config,
                    {"--listener", "https", "--header", "X-Tenant: blue", "--key", "http.url"})
              .out == "\"https://blue.example.org\" : string\n");
    // The header only counts on the TLS listener.
    CHECK(eval_with(config,
                    {"--listener", "plain", "--header", "X-Tenant: blue", "--key", "http.url"})
              .out == "\"http://mx.example.org:8080\" : string\n");
    CHECK(
        eval_with(config, {"--listener", "plain", "--request", "GET /t/red/x", "--key", "http.url"})
            .out == "\"https://red.example.org\" : string\n");
    CHECK(eval_with(config, {"--remote-ip", "10.0.0.1", "--key", "tenant.greeting"}).out ==
          "\"hello 10.0.0.1\" : string\n");
}

TEST_CASE("eval --key --explain shows the conditions tried, the branch taken and captures",
          "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    const Run r = eval_with(config, {"--listener", "plain", "--request", "GET /t/red/x", "--key",
                                     "http.url", "--explain"});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out,
                   "if #1: is_tls && contains(headers, 'X-Tenant: blue')\n"
                   "  is_tls && contains(headers, 'X-Tenant: blue') = 0 : integer\n"
                   "    is_tls = 0 : integer\n"
                   "    contains(headers, 'X-Tenant: blue')  (not evaluated)\n"));
    CHECK(contains(r.out, "  -> false\nif #2: matches('^/t/(\\w+)/', url_path)\n"));
    CHECK(contains(r.out, "    captures: $0 = \"/t/red/\", $1 = \"red\"\n"));
    CHECK(contains(r.out, "  -> true, take then #2\n"));
    CHECK(contains(r.out, "        $1 = \"red\" : string\n"));
    CHECK(contains(r.out, "result: \"https://red.example.org\" : string (from then #2)\n"));
    CHECK_FALSE(contains(r.out, "else:"));
}

TEST_CASE("eval --config: look-ups and settings come from the file, hand-given ones on top",
          "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    CHECK(
        eval_with(config, {"[key_get('default', 'domain'), config_get('server.hostname')]"}).out ==
        "[\"example.org\", \"mx.example.org\"] : array\n");
    CHECK(eval_with(config, {"--setting", "server.hostname=other", "--lookup", "default.extra=2",
                             "[key_get('default', 'domain'), key_get('default', 'extra'), "
                             "config_get('server.hostname')]"})
              .out == "[\"example.org\", 2, \"other\"] : array\n");
    // --var wins over what --listener filled.
    CHECK(eval_with(config, {"--listener", "https", "--var", "local_port=1", "local_port"}).out ==
          "1 : integer\n");
}

TEST_CASE("eval --config: bad keys, listeners and request lines are reported",
          "[cli][eval][config]") {
    TempFile config(kTenantConfig);
    Run r = eval_with(config, {"--key", "no.such"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "no key `no.such`"));
    r = eval_with(config, {"--key", "tenant.broken"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "Found 'else' before 'if'"));
    CHECK(contains(r.err, ":24:14: error"));  // the position in the file
    r = eval_with(config, {"--listener", "smtp", "1"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "no listener `smtp`"));
    CHECK(contains(r.err, "https, plain"));
    r = eval_with(config, {"--request", "GET", "1"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--request"));
    r = eval_with(config, {"--header", "no colon", "1"});
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--header"));
    for (const char* bad : {"10.0.0.300", "10.0.0.1:80", "[::1]", "example.org"}) {
        r = eval_with(config, {"--remote-ip", bad, "remote_ip"});
        INFO(bad);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "--remote-ip: \"" + std::string(bad) + "\" is not an IP address"));
        CHECK(r.out.empty());
    }
    // What a request from that peer sees: inet_ntop text, IPv4-mapped addresses unmapped.
    CHECK(eval_with(config, {"--remote-ip", "2001:DB8:0:0::7", "remote_ip"}).out ==
          "\"2001:db8::7\" : string\n");
    CHECK(eval_with(config, {"--remote-ip", "::ffff:192.0.2.7", "remote_ip"}).out ==
          "\"192.0.2.7\" : string\n");
    r = httpctl::test::run_command(shell_quote(HTTPCTL_CLI) + " eval --key http.url");
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "--config"));
    r = httpctl::test::run_command(shell_quote(HTTPCTL_CLI) + " eval --listener https 1");
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "no config is loaded"));
}

TEST_CASE("eval --config with errors prints them like check and exits 1; warnings go on",
          "[cli][eval][config]") {
    TempFile broken("[server.listener.x]\nprotocol = \"http\"\nbind = [\"nowhere\"]\n");
    Run r = eval_with(broken, {"1"});
    CHECK(r.exit_code == 1);
    CHECK(r.out.empty());
    CHECK(contains(r.err, ":3:"));
    CHECK(contains(r.err, "error"));
    TempFile unreadable("[server\n");
    r = eval_with(unreadable, {"1"});
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error"));
    // A file with only warnings (no HTTP listener): evaluation proceeds.
    TempFile warned("[lookup.default]\nhostname = \"mx.example.org\"\n");
    r = eval_with(warned, {"key_get('default', 'hostname')"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "\"mx.example.org\" : string\n");
    CHECK(contains(r.err, "warning"));
    r = httpctl::test::run_command(shell_quote(HTTPCTL_CLI) +
                                   " eval --config /nonexistent/x.toml 1");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "cannot read"));
}
