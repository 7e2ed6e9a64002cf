// The typed HTTP settings model (spec http.md §4–§9): values, defaults, exact messages and the
// exact file positions of every finding.
#include <catch2/catch.hpp>

#include "expr/evaluator.hpp"
#include "model_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

TEST_CASE("the target follows the key generation", "[settings][target]") {
    CHECK(build("[http]\nhsts = true\n").settings().target == TargetVersion{0, 12});
    CHECK(build("[server.http]\nhsts = true\n").settings().target == TargetVersion{0, 8});
    CHECK(build("[server]\nhostname = \"x\"\n").settings().target == TargetVersion{0, 12});
    CHECK(build("[server.http]\nhsts = true\n").settings().prefix == "server.http.");
    CHECK(build("[http]\nhsts = true\n").settings().prefix == "http.");
    BuildOptions v08;
    v08.target = TargetVersion{0, 8};
    CHECK(build("[http]\nhsts = true\n", v08).settings().target == TargetVersion{0, 8});
}

TEST_CASE("target versions parse from their usual spellings", "[settings][target]") {
    CHECK(parse_target_version("0.8") == TargetVersion{0, 8});
    CHECK(parse_target_version("0.8.5") == TargetVersion{0, 8});
    CHECK(parse_target_version("v0.12.4") == TargetVersion{0, 12});
    CHECK(parse_target_version("head") == TargetVersion{0, 12});
    CHECK_FALSE(parse_target_version("0").has_value());
    CHECK_FALSE(parse_target_version("zero.8").has_value());
    CHECK_FALSE(parse_target_version("0.8.").has_value());
    CHECK(TargetVersion{0, 8}.to_string() == "0.8");
    CHECK(TargetVersion{0, 8}.dialect() == httpctl::expr::Dialect::V08);
}

TEST_CASE("mixing key generations warns, naming a key of each", "[settings][target]") {
    Built b = build("[server.http]\nhsts = true\n\n[http]\nurl = \"'https://x'\"\n");
    CHECK(b.settings().target == TargetVersion{0, 12});
    Diagnostic mixed = only(b.diagnostics(), "target.mixed-generations");
    CHECK(mixed.severity == Severity::Warning);
    CHECK(mixed.message ==
          "the file mixes 0.8-style keys (server.http.hsts) and 0.12-style keys (http.url)");
    CHECK(mixed.line == 5);
    Diagnostic ignored = only(b.diagnostics(), "target.ignored-key");
    CHECK(ignored.message == "ignored by Stalwart 0.12: it reads http.hsts");
    CHECK(ignored.line == 2);
    CHECK(ignored.column == 1);
    // The 0.8 key is not read: HSTS stays off.
    CHECK_FALSE(b.settings().hsts);
}

TEST_CASE("0.12 keys are ignored by a 0.8 target", "[settings][target]") {
    BuildOptions v08;
    v08.target = TargetVersion{0, 8};
    Built b = build("[http]\nallowed-endpoint = \"200\"\nhsts = true\n", v08);
    auto ignored = with_code(b.diagnostics(), "target.ignored-key");
    REQUIRE(ignored.size() == 2);
    CHECK(ignored[0].message ==
          "ignored by Stalwart 0.8: it has no http.allowed-endpoint setting before 0.12");
    CHECK(ignored[1].message == "ignored by Stalwart 0.8: it reads server.http.hsts");
    CHECK_FALSE(b.settings().allowed_endpoint.has_value());
    CHECK_FALSE(b.settings().hsts);
}

TEST_CASE("booleans are exactly true or false", "[settings][boolean]") {
    Built b = build("[server.http]\nhsts = True\npermissive-cors = true\nuse-x-forwarded = 1\n");
    auto bad = with_code(b.diagnostics(), "http.boolean");
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].message == "Invalid boolean value \"True\".");
    CHECK(bad[0].line == 2);
    CHECK(bad[0].column == 8);
    CHECK(bad[0].end_column == 12);
    CHECK(bad[1].message == "Invalid boolean value \"1\".");
    CHECK(bad[1].line == 4);
    CHECK_FALSE(b.settings().hsts);
    CHECK(b.settings().permissive_cors);
    CHECK_FALSE(b.settings().use_x_forwarded);
    // Debug form escapes quotes and control characters.
    Built quoted = build("[http]\nhsts = \"a\\\"b\\n\"\n");
    CHECK(only(quoted.diagnostics(), "http.boolean").message ==
          "Invalid boolean value \"a\\\"b\\n\".");
}

TEST_CASE("headers: one bad item drops them all", "[settings][headers]") {
    Built good = build("[http]\nheaders = [\"X-Frame-Options : DENY\", \"Empty:\"]\n");
    REQUIRE(good.settings().headers.size() == 2);
    CHECK(good.settings().headers[0].name == "x-frame-options");
    CHECK(good.settings().headers[0].value == "DENY");
    CHECK(good.settings().headers[1].value.empty());
    CHECK_FALSE(good.settings().headers_rejected);
    CHECK(good.diagnostics().empty());

    Built single = build("[http]\nheaders = \"X-A: 1\"\n");
    CHECK(single.settings().headers.size() == 1);

    Built no_colon = build("[http]\nheaders = [\"X-A: 1\", \"X-B 2\"]\n");
    Diagnostic d = only(no_colon.diagnostics(), "http.headers.invalid");
    CHECK(d.message == "Invalid header found in property \"http.headers\": X-B 2");
    CHECK(d.line == 2);
    CHECK(d.column == 22);
    CHECK(d.help.find("one bad header drops all custom headers") != std::string::npos);
    CHECK(no_colon.settings().headers.empty());
    CHECK(no_colon.settings().headers_rejected);

    Built bad_name = build("[server.http]\nheaders = \"X A: 1\"\n");
    CHECK(only(bad_name.diagnostics(), "http.headers.invalid").message ==
          "Invalid header found in property \"server.http.headers\": invalid HTTP header name");
    Built empty_name = build("[http]\nheaders = \": 1\"\n");
    CHECK(only(empty_name.diagnostics(), "http.headers.invalid").message ==
          "Invalid header found in property \"http.headers\": invalid HTTP header name");
    Built bad_value = build("[http]\nheaders = \"X-A: a\\rb\"\n");
    CHECK(only(bad_value.diagnostics(), "http.headers.invalid").message ==
          "Invalid header found in property \"http.headers\": failed to parse header value");
    Built inline_table = build("[http]\nheaders = {X-Foo = \"bar\"}\n");
    CHECK(only(inline_table.diagnostics(), "http.headers.invalid").message ==
          "Invalid header found in property \"http.headers\": bar");
}

TEST_CASE("url: a bare URL is a compile error at its exact column", "[settings][url]") {
    Built b = build("[server.http]\nurl = \"https://mail.example.org\"\n");
    Diagnostic d = only(b.diagnostics(), "http.url.compile");
    CHECK(d.message == "Invalid variable or constant \"https\"");
    CHECK(d.line == 2);
    CHECK(d.column == 8);
    CHECK(d.end_column == 13);
    CHECK(d.severity == Severity::Error);
    CHECK(d.help.starts_with(
        "the value is an expression: quote the URL inside the TOML string, e.g. url = "
        "\"'https://mail.example.org'\""));
    // The default stays in effect.
    CHECK_FALSE(b.settings().url_configured);
    REQUIRE_FALSE(b.settings().url.empty());
    CHECK(b.settings().url.otherwise().source() == default_url_expression(TargetVersion{0, 8}));
}

TEST_CASE("url: columns survive escapes, multi-byte text and multi-line strings",
          "[settings][url][position]") {
    // Decoded: 'a"b' + nope — the escape takes two source characters.
    Built escaped = build("[http]\nurl = \"'a\\\"b' + nope\"\n");
    Diagnostic d = only(escaped.diagnostics(), "http.url.compile");
    CHECK(d.message == "Invalid variable or constant \"nope\"");
    CHECK(d.line == 2);
    CHECK(d.column == 17);
    CHECK(d.end_column == 21);
    // A two-byte character counts as one column; a literal-string escape as two.
    Built multibyte = build("[http]\nurl = '\\'é\\' + nope'\n");
    d = only(multibyte.diagnostics(), "http.url.compile");
    CHECK(d.column == 16);
    CHECK(d.end_column == 20);
    // A doubled backslash keeps the escape open (spec http.md §2.9): \\n is `\` + LF.
    Built backslashes = build("[http]\nurl = \"'x\\\\n' + nope\"\n");
    d = only(backslashes.diagnostics(), "http.url.compile");
    CHECK(d.column == 17);
    // Multi-line strings: the first line break is trimmed, the error is on line 3.
    Built multiline = build("[http]\nurl = '''\n'é' + nope'''\n");
    d = only(multiline.diagnostics(), "http.url.compile");
    CHECK(d.line == 3);
    CHECK(d.column == 7);
    CHECK(d.end_line == 3);
    CHECK(d.end_column == 11);
    // An expression spanning lines inside a basic string: the error is on the second line.
    Built two_lines = build("[http]\nurl = \"'x' +\n  é\"\n");
    d = only(two_lines.diagnostics(), "http.url.compile");
    CHECK(d.line == 3);
    CHECK(d.column == 3);
    // A TAB inside the expression (spec http.md §5.5).
    Built tab = build("[http]\nurl = \"'x' +\\t'y'\"\n");
    d = only(tab.diagnostics(), "http.url.compile");
    CHECK(d.message == "Invalid character '\\t'");
    CHECK(d.column == 13);
}
TEST_CASE("url: an if-block compiles with its conditions", "[settings][url]") {
    Built b = build(
        "[http]\nurl = [{if = \"listener == 'https'\", then = \"'https://a'\"},\n"
        "       {else = \"'http://b'\"}]\n");
    CHECK(b.diagnostics().empty());
    CHECK(b.settings().url_configured);
    CHECK(b.settings().url.branches().size() == 1);

    Built bad = build(
        "[http]\nurl = [{if = \"true\", then = \"nope\"},\n       {else = \"'http://b'\"}]\n");
    Diagnostic d = only(bad.diagnostics(), "http.url.compile");
    CHECK(d.line == 2);
    CHECK(d.column == 30);
    CHECK_FALSE(bad.settings().url_configured);
}

TEST_CASE("url: if-block structure errors have Stalwart's texts", "[settings][url][if-block]") {
    // Structural errors point at the sub-key that shows the problem.
    struct Case {
        const char* block;
        const char* message;
        std::uint32_t column;
    };
    const Case cases[] = {
        {"[{if=\"true\", then=\"'a'\", else=\"'b'\"}]", "Found 'else' before 'if'", 32},
        {"[{if=\"true\"}, {else=\"'a'\"}]", "Missing 'then' in 'if' condition 1", 9},
        {"[{if=\"false\"}, {if=\"true\", then=\"'a'\"}, {else=\"'b'\"}]",
         "Missing 'then' in 'if' condition 1.", 9},
        {"[{if=\"true\", then=\"'a'\"}]", "Missing 'else'", 9},
        {"[{if=\"true\", then=\"'a'\"}, {else=\"'a'\"}, {else=\"'b'\"}]", "Multiple 'else' found",
         48},
        {"[{then=\"'a'\"}, {else=\"'b'\"}]", "Found 'then' without 'if'", 9},
        {"[{if=\"false\", then=\"'a'\"}, {else=\"'b'\"}, {if=\"true\", then=\"'c'\"}]",
         "Found 'then' in 'else' block", 60},
        {"[{else=\"'b'\"}]", "Found 'else' before 'if'", 9},
        {"[\"'a'\", \"'b'\"]", "Invalid property \"http.url.0000\" found in 'if' block.", 1},
    };
    for (const Case& c : cases) {
        INFO(c.block);
        Built b = build(std::string("[http]\nurl = ") + c.block + "\n");
        Diagnostic d = only(b.diagnostics(), "http.url.if-block");
        CHECK(d.message == c.message);
        CHECK(d.line == 2);
        CHECK(d.column == c.column);
        CHECK_FALSE(b.settings().url_configured);
    }
    Built table = build("[http.url]\nif = \"true\"\n");
    CHECK(only(table.diagnostics(), "http.url.if-block").message ==
          "Invalid property \"http.url.if\" found in 'if' block.");
    Built ignored =
        build("[http]\nurl = [{if=\"true\", then=\"'a'\", foo=\"2\"}, {else=\"'b'\"}]\n");
    CHECK(ignored.diagnostics().empty());
    CHECK(build("[http]\nurl = []\nhsts = true\n").settings().url_configured == false);
}

TEST_CASE("url: variables and functions per target", "[settings][url][target]") {
    // Request variables exist from 0.12 on.
    Built head = build("[http]\nurl = \"'https://' + url_path\"\n");
    CHECK(head.diagnostics().empty());
    Built old = build("[server.http]\nurl = \"'https://' + url_path\"\n");
    CHECK(only(old.diagnostics(), "http.url.compile").message ==
          "Invalid variable or constant \"url_path\"");
    // SMTP variables are not HTTP variables.
    Built smtp = build("[http]\nurl = \"rcpt\"\n");
    CHECK(only(smtp.diagnostics(), "http.url.compile").column == 8);
    // A function of a newer release.
    Built hash = build("[server.http]\nurl = \"'https://' + hash('x', 'sha256')\"\n");
    Diagnostic d = only(hash.diagnostics(), "target.function-too-new");
    CHECK(d.message == "function hash needs Stalwart 0.12 or later");
    CHECK(d.line == 2);
    CHECK(d.column == 21);
    CHECK(with_code(hash.diagnostics(), "http.url.compile").empty());
    Built config_get = build("[server.http]\nurl = \"config_get('server.hostname')\"\n");
    CHECK(only(config_get.diagnostics(), "target.function-too-new").message ==
          "function config_get needs Stalwart 0.12 or later");
    CHECK(build("[http]\nurl = \"'https://' + hash('x', 'sha256')\"\n").diagnostics().empty());
}

TEST_CASE("allowed-endpoint is read from 0.12 on", "[settings][url]") {
    Built b = build("[http]\nallowed-endpoint = \"if_then(url_path == '/x', 403, 200)\"\n");
    CHECK(b.diagnostics().empty());
    CHECK(b.settings().allowed_endpoint.has_value());
    Built bad = build("[http]\nallowed-endpoint = \"403 +* (\"\n");
    CHECK(with_code(bad.diagnostics(), "http.allowed-endpoint.compile").size() == 1);
    CHECK_FALSE(bad.settings().allowed_endpoint.has_value());
}

TEST_CASE("an empty url expression warns and keeps the default", "[settings][url]") {
    Built b = build("[http]\nurl = \"\"\n");
    CHECK(only(b.diagnostics(), "http.url.empty").severity == Severity::Warning);
    CHECK_FALSE(b.settings().url_configured);
    CHECK_FALSE(b.settings().url.empty());
}

TEST_CASE("listeners: protocols, binds and TLS", "[settings][listener]") {
    Built b = build(
        "[server.listener.web]\nprotocol = \"HTTPS\"\nbind = [\"[::]:443\", \"0.0.0.0:80\"]\n"
        "tls.implicit = true\n\n"
        "[server.listener.imap]\nprotocol = \"imap\"\nbind = \"127.0.0.1:143\"\n"
        "tls.enable = false\ntls.implicit = true\n");
    CHECK(b.diagnostics().empty());
    REQUIRE(b.settings().listeners.size() == 2);
    const Listener& imap = b.settings().listeners[0];
    CHECK(imap.id == "imap");
    CHECK_FALSE(imap.uses_tls());
    const Listener& web = b.settings().listeners[1];
    CHECK(web.id == "web");
    CHECK(web.protocol == "http");
    CHECK(web.uses_tls());
    REQUIRE(web.binds.size() == 2);
    CHECK(web.binds[0].ip == "::");
    CHECK(web.binds[0].port == 443);
    CHECK(web.binds[0].text == "[::]:443");
    CHECK(web.binds[0].where.line == 3);
    CHECK(web.binds[1].ip == "0.0.0.0");
    CHECK(web.binds[1].port == 80);
    CHECK(b.settings().http_listeners().size() == 1);
    CHECK(b.settings().find_listener("web") == &web);
    CHECK(b.settings().find_listener("nope") == nullptr);
}

TEST_CASE("listeners: Stalwart's errors", "[settings][listener]") {
    Built protocol = build("[server.listener.x]\nprotocol = \"ftp\"\nbind = \"[::]:21\"\n");
    Diagnostic d = only(protocol.diagnostics(), "listener.protocol");
    CHECK(d.message == "Invalid server protocol type \"ftp\".");
    CHECK(d.line == 2);
    CHECK(d.column == 12);
    CHECK(protocol.settings().listeners.empty());

    Built bind = build(
        "[server.listener.x]\nprotocol = \"http\"\nbind = [\"mail.example.org:443\", "
        "\"[::]\", \"1.2.3.4:99999\", \"[::]:443\"]\n");
    auto bad = with_code(bind.diagnostics(), "listener.bind");
    REQUIRE(bad.size() == 3);
    CHECK(bad[0].message == "Invalid socket address \"mail.example.org:443\".");
    CHECK(bad[0].line == 3);
    CHECK(bad[0].column == 9);
    CHECK(bad[1].message == "Invalid socket address \"[::]\".");
    CHECK(bad[2].message == "Invalid socket address \"1.2.3.4:99999\".");
    REQUIRE(bind.settings().listeners.size() == 1);
    CHECK(bind.settings().listeners[0].binds.size() == 1);

    Built no_bind = build("[server.listener.x]\nprotocol = \"http\"\n");
    d = only(no_bind.diagnostics(), "listener.no-bind");
    CHECK(d.message == "No 'bind' directive found for listener");
    CHECK(d.line == 2);
    CHECK(d.column == 1);

    Built tls =
        build("[server.listener.x]\nprotocol = \"http\"\nbind = \"[::]:1\"\ntls.implicit = yes\n");
    CHECK(only(tls.diagnostics(), "listener.boolean").message == "Invalid boolean value \"yes\".");
    CHECK_FALSE(tls.settings().listeners[0].tls_implicit);
}

TEST_CASE("hostname sources per target", "[settings][hostname]") {
    BuildOptions options;
    options.machine_hostname = "Box.Local";
    Built v08 =
        build("[server.http]\nhsts = true\n[lookup.default]\nhostname = \"Mail.X\"\n", options);
    CHECK(v08.settings().hostname == "Mail.X");
    CHECK(v08.settings().hostname_source == "lookup.default.hostname");

    Built v08_machine = build("[server.http]\nhsts = true\n", options);
    CHECK(v08_machine.settings().hostname == "Box.Local");
    CHECK(v08_machine.settings().hostname_source == "machine");
    // Stalwart writes the OS host name into lookup.default.hostname at boot.
    const auto* stored = v08_machine.settings().stores.get("default", "hostname");
    REQUIRE(stored != nullptr);
    CHECK(stored->as_string() == "Box.Local");

    Built head =
        build("[server]\nhostname = \"MX.Example\"\n[lookup.default]\nhostname = \"a\"\n", options);
    CHECK(head.settings().hostname == "MX.Example");
    CHECK(head.settings().hostname_source == "server.hostname");
    Built head_lookup = build("[lookup.default]\nhostname = \"Mail.X\"\n", options);
    CHECK(head_lookup.settings().hostname == "mail.x");
    Built head_machine = build("[http]\nhsts = true\n", options);
    CHECK(head_machine.settings().hostname == "box.local");
    CHECK(head_machine.settings().hostname_source == "machine");
}

TEST_CASE("fallback admin needs both keys", "[settings][auth]") {
    Built both = build(
        "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"%{env:ADMIN_SECRET}%\"\n");
    REQUIRE(both.settings().fallback_admin.has_value());
    CHECK(both.settings().fallback_admin->user == "admin");
    CHECK(both.settings().fallback_admin->secret == "%{env:ADMIN_SECRET}%");
    Built one = build("[authentication.fallback-admin]\nuser = \"admin\"\n");
    CHECK_FALSE(one.settings().fallback_admin.has_value());
    Diagnostic d = only(one.diagnostics(), "auth.fallback-admin.incomplete");
    CHECK(d.message ==
          "authentication.fallback-admin.secret is missing, so there is no fallback "
          "administrator");
    CHECK(d.line == 2);
}

TEST_CASE("in-memory directory principals", "[settings][directory]") {
    Built b = build(
        "[directory.mem]\ntype = \"memory\"\n\n"
        "[[directory.mem.principals]]\nname = \"admin\"\nclass = \"admin\"\n"
        "secret = \"s1\"\nemail = [\"postmaster@x\", \"admin@x\"]\ndescription = \"Boss\"\n\n"
        "[[directory.mem.principals]]\nname = \"jane\"\nsecret = [\"a\", \"b\"]\n"
        "email = \"jane@x\"\n\n"
        "[directory.sql]\ntype = \"sql\"\nprincipals.0000.name = \"ignored\"\n");
    REQUIRE(b.settings().principals.size() == 2);
    const Principal& admin = b.settings().principals[0];
    CHECK(admin.name == "admin");
    CHECK(admin.is_superuser());
    CHECK(admin.description == "Boss");
    CHECK(admin.secrets == std::vector<std::string>{"s1"});
    CHECK(admin.emails == std::vector<std::string>{"postmaster@x", "admin@x"});
    const Principal& jane = b.settings().principals[1];
    CHECK(jane.type == "individual");
    CHECK_FALSE(jane.is_superuser());
    CHECK(jane.secrets == std::vector<std::string>{"a", "b"});
    CHECK(jane.emails == std::vector<std::string>{"jane@x"});
}

TEST_CASE("lookup keys become in-memory stores", "[settings][lookup]") {
    Built b =
        build("[lookup.default]\nhostname = \"mx\"\nport = 25\n[lookup.spam]\n\"a.b\" = true\n");
    const auto* host = b.settings().stores.get("default", "hostname");
    REQUIRE(host != nullptr);
    CHECK(host->as_string() == "mx");
    const auto* port = b.settings().stores.get("default", "port");
    REQUIRE(port != nullptr);
    CHECK(port->as_integer() == 25);
    CHECK(b.settings().stores.get("spam", "a.b") != nullptr);
}

TEST_CASE("JMAP limits are plain integers", "[settings][limits]") {
    Built b = build(
        "[jmap.protocol]\nrequest.max-size = 5000\nupload.max-size = \"10MB\"\n"
        "get.max-objects = +7\n");
    CHECK(b.settings().limits.max_size_request == 5000);
    CHECK(b.settings().limits.max_size_upload == 50'000'000);
    CHECK(b.settings().limits.max_objects_in_get == 7);
    CHECK(only(b.diagnostics(), "jmap.limit").message == "Invalid integer value \"10MB\".");
}

TEST_CASE("the model outlives the map it was built from", "[settings]") {
    std::shared_ptr<const HttpSettings> settings;
    {
        const FlatConfig config =
            load_ok("[server.listener.web]\nprotocol = \"http\"\nbind = \"[::]:443\"\n");
        settings = build_http_settings(config).settings;
    }
    CHECK(settings->file_name == "test.toml");
    REQUIRE(settings->listeners.size() == 1);
    CHECK(settings->listeners[0].where.file == "test.toml");
    CHECK(settings->listeners[0].where.line == 2);
    CHECK(settings->listeners[0].binds[0].where.file == "test.toml");
}
