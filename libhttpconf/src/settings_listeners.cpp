// Listeners (spec http.md §7): protocol, bind addresses and the TLS flags.
#include <algorithm>
#include <cctype>

#include "rust_debug.hpp"

#include "httpconf/ascii.hpp"
#include "settings_parts.hpp"

namespace httpctl::conf {
namespace {

// spec http.md §7: the accepted protocols; `https` is a synonym of `http` and does not enable
// TLS.
std::optional<std::string> normalize_protocol(std::string_view text) {
    std::string p = to_lower_ascii(text);
    if (p == "https") return std::string("http");
    for (std::string_view known : {"smtp", "lmtp", "imap", "pop3", "managesieve", "http"}) {
        if (p == known) return p;
    }
    return std::nullopt;
}

bool read_tls_flag(DiagnosticSink& sink, const std::string& key, bool fallback) {
    const ConfigEntry* entry = sink.config().find(key);
    if (entry == nullptr) return fallback;
    auto parsed = parse_boolean(entry->value);
    if (auto* b = std::get_if<bool>(&parsed)) return *b;
    sink.at_value(*entry, Severity::Error, "listener.boolean", std::get<std::string>(parsed),
                  std::string("Stalwart uses the default (") + (fallback ? "true" : "false") + ")");
    return fallback;
}

}  // namespace

void read_listeners(DiagnosticSink& sink, HttpSettings& out) {
    const FlatConfig& config = sink.config();
    std::vector<std::string> ids;
    for (std::string_view id : config.sub_keys("server.listener", ".protocol")) {
        ids.emplace_back(id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());

    for (const std::string& id : ids) {
        const std::string base = "server.listener." + id + ".";
        const ConfigEntry* protocol_entry = config.find(base + "protocol");
        if (protocol_entry == nullptr) continue;  // `protocol.x` sub-keys only
        Listener listener;
        listener.id = id;
        listener.where = config.value_location(*protocol_entry);
        auto protocol = normalize_protocol(protocol_entry->value);
        if (!protocol) {
            sink.at_value(
                *protocol_entry, Severity::Error, "listener.protocol",
                "Invalid server protocol type " + rust_debug_string(protocol_entry->value) + ".",
                "accepted: smtp, lmtp, imap, pop3, managesieve, http (or https, which "
                "does not enable TLS); Stalwart does not start this listener");
            continue;
        }
        listener.protocol = *protocol;

        for (const KeyValueView& item : config.values(base + "bind")) {
            const ConfigEntry* entry = config.find(item.key);
            auto parsed = parse_socket_address(item.value);
            if (auto* address = std::get_if<SocketAddress>(&parsed)) {
                BindAddress bind;
                bind.text = std::string(item.value);
                bind.ip = address->ip;
                bind.port = address->port;
                if (entry != nullptr) bind.where = config.value_location(*entry);
                listener.binds.push_back(std::move(bind));
            } else if (entry != nullptr) {
                sink.at_value(*entry, Severity::Error, "listener.bind",
                              std::get<std::string>(parsed),
                              "write an IP address and a port, e.g. `[::]:443` or "
                              "`0.0.0.0:8080`; host names are not accepted");
            }
        }
        if (config.values(base + "bind").empty()) {
            sink.at_key(*protocol_entry, Severity::Error, "listener.no-bind",
                        "No 'bind' directive found for listener",
                        "add `bind = \"[::]:443\"` (or another address) to listener `" + id +
                            "`; Stalwart does not start it");
        }
        // spec http.md §7: tls.implicit has no effect when tls.enable is false.
        listener.tls_enable = read_tls_flag(sink, base + "tls.enable", true);
        listener.tls_implicit = read_tls_flag(sink, base + "tls.implicit", false);
        out.listeners.push_back(std::move(listener));
    }
}

}  // namespace httpctl::conf
