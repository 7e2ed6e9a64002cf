#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "httpconf/loader.hpp"
#include "server/management_api.hpp"

using namespace httpctl::server;
using Json = nlohmann::ordered_json;

namespace {

std::shared_ptr<const ConfigSnapshot> snapshot_of(const std::string& text, bool head = false) {
    httpctl::conf::CheckReport report;
    auto loaded = httpctl::conf::load_config(text, "test.toml");
    REQUIRE(loaded.ok());
    report.config = std::make_shared<const httpctl::conf::FlatConfig>(std::move(*loaded.config));
    auto settings = std::make_shared<httpctl::conf::HttpSettings>();
    settings->target =
        head ? httpctl::conf::TargetVersion{0, 12} : httpctl::conf::TargetVersion{0, 8};
    report.target = settings->target;
    httpctl::conf::Principal alice;
    alice.name = "alice";
    alice.description = "Alice Doe";
    alice.secrets = {"{PLAIN}pw"};
    alice.emails = {"alice@example.org"};
    httpctl::conf::Principal admin;
    admin.name = "root";
    admin.type = "admin";
    httpctl::conf::Principal group;
    group.name = "sales";
    group.type = "group";
    group.emails = {"sales@example.org"};
    settings->principals = {alice, admin, group};
    report.settings = settings;
    return make_snapshot(std::move(report), "test.toml");
}

HttpResponse call(const ConfigSnapshot& snapshot, const std::string& method,
                  const std::string& rest, const std::string& query = {},
                  const std::string& body = {}, const ManagementEnvironment& env = {}) {
    HttpRequest request;
    request.method = method;
    request.path = "/api/" + rest;
    request.query = query;
    request.target = request.path + (query.empty() ? "" : "?" + query);
    request.body = body;
    return answer_management_request(request, rest, snapshot, env);
}

Json json_of(const HttpResponse& response) {
    return Json::parse(response.body);
}

const char* kConfig =
    "[server.http]\nurl = \"'https://mail.example.org'\"\nhsts = true\n"
    "[store.a]\ntype = \"rocksdb\"\npath = \"/a\"\n[store.b]\ntype = "
    "\"sqlite\"\npath = \"/b\"\n"
    "[lookup.default]\nhostname = \"mail.example.org\"\n";

}  // namespace

TEST_CASE("settings/list strips the prefix and pages", "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    const HttpResponse response = call(*snapshot, "GET", "settings/list", "prefix=server.http");
    CHECK(response.status == 200);
    CHECK(*response.header("content-type") == "application/json; charset=utf-8");
    CHECK(response.body ==
          R"({"data":{"total":2,"items":{"hsts":"true","url":"'https://mail.example.org'"}}})");

    const Json paged =
        json_of(call(*snapshot, "GET", "settings/list", "prefix=store.&page=2&limit=3"));
    CHECK(paged["data"]["total"] == 4);
    CHECK(paged["data"]["items"] == Json::parse(R"({"b.type":"sqlite"})"));
    CHECK(json_of(call(*snapshot, "GET", "settings/list"))["data"]["total"] == 7);
}

TEST_CASE("settings/keys returns existing keys and whole prefixes", "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    const Json body = json_of(
        call(*snapshot, "GET", "settings/keys", "keys=server.http.hsts,missing&prefixes=store.b"));
    CHECK(
        body ==
        Json::parse(
            R"({"data":{"server.http.hsts":"true","store.b.path":"/b","store.b.type":"sqlite"}})"));
}

TEST_CASE(
    "settings/group makes records per id with a suffix, key/value "
    "records without",
    "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    const Json records =
        json_of(call(*snapshot, "GET", "settings/group", "prefix=store&suffix=type"));
    CHECK(records["data"]["total"] == 2);
    CHECK(records["data"]["items"][0] ==
          Json::parse(R"({"_id":"a","path":"/a","type":"rocksdb"})"));
    const Json filtered =
        json_of(call(*snapshot, "GET", "settings/group", "prefix=store&suffix=type&filter=SQL"));
    CHECK(filtered["data"]["total"] == 1);
    CHECK(filtered["data"]["items"][0]["_id"] == "b");
    const Json field =
        json_of(call(*snapshot, "GET", "settings/group", "prefix=store&suffix=.type&field=path"));
    CHECK(field["data"]["items"][1] == Json::parse(R"({"_id":"b","path":"/b"})"));
    const Json plain = json_of(call(*snapshot, "GET", "settings/group", "prefix=lookup.default"));
    CHECK(plain["data"]["items"] ==
          Json::parse(R"([{"_id":"hostname","_value":"mail.example.org"}])"));
}

TEST_CASE("principal list filters by text and type and pages; fetch by name", "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    CHECK(call(*snapshot, "GET", "principal").body ==
          R"({"data":{"items":["alice","root","sales"],"total":3}})");
    CHECK(json_of(call(*snapshot, "GET", "principal", "filter=EXAMPLE"))["data"]["items"] ==
          Json::parse(R"(["alice","sales"])"));
    CHECK(json_of(call(*snapshot, "GET", "principal", "type=superuser"))["data"]["items"] ==
          Json::parse(R"(["root"])"));
    const Json page = json_of(call(*snapshot, "GET", "principal", "page=2&limit=2"));
    CHECK(page["data"] == Json::parse(R"({"items":["sales"],"total":3})"));

    const HttpResponse alice = call(*snapshot, "GET", "principal/alice");
    CHECK(
        alice.body ==
        R"({"data":{"id":0,"type":"individual","quota":0,"usedQuota":0,"name":"alice","emails":["alice@example.org"],"secrets":["{PLAIN}pw"],"memberOf":[],"members":[],"description":"Alice Doe"}})");
    // spec §13.1: decoded as form data; a raw `=` ends the name, an encoded one does not.
    CHECK(json_of(call(*snapshot, "GET", "principal/s%61les=x"))["data"]["name"] == "sales");
    CHECK(call(*snapshot, "GET", "principal/s%61les%3Dx").status == 404);

    const HttpResponse missing = call(*snapshot, "GET", "principal/nobody");
    CHECK(missing.status == 404);
    CHECK(
        missing.body ==
        R"({"type":"about:blank","status":404,"title":"Not found","detail":"Account not found."})");
    const HttpResponse create = call(*snapshot, "POST", "principal", {}, "{}");
    CHECK(create.status == 200);
    CHECK(create.body == R"({"error":"UnsupportedDirectoryOperation","class":"In-Memory"})");
}

TEST_CASE("unknown management routes answer the 404 problem; restart is unsupported",
          "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    for (const auto& [method, rest] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "nothing"},
                                                          {"GET", "settings"},
                                                          {"PUT", "settings/list"},
                                                          {"GET", "settings/list/more"},
                                                          {"GET", "queue/messages"},
                                                          {"GET", ""},
                                                          {"GET", "principal/alice/extra"}}) {
        INFO(method << " " << rest);
        const HttpResponse response = call(*snapshot, method, rest);
        CHECK(response.status == 404);
        CHECK(*response.header("content-type") == "application/problem+json");
    }
    CHECK(call(*snapshot, "GET", "restart").body ==
          R"({"error":"Unsupported","details":"Restart is not yet supported"})");
    const auto head = snapshot_of(kConfig, true);
    CHECK(call(*head, "GET", "restart").body ==
          R"({"error":"unsupported","details":"Restart is not yet supported"})");
}

TEST_CASE("settings writes without a store are unsupported; bad bodies are 400", "[management]") {
    const auto snapshot = snapshot_of(kConfig);
    CHECK(json_of(call(*snapshot, "POST", "settings", {}, "[]"))["error"] == "Unsupported");
    const HttpResponse bad = call(*snapshot, "POST", "settings", {}, "{");
    CHECK(bad.status == 400);
    const Json problem = json_of(bad);
    CHECK(problem["title"] == "Invalid parameters");
    CHECK(problem["detail"].get<std::string>().rfind("Failed to deserialize JSON: ", 0) == 0);
    // spec §13.1: a body over 1 MiB is treated as missing.
    std::string huge = "[" + std::string(kManagementBodyLimit, ' ') + "]";
    CHECK(call(*snapshot, "POST", "settings", {}, huge).status == 400);
}
