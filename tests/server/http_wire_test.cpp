// The event loops' request-head scanner, direct-path rule and answer writer, on their own.
#include <catch2/catch.hpp>
#include <string>

#include "../../libserver/src/http_server_compress.hpp"
#include "../../libserver/src/http_server_head.hpp"
#include "../../libserver/src/http_server_wire.hpp"

using namespace httpctl::server;
using Result = detail::HeadScan::Result;

TEST_CASE("scan_head: the end of a head and the caps", "[server][wire]") {
    const std::string head = "GET /a HTTP/1.1\r\nHost: x\r\n\r\n";
    CHECK(detail::scan_head(head, 8192).result == Result::Complete);
    CHECK(detail::scan_head(head, 8192).length == head.size());
    CHECK(detail::scan_head(head + "GET /b", 8192).length == head.size());
    CHECK(detail::scan_head(head.substr(0, head.size() - 1), 8192).result == Result::Incomplete);
    // Exactly at the cap is fine, one byte over is not.
    CHECK(detail::scan_head(head, head.size()).result == Result::Complete);
    CHECK(detail::scan_head(head, head.size() - 1).result == Result::HeadTooLarge);
    // Only the request line so far: 414.
    CHECK(detail::scan_head(std::string(300, 'a'), 256).result == Result::UriTooLong);
    CHECK(detail::scan_head("GET /" + std::string(300, 'a') + "\r\n", 256).result ==
          Result::UriTooLong);
    // Lines longer than cpp-httplib's 8192, even under a larger head cap.
    CHECK(detail::scan_head("GET /" + std::string(9000, 'a'), 100'000).result ==
          Result::UriTooLong);
    CHECK(detail::scan_head("GET / HTTP/1.1\r\nX: " + std::string(9000, 'a'), 100'000).result ==
          Result::HeadTooLarge);
    // A blank first line is a request line, not the end; bare LF never ends a head.
    CHECK(detail::scan_head("\r\n\r\n", 8192).length == 4);
    CHECK(detail::scan_head("\r\n", 8192).result == Result::Incomplete);
    CHECK(detail::scan_head("GET / HTTP/1.1\n\n", 8192).result == Result::Incomplete);
    CHECK(detail::scan_head("GET / HTTP/1.1\r\nA: b\n\r\n", 8192).result == Result::Complete);
}

TEST_CASE("scan_head: resuming on a growing buffer gives the same answer", "[server][wire]") {
    for (const std::string& input :
         {std::string("GET /a HTTP/1.1\r\nHost: x\r\n\r\nrest"), std::string(9000, 'x'),
          "GET / HTTP/1.1\r\nX: " + std::string(600, 'y') + "\r\n\r\n"}) {
        for (const std::size_t cap : {std::size_t{64}, std::size_t{8192}}) {
            const auto whole = detail::scan_head(input, cap);
            detail::HeadScanProgress progress;
            detail::HeadScan resumed;
            for (std::size_t end = 1; end <= input.size(); ++end) {
                resumed = detail::scan_head(std::string_view(input).substr(0, end), cap, progress);
                if (resumed.result != Result::Incomplete) break;
            }
            CHECK(resumed.result == whole.result);
            CHECK(resumed.length == whole.length);
        }
    }
}

TEST_CASE("direct_path_request: only what cpp-httplib would answer plainly", "[server][wire]") {
    bool close = true;
    const auto direct = [&close](const std::string& head) {
        HttpRequest request;
        if (!detail::parse_head(head, request)) return false;
        return detail::direct_path_request(head, request, close);
    };
    CHECK(direct("GET /a?b=c HTTP/1.1\r\nHost: x\r\n\r\n"));
    CHECK_FALSE(close);
    CHECK(direct("OPTIONS /jmap HTTP/1.1\r\nConnection: close\r\n\r\n"));
    CHECK(close);
    CHECK(direct("GET / HTTP/1.1\r\nConnection: keep-alive\r\nAccept-Encoding: identity\r\n\r\n"));
    // Compression is reproduced on the direct path.
    CHECK(direct("GET / HTTP/1.1\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n"));
    for (const char* head : {
             "HEAD / HTTP/1.1\r\n\r\n",
             "POST / HTTP/1.1\r\n\r\n",
             "GET / HTTP/1.0\r\n\r\n",
             "GET / HTTP/1.1 \r\n\r\n",
             "GET * HTTP/1.1\r\n\r\n",
             "GET http://a/ HTTP/1.1\r\n\r\n",
             "GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n",
             "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n",
             "GET / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
             "GET / HTTP/1.1\r\nRange: bytes=0-1\r\n\r\n",
             "GET / HTTP/1.1\r\nConnection: Close\r\n\r\n",
             "GET / HTTP/1.1\r\nConnection: upgrade\r\n\r\n",
         }) {
        INFO(head);
        CHECK_FALSE(direct(head));
    }
}

TEST_CASE("append_response: cpp-httplib's status line, added headers and order", "[server][wire]") {
    HttpResponse response;
    response.status = 429;
    response.headers = {{"x-b", "1"}, {"Content-Type", "a/b"}, {"x-a", "2"}, {"X-A", "3"}};
    response.body = "hello";
    std::string out = "previous";
    const std::size_t bytes = detail::append_response(out, response, false, {5, 100});
    CHECK(out ==
          "previousHTTP/1.1 429 Too Many Requests\r\nContent-Length: 5\r\nContent-Type: a/b\r\n"
          "Keep-Alive: timeout=5, max=100\r\nx-a: 2\r\nX-A: 3\r\nx-b: 1\r\n\r\nhello");
    CHECK(bytes == out.size() - 8);

    HttpResponse untyped;
    untyped.body = "x";
    out.clear();
    (void)detail::append_response(out, untyped, true, {5, 100});
    CHECK(out ==
          "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n"
          "Content-Type: text/plain\r\n\r\nx");

    HttpResponse empty;
    empty.status = 204;
    out.clear();
    (void)detail::append_response(out, empty, false, {1, 3});
    CHECK(out ==
          "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\nKeep-Alive: timeout=1, max=3\r\n\r\n");
    CHECK(std::string(detail::library_status_phrase(599)) == "Internal Server Error");
}

TEST_CASE("library_encoding: cpp-httplib's choice of compression", "[server][wire]") {
    using detail::BodyEncoding;
    CHECK(detail::library_encoding("gzip", "text/plain") == BodyEncoding::Gzip);
    CHECK(detail::library_encoding("gzip, deflate, br", "text/html") == BodyEncoding::Brotli);
    CHECK(detail::library_encoding("br;q=0", "application/json") == BodyEncoding::Brotli);
    CHECK(detail::library_encoding("deflate", "text/plain") == BodyEncoding::None);
    CHECK(detail::library_encoding("gzip", "application/json; charset=utf-8") ==
          BodyEncoding::None);
    CHECK(detail::library_encoding("gzip", "application/problem+json") == BodyEncoding::None);
    CHECK(detail::library_encoding("gzip", "text/event-stream") == BodyEncoding::None);
    CHECK(detail::library_encoding("gzip", "") == BodyEncoding::None);
    CHECK(detail::library_encoding("gzip", "image/svg+xml") == BodyEncoding::Gzip);
    const auto compressed = detail::compress_like_library("hello hello hello", BodyEncoding::Gzip);
    REQUIRE(compressed);
    CHECK(compressed->substr(0, 2) == "\x1f\x8b");  // a gzip member
}

TEST_CASE("LibraryCompressor: a reused compressor writes what a fresh one writes",
          "[server][wire]") {
    using detail::BodyEncoding;
    detail::LibraryCompressor reused;
    std::string large;
    for (int i = 0; i < 20'000; ++i) large += "row " + std::to_string(i * 7919 % 1000) + "\n";
    for (const std::string& body : {std::string("User-agent: *\nDisallow: /\n"), large,
                                    std::string("x"), large.substr(0, 5000)}) {
        for (const auto encoding : {BodyEncoding::Gzip, BodyEncoding::Brotli}) {
            const auto again = reused.compress(body, encoding);
            const auto fresh = detail::compress_like_library(body, encoding);
            REQUIRE(again);
            REQUIRE(fresh);
            CHECK(*again == *fresh);
            CHECK(again->size() < body.size() + 32);
        }
    }
    CHECK_FALSE(reused.compress("x", BodyEncoding::None));
}
