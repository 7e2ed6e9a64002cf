// Request → expression variables (spec http.md §5.3) and the base URL with its fallback (§5.4).
#include <catch2/catch.hpp>

#include "expr/evaluator.hpp"
#include "httpconf/request_context.hpp"
#include "model_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;
using httpctl::expr::Value;
using httpctl::expr::Variable;

namespace {

const char* const kPackageListener =
    "[server.listener.https]\nprotocol = \"http\"\nbind = \"[::]:443\"\ntls.implicit = true\n\n"
    "[server.listener.plain]\nprotocol = \"http\"\nbind = [\"0.0.0.0:8080\"]\n";

BaseUrl url_of(const Built& b, std::string_view listener_id) {
    const Listener* listener = b.settings().find_listener(listener_id);
    REQUIRE(listener != nullptr);
    httpctl::expr::EvalContext ctx;
    attach_settings(ctx, b.settings(), b.config.get());
    fill_listener_variables(ctx, *listener);
    return evaluate_base_url(b.settings(), *listener, ctx);
}

}  // namespace

TEST_CASE("request lines parse into method and target", "[request]") {
    auto parsed = parse_request_line("GET /jmap/session?x=1");
    REQUIRE(std::holds_alternative<RequestInfo>(parsed));
    CHECK(std::get<RequestInfo>(parsed).method == "GET");
    CHECK(std::get<RequestInfo>(parsed).url == "/jmap/session?x=1");
    auto absolute = parse_request_line("POST https://mail.example.org/api/x?y");
    REQUIRE(std::holds_alternative<RequestInfo>(absolute));
    CHECK(std::get<RequestInfo>(absolute).url == "/api/x?y");
    auto host_only = parse_request_line("GET http://h");
    REQUIRE(std::holds_alternative<RequestInfo>(host_only));
    CHECK(std::get<RequestInfo>(host_only).url == "/");
    CHECK(std::holds_alternative<std::string>(parse_request_line("GET")));
    CHECK(std::holds_alternative<std::string>(parse_request_line("G(T /x")));
    CHECK(std::holds_alternative<std::string>(parse_request_line("GET x y")));
    CHECK(std::holds_alternative<std::string>(parse_request_line("GET relative")));
}

TEST_CASE("header lines split at the first colon", "[request]") {
    auto h = parse_header_line("Host:  mail.example.org:443 ");
    REQUIRE(std::holds_alternative<std::pair<std::string, std::string>>(h));
    CHECK(std::get<0>(h).first == "Host");
    CHECK(std::get<0>(h).second == "mail.example.org:443");
    CHECK(std::holds_alternative<std::string>(parse_header_line("no colon")));
    CHECK(std::holds_alternative<std::string>(parse_header_line("Bad Name: x")));
    CHECK(std::holds_alternative<std::string>(parse_header_line("X: a\x01")));
}

TEST_CASE("listener variables come from the bind setting", "[request]") {
    Built b = build(kPackageListener);
    httpctl::expr::EvalContext ctx;
    fill_listener_variables(ctx, *b.settings().find_listener("https"));
    CHECK(ctx.get(Variable::Listener) == Value("https"));
    CHECK(ctx.get(Variable::Protocol) == Value("https"));
    CHECK(ctx.get(Variable::IsTls) == Value(1));
    CHECK(ctx.get(Variable::LocalIp) == Value("::"));
    CHECK(ctx.get(Variable::LocalPort) == Value(443));
    fill_listener_variables(ctx, *b.settings().find_listener("plain"));
    CHECK(ctx.get(Variable::Protocol) == Value("http"));
    CHECK(ctx.get(Variable::IsTls) == Value(0));
    CHECK(ctx.get(Variable::LocalPort) == Value(8080));
}

TEST_CASE("request variables: headers are Name: value strings (0.12)", "[request]") {
    RequestInfo request;
    request.method = "POST";
    request.url = "/jmap/upload/a?x=1";
    request.headers = {{"Host", "mx"}, {"X-A", "1"}};
    request.remote_ip = "192.0.2.1";
    request.remote_port = 5555;
    httpctl::expr::EvalContext ctx;
    fill_request_variables(ctx, request, httpctl::expr::Dialect::Head);
    CHECK(ctx.get(Variable::RemoteIp) == Value("192.0.2.1"));
    CHECK(ctx.get(Variable::RemotePort) == Value(5555));
    CHECK(ctx.get(Variable::Method) == Value("POST"));
    CHECK(ctx.get(Variable::Url) == Value("/jmap/upload/a?x=1"));
    CHECK(ctx.get(Variable::UrlPath) == Value("/jmap/upload/a"));
    CHECK(ctx.get(Variable::Headers) ==
          Value(httpctl::expr::Array{Value("Host: mx"), Value("X-A: 1")}));
    httpctl::expr::EvalContext old;
    fill_request_variables(old, request, httpctl::expr::Dialect::V08);
    CHECK(old.get(Variable::Method) == Value(""));
}

TEST_CASE("the default URL carries the bind port (0.8)", "[request][url]") {
    Built b =
        build(std::string(kPackageListener) +
              "\n[server.http]\nhsts = true\n[lookup.default]\nhostname = \"mail.example.org\"\n");
    BaseUrl https = url_of(b, "https");
    CHECK(https.url == "https://mail.example.org:443");
    CHECK_FALSE(https.used_fallback);
    CHECK(url_of(b, "plain").url == "http://mail.example.org:8080");
}

TEST_CASE("the default URL reads server.hostname (0.12)", "[request][url]") {
    Built b = build(std::string(kPackageListener) + "\n[server]\nhostname = \"mx.example.org\"\n");
    CHECK(url_of(b, "https").url == "https://mx.example.org:443");
    BuildOptions machine;
    machine.machine_hostname = "Box";
    Built m = build(kPackageListener, machine);
    CHECK(url_of(m, "https").url == "https://box:443");
}

TEST_CASE("a non-string URL falls back to the bind address", "[request][url]") {
    Built b = build(std::string(kPackageListener) + "\n[http]\nurl = \"local_port + 1\"\n");
    BaseUrl https = url_of(b, "https");
    CHECK(https.used_fallback);
    CHECK(https.url == "https://:::443");
    CHECK(https.failure == "the url expression gave an integer, not a string");
    CHECK(url_of(b, "plain").url == "http://0.0.0.0:8080");
}

TEST_CASE("a configured URL is evaluated per listener", "[request][url]") {
    Built b = build(std::string(kPackageListener) +
                    "\n[http]\nurl = [{if = \"listener == 'https'\", then = \"'https://a.org'\"},"
                    " {else = \"protocol + '://' + local_ip + ':' + local_port\"}]\n");
    CHECK(url_of(b, "https").url == "https://a.org");
    CHECK(url_of(b, "plain").url == "http://0.0.0.0:8080");
}
