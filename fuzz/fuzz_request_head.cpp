// libFuzzer target for what the event loops do with the bytes a client sends before any handler
// sees them: finding the end of a request head under the caps, the strict head parse, the
// direct-path decision, and writing an answer. Invariants: the scan never reads past the head
// cap, a head found in the whole input is found the same in any prefix that holds it, a parsed
// head carries no CR, LF or NUL in its fields, and a written answer states its body's length and
// decodes (gzip, br) back to the handler's body.
#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http_server_head.hpp"
#include "http_server_wire.hpp"

namespace {

using namespace httpctl::server;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_request_head: invariant broken: %s\n", what);
    std::abort();
}

std::string gunzip(const std::string& compressed) {
    z_stream stream{};
    if (inflateInit2(&stream, 31) != Z_OK) fail("inflateInit2");
    std::string out;
    std::array<char, 4096> buffer{};
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    stream.avail_in = static_cast<uInt>(compressed.size());
    int result = Z_OK;
    while (result == Z_OK) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
        stream.avail_out = static_cast<uInt>(buffer.size());
        result = inflate(&stream, Z_NO_FLUSH);
        out.append(buffer.data(), buffer.size() - stream.avail_out);
    }
    inflateEnd(&stream);
    if (result != Z_STREAM_END) fail("gzip body does not inflate");
    return out;
}

std::string unbrotli(const std::string& compressed, std::size_t expected) {
    std::string out(expected + 1, '\0');
    std::size_t size = out.size();
    if (BrotliDecoderDecompress(
            compressed.size(), reinterpret_cast<const std::uint8_t*>(compressed.data()), &size,
            reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS) {
        fail("br body does not decode");
    }
    out.resize(size);
    return out;
}

bool clean(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// The event loop scans a growing buffer and resumes where it stopped: arriving in pieces must
// change nothing.
void check_resumed_scan(std::string_view input, std::size_t cap, const detail::HeadScan& whole) {
    detail::HeadScanProgress progress;
    detail::HeadScan resumed;
    std::size_t step = 1;
    for (std::size_t end = 0; end < input.size();) {
        end = std::min(input.size(), end + step);
        step = step % 7 + 1;
        resumed = detail::scan_head(input.substr(0, end), cap, progress);
        if (resumed.result != detail::HeadScan::Result::Incomplete) break;
    }
    if (resumed.result != whole.result || resumed.length != whole.length) {
        fail("a head arriving in pieces scans differently");
    }
}

void check_scan(std::string_view input, std::size_t cap) {
    const detail::HeadScan scan = detail::scan_head(input, cap);
    check_resumed_scan(input, cap, scan);
    if (scan.result != detail::HeadScan::Result::Complete) return;
    if (scan.length > cap || scan.length > input.size()) fail("head longer than its cap or input");
    const std::string_view head = input.substr(0, scan.length);
    // A blank CRLF line after some line (which the library reads up to its LF) ends a head.
    if (head.size() < 3 || head.substr(head.size() - 3) != "\n\r\n") fail("head end");
    const detail::HeadScan again = detail::scan_head(head, cap);
    if (again.result != detail::HeadScan::Result::Complete || again.length != scan.length) {
        fail("the head alone scans differently");
    }

    HttpRequest request;
    if (!detail::parse_head(head, request)) return;
    if (!clean(request.method) || !clean(request.target)) fail("request line field with CR/LF");
    for (const auto& [name, value] : request.headers) {
        if (name.empty() || !clean(name) || !clean(value)) fail("header field with CR/LF");
    }
    bool close = false;
    if (!detail::direct_path_request(head, request, close)) return;
    if (request.method != "GET" && request.method != "OPTIONS") fail("direct path method");

    HttpResponse response;
    response.status = 200 + static_cast<int>(input.size() % 400);
    response.body = request.target;
    if (input.size() % 3 != 0) response.set_header("content-type", "text/plain");
    const std::string* accept_encoding = request.header("accept-encoding");
    std::string out;
    const std::size_t bytes =
        detail::append_response(out, response, close, {5, 100},
                                accept_encoding != nullptr ? *accept_encoding : std::string());
    if (bytes != out.size()) fail("appended size");
    const auto body_at = out.find("\r\n\r\n");
    if (body_at == std::string::npos) fail("end of the head");
    const std::string body = out.substr(body_at + 4);
    const std::string length = "Content-Length: " + std::to_string(body.size()) + "\r\n";
    if (out.find(length) == std::string::npos) fail("Content-Length");
    // Whatever encoding was chosen, the client gets the handler's body back.
    std::string decoded = body;
    if (out.find("Content-Encoding: gzip\r\n") < body_at) {
        decoded = gunzip(body);
    } else if (out.find("Content-Encoding: br\r\n") < body_at) {
        decoded = unbrotli(body, response.body.size());
    }
    if (decoded != response.body) fail("body does not decode to the handler's");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    for (const std::size_t cap : {std::size_t{64}, std::size_t{8192}, std::size_t{100'000}}) {
        check_scan(input, cap);
    }
    return 0;
}
