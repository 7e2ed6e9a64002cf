#include "request_eval.hpp"

#include "httpconf/request_context.hpp"

namespace httpctl::server {

const conf::Listener* request_listener(const HttpRequest& request,
                                       const ConfigSnapshot& snapshot) noexcept {
    return snapshot.usable() ? snapshot.settings().find_listener(request.listener_id) : nullptr;
}

void fill_request_context(expr::EvalContext& ctx, const HttpRequest& request,
                          const ConfigSnapshot& snapshot, const conf::Listener& listener) {
    const conf::HttpSettings& settings = snapshot.settings();
    conf::fill_listener_variables(ctx, listener, request.bind_index);
    conf::RequestInfo info;
    const expr::Dialect dialect = settings.target.dialect();
    if (dialect == expr::Dialect::Head) {
        // Only the 0.12 dialect has method, url and headers variables (spec http.md §5.3); the
        // 0.8 one is spared copying them for every request.
        info.method = request.method;
        info.url = request.target;
        info.headers = request.headers;
    }
    info.remote_ip = request.client_ip.empty() ? request.peer_ip : request.client_ip;
    info.remote_port = request.peer_port;
    conf::fill_request_variables(ctx, info, dialect);
    conf::attach_settings(ctx, settings, snapshot.report.config.get());
}

std::optional<std::string> request_base_url(const HttpRequest& request,
                                            const ConfigSnapshot& snapshot) {
    const conf::Listener* listener = request_listener(request, snapshot);
    if (listener == nullptr) return std::nullopt;
    expr::EvalContext ctx;
    fill_request_context(ctx, request, snapshot, *listener);
    return conf::evaluate_base_url(snapshot.settings(), *listener, ctx, request.bind_index).url;
}

}  // namespace httpctl::server
