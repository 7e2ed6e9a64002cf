#include "server/jmap_routes.hpp"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>

#include "server/jmap_api.hpp"
#include "server/jmap_websocket.hpp"
#include "problem.hpp"
#include "server/websocket_handshake.hpp"

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

// Percent-decoding of a URL path element or query value (RFC 3986; `+` stays `+` in paths).
std::string percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        unsigned value = 0;
        if (c == '%' && i + 2 < text.size() &&
            std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
                text.data() + i + 3) {
            out += static_cast<char>(value);
            i += 2;
        } else {
            out += plus_is_space && c == '+' ? ' ' : c;
        }
    }
    return out;
}

bool header_safe(std::string_view value) {
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && c != '\t') || byte == 0x7F) return false;
    }
    return true;
}

std::optional<std::string> query_value(std::string_view query, std::string_view key) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == key) {
            return eq == std::string_view::npos ? std::string()
                                                : percent_decode(pair.substr(eq + 1), true);
        }
        if (amp == std::string_view::npos) break;
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

// Splits "a/b/c" into at most `count` segments; the last keeps any remaining slashes.
std::vector<std::string_view> segments(std::string_view path, std::size_t count) {
    std::vector<std::string_view> out;
    while (out.size() + 1 < count) {
        const auto slash = path.find('/');
        if (slash == std::string_view::npos) break;
        out.push_back(path.substr(0, slash));
        path.remove_prefix(slash + 1);
    }
    out.push_back(path);
    return out;
}

}  // namespace

std::string content_disposition(std::string_view name) {
    std::string value = "attachment; filename=\"";
    for (const char c : name) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7F) {
            value += '_';
            continue;
        }
        if (c == '"' || c == '\\') value += '\\';
        value += c;
    }
    value += '"';
    return value;
}

JmapService::JmapService(std::shared_ptr<const BlobStore> blobs) : blobs_(std::move(blobs)) {}

std::optional<HttpResponse> JmapService::answer(const HttpRequest& request, std::string_view rest,
                                                const ConfigSnapshot& snapshot,
                                                const JmapAccount& account) const {
    // spec §11: `/jmap` and `/jmap/` are the API.
    if (rest.empty() || rest == "/") {
        if (request.method != "POST") return std::nullopt;
        return answer_jmap_request(request.body, snapshot.settings().limits, account.session_state);
    }
    rest.remove_prefix(1);  // the '/'
    const auto slash = rest.find('/');
    const std::string_view kind = rest.substr(0, slash);
    const std::string_view tail =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (kind == "ws" && request.method == "GET" && slash == std::string_view::npos) {
        return websocket(request, snapshot, account);  // `/jmap/ws` (spec §11, RFC 8887)
    }
    if (kind == "upload" && request.method == "POST" && slash != std::string_view::npos) {
        // `/jmap/upload/{accountId}[/…]`
        const auto parts = segments(tail, 2);
        if (parts[0].empty()) return std::nullopt;
        return upload(request, parts[0], snapshot, account);
    }
    if (kind == "eventsource" && request.method == "GET") {
        // `/jmap/eventsource[/…]` (spec §11)
        return event_source(request, account);
    }
    if (kind == "download" && request.method == "GET" && slash != std::string_view::npos) {
        // `/jmap/download/{accountId}/{blobId}/{name}`
        const auto parts = segments(tail, 3);
        if (parts.size() != 3 || parts[0].empty() || parts[1].empty()) return std::nullopt;
        return download(request, parts[0], parts[1], parts[2], account);
    }
    return std::nullopt;
}

HttpResponse JmapService::upload(const HttpRequest& request, std::string_view account_id,
                                 const ConfigSnapshot& snapshot, const JmapAccount& account) const {
    if (!blobs_) return not_found_problem();
    // Only into the caller's own account (there are no shared accounts here).
    if (account_id != account.account_id) return forbidden_problem();
    const conf::JmapLimits& limits = snapshot.settings().limits;
    if (request.body.size() > limits.max_size_upload) return jmap_limit_problem("maxSizeUpload");

    {
        const std::lock_guard lock(uploads_mutex_);
        std::uint64_t& in_flight = uploads_in_flight_[account.account_id];
        if (in_flight >= limits.max_concurrent_upload) {
            return jmap_limit_problem("maxConcurrentUpload");
        }
        ++in_flight;
    }
    const BlobStoreResult stored = blobs_->put(account.account_id, request.body);
    {
        const std::lock_guard lock(uploads_mutex_);
        const auto it = uploads_in_flight_.find(account.account_id);
        if (--it->second == 0) uploads_in_flight_.erase(it);
    }
    if (!stored.blob) {
        return problem_response(500, "Internal Server Error",
                       "There was a problem while processing your request. Please contact the "
                       "system administrator if this problem persists.");
    }
    {
        const std::lock_guard lock(state_mutex_);
        ++states_[account.account_id];
    }
    state_changed_.notify_all();

    const std::string* content_type = request.header("content-type");
    Json body;
    body["accountId"] = account.account_id;
    body["blobId"] = stored.blob->blob_id;
    body["type"] = content_type != nullptr && !content_type->empty() ? *content_type
                                                                     : "application/octet-stream";
    body["size"] = stored.blob->size;
    HttpResponse response;
    response.set_header("content-type", "application/json; charset=utf-8");
    response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
    return response;
}

std::uint64_t JmapService::state(std::string_view account_id) const {
    const std::lock_guard lock(state_mutex_);
    const auto it = states_.find(account_id);
    return it == states_.end() ? 0 : it->second;
}

void JmapService::shutdown() const {
    {
        const std::lock_guard lock(state_mutex_);
        stopping_ = true;
    }
    state_changed_.notify_all();
}

HttpResponse JmapService::event_source(const HttpRequest& request,
                                       const JmapAccount& account) const {
    // RFC 8620 §7.3: `types` is "*" or a comma-separated list of type names; state changes here
    // are of type "Blob". `ping` is in seconds, 0 (or absent) for none; larger than kMaxPing is
    // clamped (the ping event's `interval` says so). `closeafter` is "state" or "no" (absent:
    // "no").
    EventStreamOptions options;
    options.account_id = account.account_id;
    const std::string types = query_value(request.query, "types").value_or("*");
    options.wants_blob = false;
    std::string_view rest = types;
    while (true) {
        const auto comma = rest.find(',');
        const std::string_view type = rest.substr(0, comma);
        if (type == "*" || type == "Blob") options.wants_blob = true;
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    if (const auto text = query_value(request.query, "ping")) {
        std::uint64_t ping = 0;
        const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), ping);
        if (ec != std::errc() || end != text->data() + text->size()) {
            return problem_response(400, "Invalid parameters", "Invalid ping interval: " + *text);
        }
        options.ping_seconds = std::min(ping, static_cast<std::uint64_t>(kMaxPing.count()));
    }
    if (const auto close_after = query_value(request.query, "closeafter")) {
        if (*close_after != "state" && *close_after != "no") {
            return problem_response(400, "Invalid parameters", "Invalid closeafter value: " + *close_after);
        }
        options.close_after_state = *close_after == "state";
    }
    HttpResponse response;
    response.set_header("content-type", "text/event-stream");
    response.set_header("cache-control", "no-cache");
    response.stream = [this, options = std::move(options)](UpgradedStream& stream) {
        stream_events(stream, options);
    };
    return response;
}

HttpResponse JmapService::websocket(const HttpRequest& request, const ConfigSnapshot& snapshot,
                                    const JmapAccount& account) const {
    // RFC 8887 §4.2: subprotocol "jmap"; refusals are problem answers the router decorates.
    WsHandshake handshake = accept_websocket(request, "jmap");
    if (!handshake.accepted) return std::move(handshake.response);
    handshake.response.upgrade = [this, session = JmapWsSession(snapshot.settings().limits,
                                                                account.session_state,
                                                                account.account_id)](
                                     UpgradedStream& stream) {
        const std::string account_id = session.account_id();
        serve_jmap_websocket(stream, session, [this, &account_id] { return state(account_id); });
    };
    return std::move(handshake.response);
}

HttpResponse JmapService::download(const HttpRequest& request, std::string_view account_id,
                                   std::string_view blob_id, std::string_view name,
                                   const JmapAccount& account) const {
    if (!blobs_) return not_found_problem();
    // Another account's blobs are unknown blobs: 404, whether or not the id exists.
    if (account_id != account.account_id) return not_found_problem();
    std::optional<std::string> bytes = blobs_->get(account_id, blob_id);
    if (!bytes) return not_found_problem();

    std::string type = query_value(request.query, "accept").value_or("");
    if (type.empty() || !header_safe(type)) type = "application/octet-stream";
    HttpResponse response;
    response.set_header("content-type", std::move(type));
    response.set_header("content-disposition", content_disposition(percent_decode(name, false)));
    response.set_header("cache-control", "private, immutable, max-age=31536000");
    response.body = std::move(*bytes);
    return response;
}

}  // namespace httpctl::server
