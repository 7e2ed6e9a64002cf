// `stalwart-httpctl serve` end to end over loopback: the JMAP API, blob upload and download on
// the real binary with a real HTTP client (spec http.md §11, §12, RFC 8620); the event source is
// in serve_event_source_test.cpp.
#include <signal.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <future>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "configured_serve.hpp"
#include "serve_http.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using httpctl::test::account_of;
using httpctl::test::admin_auth;
using httpctl::test::ConfiguredServe;
using httpctl::test::json_body;
using httpctl::test::send;
using httpctl::test::ServeProcess;
using httpctl::test::session_of;
using httpctl::test::TempDir;
using httpctl::test::user_auth;
using Json = nlohmann::json;
using namespace std::string_literals;
namespace fs = std::filesystem;

namespace {

const std::string kCore = R"("using":["urn:ietf:params:jmap:core"])";

httplib::Result api(const std::string& origin, const std::string& body,
                    const httplib::Headers& auth = admin_auth()) {
    return send(origin, "POST", "/jmap/", auth, body);
}

void check_request_problem(const httplib::Result& result, const std::string& kind) {
    REQUIRE(result);
    CHECK(result->status == 400);
    CHECK(result->get_header_value("Content-Type") == "application/problem+json");
    const Json body = json_body(result);
    CHECK(body["type"] == "urn:ietf:params:jmap:error:" + kind);
    CHECK(body["status"] == 400);
}

std::string upload_target(const std::string& account) {
    return "/jmap/upload/" + account + "/";
}

}  // namespace

TEST_CASE("serve JMAP: POST /jmap envelope errors, limits, references, createdIds, sessionState",
          "[serve][jmap]") {
    ConfiguredServe server(httpctl::test::accounts_config_08(
        "[jmap.protocol.request]\nmax-size = 20000\nmax-calls = 3\n"));
    const Json session = session_of(server.origin, admin_auth());

    SECTION("Core/echo through /jmap and /jmap/, with the session's state") {
        for (const char* path : {"/jmap", "/jmap/"}) {
            const auto result =
                send(server.origin, "POST", path, admin_auth(),
                     "{" + kCore + R"(,"methodCalls":[["Core/echo",{"x":[1,"two"]},"c1"]]})");
            REQUIRE(result);
            CHECK(result->status == 200);
            CHECK(result->get_header_value("Content-Type") == "application/json; charset=utf-8");
            const Json body = json_body(result);
            CHECK(body["methodResponses"] ==
                  Json::parse(R"([["Core/echo",{"x":[1,"two"]},"c1"]])"));
            CHECK(body["sessionState"] == session["state"]);
            CHECK_FALSE(body.contains("createdIds"));
        }
    }
    SECTION("unknownCapability, notRequest, notJSON") {
        const auto unknown =
            api(server.origin,
                R"({"using":["urn:ietf:params:jmap:core","urn:example:nope"],"methodCalls":[]})");
        check_request_problem(unknown, "unknownCapability");
        CHECK(json_body(unknown)["detail"].get<std::string>().find("urn:example:nope") !=
              std::string::npos);
        check_request_problem(api(server.origin, R"({"methodCalls":[]})"), "notRequest");
        check_request_problem(api(server.origin, "{" + kCore + R"(,"methodCalls":{}})"),
                              "notRequest");
        check_request_problem(
            api(server.origin, "{" + kCore + R"(,"methodCalls":[["Core/echo",{}]]})"),
            "notRequest");
        check_request_problem(api(server.origin, "{not json"), "notJSON");
        check_request_problem(api(server.origin, ""), "notJSON");
    }
    SECTION("maxSizeRequest and maxCallsInRequest: the limit problem naming the limit") {
        const auto too_big =
            api(server.origin, "{" + kCore + R"(,"methodCalls":[["Core/echo",{"pad":")" +
                                   std::string(25'000, 'x') + R"("},"c"]]})");
        check_request_problem(too_big, "limit");
        CHECK(json_body(too_big)["limit"] == "maxSizeRequest");
        const std::string four_calls =
            "{" + kCore +
            R"(,"methodCalls":[["Core/echo",{},"a"],["Core/echo",{},"b"],["Core/echo",{},"c"],["Core/echo",{},"d"]]})";
        const auto too_many = api(server.origin, four_calls);
        check_request_problem(too_many, "limit");
        CHECK(json_body(too_many)["limit"] == "maxCallsInRequest");
        // The configured numbers are the session's (spec §12).
        CHECK(session["capabilities"]["urn:ietf:params:jmap:core"]["maxCallsInRequest"] == 3);
        CHECK(session["capabilities"]["urn:ietf:params:jmap:core"]["maxSizeRequest"] == 20000);
    }
    SECTION("result references, createdIds, unknownMethod, invalidArguments") {
        const auto result = api(server.origin, "{" + kCore + R"(,"methodCalls":[
            ["Core/echo",{"list":[{"id":"m1"},{"id":"m2"}]},"c0"],
            ["Core/echo",{"#ids":{"resultOf":"c0","name":"Core/echo","path":"/list/*/id"}},"c1"],
            ["Mailbox/get",{"#ids":{"resultOf":"c0","name":"Core/echo","path":"/list/*/id"}},"c2"]],
            "createdIds":{"k1":"m9"}})");
        REQUIRE(result);
        REQUIRE(result->status == 200);
        const Json body = json_body(result);
        CHECK(body["methodResponses"][1] ==
              Json::parse(R"(["Core/echo",{"ids":["m1","m2"]},"c1"])"));
        CHECK(body["methodResponses"][2] ==
              Json::parse(R"(["error",{"type":"unknownMethod"},"c2"])"));
        CHECK(body["createdIds"] == Json::parse(R"({"k1":"m9"})"));
        CHECK(body["sessionState"] == session["state"]);

        const auto bad_reference =
            api(server.origin, "{" + kCore + R"(,"methodCalls":[["Core/echo",{"v":1},"c0"],
                ["Core/echo",{"#v":{"resultOf":"c0","name":"Core/echo"}},"c1"]]})");
        REQUIRE(bad_reference);
        const Json error = json_body(bad_reference)["methodResponses"][1];
        CHECK(error[0] == "error");
        CHECK(error[1]["type"] == "invalidArguments");
        CHECK(error[2] == "c1");
    }
    SECTION("authentication comes first: 401 without or with wrong credentials") {
        const std::string echo = "{" + kCore + R"(,"methodCalls":[["Core/echo",{},"c"]]})";
        const auto anonymous = send(server.origin, "POST", "/jmap/", {}, echo);
        REQUIRE(anonymous);
        CHECK(anonymous->status == 401);
        const auto wrong =
            send(server.origin, "POST", "/jmap/", httpctl::test::basic_auth("jane", "nope"), echo);
        REQUIRE(wrong);
        CHECK(wrong->status == 401);
        CHECK(wrong->body.find("Core/echo") == std::string::npos);
    }
}

TEST_CASE("serve JMAP: upload and download with the spec's headers, limits and account isolation",
          "[serve][jmap]") {
    ConfiguredServe server(
        httpctl::test::accounts_config_08("[jmap.protocol.upload]\nmax-size = 100000\n"),
        {"--max-body-size", "150000"});
    const std::string admin_account = account_of(session_of(server.origin, admin_auth()));
    const std::string jane_account = account_of(session_of(server.origin, user_auth()));
    REQUIRE(admin_account != jane_account);

    const std::string bytes = "binary\0bytes \xff\x01 of jane"s + std::string(1000, 'j');
    const auto uploaded = send(server.origin, "POST", upload_target(jane_account), user_auth(),
                               bytes, "image/x-test");
    REQUIRE(uploaded);
    REQUIRE(uploaded->status == 200);
    const Json blob = json_body(uploaded);
    CHECK(blob["accountId"] == jane_account);
    CHECK(blob["type"] == "image/x-test");
    CHECK(blob["size"] == bytes.size());
    const std::string blob_id = blob["blobId"].get<std::string>();
    CHECK(blob_id.size() == 65);

    SECTION(
        "download: bytes, Content-Type from accept, escaped Content-Disposition, Cache-Control") {
        const auto download = send(server.origin, "GET",
                                   "/jmap/download/" + jane_account + "/" + blob_id +
                                       "/my%20%22quoted%22%5Cfile.bin?accept=image%2Fx-test",
                                   user_auth());
        REQUIRE(download);
        CHECK(download->status == 200);
        CHECK(download->body == bytes);
        CHECK(download->get_header_value("Content-Type") == "image/x-test");
        CHECK(download->get_header_value("Content-Disposition") ==
              R"(attachment; filename="my \"quoted\"\\file.bin")");
        CHECK(download->get_header_value("Cache-Control") ==
              "private, immutable, max-age=31536000");

        const auto plain =
            send(server.origin, "GET", "/jmap/download/" + jane_account + "/" + blob_id + "/x",
                 user_auth());
        REQUIRE(plain);
        CHECK(plain->get_header_value("Content-Type") == "application/octet-stream");
    }
    SECTION("unknown blobs and other accounts' blobs are 404") {
        const std::string unknown = "b" + std::string(64, '0');
        for (const auto& [target, auth] : std::vector<std::pair<std::string, httplib::Headers>>{
                 {"/jmap/download/" + jane_account + "/" + unknown + "/x", user_auth()},
                 {"/jmap/download/" + jane_account + "/not-a-blob/x", user_auth()},
                 // The admin asks for jane's blob under jane's account and under its own.
                 {"/jmap/download/" + jane_account + "/" + blob_id + "/x", admin_auth()},
                 {"/jmap/download/" + admin_account + "/" + blob_id + "/x", admin_auth()}}) {
            const auto result = send(server.origin, "GET", target, auth);
            REQUIRE(result);
            CHECK(result->status == 404);
            CHECK(result->body.find("of jane") == std::string::npos);
        }
        // Without credentials: 401 before anything is looked up.
        const auto anonymous =
            send(server.origin, "GET", "/jmap/download/" + jane_account + "/" + blob_id + "/x", {});
        REQUIRE(anonymous);
        CHECK(anonymous->status == 401);
    }
    SECTION("uploads into another account are refused; the default type is octet-stream") {
        const auto foreign = send(server.origin, "POST", upload_target(admin_account), user_auth(),
                                  "x", "text/plain");
        REQUIRE(foreign);
        CHECK(foreign->status == 403);
        // cpp-httplib always sends a Content-Type; this request has none.
        const std::string untyped = httpctl::test::raw_exchange(
            "127.0.0.1", server.process->port("web"),
            "POST " + upload_target(jane_account) +
                " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nAuthorization: " +
                user_auth().begin()->second + "\r\nContent-Length: 3\r\n\r\nabc");
        CHECK(httpctl::test::status_of(untyped) == 200);
        const Json body = Json::parse(untyped.substr(untyped.find("\r\n\r\n") + 4));
        CHECK(body["type"] == "application/octet-stream");
    }
    SECTION("beyond the transport's body limit: 413 before the body is sent") {
        const auto port = server.process->port("web");
        const std::string head =
            "POST " + upload_target(jane_account) +
            " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: " + user_auth().begin()->second +
            "\r\nContent-Type: text/plain\r\nContent-Length: 200000\r\n\r\n";
        CHECK(httpctl::test::status_of(httpctl::test::raw_exchange("127.0.0.1", port, head)) ==
              413);
    }
}

TEST_CASE("serve JMAP: an upload over maxSizeUpload within the body limit is the limit problem",
          "[serve][jmap]") {
    // maxSizeRequest above maxSizeUpload: the transport reads the body, the JMAP layer refuses.
    ConfiguredServe server(httpctl::test::accounts_config_08(
        "[jmap.protocol.upload]\nmax-size = 5000\n[jmap.protocol.request]\nmax-size = 20000\n"));
    const std::string account = account_of(session_of(server.origin, user_auth()));
    const auto result = send(server.origin, "POST", upload_target(account), user_auth(),
                             std::string(8000, 'u'), "text/plain");
    check_request_problem(result, "limit");
    CHECK(json_body(result)["limit"] == "maxSizeUpload");
    const auto fits = send(server.origin, "POST", upload_target(account), user_auth(),
                           std::string(5000, 'u'), "text/plain");
    REQUIRE(fits);
    CHECK(fits->status == 200);
}

TEST_CASE("serve JMAP: a client round trip driven by the session's URL templates",
          "[serve][jmap]") {
    ConfiguredServe server(
        httpctl::test::accounts_config_08({}, httpctl::test::free_loopback_port()));
    // What a client library does: discover the session, then use only its URLs.
    const Json session = session_of(server.origin, user_auth());
    const std::string account = account_of(session);
    CHECK(session["accounts"].contains(account));

    const auto [api_origin, api_path] =
        httpctl::test::split_url(session["apiUrl"].get<std::string>());
    const auto echo = send(
        api_origin, "POST", api_path, user_auth(),
        R"({"using":["urn:ietf:params:jmap:core"],"methodCalls":[["Core/echo",{"ping":"pong"},"0"]]})");
    REQUIRE(echo);
    REQUIRE(echo->status == 200);
    CHECK(json_body(echo)["methodResponses"][0][1]["ping"] == "pong");

    const std::string content = "Hello, JMAP!\r\n" + std::string(70'000, '.');
    const auto [upload_origin, upload_path] =
        httpctl::test::split_url(httpctl::test::expand_template(
            session["uploadUrl"].get<std::string>(), {{"accountId", account}}));
    const auto uploaded =
        send(upload_origin, "POST", upload_path, user_auth(), content, "text/plain; charset=utf-8");
    REQUIRE(uploaded);
    REQUIRE(uploaded->status == 200);
    const Json blob = json_body(uploaded);
    CHECK(blob["accountId"] == account);
    CHECK(blob["size"] == content.size());

    const auto [download_origin, download_path] = httpctl::test::split_url(
        httpctl::test::expand_template(session["downloadUrl"].get<std::string>(),
                                       {{"accountId", account},
                                        {"blobId", blob["blobId"].get<std::string>()},
                                        {"name", "hello world.txt"},
                                        {"type", blob["type"].get<std::string>()}}));
    const auto downloaded = send(download_origin, "GET", download_path, user_auth());
    REQUIRE(downloaded);
    REQUIRE(downloaded->status == 200);
    CHECK(downloaded->body == content);
    CHECK(downloaded->get_header_value("Content-Type") == "text/plain; charset=utf-8");
    CHECK(downloaded->get_header_value("Content-Disposition") ==
          R"(attachment; filename="hello world.txt")");
}

TEST_CASE(
    "serve: --data-dir that cannot be used stops serve with exit 1, and without it blobs "
    "live in a temporary directory removed at exit",
    "[serve][jmap]") {
    TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    httpctl::test::write_text_file(config, httpctl::test::accounts_config_08());
    const fs::path not_a_directory = dir.path() / "file";
    httpctl::test::write_text_file(not_a_directory, "x");
    {
        ServeProcess serve({"--config", config.string(), "--data-dir", not_a_directory.string()});
        CHECK(serve.wait_ready().empty());
        CHECK(serve.wait_exit() == 1);
        CHECK(serve.stderr_text().find("--data-dir " + not_a_directory.string()) !=
              std::string::npos);
    }
    ServeProcess serve({"--config", config.string(), "--log-format", "off"});
    REQUIRE_FALSE(serve.wait_ready().empty());
    const std::string log = serve.stderr_text();
    const auto at = log.find("uploaded blobs are kept in ");
    REQUIRE(at != std::string::npos);
    const auto start = at + std::string("uploaded blobs are kept in ").size();
    const fs::path temporary = log.substr(start, log.find(" and deleted", start) - start);
    CHECK(fs::is_directory(temporary));
    const std::string origin = httpctl::test::origin_of(serve.port("web"));
    const std::string account = account_of(session_of(origin, user_auth()));
    const auto uploaded =
        send(origin, "POST", upload_target(account), user_auth(), "temporary", "text/plain");
    REQUIRE(uploaded);
    CHECK(uploaded->status == 200);
    serve.send_signal(SIGTERM);
    CHECK(serve.wait_exit() == 0);
    CHECK_FALSE(fs::exists(temporary));
}
