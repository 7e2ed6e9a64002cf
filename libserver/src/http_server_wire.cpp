#include "http_server_wire.hpp"

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <vector>

#include "http_server_compress.hpp"
#include "httpconf/ascii.hpp"

namespace httpctl::server::detail {
namespace {

// cpp-httplib refuses a single head line longer than this (CPPHTTPLIB_HEADER_MAX_LENGTH); the
// worker path answers 431 before it gets there, and so does the event loop.
constexpr std::size_t kLineLimit = 8192;

bool iequals(std::string_view a, std::string_view b) noexcept {
    return conf::equals_ignoring_ascii_case(a, b);
}

// cpp-httplib's header order: a multimap under a case-insensitive less-than.
bool name_less(std::string_view a, std::string_view b) noexcept {
    return std::lexicographical_compare(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
        return static_cast<unsigned char>(conf::to_lower_ascii(x)) <
               static_cast<unsigned char>(conf::to_lower_ascii(y));
    });
}

bool has_header(const std::vector<std::pair<std::string_view, std::string_view>>& headers,
                std::string_view name) noexcept {
    return std::any_of(headers.begin(), headers.end(),
                       [name](const auto& header) { return iequals(header.first, name); });
}

void append_number(std::string& out, std::uint64_t value) {
    char digits[24];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, result.ptr);
}

}  // namespace

HeadScan scan_head(std::string_view received, std::size_t max_head_bytes,
                   HeadScanProgress& progress) noexcept {
    // Line by line, like the worker path's byte-wise accounting: a line of just CRLF after the
    // request line ends the head; caps are checked on the bytes seen so far.
    const auto too_long = [&progress] {
        return HeadScan{
            progress.request_line ? HeadScan::Result::UriTooLong : HeadScan::Result::HeadTooLarge,
            0};
    };
    for (std::size_t i = progress.scanned; i < received.size(); ++i) {
        const std::size_t consumed = i + 1;
        const std::size_t line_bytes = consumed - progress.line_start;
        if (consumed > max_head_bytes || line_bytes > kLineLimit) return too_long();
        if (received[i] != '\n') continue;
        const bool blank = line_bytes == 2 && received[i - 1] == '\r';
        if (blank && !progress.request_line) return {HeadScan::Result::Complete, consumed};
        progress.line_start = consumed;
        progress.request_line = false;
    }
    progress.scanned = received.size();
    return {};
}

HeadScan scan_head(std::string_view received, std::size_t max_head_bytes) noexcept {
    HeadScanProgress progress;
    return scan_head(received, max_head_bytes, progress);
}

bool direct_path_request(std::string_view head, const HttpRequest& request, bool& close) noexcept {
    close = false;
    if (request.method != "GET" && request.method != "OPTIONS") return false;
    if (request.target.empty() || request.target.front() != '/') return false;
    // The canonical form "METHOD SP target SP HTTP/1.1 CRLF": anything else (HTTP/1.0 and its
    // keep-alive rules, extra blanks) is left to the library's parser.
    const std::size_t line_length =
        request.method.size() + 1 + request.target.size() + 1 + std::string_view("HTTP/1.1").size();
    if (head.size() < line_length + 2 || head.substr(line_length, 2) != "\r\n" ||
        head.substr(line_length - 8, 8) != "HTTP/1.1") {
        return false;
    }
    for (const auto& [name, value] : request.headers) {
        if (iequals(name, "content-length") || iequals(name, "transfer-encoding") ||
            iequals(name, "expect") || iequals(name, "range")) {
            return false;
        }
        if (iequals(name, "connection")) {
            // The library closes on exactly "close" (first Connection header); other tokens are
            // its business.
            if (value == "close") {
                close = true;
            } else if (value != "keep-alive") {
                return false;
            }
        }
    }
    return true;
}

std::size_t append_response(std::string& out, const HttpResponse& response, bool close,
                            KeepAlive keep_alive, std::string_view accept_encoding,
                            LibraryCompressor* compressor) {
    const std::size_t start = out.size();
    std::vector<std::pair<std::string_view, std::string_view>> headers;
    headers.reserve(response.headers.size() + 4);
    for (const auto& [name, value] : response.headers)
        headers.emplace_back(name, value);

    // Compression comes first in the library, before its text/plain default.
    std::string_view body = response.body;
    std::optional<std::string> compressed;
    if (!body.empty() && !accept_encoding.empty()) {
        const std::string* type = response.header("content-type");
        const BodyEncoding encoding =
            library_encoding(accept_encoding, type != nullptr ? *type : std::string_view());
        if (encoding != BodyEncoding::None) {
            compressed = compressor != nullptr ? compressor->compress(body, encoding)
                                               : compress_like_library(body, encoding);
        }
        if (compressed) {
            body = *compressed;
            headers.emplace_back("Content-Encoding",
                                 encoding == BodyEncoding::Gzip ? "gzip" : "br");
        }
    }

    std::string keep_alive_value;
    if (close) {
        headers.emplace_back("Connection", "close");
    } else {
        keep_alive_value = "timeout=";
        append_number(keep_alive_value, static_cast<std::uint64_t>(keep_alive.timeout_seconds));
        keep_alive_value += ", max=";
        append_number(keep_alive_value, keep_alive.max_requests);
        headers.emplace_back("Keep-Alive", keep_alive_value);
    }
    if (!body.empty() && !has_header(headers, "Content-Type")) {
        headers.emplace_back("Content-Type", "text/plain");
    }
    std::string length;
    append_number(length, body.size());
    headers.emplace_back("Content-Length", length);
    std::stable_sort(headers.begin(), headers.end(),
                     [](const auto& a, const auto& b) { return name_less(a.first, b.first); });

    out += "HTTP/1.1 ";
    append_number(out, static_cast<std::uint64_t>(response.status));
    out += ' ';
    out += library_status_phrase(response.status);
    out += "\r\n";
    for (const auto& [name, value] : headers) {
        out += name;
        out += ": ";
        out += value;
        out += "\r\n";
    }
    out += "\r\n";
    out += body;
    return out.size() - start;
}

const char* library_status_phrase(int status) noexcept {
    struct Phrase {
        int status;
        const char* text;
    };
    // cpp-httplib 0.11's table, sorted by status; anything else is "Internal Server Error".
    static constexpr Phrase kPhrases[] = {
        {100, "Continue"},
        {101, "Switching Protocol"},
        {102, "Processing"},
        {103, "Early Hints"},
        {200, "OK"},
        {201, "Created"},
        {202, "Accepted"},
        {203, "Non-Authoritative Information"},
        {204, "No Content"},
        {205, "Reset Content"},
        {206, "Partial Content"},
        {207, "Multi-Status"},
        {208, "Already Reported"},
        {226, "IM Used"},
        {300, "Multiple Choice"},
        {301, "Moved Permanently"},
        {302, "Found"},
        {303, "See Other"},
        {304, "Not Modified"},
        {305, "Use Proxy"},
        {306, "unused"},
        {307, "Temporary Redirect"},
        {308, "Permanent Redirect"},
        {400, "Bad Request"},
        {401, "Unauthorized"},
        {402, "Payment Required"},
        {403, "Forbidden"},
        {404, "Not Found"},
        {405, "Method Not Allowed"},
        {406, "Not Acceptable"},
        {407, "Proxy Authentication Required"},
        {408, "Request Timeout"},
        {409, "Conflict"},
        {410, "Gone"},
        {411, "Length Required"},
        {412, "Precondition Failed"},
        {413, "Payload Too Large"},
        {414, "URI Too Long"},
        {415, "Unsupported Media Type"},
        {416, "Range Not Satisfiable"},
        {417, "Expectation Failed"},
        {418, "I'm a teapot"},
        {421, "Misdirected Request"},
        {422, "Unprocessable Entity"},
        {423, "Locked"},
        {424, "Failed Dependency"},
        {425, "Too Early"},
        {426, "Upgrade Required"},
        {428, "Precondition Required"},
        {429, "Too Many Requests"},
        {431, "Request Header Fields Too Large"},
        {451, "Unavailable For Legal Reasons"},
        {501, "Not Implemented"},
        {502, "Bad Gateway"},
        {503, "Service Unavailable"},
        {504, "Gateway Timeout"},
        {505, "HTTP Version Not Supported"},
        {506, "Variant Also Negotiates"},
        {507, "Insufficient Storage"},
        {508, "Loop Detected"},
        {510, "Not Extended"},
        {511, "Network Authentication Required"},
    };
    const auto* found = std::lower_bound(std::begin(kPhrases), std::end(kPhrases), status,
                                         [](const Phrase& p, int s) { return p.status < s; });
    return found != std::end(kPhrases) && found->status == status ? found->text
                                                                  : "Internal Server Error";
}

}  // namespace httpctl::server::detail
