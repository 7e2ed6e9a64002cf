// Every route and method of spec http.md §11 and every OPTIONS row of §10.5, at 0.8 and 0.12+.
#include <catch2/catch.hpp>

#include "router_fixture.hpp"

using namespace httpctl;
using httpctl::test::basic;
using httpctl::test::request;

namespace {

// The authentication limit is raised: these tests send many wrong passwords from one IP.
constexpr std::string_view kAdmin = R"(
[authentication]
rate-limit = "1000/1m"

[authentication.fallback-admin]
user = "admin"
secret = "s3cret"

[directory.memory]
type = "memory"

[[directory.memory.principals]]
name = "john"
secret = "johnpw"
type = "individual"
email = ["john@example.org"]
)";

const std::pair<std::string, std::string> kAdminAuth{"Authorization", basic("admin", "s3cret")};
const std::pair<std::string, std::string> kJohnAuth{"Authorization", basic("john", "johnpw")};
const std::pair<std::string, std::string> kWrongAuth{"Authorization", basic("admin", "nope")};

void check_not_found(const server::HttpResponse& response) {
    CHECK(response.status == 404);
    CHECK(response.body == test::kNotFoundBody);
    REQUIRE(response.header("content-type") != nullptr);
    CHECK(*response.header("content-type") == "application/problem+json");
}

void check_empty(const server::HttpResponse& response, int status) {
    CHECK(response.status == status);
    CHECK(response.body.empty());
    CHECK(response.header("content-type") == nullptr);
}

}  // namespace

TEST_CASE("robots.txt answers any method with the fixed body", "[router][routes]") {
    const server::Router router;
    for (const auto& snapshot : {test::snapshot08(), test::snapshot012()}) {
        for (const char* method : {"GET", "POST", "OPTIONS", "DELETE", "HEAD"}) {
            INFO(method);
            const auto response = router.handle(request(method, "/robots.txt"), *snapshot);
            CHECK(response.status == 200);
            CHECK(response.body == "User-agent: *\nDisallow: /\n");
            REQUIRE(response.header("content-type") != nullptr);
            CHECK(*response.header("content-type") == "text/plain");
        }
    }
}

TEST_CASE("healthz: live, ready from the hook, anything else 404", "[router][routes]") {
    bool ready = true;
    server::RouterHooks hooks;
    hooks.ready = [&] { return ready; };
    const server::Router router(hooks);
    const auto snapshot = test::snapshot08();
    for (const char* method : {"GET", "OPTIONS", "POST"}) {
        check_empty(router.handle(request(method, "/healthz/live"), *snapshot), 200);
        check_empty(router.handle(request(method, "/healthz/ready"), *snapshot), 200);
    }
    ready = false;
    check_empty(router.handle(request("GET", "/healthz/ready"), *snapshot), 503);
    check_empty(router.handle(request("OPTIONS", "/healthz/ready"), *snapshot), 503);
    check_not_found(router.handle(request("GET", "/healthz/other"), *snapshot));
    check_not_found(router.handle(request("GET", "/healthz"), *snapshot));

    SECTION("0.12+ sends a problem body with the status") {
        const auto head = test::snapshot012();
        const auto live = router.handle(request("GET", "/healthz/live"), *head);
        CHECK(live.status == 200);
        CHECK(live.body == R"({"type":"about:blank","status":200,"title":"OK","detail":"OK"})");
        const auto not_ready = router.handle(request("GET", "/healthz/ready"), *head);
        CHECK(not_ready.status == 503);
        CHECK(
            not_ready.body ==
            R"({"type":"about:blank","status":503,"title":"Service Unavailable","detail":"Service Unavailable"})");
    }
}

TEST_CASE("unknown paths get the exact 404 problem (no web-admin)", "[router][routes]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(kAdmin);
    for (const char* path :
         {"/", "/index.html", "//jmap", "/login", "/JMAP", "/.well-known/mta-sts.txt",
          "/.well-known/acme-challenge/x", "/mail/config-v1.1.xml", "/auth/token", "/auth/device",
          "/.well-known/other"}) {
        INFO(path);
        check_not_found(router.handle(request("GET", path), *snapshot));
    }
    check_not_found(router.handle(request("POST", "/autodiscover/autodiscover.xml"), *snapshot));
}

TEST_CASE("OPTIONS answers per route prefix (spec §10.5, 0.8)", "[router][routes][options]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(kAdmin);
    using Headers = std::vector<std::pair<std::string, std::string>>;
    for (const Headers& auth : {Headers{}, Headers{kWrongAuth}, Headers{kAdminAuth}}) {
        for (const char* path : {"/jmap", "/jmap/", "/jmap/session", "/jmap/a/b/c"}) {
            INFO(path);
            check_empty(router.handle(request("OPTIONS", path, auth), *snapshot), 204);
        }
    }
    for (const char* path : {"/.well-known/jmap", "/.well-known/anything", "/.well-known",
                             "/auth/token", "/auth/x/y", "/api", "/api/reload", "/api/x/y"}) {
        INFO(path);
        check_empty(router.handle(request("OPTIONS", path), *snapshot), 204);
    }
    check_not_found(router.handle(request("OPTIONS", "/mail/config-v1.1.xml"), *snapshot));
    check_not_found(router.handle(request("OPTIONS", "/autodiscover/autodiscover.xml"), *snapshot));
    check_not_found(router.handle(request("OPTIONS", "/"), *snapshot));
    check_not_found(router.handle(request("OPTIONS", "/healthz/x"), *snapshot));
}

TEST_CASE("jmap: 401 first when unauthenticated, then 404; method checks are exact",
          "[router][routes]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(kAdmin);
    for (const char* method : {"GET", "POST", "PUT", "HEAD"}) {
        for (const char* path : {"/jmap", "/jmap/", "/jmap/session", "/jmap/download/a/b/c"}) {
            INFO(method << " " << path);
            const auto anonymous = router.handle(request(method, path), *snapshot);
            CHECK(anonymous.status == 401);
            CHECK(anonymous.body == test::kUnauthorizedBody);
            CHECK(anonymous.header("www-authenticate") == nullptr);  // 0.8: no challenge
            const auto wrong = router.handle(request(method, path, {kWrongAuth}), *snapshot);
            CHECK(wrong.status == 401);
            check_not_found(router.handle(request(method, path, {kJohnAuth}), *snapshot));
        }
    }
}

TEST_CASE(".well-known/jmap at 0.8 needs authentication; HEAD and POST are not GET",
          "[router][routes]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(kAdmin);
    const auto anonymous = router.handle(request("GET", "/.well-known/jmap"), *snapshot);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.body == test::kUnauthorizedBody);
    const auto ok = router.handle(request("GET", "/.well-known/jmap", {kJohnAuth}), *snapshot);
    CHECK(ok.status == 200);
    CHECK(*ok.header("content-type") == "application/json; charset=utf-8");
    CHECK(*ok.header("cache-control") == "no-cache, no-store, must-revalidate");
    check_not_found(router.handle(request("HEAD", "/.well-known/jmap", {kJohnAuth}), *snapshot));
    check_not_found(router.handle(request("POST", "/.well-known/jmap", {kJohnAuth}), *snapshot));
    // /jmap/session does not exist at 0.8.
    check_not_found(router.handle(request("GET", "/jmap/session", {kJohnAuth}), *snapshot));
}

TEST_CASE("0.12+: .well-known/jmap redirects, /jmap/session serves, 401 challenges",
          "[router][routes][head]") {
    const server::Router router;
    const auto snapshot = test::snapshot012(kAdmin);
    const auto redirect = router.handle(request("GET", "/.well-known/jmap"), *snapshot);
    CHECK(redirect.status == 307);
    CHECK(*redirect.header("location") == "/jmap/session");
    CHECK(*redirect.header("cache-control") == "no-cache");
    CHECK(redirect.body.empty());

    const auto anonymous = router.handle(request("GET", "/jmap/session"), *snapshot);
    CHECK(anonymous.status == 200);
    const auto anon_json = nlohmann::json::parse(anonymous.body);
    CHECK(anon_json["accounts"].empty());
    CHECK(anon_json["primaryAccounts"].empty());

    const auto full = router.handle(request("GET", "/jmap/session", {kJohnAuth}), *snapshot);
    CHECK(full.status == 200);
    CHECK(nlohmann::json::parse(full.body)["username"] == "john");

    const auto wrong = router.handle(request("GET", "/jmap/session", {kWrongAuth}), *snapshot);
    CHECK(wrong.status == 401);
    CHECK(wrong.body == test::kUnauthorizedBody);
    std::vector<std::pair<std::string, std::string>> challenges;
    for (const auto& header : wrong.headers) {
        if (header.first == "www-authenticate") challenges.push_back(header);
    }
    CHECK(challenges == std::vector<std::pair<std::string, std::string>>{
                            {"www-authenticate", "Bearer realm=\"Stalwart Server\""},
                            {"www-authenticate", "Basic realm=\"Stalwart Server\""}});
    // OPTIONS /jmap/* answers 204 without authentication; caldav/carddav redirect.
    check_empty(router.handle(request("OPTIONS", "/jmap/session", {kWrongAuth}), *snapshot), 204);
    const auto caldav = router.handle(request("PROPFIND", "/.well-known/caldav"), *snapshot);
    CHECK(caldav.status == 307);
    CHECK(*caldav.header("location") == "/dav/cal");
    CHECK(*router.handle(request("GET", "/.well-known/carddav"), *snapshot).header("location") ==
          "/dav/card");
}

TEST_CASE("api: OPTIONS before auth, 401 without, reload for superusers only",
          "[router][routes][api]") {
    std::vector<bool> calls;
    server::RouterHooks hooks;
    hooks.reload = [&](bool dry_run) {
        calls.push_back(dry_run);
        server::ReloadResult result;
        result.warnings.push_back({"server.http.foo", "Unused", ""});
        result.errors.push_back(
            {"server.http.url", "Parse", "Invalid variable or constant \"https\""});
        return result;
    };
    const server::Router router(hooks);
    const auto snapshot = test::snapshot08(kAdmin);

    const auto anonymous = router.handle(request("GET", "/api/reload"), *snapshot);
    CHECK(anonymous.status == 401);
    CHECK(anonymous.body == test::kUnauthorizedBody);
    CHECK(router.handle(request("GET", "/api/reload", {kWrongAuth}), *snapshot).status == 401);
    // A non-superuser gets 404 at 0.8 (spec §13.1), 403 at 0.12+.
    check_not_found(router.handle(request("GET", "/api/reload", {kJohnAuth}), *snapshot));
    const auto head = test::snapshot012(kAdmin);
    const auto forbidden = router.handle(request("GET", "/api/reload", {kJohnAuth}), *head);
    CHECK(forbidden.status == 403);
    CHECK(forbidden.body == test::kForbiddenBody);
    CHECK(calls.empty());

    const auto reload = router.handle(request("GET", "/api/reload", {kAdminAuth}), *snapshot);
    CHECK(reload.status == 200);
    CHECK(*reload.header("content-type") == "application/json; charset=utf-8");
    CHECK(
        reload.body ==
        R"({"data":{"warnings":{"server.http.foo":{"type":"Unused"}},"errors":{"server.http.url":{"type":"Parse","error":"Invalid variable or constant \"https\""}}}})");
    (void)router.handle(request("GET", "/api/reload?dry-run", {kAdminAuth}), *snapshot);
    (void)router.handle(request("GET", "/api/reload?x=1&dry-run=true", {kAdminAuth}), *snapshot);
    CHECK(calls == std::vector<bool>{false, true, true});

    check_not_found(router.handle(request("POST", "/api/reload", {kAdminAuth}), *snapshot));
    check_not_found(router.handle(request("GET", "/api/reload/lookup", {kAdminAuth}), *snapshot));
    check_not_found(router.handle(request("GET", "/api/principal", {kAdminAuth}), *snapshot));
    CHECK(calls.size() == 3);
}

TEST_CASE("api/reload without a hook answers empty maps", "[router][routes][api]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(kAdmin);
    const auto reload = router.handle(request("GET", "/api/reload", {kAdminAuth}), *snapshot);
    CHECK(reload.status == 200);
    CHECK(reload.body == R"({"data":{"warnings":{},"errors":{}}})");
}

TEST_CASE("reload_result_from_report keys diagnostics by config key", "[router][api]") {
    const auto report = conf::check_config_text(
        "[server.http]\nurl = \"https://mail.example.org\"\nhsts = maybe\n", "r.toml",
        conf::CheckOptions{conf::parse_target_version("0.8"), {}, nullptr, "localhost"});
    const server::ReloadResult result = server::reload_result_from_report(report);
    REQUIRE_FALSE(result.errors.empty());
    bool url_error = false;
    for (const auto& issue : result.errors) {
        if (issue.key == "server.http.url") url_error = true;
        CHECK(issue.type == "Parse");
        CHECK_FALSE(issue.error.empty());
    }
    CHECK(url_error);
}

TEST_CASE("0.12+ allowed-endpoint gates every request except loopback clients",
          "[router][routes][head]") {
    const server::Router router;
    const auto forbidding = test::snapshot012("[http]\nallowed-endpoint = \"403\"\n");
    const auto denied = router.handle(request("GET", "/robots.txt"), *forbidding);
    CHECK(denied.status == 403);
    CHECK(denied.body == test::kForbiddenBody);
    CHECK(router.handle(request("OPTIONS", "/jmap"), *forbidding).status == 403);
    for (const char* loopback : {"127.0.0.1", "127.8.9.10", "::1"}) {
        test::RequestSpec spec;
        spec.target = "/robots.txt";
        spec.client_ip = loopback;
        CHECK(router.handle(request(spec), *forbidding).status == 200);
    }

    const auto teapot = test::snapshot012("[http]\nallowed-endpoint = \"418\"\n");
    const auto tea = router.handle(request("GET", "/robots.txt"), *teapot);
    CHECK(tea.status == 418);
    CHECK(tea.body ==
          R"({"type":"about:blank","status":418,"title":"I'm a teapot","detail":"I'm a teapot"})");

    const auto not_allowed = test::snapshot012("[http]\nallowed-endpoint = \"405\"\n");
    const auto method = router.handle(request("POST", "/jmap"), *not_allowed);
    CHECK(method.status == 405);
    CHECK(
        method.body ==
        R"({"type":"about:blank","status":405,"title":"Method Not Allowed","detail":"Method Not Allowed"})");
    CHECK(*method.header("content-type") == "application/problem+json");

    // Not a status: counts as 200.
    const auto words = test::snapshot012("[http]\nallowed-endpoint = \"'nope'\"\n");
    CHECK(router.handle(request("GET", "/robots.txt"), *words).status == 200);

    // Per-request variables: only one path is refused.
    const auto by_path = test::snapshot012(
        "[http]\nallowed-endpoint = [{if = \"url_path == '/robots.txt'\", then = \"404\"}, "
        "{else = \"200\"}]\n");
    CHECK(router.handle(request("GET", "/robots.txt"), *by_path).status == 404);
    CHECK(router.handle(request("GET", "/healthz/live"), *by_path).status == 200);

    // The 0.8 dialect has no gate: the same key is not read.
    const auto old = test::snapshot08("[http]\nallowed-endpoint = \"403\"\n");
    CHECK(router.handle(request("GET", "/robots.txt"), *old).status == 200);
}

TEST_CASE("authenticated /jmap requests reach the JMAP service, /api the management API",
          "[router][routes][api]") {
    server::RouterHooks hooks;
    hooks.jmap = std::make_shared<const server::JmapService>(nullptr);
    hooks.management = std::make_shared<const server::ManagementEnvironment>();
    const server::Router router(hooks);
    const auto snapshot = test::snapshot08(kAdmin);

    test::RequestSpec spec;
    spec.method = "POST";
    spec.target = "/jmap";
    spec.headers = {kJohnAuth, {"Content-Type", "application/json"}};
    auto jmap_request = request(spec);
    jmap_request.body =
        R"({"using":["urn:ietf:params:jmap:core"],"methodCalls":[["Core/echo",{"hello":true},"c1"]]})";
    const auto echo = router.handle(jmap_request, *snapshot);
    CHECK(echo.status == 200);
    CHECK(echo.body.find("\"Core/echo\"") != std::string::npos);
    // Unauthenticated still 401 first; what the service does not serve is 404.
    jmap_request.headers = {{"Content-Type", "application/json"}};
    CHECK(router.handle(jmap_request, *snapshot).status == 401);
    check_not_found(router.handle(request("GET", "/jmap/nothing", {kJohnAuth}), *snapshot));
    // `/jmap/ws` is the WebSocket: a plain GET is told to upgrade (RFC 8887, RFC 6455 §4.2).
    CHECK(router.handle(request("GET", "/jmap/ws", {kJohnAuth}), *snapshot).status == 426);

    const auto settings =
        router.handle(request("GET", "/api/settings/list", {kAdminAuth}), *snapshot);
    CHECK(settings.status == 200);
    CHECK(settings.body.rfind("{\"data\":", 0) == 0);
    check_not_found(router.handle(request("GET", "/api/settings/list", {kJohnAuth}), *snapshot));
    CHECK(router.handle(request("GET", "/api/settings/list"), *snapshot).status == 401);
}
