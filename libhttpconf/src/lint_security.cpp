// Rules forwarded-ip-spoofable, cors-with-admin-api, hsts-without-tls: boolean HTTP options
// whose effect is weaker or wider than their names suggest (spec http.md §10.1, §10.4, §16).
#include <algorithm>

#include "lint_support.hpp"

namespace httpctl::conf {
namespace {

void forwarded_ip(const LintContext& context, FindingSink& sink) {
    const ConfigEntry* entry = context.http_entry("use-x-forwarded");
    if (!context.settings.use_x_forwarded || entry == nullptr) return;
    // spec http.md §10.1: no trusted-proxy list; 0.12 takes the left-most, client-written entry.
    const std::string which = context.settings.target.reads_http_prefix()
                                  ? "the left-most X-Forwarded-For entry, which the client writes"
                                  : "any Forwarded or X-Forwarded-For header holding one address";
    sink.at_value("forwarded-ip-spoofable", *entry,
                  "use-x-forwarded makes Stalwart take the client IP from " + which +
                      ", from every peer: clients can choose their own IP",
                  "enable it only on listeners that a header-replacing proxy alone can reach, "
                  "or use the PROXY protocol (proxy.trusted-networks)");
}

void permissive_cors(const LintContext& context, FindingSink& sink) {
    const ConfigEntry* entry = context.http_entry("permissive-cors");
    if (!context.settings.permissive_cors || entry == nullptr) return;
    std::string message =
        "permissive-cors sends Access-Control-Allow-Origin: * on every response, the "
        "management API under /api included";
    if (context.settings.fallback_admin) {
        message += " (the fallback administrator '" + context.settings.fallback_admin->user +
                   "' can use it)";
    }
    sink.at_value("cors-with-admin-api", *entry, std::move(message),
                  "let a reverse proxy add CORS headers for the JMAP paths and origins that "
                  "need them (spec http.md §10.4)");
}

void hsts_without_tls(const LintContext& context, FindingSink& sink) {
    const ConfigEntry* entry = context.http_entry("hsts");
    if (!context.settings.hsts || entry == nullptr) return;
    const std::vector<const Listener*> listeners = context.settings.http_listeners();
    if (std::any_of(listeners.begin(), listeners.end(),
                    [](const Listener* listener) { return listener->uses_tls(); }))
        return;
    sink.at_value("hsts-without-tls", *entry,
                  "hsts is enabled but no HTTP listener uses TLS (tls.implicit): browsers ignore "
                  "Strict-Transport-Security on plain HTTP",
                  "add tls.implicit = true to the HTTP listener, or allow this rule when a TLS "
                  "proxy sits in front (spec http.md §10.4)");
}

}  // namespace

void lint_security_rules(const LintContext& context, FindingSink& sink) {
    forwarded_ip(context, sink);
    permissive_cors(context, sink);
    hsts_without_tls(context, sink);
}

}  // namespace httpctl::conf
