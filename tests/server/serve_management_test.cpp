// `stalwart-httpctl serve` end to end over loopback: the management API (spec http.md §13) on
// the real binary — settings reads and writes through the overlay file, reload, principals,
// unknown routes — and that no /api/ route gives anything away without superuser credentials.
#include <signal.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::admin_auth;
using httpctl::test::json_body;
using httpctl::test::read_text_file;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::TempDir;
using httpctl::test::user_auth;
using Json = nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct ManagedServer : httpctl::test::ConfiguredServe {
    std::filesystem::path overlay = dir.path() / "config.toml.settings.json";
    using ConfiguredServe::ConfiguredServe;

    [[nodiscard]] httplib::Result admin(const std::string& method, const std::string& target,
                                        const std::string& body = {}) const {
        return send(origin, method, target, admin_auth(), body);
    }
    [[nodiscard]] Json admin_json(const std::string& method, const std::string& target,
                                  const std::string& body = {}) const {
        const auto result = admin(method, target, body);
        REQUIRE(result);
        CHECK(result->status == 200);
        CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
        return json_body(result);
    }
    // The value of one key as the management API sees it (null when absent).
    [[nodiscard]] Json setting(const std::string& key) const {
        const Json data = admin_json("GET", "/api/settings/keys?keys=" + key)["data"];
        return data.contains(key) ? data[key] : Json();
    }
    // The value of a response header on an ordinary route (empty when absent).
    [[nodiscard]] std::string robots_header(const std::string& name) const {
        const auto result = send(origin, "GET", "/robots.txt", {});
        REQUIRE(result);
        return result->get_header_value(name.c_str());
    }
};

const Json kNullData = Json::parse(R"({"data":null})");

}  // namespace

TEST_CASE("serve management: settings list, group and keys over the loaded configuration",
          "[serve][management]") {
    ManagedServer server(httpctl::test::accounts_config_08());
    const Json list = server.admin_json("GET", "/api/settings/list?prefix=server.http");
    CHECK(list["data"]["total"] == 2);
    CHECK(list["data"]["items"]["url"] == "'http://127.0.0.1:' + local_port");
    CHECK(list["data"]["items"]["use-x-forwarded"] == "false");
    const Json paged = server.admin_json("GET", "/api/settings/list?prefix=server&page=2&limit=1");
    CHECK(paged["data"]["items"].size() == 1);

    const Json group = server.admin_json(
        "GET", "/api/settings/group?prefix=directory.memory.principals&suffix=name");
    REQUIRE(group["data"]["items"].size() == 2);
    CHECK(group["data"]["items"][0]["name"] == "jane");
    CHECK(group["data"]["items"][1]["name"] == "john");

    const Json keys = server.admin_json(
        "GET", "/api/settings/keys?keys=server.http.url,no.such.key&prefixes=jmap.rate-limit");
    CHECK(keys["data"] == Json::parse(R"({"server.http.url":"'http://127.0.0.1:' + local_port",
                                          "jmap.rate-limit.anonymous":"1000000/1m"})"));
}

TEST_CASE(
    "serve management: settings writes are validated, persisted in the overlay and take "
    "effect on the next request and after a restart",
    "[serve][management]") {
    ManagedServer server(httpctl::test::accounts_config_08());
    const std::string config_before = read_text_file(server.config);
    CHECK_FALSE(fs::exists(server.overlay));
    CHECK(server.robots_header("X-Wired").empty());

    // Insert: a custom response header, visible on the very next request.
    CHECK(
        server.admin_json(
            "POST", "/api/settings",
            R"([{"type":"Insert","prefix":null,"values":[["server.http.headers.0000","X-Wired: yes"]],"assert_empty":false}])") ==
        kNullData);
    CHECK(server.robots_header("X-Wired") == "yes");
    CHECK(server.setting("server.http.headers.0000") == "X-Wired: yes");
    CHECK(fs::exists(server.overlay));
    CHECK(read_text_file(server.config) == config_before);  // the file itself is never rewritten

    // assert_empty on an existing prefix: AssertFailed, nothing changes.
    const std::string overlay_before = read_text_file(server.overlay);
    CHECK(
        server.admin_json(
            "POST", "/api/settings",
            R"([{"type":"Insert","prefix":"server.http.headers","values":[["0001","X-Second: 2"]],"assert_empty":true}])") ==
        Json::parse(R"({"error":"AssertFailed"})"));
    CHECK(server.setting("server.http.headers.0001").is_null());
    CHECK(read_text_file(server.overlay) == overlay_before);

    // assert_empty on a fresh prefix, then Delete one key and Clear the rest.
    CHECK(
        server.admin_json(
            "POST", "/api/settings",
            R"([{"type":"Insert","prefix":"custom.area","values":[["one","1"],["two","2"],["three","3"]],"assert_empty":true}])") ==
        kNullData);
    CHECK(server.admin_json("GET", "/api/settings/list?prefix=custom.area")["data"]["total"] == 3);
    CHECK(server.admin_json("POST", "/api/settings",
                            R"([{"type":"Delete","keys":["custom.area.one"]}])") == kNullData);
    CHECK(server.setting("custom.area.one").is_null());
    CHECK(server.setting("custom.area.two") == "2");
    CHECK(server.admin_json("POST", "/api/settings",
                            R"([{"type":"Clear","prefix":"custom.area."}])") == kNullData);
    CHECK(server.admin_json("GET", "/api/settings/list?prefix=custom.")["data"]["total"] == 0);

    // An invalid server.http.url is refused with the diagnostic; nothing is written.
    const std::string overlay_valid = read_text_file(server.overlay);
    const Json refused = server.admin_json(
        "POST", "/api/settings",
        R"([{"type":"Insert","prefix":null,"values":[["server.http.url","https://mail.example.org"]],"assert_empty":false}])");
    CHECK(refused["error"] == "Other");
    const std::string details = refused["details"].get<std::string>();
    CHECK(details.find("server.http.url") != std::string::npos);
    CHECK(details.find("https") != std::string::npos);
    CHECK(read_text_file(server.overlay) == overlay_valid);
    CHECK(server.setting("server.http.url") == "'http://127.0.0.1:' + local_port");
    const Json garbage = json_body(server.admin("POST", "/api/settings", R"({"type":"Insert"})"));
    CHECK(read_text_file(server.overlay) == overlay_valid);
    CHECK_FALSE(garbage.contains("data"));

    // The accepted change survives a restart (the overlay file is read at start).
    server.restart();
    CHECK(server.robots_header("X-Wired") == "yes");
    CHECK(server.setting("server.http.headers.0000") == "X-Wired: yes");

    // DELETE /api/settings/{prefix} removes the key and everything under it.
    CHECK(server.admin_json("DELETE", "/api/settings/server.http.headers") == kNullData);
    CHECK(server.robots_header("X-Wired").empty());
    server.restart();
    CHECK(server.robots_header("X-Wired").empty());
    CHECK(read_text_file(server.config) == config_before);
}

TEST_CASE("serve management: /api/reload and ?dry-run apply the file with the overlay",
          "[serve][management]") {
    ManagedServer server(httpctl::test::accounts_config_08());
    CHECK(
        server.admin_json(
            "POST", "/api/settings",
            R"([{"type":"Insert","prefix":null,"values":[["server.http.headers.0000","X-Overlay: kept"]],"assert_empty":false}])") ==
        kNullData);
    // The file gains a permissive-cors setting; a dry run reports without applying.
    std::string text = httpctl::test::accounts_config_08();
    text.replace(text.find("use-x-forwarded = false\n"), 24,
                 "use-x-forwarded = false\npermissive-cors = true\n");
    httpctl::test::write_text_file(server.config, text);

    const Json dry = server.admin_json("GET", "/api/reload?dry-run");
    CHECK(dry["data"]["errors"] == Json::object());
    CHECK(dry["data"].contains("warnings"));
    CHECK(server.robots_header("Access-Control-Allow-Origin").empty());
    const Json applied = server.admin_json("GET", "/api/reload");
    CHECK(applied["data"]["errors"] == Json::object());
    CHECK(server.robots_header("Access-Control-Allow-Origin") == "*");
    CHECK(server.robots_header("X-Overlay") == "kept");  // the overlay still applies

    // A broken file is refused; the running configuration stays.
    httpctl::test::write_text_file(server.config, text + "[broken\n");
    const Json broken = server.admin_json("GET", "/api/reload");
    CHECK_FALSE(broken["data"]["errors"].empty());
    CHECK(server.robots_header("X-Overlay") == "kept");

    // The file gains an error on a key the write does not touch: the write is saved, but the
    // reload refuses the result, so the writer is told it is not in use.
    std::string bad_url = text;
    const std::string url_line = "url = \"'http://127.0.0.1:' + local_port\"";
    bad_url.replace(bad_url.find(url_line), url_line.size(),
                    "url = \"concat('https://', 'x'\"");
    httpctl::test::write_text_file(server.config, bad_url);
    const Json refused = server.admin_json(
        "POST", "/api/settings",
        R"([{"type":"Insert","prefix":null,"values":[["server.http.headers.0001","X-Later: 1"]],"assert_empty":false}])");
    INFO(refused.dump());
    CHECK(refused["error"] == "Other");
    CHECK(refused["details"].get<std::string>().find("saved but is not in use") !=
          std::string::npos);
    CHECK(server.robots_header("X-Later").empty());
    CHECK(server.robots_header("X-Overlay") == "kept");
}

TEST_CASE("serve management: principals from the in-memory directory, unknown routes",
          "[serve][management]") {
    ManagedServer server(httpctl::test::accounts_config_08());
    const Json all = server.admin_json("GET", "/api/principal");
    CHECK(all["data"] == Json::parse(R"({"items":["jane","john"],"total":2})"));
    CHECK(server.admin_json("GET", "/api/principal?filter=roe")["data"]["items"] ==
          Json::parse(R"(["jane"])"));
    CHECK(server.admin_json("GET", "/api/principal?type=individual")["data"]["total"] == 2);
    CHECK(server.admin_json("GET", "/api/principal?type=group")["data"]["total"] == 0);
    const Json page = server.admin_json("GET", "/api/principal?page=2&limit=1");
    CHECK(page["data"] == Json::parse(R"({"items":["john"],"total":2})"));

    const Json jane = server.admin_json("GET", "/api/principal/jane");
    CHECK(jane["data"]["name"] == "jane");
    CHECK(jane["data"]["type"] == "individual");
    CHECK(jane["data"]["emails"] == Json::parse("[\"" + httpctl::test::kUserEmail + "\"]"));
    CHECK(jane["data"]["description"] == "Jane Roe");

    const auto missing = server.admin("GET", "/api/principal/nobody");
    REQUIRE(missing);
    CHECK(missing->status == 404);
    CHECK(json_body(missing)["detail"] == "Account not found.");

    for (const auto& [method, target] :
         std::vector<std::pair<std::string, std::string>>{{"GET", "/api/nope"},
                                                          {"GET", "/api/settings/list/extra"},
                                                          {"PUT", "/api/settings"},
                                                          {"GET", "/api/queue/messages"}}) {
        const auto result = server.admin(method, target);
        REQUIRE(result);
        CHECK(result->status == 404);
        CHECK(result->get_header_value("Content-Type") == "application/problem+json");
    }
    CHECK(server.admin_json("GET", "/api/restart") ==
          Json::parse(R"({"error":"Unsupported","details":"Restart is not yet supported"})"));
}

TEST_CASE("serve management: the built-in configuration has no settings file to write",
          "[serve][management]") {
    TempDir dir;
    ServeProcess serve({"--listen", "http=127.0.0.1:0", "--data-dir", (dir.path() / "d").string(),
                        "--log-format", "off"});
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::string origin = httpctl::test::origin_of(serve.port("http"));
    const auto auth = httpctl::test::basic_auth("admin", "changeme");
    const auto result =
        send(origin, "POST", "/api/settings", auth, R"([{"type":"Clear","prefix":"server."}])");
    REQUIRE(result);
    CHECK(result->status == 200);
    CHECK(json_body(result)["error"] == "Unsupported");
    const auto reads = send(origin, "GET", "/api/settings/list?prefix=server.listener", auth);
    REQUIRE(reads);
    CHECK(json_body(reads)["data"]["total"].get<int>() > 0);
}

namespace {

struct ApiRoute {
    std::string method;
    std::string target;
    std::string body;
};

// Every /api/ route served, plus an unknown one: reads, writes, reload, principals.
const std::vector<ApiRoute>& api_routes() {
    static const std::vector<ApiRoute> routes = {
        {"GET", "/api/settings/list", ""},
        {"GET", "/api/settings/list?prefix=authentication", ""},
        {"GET", "/api/settings/group?prefix=directory.memory.principals&suffix=name", ""},
        {"GET", "/api/settings/keys?prefixes=authentication,directory", ""},
        {"POST", "/api/settings",
         R"([{"type":"Insert","prefix":null,"values":[["server.http.headers.0000","X-Owned: 1"]],"assert_empty":false}])"},
        {"POST", "/api/settings", R"([{"type":"Clear","prefix":"authentication."}])"},
        {"DELETE", "/api/settings/directory", ""},
        {"GET", "/api/reload", ""},
        {"GET", "/api/reload?dry-run", ""},
        {"GET", "/api/principal", ""},
        {"GET", "/api/principal?filter=jane", ""},
        {"GET", "/api/principal/jane", ""},
        {"POST", "/api/principal", R"({"type":"individual","name":"mallory"})"},
        {"PATCH", "/api/principal/jane", "[]"},
        {"DELETE", "/api/principal/jane", ""},
        {"GET", "/api/restart", ""},
        {"GET", "/api/nope", ""},
    };
    return routes;
}

// Nothing of the secrets, the directory or the configuration may appear in a refusal.
void check_nothing_given_away(const httplib::Result& result, int expected_status,
                              const ApiRoute& route, const std::string& who) {
    INFO(who << ": " << route.method << " " << route.target);
    REQUIRE(result);
    CHECK(result->status == expected_status);
    for (const std::string& secret :
         {httpctl::test::kAdminSecret, httpctl::test::kUserSecret, httpctl::test::kUserEmail,
          std::string("john"), std::string("fallback-admin"), std::string("directory.memory"),
          std::string("\"data\""), std::string("local_port")}) {
        CHECK(result->body.find(secret) == std::string::npos);
    }
}

void check_api_refusals(const std::string& config_text, int non_superuser_status) {
    TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    httpctl::test::write_text_file(config, config_text);
    ServeProcess serve({"--config", config.string(), "--data-dir", (dir.path() / "d").string(),
                        "--log-format", "off"});
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::string origin = httpctl::test::origin_of(serve.port("web"));
    for (const ApiRoute& route : api_routes()) {
        check_nothing_given_away(send(origin, route.method, route.target, {}, route.body), 401,
                                 route, "no credentials");
        check_nothing_given_away(
            send(origin, route.method, route.target,
                 httpctl::test::basic_auth(httpctl::test::kAdminUser, "wrong-password"),
                 route.body),
            401, route, "wrong password");
        check_nothing_given_away(send(origin, route.method, route.target,
                                      httpctl::test::basic_auth("jane", "wrong"), route.body),
                                 401, route, "user with a wrong password");
        check_nothing_given_away(send(origin, route.method, route.target, user_auth(), route.body),
                                 non_superuser_status, route, "non-superuser");
    }
    // None of the refused writes reached the disk or the running configuration.
    CHECK_FALSE(fs::exists(dir.path() / "config.toml.settings.json"));
    const auto robots = send(origin, "GET", "/robots.txt", {});
    REQUIRE(robots);
    CHECK_FALSE(robots->has_header("X-Owned"));
    const auto principals = send(origin, "GET", "/api/principal", admin_auth());
    REQUIRE(principals);
    CHECK(json_body(principals)["data"]["items"].size() >= 1);
}

}  // namespace

TEST_CASE(
    "serve management security: every /api/ route refuses anonymous, wrong-password and "
    "non-superuser callers at 0.8 (404 for non-superusers)",
    "[serve][management][security]") {
    check_api_refusals(httpctl::test::accounts_config_08(), 404);
}

TEST_CASE("serve management security: the same at 0.12 (403 for non-superusers)",
          "[serve][management][security]") {
    check_api_refusals(httpctl::test::accounts_config_012(), 403);
}
