// Configured response headers (spec http.md §10.3) and the exact CORS/HSTS values (§10.4).
#include <catch2/catch.hpp>

#include "router_fixture.hpp"

using namespace httpctl;
using httpctl::test::request;
using Headers = std::vector<std::pair<std::string, std::string>>;

namespace {

constexpr const char* kAllowHeaders = "Authorization, Content-Type, Accept, X-Requested-With";
constexpr const char* kAllowMethods = "POST, GET, PATCH, PUT, DELETE, HEAD, OPTIONS";
constexpr const char* kHsts = "max-age=31536000; includeSubDomains; preload";

constexpr std::string_view kFallbackAdmin =
    "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"pw\"\n";

// One response of each kind the router produces.
std::vector<server::HttpResponse> every_kind(const server::Router& router,
                                             const server::ConfigSnapshot& snapshot) {
    const std::pair<std::string, std::string> auth{"Authorization", test::basic("admin", "pw")};
    return {
        router.handle(request("GET", "/robots.txt"), snapshot),                // 200 resource
        router.handle(request("GET", "/healthz/live"), snapshot),              // 200 empty
        router.handle(request("OPTIONS", "/jmap"), snapshot),                  // 204
        router.handle(request("GET", "/jmap"), snapshot),                      // 401
        router.handle(request("GET", "/nope"), snapshot),                      // 404
        router.handle(request("GET", "/.well-known/jmap", {auth}), snapshot),  // 200 JSON
        router.handle(request("GET", "/.well-known/oauth-authorization-server"), snapshot),
    };
}

}  // namespace

TEST_CASE("permissive-cors adds exactly three static headers to every response",
          "[router][headers]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(std::string("[server.http]\npermissive-cors = true\n") +
                                           std::string(kFallbackAdmin));
    for (const auto& response : every_kind(router, *snapshot)) {
        INFO(response.status);
        REQUIRE(response.header("access-control-allow-origin") != nullptr);
        CHECK(*response.header("access-control-allow-origin") == "*");
        CHECK(*response.header("access-control-allow-headers") == kAllowHeaders);
        CHECK(*response.header("access-control-allow-methods") == kAllowMethods);
        CHECK(response.header("access-control-allow-credentials") == nullptr);
        CHECK(response.header("access-control-max-age") == nullptr);
        CHECK(response.header("vary") == nullptr);
        CHECK(response.header("strict-transport-security") == nullptr);
    }
    // The request's Origin is never looked at.
    const auto with_origin = router.handle(
        request("OPTIONS", "/jmap",
                {{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}}),
        *snapshot);
    CHECK(*with_origin.header("access-control-allow-origin") == "*");
}

TEST_CASE("hsts adds its exact header, also on plain HTTP listeners", "[router][headers]") {
    const server::Router router;
    const auto snapshot =
        test::snapshot08(std::string("[server.http]\nhsts = true\n") + std::string(kFallbackAdmin));
    for (const auto& response : every_kind(router, *snapshot)) {
        INFO(response.status);
        REQUIRE(response.header("strict-transport-security") != nullptr);
        CHECK(*response.header("strict-transport-security") == kHsts);
        CHECK(response.header("access-control-allow-origin") == nullptr);
    }
}

TEST_CASE("with both policies off no CORS or HSTS header appears", "[router][headers]") {
    const server::Router router;
    const auto snapshot =
        test::snapshot08(std::string("[server.http]\npermissive-cors = false\nhsts = false\n") +
                         std::string(kFallbackAdmin));
    for (const auto& response : every_kind(router, *snapshot)) {
        for (const auto& [name, value] : response.headers) {
            CHECK(name.rfind("access-control-", 0) != 0);
            CHECK(name != "strict-transport-security");
        }
    }
}

TEST_CASE("configured headers replace same-named ones; CORS and HSTS win over custom ones",
          "[router][headers]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(R"(
[server.http]
permissive-cors = true
hsts = true
headers = ["X-Custom: one", "Access-Control-Allow-Origin: https://a.example",
           "Strict-Transport-Security: max-age=1", "Content-Type: text/plain; charset=x"]
)");
    const auto response = router.handle(request("GET", "/missing"), *snapshot);
    CHECK(response.status == 404);
    CHECK(response.body == test::kNotFoundBody);
    CHECK(response.headers == Headers{{"content-type", "text/plain; charset=x"},
                                      {"x-custom", "one"},
                                      {"access-control-allow-origin", "*"},
                                      {"strict-transport-security", kHsts},
                                      {"access-control-allow-headers", kAllowHeaders},
                                      {"access-control-allow-methods", kAllowMethods}});

    // A configured Content-Type overrides the JSON one of a success too.
    const auto oauth =
        router.handle(request("GET", "/.well-known/oauth-authorization-server"), *snapshot);
    CHECK(*oauth.header("content-type") == "text/plain; charset=x");
}

TEST_CASE("a header configured twice is sent once, with the last value", "[router][headers]") {
    const server::Router router;
    const auto snapshot =
        test::snapshot08("[server.http]\nheaders = [\"X-A: 1\", \"X-B: b\", \"x-a: 2\"]\n");
    const auto response = router.handle(request("GET", "/robots.txt"), *snapshot);
    CHECK(response.headers == Headers{{"content-type", "text/plain"}, {"x-a", "2"}, {"x-b", "b"}});
}

TEST_CASE("a rejected custom list adds none, CORS and HSTS still come", "[router][headers]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(R"(
[server.http]
permissive-cors = true
hsts = true
headers = ["X-Good: 1", "no colon here"]
)");
    REQUIRE(snapshot->settings().headers_rejected);
    const auto response = router.handle(request("GET", "/robots.txt"), *snapshot);
    CHECK(response.header("x-good") == nullptr);
    CHECK(*response.header("access-control-allow-origin") == "*");
    CHECK(*response.header("strict-transport-security") == kHsts);
}

TEST_CASE("configured headers also go on 0.12 responses and replace both challenges",
          "[router][headers][head]") {
    const server::Router router;
    const auto snapshot = test::snapshot012(
        "[http]\nheaders = [\"WWW-Authenticate: Custom\", \"Cache-Control: private\"]\n");
    const auto unauthorized = router.handle(request("GET", "/jmap"), *snapshot);
    CHECK(unauthorized.status == 401);
    CHECK(unauthorized.headers == Headers{{"content-type", "application/problem+json"},
                                          {"www-authenticate", "Custom"},
                                          {"cache-control", "private"}});
    const auto redirect = router.handle(request("GET", "/.well-known/jmap"), *snapshot);
    CHECK(redirect.status == 307);
    CHECK(*redirect.header("cache-control") == "private");
}

TEST_CASE("configured_response_headers builds the §10.3 order", "[router][headers]") {
    const auto snapshot = test::snapshot08(
        "[server.http]\nhsts = true\npermissive-cors = true\nheaders = \"X-One: 1\"\n");
    std::vector<std::string> names;
    for (const auto& line : snapshot->response_headers)
        names.push_back(line.name);
    CHECK(names == std::vector<std::string>{
                       "x-one", "access-control-allow-origin", "access-control-allow-headers",
                       "access-control-allow-methods", "strict-transport-security"});
}
