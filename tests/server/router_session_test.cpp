// The JMAP session object (spec http.md §12) and the OAuth metadata (§11): every URL is the URL
// expression evaluated for this request, used verbatim.
#include <catch2/catch.hpp>

#include "router_fixture.hpp"
#include "server/jmap_session.hpp"

using namespace httpctl;
using httpctl::test::request;
using Json = nlohmann::ordered_json;

namespace {

constexpr std::string_view kAdmin =
    "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"pw\"\n";

server::HttpResponse session(const server::ConfigSnapshot& snapshot, test::RequestSpec spec) {
    const server::Router router;
    spec.target = snapshot.head_dialect() ? "/jmap/session" : "/.well-known/jmap";
    spec.headers.emplace_back("Authorization", test::basic("admin", "pw"));
    return router.handle(test::request(std::move(spec)), snapshot);
}

Json session_json(const server::ConfigSnapshot& snapshot, test::RequestSpec spec = {}) {
    const auto response = session(snapshot, std::move(spec));
    REQUIRE(response.status == 200);
    return Json::parse(response.body);
}

std::string on_listener(const server::ConfigSnapshot& snapshot, const char* listener,
                        const char* client_ip = "192.0.2.10") {
    test::RequestSpec spec;
    spec.listener = listener;
    spec.client_ip = client_ip;
    return session_json(snapshot, spec)["apiUrl"].get<std::string>();
}

}  // namespace

TEST_CASE("session object: members, capabilities and limits as Stalwart sends them",
          "[router][session]") {
    const auto snapshot = test::snapshot08(std::string(kAdmin) + R"(
[jmap.protocol]
request.max-size = 2000
request.max-calls = 7
upload.max-size = 1234
get.max-objects = 11
)");
    test::RequestSpec spec;
    spec.listener = "https";
    const auto response = session(*snapshot, spec);
    REQUIRE(response.status == 200);
    const Json body = Json::parse(response.body);
    CHECK(body.dump() == response.body);  // compact, member order as sent

    std::vector<std::string> members;
    for (const auto& item : body.items())
        members.push_back(item.key());
    CHECK(members == std::vector<std::string>{"capabilities", "accounts", "primaryAccounts",
                                              "username", "apiUrl", "downloadUrl", "uploadUrl",
                                              "eventSourceUrl", "state"});
    std::vector<std::string> capabilities;
    for (const auto& item : body["capabilities"].items())
        capabilities.push_back(item.key());
    const std::vector<std::string> expected_caps = {
        "urn:ietf:params:jmap:core",       "urn:ietf:params:jmap:mail",
        "urn:ietf:params:jmap:submission", "urn:ietf:params:jmap:vacationresponse",
        "urn:ietf:params:jmap:sieve",      "urn:ietf:params:jmap:blob",
        "urn:ietf:params:jmap:quota",      "urn:ietf:params:jmap:websocket"};
    CHECK(capabilities == expected_caps);
    CHECK(
        body["capabilities"]["urn:ietf:params:jmap:core"].dump() ==
        R"({"maxSizeUpload":1234,"maxConcurrentUpload":4,"maxSizeRequest":2000,"maxConcurrentRequests":4,"maxCallsInRequest":7,"maxObjectsInGet":11,"maxObjectsInSet":500,"collationAlgorithms":["i;ascii-numeric","i;ascii-casemap","i;unicode-casemap"]})");
    CHECK(body["capabilities"]["urn:ietf:params:jmap:sieve"].dump() ==
          R"({"implementation":"Stalwart JMAP v0.1.0"})");
    CHECK(body["capabilities"]["urn:ietf:params:jmap:websocket"].dump() ==
          R"({"url":"wss://mail.example.org:443/jmap/ws","supportsPush":true})");

    // The fallback admin: account id u32::MAX → d333333, primary for every capability.
    REQUIRE(body["accounts"].size() == 1);
    REQUIRE(body["accounts"].contains("d333333"));
    const Json& account = body["accounts"]["d333333"];
    CHECK(account["isPersonal"] == true);
    CHECK(account["isReadOnly"] == false);
    CHECK_FALSE(account["name"].get<std::string>().empty());
    std::vector<std::string> account_caps;
    for (const auto& item : account["accountCapabilities"].items())
        account_caps.push_back(item.key());
    CHECK(account_caps == std::vector<std::string>{
                              "urn:ietf:params:jmap:mail", "urn:ietf:params:jmap:submission",
                              "urn:ietf:params:jmap:vacationresponse", "urn:ietf:params:jmap:sieve",
                              "urn:ietf:params:jmap:blob", "urn:ietf:params:jmap:quota"});
    const Json& blob = account["accountCapabilities"]["urn:ietf:params:jmap:blob"];
    CHECK(blob["maxSizeBlobSet"] == 2000 / 4 * 3 - 512);
    CHECK(blob["maxDataSources"] == 7);
    CHECK(account["accountCapabilities"]["urn:ietf:params:jmap:mail"]["maxMailboxesPerEmail"]
              .is_null());
    CHECK(account["accountCapabilities"]["urn:ietf:params:jmap:submission"]["submissionExtensions"]
                 ["MT-PRIORITY"] == Json{"MIXER"});
    CHECK(body["primaryAccounts"].size() == expected_caps.size());
    for (const auto& capability : expected_caps)
        CHECK(body["primaryAccounts"][capability] == "d333333");

    CHECK(body["username"] == "admin");
    CHECK(body["apiUrl"] == "https://mail.example.org:443/jmap/");
    CHECK(body["downloadUrl"] ==
          "https://mail.example.org:443/jmap/download/{accountId}/{blobId}/{name}?accept={type}");
    CHECK(body["uploadUrl"] == "https://mail.example.org:443/jmap/upload/{accountId}/");
    CHECK(body["eventSourceUrl"] ==
          "https://mail.example.org:443/jmap/eventsource/"
          "?types={types}&closeafter={closeafter}&ping={ping}");
    // Rust's DefaultHasher over two empty lists, truncated to 32 bits.
    CHECK(body["state"] == "3e25b2a0");
}

TEST_CASE("session URLs follow the listener: TLS or not, bind port", "[router][session]") {
    const auto snapshot = test::snapshot08(kAdmin);
    CHECK(on_listener(*snapshot, "https") == "https://mail.example.org:443/jmap/");
    CHECK(on_listener(*snapshot, "http") == "http://mail.example.org:8080/jmap/");
    test::RequestSpec spec;
    spec.listener = "http";
    CHECK(session_json(*snapshot, spec)["capabilities"]["urn:ietf:params:jmap:websocket"]["url"] ==
          "ws://mail.example.org:8080/jmap/ws");
    // 0.12 reads the host through config_get('server.hostname').
    const auto head =
        test::snapshot012(std::string(kAdmin) + "[server]\nhostname = \"mx.example.net\"\n");
    CHECK(on_listener(*head, "https") == "https://mx.example.net:443/jmap/");
    CHECK(session_json(*head)["capabilities"]["urn:ietf:params:jmap:sieve"]["implementation"] ==
          "Stalwart v1.0.0");
}

TEST_CASE("a url if-block is evaluated per request (remote_ip, listener)", "[router][session]") {
    const auto snapshot = test::snapshot08(std::string(kAdmin) + R"(
[server.http]
url = [{if = "remote_ip == '10.0.0.5'", then = "'https://internal.example'"},
       {if = "listener == 'https'", then = "'https://public.example'"},
       {else = "'http://other.example:' + local_port"}]
)");
    CHECK(on_listener(*snapshot, "http", "10.0.0.5") == "https://internal.example/jmap/");
    CHECK(on_listener(*snapshot, "https", "10.0.0.5") == "https://internal.example/jmap/");
    CHECK(on_listener(*snapshot, "https", "192.0.2.1") == "https://public.example/jmap/");
    CHECK(on_listener(*snapshot, "http", "192.0.2.1") == "http://other.example:8080/jmap/");
}

TEST_CASE("a url with a trailing slash gives double slashes (no normalisation)",
          "[router][session]") {
    const auto snapshot = test::snapshot08(
        std::string(kAdmin) + "[server.http]\nurl = \"'https://mail.example.org/'\"\n");
    const Json body = session_json(*snapshot);
    CHECK(body["apiUrl"] == "https://mail.example.org//jmap/");
    CHECK(body["uploadUrl"] == "https://mail.example.org//jmap/upload/{accountId}/");
    CHECK(body["capabilities"]["urn:ietf:params:jmap:websocket"]["url"] ==
          "wss://mail.example.org//jmap/ws");
}

TEST_CASE("a non-string url result falls back to the bind address", "[router][session]") {
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + "[server.http]\nurl = \"1 + 1\"\n");
    CHECK(on_listener(*snapshot, "http") == "http://127.0.0.1:8080/jmap/");
    CHECK(on_listener(*snapshot, "https") == "https://:::443/jmap/");
}

TEST_CASE("a url not starting with http is a 500 problem, not a crash", "[router][session]") {
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + "[server.http]\nurl = \"'mail.example.org'\"\n");
    const auto response = session(*snapshot, {});
    CHECK(response.status == 500);
    CHECK(
        response.body ==
        R"({"type":"about:blank","status":500,"title":"Internal Server Error","detail":"There was a problem while processing your request. Please contact the system administrator if this problem persists."})");
}

TEST_CASE("a listener the snapshot does not know is a 500 problem", "[router][session]") {
    const auto snapshot = test::snapshot08(kAdmin);
    test::RequestSpec spec;
    spec.listener = "nonexistent";
    CHECK(session(*snapshot, spec).status == 500);
}

TEST_CASE("OAuth metadata is built from the same per-request URL", "[router][session]") {
    const server::Router router;
    const auto snapshot = test::snapshot08();
    test::RequestSpec spec;
    spec.target = "/.well-known/oauth-authorization-server";
    spec.listener = "https";
    const auto response = router.handle(request(spec), *snapshot);
    CHECK(response.status == 200);
    CHECK(*response.header("content-type") == "application/json; charset=utf-8");
    CHECK(
        response.body ==
        R"({"issuer":"https://mail.example.org:443","token_endpoint":"https://mail.example.org:443/auth/token","grant_types_supported":["authorization_code","implicit","urn:ietf:params:oauth:grant-type:device_code"],"device_authorization_endpoint":"https://mail.example.org:443/auth/device","response_types_supported":["code","code token"],"scopes_supported":["offline_access"],"authorization_endpoint":"https://mail.example.org:443/authorize/code"})");
    CHECK(router.handle(request("POST", "/.well-known/oauth-authorization-server"), *snapshot)
              .status == 404);
}

TEST_CASE("JMAP ids and session state", "[router][session]") {
    CHECK(server::jmap_id(0) == "a");
    CHECK(server::jmap_id(1) == "b");
    CHECK(server::jmap_id(31) == "3");
    CHECK(server::jmap_id(32) == "ba");
    CHECK(server::jmap_id(4294967295U) == "d333333");
    // Values computed with Rust's std DefaultHasher over (member_of, access_to).
    CHECK(server::session_state({}) == "3e25b2a0");
    CHECK(server::session_state({1}) == "e1ec891a");
    CHECK(server::session_state({2, 7, 4294967295U}) == "7b17ac18");
}
