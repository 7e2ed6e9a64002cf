// Listener and request facts → expression variables (spec http.md §5.3), and the base URL with
// Stalwart's fallback (§5.4).
#include "httpconf/request_context.hpp"

#include "expr/evaluator.hpp"
#include "httpconf/ascii.hpp"

namespace httpctl::conf {
namespace {

using expr::Value;
using expr::Variable;

// An absolute URL keeps only its path and query ("https://h/x?y" → "/x?y", "https://h" → "/").
std::string request_target(std::string_view url) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (url.size() >= scheme.size()) {
            bool match = true;
            for (std::size_t i = 0; i < scheme.size(); ++i) {
                char c = url[i];
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                if (c != scheme[i]) match = false;
            }
            if (match) {
                const std::string_view rest = url.substr(scheme.size());
                const std::size_t start = rest.find_first_of("/?");
                if (start == std::string_view::npos) return "/";
                if (rest[start] == '?') return "/" + std::string(rest.substr(start));
                return std::string(rest.substr(start));
            }
        }
    }
    return std::string(url);
}

}  // namespace

std::variant<RequestInfo, std::string> parse_request_line(std::string_view text) {
    text = trim_http_whitespace(text);
    const std::size_t space = text.find_first_of(" \t");
    if (space == std::string_view::npos) {
        return std::string("expected \"METHOD URL\", e.g. \"GET /jmap/session\"");
    }
    const std::string_view method = text.substr(0, space);
    const std::string_view url = trim_http_whitespace(text.substr(space));
    if (!is_http_token(method)) return "invalid method \"" + std::string(method) + "\"";
    if (url.find_first_of(" \t") != std::string_view::npos) {
        return std::string("the URL must not contain spaces");
    }
    for (char c : url) {
        if (static_cast<unsigned char>(c) < 0x21 || c == 0x7F) {
            return std::string("the URL contains a control character");
        }
    }
    RequestInfo info;
    info.method = std::string(method);
    info.url = request_target(url);
    if (info.url.empty() || (info.url.front() != '/' && info.url != "*")) {
        return "the URL must start with '/' or be absolute (http://host/...), got \"" +
               std::string(url) + "\"";
    }
    return info;
}

std::variant<std::pair<std::string, std::string>, std::string> parse_header_line(
    std::string_view text) {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
        return "expected \"Name: value\", got \"" + std::string(text) + "\"";
    }
    const std::string_view name = trim_http_whitespace(text.substr(0, colon));
    const std::string_view value = trim_http_whitespace(text.substr(colon + 1));
    if (!is_http_token(name)) return "invalid header name \"" + std::string(name) + "\"";
    for (char c : value) {
        const auto b = static_cast<unsigned char>(c);
        if ((b < 0x20 && b != '\t') || b == 0x7F) {
            return "the value of header \"" + std::string(name) + "\" has a control character";
        }
    }
    return std::pair<std::string, std::string>(std::string(name), std::string(value));
}

void fill_listener_variables(expr::EvalContext& ctx, const Listener& listener,
                             std::size_t bind_index) {
    ctx.set(Variable::Listener, Value(listener.id));
    // spec http.md §5.3, §7: `protocol`/`is_tls` follow implicit TLS only.
    ctx.set(Variable::Protocol, Value(listener.uses_tls() ? "https" : "http"));
    ctx.set(Variable::IsTls, Value(listener.uses_tls()));
    if (bind_index < listener.binds.size()) {
        // spec http.md §5.3: the bind setting's IP and port, not the socket's address.
        const BindAddress& bind = listener.binds[bind_index];
        ctx.set(Variable::LocalIp, Value(bind.ip));
        ctx.set(Variable::LocalPort, Value(static_cast<std::int64_t>(bind.port)));
    } else {
        ctx.set(Variable::LocalIp, Value());
        ctx.set(Variable::LocalPort, Value());
    }
}

void fill_request_variables(expr::EvalContext& ctx, const RequestInfo& request,
                            expr::Dialect dialect) {
    ctx.set(Variable::RemoteIp, Value(request.remote_ip));
    ctx.set(Variable::RemotePort, Value(static_cast<std::int64_t>(request.remote_port)));
    if (dialect != expr::Dialect::Head) return;
    // spec http.md §5.3 (HEAD): url, url_path, method, headers as `Name: value` strings.
    ctx.set(Variable::Method, Value(request.method));
    ctx.set(Variable::Url, Value(request.url));
    ctx.set(Variable::UrlPath,
            Value(std::string_view(request.url).substr(0, request.url.find('?'))));
    expr::Array headers;
    headers.reserve(request.headers.size());
    for (const auto& [name, value] : request.headers)
        headers.emplace_back(name + ": " + value);
    ctx.set(Variable::Headers, Value(std::move(headers)));
}

void attach_settings(expr::EvalContext& ctx, const HttpSettings& settings,
                     const FlatConfig* config) {
    ctx.stores = &settings.stores;
    ctx.settings = config;
    ctx.machine_hostname = settings.hostname;
}

BaseUrl evaluate_base_url(const HttpSettings& settings, const Listener& listener,
                          const expr::EvalContext& ctx, std::size_t bind_index) {
    BaseUrl out;
    expr::Evaluator evaluator(ctx);
    Value value;
    if (!settings.url.empty()) {
        if (!settings.url.evaluate(evaluator, value)) {
            out.failure = "the url expression failed: " + evaluator.error();
        } else if (!value.is_string()) {
            const std::string_view type = expr::type_name(value.type());
            const bool vowel = type.starts_with('i') || type.starts_with('a');
            out.failure = std::string("the url expression gave ") + (vowel ? "an " : "a ") +
                          std::string(type) + ", not a string";
        } else {
            out.url = std::string(value.as_string());
            return out;
        }
    } else {
        out.failure = "no url expression is in effect";
    }
    // spec http.md §5.4: `http[s]://{bind ip}:{bind port}`, IPv6 without brackets.
    out.used_fallback = true;
    out.url = listener.uses_tls() ? "https://" : "http://";
    if (bind_index < listener.binds.size()) {
        out.url +=
            listener.binds[bind_index].ip + ":" + std::to_string(listener.binds[bind_index].port);
    }
    return out;
}

}  // namespace httpctl::conf
