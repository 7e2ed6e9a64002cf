#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string_view>
#include <thread>

#include "server/jmap_routes.hpp"
#include "temp_dir.hpp"

using namespace httpctl::server;
using httpctl::test::TempDir;
using Json = nlohmann::ordered_json;

namespace {

std::shared_ptr<const ConfigSnapshot> snapshot_with(const httpctl::conf::JmapLimits& limits) {
    httpctl::conf::CheckReport report;
    auto settings = std::make_shared<httpctl::conf::HttpSettings>();
    settings->limits = limits;
    report.settings = settings;
    return make_snapshot(std::move(report), "test");
}

struct Fixture {
    TempDir dir;
    std::shared_ptr<const BlobStore> blobs;
    std::unique_ptr<JmapService> service;
    httpctl::conf::JmapLimits limits;

    Fixture() {
        std::string error;
        auto store = BlobStore::open(dir.path(), error);
        REQUIRE(store);
        blobs = std::make_shared<const BlobStore>(std::move(*store));
        service = std::make_unique<JmapService>(blobs);
    }

    std::optional<HttpResponse> call(const std::string& method, const std::string& rest,
                                     const std::string& body = {}, const std::string& account = "b",
                                     const std::string& query = {},
                                     const std::string& content_type = {}) {
        HttpRequest request;
        request.method = method;
        request.path = "/jmap" + rest;
        request.query = query;
        request.body = body;
        if (!content_type.empty()) request.headers.emplace_back("Content-Type", content_type);
        return service->answer(request, rest, *snapshot_with(limits), JmapAccount{account, "5e"});
    }
};

}  // namespace

TEST_CASE("the API route answers POST /jmap and /jmap/ only", "[jmap-routes]") {
    Fixture f;
    const std::string echo =
        R"({"using":["urn:ietf:params:jmap:core"],"methodCalls":[["Core/echo",{"a":1},"0"]]})";
    for (const char* rest : {"", "/"}) {
        const auto response = f.call("POST", rest, echo);
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body ==
              R"({"methodResponses":[["Core/echo",{"a":1},"0"]],"sessionState":"5e"})");
    }
    CHECK_FALSE(f.call("GET", ""));
    CHECK_FALSE(f.call("POST", "/other"));
    CHECK_FALSE(f.call("GET", "/upload/b/"));
}

TEST_CASE("upload stores the body and download returns it with the spec's headers",
          "[jmap-routes]") {
    Fixture f;
    const auto uploaded = f.call("POST", "/upload/b/", "blob bytes", "b", {}, "text/plain");
    REQUIRE(uploaded);
    CHECK(uploaded->status == 200);
    const Json answer = Json::parse(uploaded->body);
    CHECK(answer["accountId"] == "b");
    CHECK(answer["type"] == "text/plain");
    CHECK(answer["size"] == 10);
    CHECK(f.service->state("b") == 1);
    const std::string blob_id = answer["blobId"];
    // Key order of the upload answer (spec §11).
    CHECK(uploaded->body.find(R"({"accountId":"b","blobId":")") == 0);

    const auto download = f.call("GET", "/download/b/" + blob_id + "/my%20%22file%22.txt", {}, "b",
                                 "accept=text%2Fplain");
    REQUIRE(download);
    CHECK(download->status == 200);
    CHECK(download->body == "blob bytes");
    CHECK(*download->header("content-type") == "text/plain");
    CHECK(*download->header("content-disposition") == R"(attachment; filename="my \"file\".txt")");
    CHECK(*download->header("cache-control") == "private, immutable, max-age=31536000");

    const auto default_type = f.call("GET", "/download/b/" + blob_id + "/x");
    REQUIRE(default_type);
    CHECK(*default_type->header("content-type") == "application/octet-stream");
    // Without a Content-Type the upload's type is application/octet-stream.
    const auto untyped = f.call("POST", "/upload/b", "x");
    REQUIRE(untyped);
    CHECK(Json::parse(untyped->body)["type"] == "application/octet-stream");
}

TEST_CASE("no access to another account's blobs; unknown blobs are 404", "[jmap-routes]") {
    Fixture f;
    const auto uploaded = f.call("POST", "/upload/b/", "mine", "b");
    REQUIRE(uploaded);
    const std::string blob_id = Json::parse(uploaded->body)["blobId"];
    // Account c asks for b's blob through its own account and through b's.
    CHECK(f.call("GET", "/download/c/" + blob_id + "/n", {}, "c")->status == 404);
    CHECK(f.call("GET", "/download/b/" + blob_id + "/n", {}, "c")->status == 404);
    // Nor may it upload into b.
    CHECK(f.call("POST", "/upload/b/", "x", "c")->status == 403);
    CHECK(f.call("GET", "/download/b/b" + std::string(64, '0') + "/n")->status == 404);
    CHECK(f.call("GET", "/download/b/../../etc/passwd")->status == 404);
    CHECK_FALSE(f.call("GET", "/download/b/" + blob_id));
}

TEST_CASE("uploads over maxSizeUpload get the limit problem", "[jmap-routes]") {
    Fixture f;
    f.limits.max_size_upload = 4;
    const auto response = f.call("POST", "/upload/b/", "12345");
    REQUIRE(response);
    CHECK(response->status == 400);
    const Json body = Json::parse(response->body);
    CHECK(body["type"] == "urn:ietf:params:jmap:error:limit");
    CHECK(body["limit"] == "maxSizeUpload");
    CHECK(f.call("POST", "/upload/b/", "1234")->status == 200);
    CHECK(f.service->state("b") == 1);
}

TEST_CASE("content-disposition keeps a hostile name on one line", "[jmap-routes]") {
    CHECK(content_disposition("a\r\nSet-Cookie: x") ==
          R"(attachment; filename="a__Set-Cookie: x")");
    CHECK(content_disposition("back\\slash") == R"(attachment; filename="back\\slash")");
}

namespace {

// The connection an event stream writes to: records what was written; reads wait briefly and
// report Closed once the test says the client left.
class RecordingStream final : public UpgradedStream {
  public:
    ReadResult read(char*, std::size_t, std::chrono::milliseconds timeout) override {
        if (client_left) return {ReadStatus::Closed, 0};
        std::this_thread::sleep_for(std::min(timeout, std::chrono::milliseconds(5)));
        return {ReadStatus::Timeout, 0};
    }
    bool write_all(std::string_view bytes) override {
        const std::lock_guard lock(mutex);
        written += bytes;
        return true;
    }
    void close() override {}
    bool stopping() const override { return false; }

    std::string text() {
        const std::lock_guard lock(mutex);
        return written;
    }
    // Waits (at most `rounds` × 10 ms) until the written text contains `needle` `count` times.
    bool wait_for(const std::string& needle, std::size_t count, int rounds = 1000) {
        for (int round = 0; round < rounds; ++round) {
            const std::string now = text();
            std::size_t found = 0;
            for (auto at = now.find(needle); at != std::string::npos;
                 at = now.find(needle, at + 1)) {
                ++found;
            }
            if (found >= count) return true;
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        return false;
    }

    std::atomic<bool> client_left{false};

  private:
    std::mutex mutex;
    std::string written;
};

const std::string kStateEventStart =
    "event: state\ndata: {\"@type\":\"StateChange\",\"changed\":{\"b\":{\"Blob\":\"";

}  // namespace

TEST_CASE("eventsource streams text/event-stream with no body of its own", "[jmap-routes]") {
    Fixture f;
    const auto response = f.call("GET", "/eventsource/", {}, "b", "types=*&closeafter=no&ping=0");
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(*response->header("content-type") == "text/event-stream");
    CHECK(*response->header("cache-control") == "no-cache");
    CHECK(response->body.empty());
    CHECK(response->stream);
    CHECK_FALSE(response->upgrade);
    CHECK(f.call("GET", "/eventsource/", {}, "b", "ping=x")->status == 400);
    CHECK(f.call("GET", "/eventsource/", {}, "b", "ping=-1")->status == 400);
    CHECK(f.call("GET", "/eventsource/", {}, "b", "closeafter=maybe")->status == 400);
}

TEST_CASE("closeafter=state ends the stream after the first state event", "[jmap-routes]") {
    Fixture f;
    const auto response =
        f.call("GET", "/eventsource/", {}, "b", "types=*&closeafter=state&ping=0");
    REQUIRE(response);
    RecordingStream stream;
    std::atomic<bool> ended{false};
    std::thread listener([&] {
        response->stream(stream);
        ended = true;
    });
    // Upload until the stream ends: it may only take its starting state after an upload.
    for (int uploads = 0; !ended; ++uploads) {
        REQUIRE(f.call("POST", "/upload/b/", "change " + std::to_string(uploads))->status == 200);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    listener.join();
    const std::string text = stream.text();
    CHECK(text.rfind(kStateEventStart, 0) == 0);
    CHECK(text.find("event: state", 1) == std::string::npos);  // exactly one
}

TEST_CASE("closeafter=no streams every state change until the client leaves", "[jmap-routes]") {
    Fixture f;
    const auto response = f.call("GET", "/eventsource/", {}, "b", "types=Email,Blob&closeafter=no");
    REQUIRE(response);
    RecordingStream stream;
    std::thread listener([&] { response->stream(stream); });
    // Upload until the first event: the stream may only take its starting state after an upload.
    int uploads = 0;
    for (; !stream.wait_for("event: state", 1, 5); ++uploads) {
        REQUIRE(f.call("POST", "/upload/b/", "x" + std::to_string(uploads))->status == 200);
    }
    REQUIRE(f.call("POST", "/upload/b/", "x" + std::to_string(uploads))->status == 200);
    CHECK(stream.wait_for("event: state", 2));
    stream.client_left = true;
    listener.join();  // a departed client ends the stream
    CHECK(stream.text().find("event: ping") == std::string::npos);  // ping=0: none
}

TEST_CASE("eventsource pings at the interval, and ignores other accounts and types",
          "[jmap-routes]") {
    Fixture f;
    const auto response =
        f.call("GET", "/eventsource", {}, "b", "types=Email&closeafter=no&ping=1");
    REQUIRE(response);
    RecordingStream stream;
    std::thread listener([&] { response->stream(stream); });
    const std::string ping = "event: ping\ndata: {\"interval\":1}\n\n";
    // The first ping: the stream is running and has read the state the uploads will change.
    const bool pinged = stream.wait_for(ping, 1);
    REQUIRE(f.call("POST", "/upload/c/", "x", "c")->status == 200);  // another account
    REQUIRE(f.call("POST", "/upload/b/", "y", "b")->status == 200);  // a type not asked for
    const bool pinged_again = stream.wait_for(ping, 2);
    stream.client_left = true;
    listener.join();
    CHECK(pinged);
    CHECK(pinged_again);
    CHECK(stream.text().find("event: state") == std::string::npos);
}

TEST_CASE("shutdown ends open event streams", "[jmap-routes]") {
    Fixture f;
    const auto response = f.call("GET", "/eventsource/", {}, "b", "ping=1");
    REQUIRE(response);
    RecordingStream stream;
    std::thread listener([&] { response->stream(stream); });
    // Once the stream is waiting (its first ping is out), shutdown must end it; the client
    // never leaves, so nothing else would.
    const std::string ping = "event: ping\ndata: {\"interval\":1}\n\n";
    const bool pinged = stream.wait_for(ping, 1);
    f.service->shutdown();
    listener.join();
    CHECK(pinged);
    CHECK(stream.text().rfind(ping, 0) == 0);
}
