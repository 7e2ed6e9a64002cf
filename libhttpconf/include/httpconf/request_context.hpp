// The one place that turns "a request on listener L" into the variables an expression sees
// (spec http.md §5.3). `eval --listener/--request`, the REPL and the server all call this, so
// an expression evaluates the same way in all three.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "expr/context.hpp"
#include "httpconf/http_settings.hpp"

namespace httpctl::conf {

struct RequestInfo {
    std::string method = "GET";
    std::string url = "/";  // the request target as sent: path plus query
    std::vector<std::pair<std::string, std::string>> headers;  // in arrival order
    std::string remote_ip = "127.0.0.1";  // after the forwarded-IP rules (§10.1)
    std::uint16_t remote_port = 0;
};

// Parses "METHOD URL" (e.g. "GET /jmap/session?x=1"); an absolute URL keeps only its path and
// query. Returns an error message on bad input.
[[nodiscard]] std::variant<RequestInfo, std::string> parse_request_line(std::string_view text);
// Parses "Name: value" (split at the first ':', both trimmed); an error message on bad input.
[[nodiscard]] std::variant<std::pair<std::string, std::string>, std::string> parse_header_line(
    std::string_view text);

// Sets listener, local_ip, local_port, protocol, is_tls from the listener's bind `bind_index`.
void fill_listener_variables(expr::EvalContext& ctx, const Listener& listener,
                             std::size_t bind_index = 0);
// Sets remote_ip, remote_port and (for the 0.12 dialect) method, url, url_path, headers
// (`Name: value` strings, spec §5.3).
void fill_request_variables(expr::EvalContext& ctx, const RequestInfo& request,
                            expr::Dialect dialect);
// Points the context at the settings' stores, the config (for config_get) and the hostname.
void attach_settings(expr::EvalContext& ctx, const HttpSettings& settings,
                     const FlatConfig* config);

// What `url` yields for this context, with Stalwart's fallback (§5.4: a non-string result or a
// failed evaluation gives `http[s]://{bind ip}:{bind port}`). `used_fallback` tells which.
struct BaseUrl {
    std::string url;
    bool used_fallback = false;
    std::string failure;  // why the fallback was used, empty otherwise
};
[[nodiscard]] BaseUrl evaluate_base_url(const HttpSettings& settings, const Listener& listener,
                                        const expr::EvalContext& ctx, std::size_t bind_index = 0);

}  // namespace httpctl::conf
