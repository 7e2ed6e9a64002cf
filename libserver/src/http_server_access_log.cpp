// One access-log line per request, plain or JSON.
#include <nlohmann/json.hpp>

#include <ctime>
#include <string>

#include "server/http_server.hpp"

namespace httpctl::server {
namespace {

// 2026-11-29T21:30:05.123Z
std::string iso8601_utc(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds).count();
    const std::time_t whole = static_cast<std::time_t>(seconds.count());
    std::tm parts{};
    ::gmtime_r(&whole, &parts);
    char text[64];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", parts.tm_year + 1900,
                  parts.tm_mon + 1, parts.tm_mday, parts.tm_hour, parts.tm_min, parts.tm_sec,
                  static_cast<int>(millis));
    return text;
}

// The request target can hold anything a client sent; in the plain format, bytes that would
// break the line (controls, quotes, backslashes, non-ASCII) are written as \xHH.
std::string escape_for_plain_log(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x21 || byte >= 0x7f || c == '"' || c == '\\') {
            char escaped[5];
            std::snprintf(escaped, sizeof escaped, "\\x%02X", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out;
}

}  // namespace

std::string format_access_log(const AccessLogEntry& entry, AccessLogFormat format) {
    const double milliseconds = static_cast<double>(entry.duration.count()) / 1000.0;
    if (format == AccessLogFormat::Json) {
        nlohmann::json line = {
            {"time", iso8601_utc(entry.time)},
            {"client_ip", entry.client_ip},
            {"listener", entry.listener_id},
            {"method", entry.method},
            {"path", entry.path},
            {"status", entry.status},
            {"bytes", entry.bytes},
            {"duration_ms", milliseconds},
        };
        // Invalid UTF-8 in a target is replaced, never thrown about.
        return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3fms", milliseconds);
    return iso8601_utc(entry.time) + " " + entry.client_ip + " " + entry.listener_id + " \"" +
           escape_for_plain_log(entry.method) + " " + escape_for_plain_log(entry.path) + "\" " +
           std::to_string(entry.status) + " " + std::to_string(entry.bytes) + " " + duration;
}

}  // namespace httpctl::server
