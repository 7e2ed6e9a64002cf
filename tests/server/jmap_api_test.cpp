#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <string>

#include "server/jmap_api.hpp"

using httpctl::conf::JmapLimits;
using httpctl::server::answer_jmap_request;
using httpctl::server::HttpResponse;
using Json = nlohmann::ordered_json;

namespace {

HttpResponse answer(const std::string& body, const JmapLimits& limits = {}) {
    return answer_jmap_request(body, limits, "1a2b3c");
}

Json body_of(const HttpResponse& response) {
    return Json::parse(response.body);
}

void check_problem(const HttpResponse& response, const std::string& kind) {
    CHECK(response.status == 400);
    REQUIRE(response.header("content-type") != nullptr);
    CHECK(*response.header("content-type") == "application/problem+json");
    const Json body = body_of(response);
    CHECK(body["type"] == "urn:ietf:params:jmap:error:" + kind);
    CHECK(body["status"] == 400);
    CHECK(body["detail"].is_string());
}

const std::string kCore = R"("using":["urn:ietf:params:jmap:core"])";

}  // namespace

TEST_CASE("Core/echo returns its arguments with the session state", "[jmap]") {
    const HttpResponse response =
        answer("{" + kCore + R"(,"methodCalls":[["Core/echo",{"hello":true,"n":[1,2]},"c1"]]})");
    CHECK(response.status == 200);
    CHECK(*response.header("content-type") == "application/json; charset=utf-8");
    CHECK(
        response.body ==
        R"({"methodResponses":[["Core/echo",{"hello":true,"n":[1,2]},"c1"]],"sessionState":"1a2b3c"})");
}

TEST_CASE("other methods and methods without their capability get unknownMethod", "[jmap]") {
    const Json body = body_of(
        answer("{" + kCore + R"(,"methodCalls":[["Mailbox/get",{},"a"],["Core/echo",{},"b"]]})"));
    CHECK(body["methodResponses"][0] == Json::parse(R"(["error",{"type":"unknownMethod"},"a"])"));
    CHECK(body["methodResponses"][1] == Json::parse(R"(["Core/echo",{},"b"])"));

    const Json without_core = body_of(
        answer(R"({"using":["urn:ietf:params:jmap:mail"],"methodCalls":[["Core/echo",{},"x"]]})"));
    CHECK(without_core["methodResponses"][0][1]["type"] == "unknownMethod");
}

TEST_CASE("createdIds is echoed when the request has it", "[jmap]") {
    const Json body =
        body_of(answer("{" + kCore + R"(,"methodCalls":[],"createdIds":{"k1":"abc"}})"));
    CHECK(
        body ==
        Json::parse(R"({"methodResponses":[],"sessionState":"1a2b3c","createdIds":{"k1":"abc"}})"));
    CHECK_FALSE(body_of(answer("{" + kCore + R"(,"methodCalls":[]})")).contains("createdIds"));
}

TEST_CASE("request-level problems: notJSON, notRequest, unknownCapability", "[jmap]") {
    check_problem(answer("{not json"), "notJSON");
    check_problem(answer(""), "notJSON");
    check_problem(answer(std::string(10'000, '[')), "notJSON");
    check_problem(answer("[]"), "notRequest");
    check_problem(answer(R"({"methodCalls":[]})"), "notRequest");
    check_problem(answer(R"({"using":"urn:ietf:params:jmap:core","methodCalls":[]})"),
                  "notRequest");
    check_problem(answer("{" + kCore + "}"), "notRequest");
    check_problem(answer("{" + kCore + R"(,"methodCalls":[["Core/echo",[],"c"]]})"), "notRequest");
    check_problem(answer("{" + kCore + R"(,"methodCalls":[["Core/echo",{}]]})"), "notRequest");
    check_problem(answer("{" + kCore + R"(,"methodCalls":[[1,{},"c"]]})"), "notRequest");
    check_problem(answer("{" + kCore + R"(,"methodCalls":[],"createdIds":[]})"), "notRequest");

    const HttpResponse unknown =
        answer(R"({"using":["urn:ietf:params:jmap:core","urn:example:nope"],"methodCalls":[]})");
    check_problem(unknown, "unknownCapability");
    CHECK(body_of(unknown)["detail"] ==
          "The Request object used capability 'urn:example:nope', which is not supportedby this "
          "server.");
}

TEST_CASE("maxSizeRequest and maxCallsInRequest give the limit problem with the limit's name",
          "[jmap]") {
    JmapLimits limits;
    limits.max_size_request = 100;
    limits.max_calls_in_request = 2;
    const HttpResponse too_big = answer(std::string(101, ' '), limits);
    check_problem(too_big, "limit");
    CHECK(body_of(too_big)["limit"] == "maxSizeRequest");
    CHECK(body_of(too_big)["detail"] ==
          "The request is larger than the server is willing to process.");
    // Field order of spec §10.
    CHECK(too_big.body.find(R"({"type":)") == 0);
    CHECK(too_big.body.find(R"("detail")") < too_big.body.find(R"("limit")"));

    limits.max_size_request = 10'000;
    const std::string three_calls =
        "{" + kCore +
        R"(,"methodCalls":[["Core/echo",{},"a"],["Core/echo",{},"b"],["Core/echo",{},"c"]]})";
    const HttpResponse too_many = answer(three_calls, limits);
    check_problem(too_many, "limit");
    CHECK(body_of(too_many)["limit"] == "maxCallsInRequest");
    limits.max_calls_in_request = 3;
    CHECK(answer(three_calls, limits).status == 200);
}

TEST_CASE("result references resolve against earlier responses (RFC 8620 §3.7)", "[jmap]") {
    const std::string request = "{" + kCore + R"(,"methodCalls":[
        ["Core/echo",{"list":[{"id":"x","ids":["1","2"]},{"id":"y","ids":["3"]}],"a/b":{"~k":7}},"c0"],
        ["Core/echo",{"#ids":{"resultOf":"c0","name":"Core/echo","path":"/list/*/ids"},
                      "#first":{"resultOf":"c0","name":"Core/echo","path":"/list/0/id"},
                      "#escaped":{"resultOf":"c0","name":"Core/echo","path":"/a~1b/~0k"},
                      "#whole":{"resultOf":"c0","name":"Core/echo","path":""},
                      "keep":1},"c1"]]})";
    const Json body = body_of(answer(request));
    const Json& second = body["methodResponses"][1];
    CHECK(second[0] == "Core/echo");
    CHECK(second[1]["ids"] == Json::parse(R"(["1","2","3"])"));
    CHECK(second[1]["first"] == "x");
    CHECK(second[1]["escaped"] == 7);
    CHECK(second[1]["whole"] == body["methodResponses"][0][1]);
    CHECK(second[1]["keep"] == 1);
    CHECK_FALSE(second[1].contains("#ids"));
}

TEST_CASE("bad result references are per-call errors", "[jmap]") {
    auto error_for = [](const std::string& second_args) {
        const std::string request =
            "{" + kCore + R"(,"methodCalls":[["Core/echo",{"v":[1]},"c0"],["Core/echo",)" +
            second_args + R"(,"c1"],["Core/echo",{"after":true},"c2"]]})";
        const HttpResponse response = answer(request);
        REQUIRE(response.status == 200);
        const Json body = body_of(response);
        // The failing call does not stop the ones after it.
        CHECK(body["methodResponses"][2][0] == "Core/echo");
        CHECK(body["methodResponses"][1][0] == "error");
        CHECK(body["methodResponses"][1][2] == "c1");
        return body["methodResponses"][1][1]["type"].get<std::string>();
    };
    CHECK(error_for(R"({"#v":{"resultOf":"nope","name":"Core/echo","path":"/v"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Mailbox/get","path":"/v"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Core/echo","path":"/missing"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Core/echo","path":"/v/01"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Core/echo","path":"v"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Core/echo","path":"/v/~2"}})") ==
          "invalidResultReference");
    CHECK(error_for(R"({"#v":{"resultOf":"c0","name":"Core/echo"}})") == "invalidArguments");
    CHECK(error_for(R"({"#v":"c0"})") == "invalidArguments");
    CHECK(error_for(R"({"v":1,"#v":{"resultOf":"c0","name":"Core/echo","path":"/v"}})") ==
          "invalidArguments");
}

TEST_CASE("a reference to an error response names the wrong method", "[jmap]") {
    const std::string request = "{" + kCore + R"(,"methodCalls":[["Foo/bar",{},"c0"],
        ["Core/echo",{"#t":{"resultOf":"c0","name":"error","path":"/type"}},"c1"]]})";
    const Json body = body_of(answer(request));
    // RFC 8620 §3.7 compares the response's name: an error response is named "error".
    CHECK(body["methodResponses"][1] == Json::parse(R"(["Core/echo",{"t":"unknownMethod"},"c1"])"));
}
