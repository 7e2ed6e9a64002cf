// Shared by the router tests: snapshots from small TOML texts through the real checker, requests
// built field by field, and the exact texts the spec prescribes.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "httpconf/checker.hpp"
#include "server/exchange.hpp"
#include "server/router.hpp"
#include "server/snapshot.hpp"

namespace httpctl::test {

// A 0.8 config: listener `http` on 127.0.0.1:8080 (plain) and `https` on [::]:443 (implicit TLS).
inline constexpr std::string_view kListeners08 = R"(
[server.listener.http]
protocol = "http"
bind = "127.0.0.1:8080"

[server.listener.https]
protocol = "http"
bind = "[::]:443"
tls.implicit = true

[lookup.default]
hostname = "mail.example.org"
)";

inline std::shared_ptr<const server::ConfigSnapshot> snapshot_of(std::string_view toml,
                                                                 std::string_view target = "") {
    conf::CheckOptions options;
    if (!target.empty()) options.target = conf::parse_target_version(target);
    return server::make_snapshot(conf::check_config_text(toml, "test.toml", options), "test.toml");
}

// A 0.8 snapshot: the listeners above plus `extra` lines.
inline std::shared_ptr<const server::ConfigSnapshot> snapshot08(std::string_view extra = "") {
    return snapshot_of(std::string(kListeners08) + std::string(extra), "0.8");
}
inline std::shared_ptr<const server::ConfigSnapshot> snapshot012(std::string_view extra = "") {
    return snapshot_of(std::string(kListeners08) + std::string(extra), "0.12");
}

inline std::string base64(std::string_view in) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8) |
                           static_cast<unsigned char>(in[i + 2]);
        for (int s = 18; s >= 0; s -= 6)
            out.push_back(kAlphabet[(n >> s) & 63]);
    }
    if (i + 1 == in.size()) {
        const unsigned n = static_cast<unsigned char>(in[i]) << 16;
        out += {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], '=', '='};
    } else if (i + 2 == in.size()) {
        const unsigned n = (static_cast<unsigned char>(in[i]) << 16) |
                           (static_cast<unsigned char>(in[i + 1]) << 8);
        out +=
            {kAlphabet[(n >> 18) & 63], kAlphabet[(n >> 12) & 63], kAlphabet[(n >> 6) & 63], '='};
    }
    return out;
}

inline std::string basic(std::string_view user, std::string_view password) {
    return "Basic " + base64(std::string(user) + ":" + std::string(password));
}

struct RequestSpec {
    std::string method = "GET";
    std::string target = "/";
    std::vector<std::pair<std::string, std::string>> headers;
    std::string listener = "http";
    std::size_t bind_index = 0;
    std::string client_ip = "192.0.2.10";
};

inline server::HttpRequest request(RequestSpec spec) {
    server::HttpRequest r;
    r.method = spec.method;
    r.target = spec.target;
    const auto q = spec.target.find('?');
    r.path = spec.target.substr(0, q);
    r.query = q == std::string::npos ? "" : spec.target.substr(q + 1);
    r.headers = std::move(spec.headers);
    r.peer_ip = spec.client_ip;
    r.client_ip = spec.client_ip;
    r.peer_port = 50000;
    r.listener_id = spec.listener;
    r.bind_index = spec.bind_index;
    r.tls = spec.listener == "https";
    return r;
}

inline server::HttpRequest request(std::string method, std::string target,
                                   std::vector<std::pair<std::string, std::string>> headers = {}) {
    RequestSpec spec;
    spec.method = std::move(method);
    spec.target = std::move(target);
    spec.headers = std::move(headers);
    return request(std::move(spec));
}

inline constexpr std::string_view kNotFoundBody =
    R"({"type":"about:blank","status":404,"title":"Not Found","detail":"The requested resource does not exist on this server."})";
inline constexpr std::string_view kUnauthorizedBody =
    R"({"type":"about:blank","status":401,"title":"Unauthorized","detail":"You have to authenticate first."})";
inline constexpr std::string_view kForbiddenBody =
    R"({"type":"about:blank","status":403,"title":"Forbidden","detail":"You do not have enough permissions to access this resource."})";
inline constexpr std::string_view kTooManyAuthBody =
    R"({"type":"about:blank","status":429,"title":"Too Many Authentication Attempts","detail":"Your request has been rate limited. Please try again in a few minutes."})";
inline constexpr std::string_view kTooManyRequestsBody =
    R"({"type":"about:blank","status":429,"title":"Too Many Requests","detail":"Your request has been rate limited. Please try again in a few seconds."})";

inline std::vector<std::string> header_names(const server::HttpResponse& response) {
    std::vector<std::string> names;
    for (const auto& [name, value] : response.headers)
        names.push_back(name);
    return names;
}

}  // namespace httpctl::test
