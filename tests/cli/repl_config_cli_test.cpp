// The REPL's config commands with piped input: --config, :load, :listener, :request, :header,
// :key, and what :vars shows afterwards.
#include <catch2/catch.hpp>
#include <string>

#include "cli/config_fixture.hpp"
#include "support/process.hpp"

namespace {

using httpctl::test::shell_quote;
using httpctl::test::TempFile;
using Run = httpctl::test::CommandResult;

Run repl(const std::string& input, const std::string& args = {}) {
    return httpctl::test::run_command("NO_COLOR=1 " + shell_quote(HTTPCTL_CLI) + " repl " + args,
                                      input);
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("repl :listener, :request, :header and :key evaluate as the server would",
          "[cli][repl][config]") {
    TempFile config(kTenantConfig);
    const Run r = repl(
        ":key http.url\n"
        ":listener https\n"
        ":key http.url\n"
        ":header X-Tenant: blue\n"
        ":key http.url\n"
        ":listener plain\n"
        ":request GET /t/green/index.html\n"
        ":key http.url\n"
        ":vars\n",
        "--config " + shell_quote(config.path()));
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out ==
          // No listener yet: protocol and local_port read as "".
          "\"://mx.example.org:\" : string\n"
          "listener = \"https\" : string\n"
          "local_ip = \"::\" : string\n"
          "local_port = 443 : integer\n"
          "protocol = \"https\" : string\n"
          "is_tls = 1 : integer\n"
          "\"https://mx.example.org:443\" : string\n"
          "headers = [\"X-Tenant: blue\"] : array\n"
          "\"https://blue.example.org\" : string\n"
          "listener = \"plain\" : string\n"
          "local_ip = \"127.0.0.1\" : string\n"
          "local_port = 8080 : integer\n"
          "protocol = \"http\" : string\n"
          "is_tls = 0 : integer\n"
          "method = \"GET\" : string\n"
          "url = \"/t/green/index.html\" : string\n"
          "url_path = \"/t/green/index.html\" : string\n"
          "remote_ip = \"127.0.0.1\" : string\n"
          "\"https://green.example.org\" : string\n"
          "listener = \"plain\" : string\n"
          "remote_ip = \"127.0.0.1\" : string\n"
          "remote_port = 0 : integer\n"
          "local_ip = \"127.0.0.1\" : string\n"
          "local_port = 8080 : integer\n"
          "protocol = \"http\" : string\n"
          "is_tls = 0 : integer\n"
          "url = \"/t/green/index.html\" : string\n"
          "url_path = \"/t/green/index.html\" : string\n"
          "headers = [\"X-Tenant: blue\"] : array\n"
          "method = \"GET\" : string\n");
}

TEST_CASE("repl :load loads a config; one with errors is refused and the old one stays",
          "[cli][repl][config]") {
    TempFile config(kTenantConfig);
    TempFile broken("[server.listener.x]\nprotocol = \"http\"\nbind = [\"nowhere\"]\n");
    const Run r = repl(":listener https\n:load " + config.path() + "\n:listener https\n:load " +
                       broken.path() + "\nkey_get('default', 'domain')\n:load\n");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "error: no config is loaded"));
    CHECK(
        contains(r.out, "loaded " + config.path() + " (Stalwart 0.12 by its keys, 2 listeners)\n"));
    CHECK(contains(r.out, "listener = \"https\" : string\n"));
    CHECK(contains(r.err, broken.path() + ":3:"));
    CHECK(contains(r.err, "not loaded; the previous config stays in effect"));
    CHECK(contains(r.out, "\"example.org\" : string\n"));
    CHECK(contains(r.err, ":load expects a file name"));
}

TEST_CASE("repl :load replaces what the previous config filled: listener and request variables",
          "[cli][repl][config]") {
    TempFile first(kTenantConfig);
    // Same listener id `plain` on another address; no `https` listener; 0.8 keys.
    TempFile moved(
        "[server]\nhostname = \"mx.example.org\"\n"
        "[server.listener.plain]\nprotocol = \"http\"\nbind = [\"192.0.2.1:8081\"]\n"
        "[server.http]\nheaders = [\"X-A: b\"]\n");
    const std::string args = "--config " + shell_quote(first.path());
    Run r = repl(":listener plain\n:load " + moved.path() + "\n[listener, local_ip, local_port]\n",
                 args);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "listener `plain` read again from " + moved.path() + "\n"));
    CHECK(contains(r.out, "[\"plain\", \"192.0.2.1\", 8081] : array\n"));

    r = repl(":listener https\n:load " + moved.path() + "\n[listener, local_port, protocol]\n",
             args);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out,
                   "listener `https` is not in " + moved.path() + ": its variables are unset\n"));
    CHECK(contains(r.out, "[\"\", \"\", \"\"] : array\n"));

    // A 0.12 request line, then a 0.8 config: the request-line variables are gone from :vars.
    r = repl(":request GET /x\n:load " + moved.path() + "\n:vars\n", args);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "(Stalwart 0.8 by its keys"));
    const std::string after_load = r.out.substr(r.out.find("loaded "));
    CHECK(contains(after_load, "remote_ip = \"127.0.0.1\" : string\n"));
    CHECK_FALSE(contains(after_load, "url_path ="));
    CHECK_FALSE(contains(after_load, "method ="));
}

TEST_CASE("repl config commands report bad arguments", "[cli][repl][config]") {
    TempFile config(kTenantConfig);
    const std::string args = "--config " + shell_quote(config.path());
    Run r = repl(":listener smtp\n", args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "no listener `smtp`"));
    r = repl(":request /only-a-path\n", args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "METHOD URL"));
    r = repl(":header nocolon\n", args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "Name: value"));
    r = repl(":key tenant.broken\n:key\n:key missing\n", args);
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "Found 'else' before 'if'"));
    CHECK(contains(r.err, ":key expects a setting name"));
    CHECK(contains(r.err, "no key `missing`"));
    r = repl("1\n", "--config /nonexistent/x.toml");
    CHECK(r.exit_code == 1);
    CHECK(contains(r.err, "cannot read"));
}

TEST_CASE("repl --listener/--request/--header flags fill the context at start",
          "[cli][repl][config]") {
    TempFile config(kTenantConfig);
    const Run r = repl("[listener, method, url_path, headers, remote_ip]\n",
                       "--config " + shell_quote(config.path()) +
                           " --listener https --request 'DELETE /a?b' --header 'A: 1'"
                           " --remote-ip 203.0.113.9");
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.out == "[\"https\", \"DELETE\", \"/a\", [\"A: 1\"], \"203.0.113.9\"] : array\n");
}
