// config_get('key') (spec expressions.md §6.8; conformance README "Look-ups").
#include <cctype>

#include "expr/evaluator.hpp"

namespace httpctl::expr {

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::optional<std::string_view> setting(const EvalContext& c, std::string_view key) {
    if (c.settings == nullptr) return std::nullopt;
    return c.settings->setting(key);
}

}  // namespace

bool read_config_setting(std::string_view key, const EvalContext& context, Value& out,
                         std::string& error) {
    (void)error;  // no database here: a missing local setting is "" (never a store error)
    if (key == "server.hostname") {
        // As written; else lookup.default.hostname lower-cased; else the machine's name.
        if (auto v = setting(context, "server.hostname")) {
            out = Value(*v);
        } else if (auto h = setting(context, "lookup.default.hostname")) {
            out = Value(lower_ascii(*h));
        } else {
            out = Value(lower_ascii(context.machine_hostname.empty() ? "localhost"
                                                                     : context.machine_hostname));
        }
        return true;
    }
    if (key == "report.domain") {
        if (auto v = setting(context, "report.domain")) {
            out = Value(lower_ascii(*v));
        } else if (auto d = setting(context, "lookup.default.domain")) {
            out = Value(lower_ascii(*d));
        } else {
            // Stalwart takes the registrable domain of the host name; without a public suffix
            // list at hand we answer the host name itself, as Stalwart does when none matches.
            Value host;
            read_config_setting("server.hostname", context, host, error);
            out = std::move(host);
        }
        return true;
    }
    if (key == "cluster.node-id") {
        // An Integer, default 1 (the only non-text result of config_get). The setting is read
        // as an unsigned number: "-3" does not parse and gives the default.
        std::int64_t id = 1;
        if (auto v = setting(context, "cluster.node-id")) {
            if (auto parsed = parse_rust_u64(*v)) id = static_cast<std::int64_t>(*parsed);
        }
        out = Value(id);
        return true;
    }
    if (auto v = setting(context, key)) {
        out = Value(*v);
    } else {
        out = Value();
    }
    return true;
}

}  // namespace httpctl::expr
