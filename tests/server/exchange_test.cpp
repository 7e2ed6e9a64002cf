#include <catch2/catch.hpp>

#include "server/exchange.hpp"

using httpctl::server::HttpRequest;
using httpctl::server::HttpResponse;

TEST_CASE("request headers are found case-insensitively, first one wins", "[exchange]") {
    HttpRequest request;
    request.headers = {{"X-Forwarded-For", "1.2.3.4"}, {"x-forwarded-for", "5.6.7.8"}};
    REQUIRE(request.header("X-FORWARDED-FOR") != nullptr);
    CHECK(*request.header("x-forwarded-for") == "1.2.3.4");
    CHECK(request.headers_named("X-Forwarded-For").size() == 2);
    CHECK(request.header("Forwarded") == nullptr);
}

TEST_CASE("set_header lower-cases the name and replaces an existing one", "[exchange]") {
    HttpResponse response;
    response.set_header("Content-Type", "application/json");
    response.set_header("content-type", "text/plain");
    REQUIRE(response.headers.size() == 1);
    CHECK(response.headers[0].first == "content-type");
    CHECK(*response.header("CONTENT-TYPE") == "text/plain");
}
