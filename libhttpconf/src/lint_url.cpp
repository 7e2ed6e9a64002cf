// Rules url-trailing-slash, url-plain-http-on-tls, url-wildcard-address, url-ignores-port: the
// base URL JMAP clients are given (spec http.md §5.3–§5.5, §7, §12).
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "lint_support.hpp"

namespace httpctl::conf {
namespace {

using expr::Expression;
using expr::Node;
using expr::NodeKind;

// The first (or last) operand of the top-level `+` chain: where the URL's text starts (ends).
const Node* edge_operand(const Expression& expression, bool last) {
    if (!expression.has_tree() || expression.root() == Expression::kNoNode) return nullptr;
    const Node* node = &expression.node(expression.root());
    while (node->kind == NodeKind::Binary &&
           static_cast<expr::BinaryOp>(node->op) == expr::BinaryOp::Add && node->child_count == 2) {
        node = &expression.node(expression.child(*node, last ? 1 : 0));
    }
    return node;
}

// The string constant at that edge, or null.
const expr::Value* edge_string(const Expression& expression, bool last, const Node** where) {
    const Node* node = edge_operand(expression, last);
    if (node == nullptr || node->kind != NodeKind::Const) return nullptr;
    const expr::Value& value = expression.constant(node->payload);
    if (!value.is_string()) return nullptr;
    *where = node;
    return &value;
}

std::string listener_list(const std::set<std::string>& listeners) {
    std::string out;
    for (const std::string& id : listeners) {
        if (!out.empty()) out += ", ";
        out += id;
    }
    return out;
}

// A finding about the url as a whole goes on its first key.
const ConfigEntry* first_url_entry(const std::vector<SettingExpression>& url) {
    return url.empty() ? nullptr : url.front().entry;
}

void trailing_slash(const std::vector<SettingExpression>& url, FindingSink& sink) {
    for (const SettingExpression& item : url) {
        if (!item.gives_result()) continue;
        const Node* node = nullptr;
        const expr::Value* text = edge_string(item.expression, true, &node);
        if (text == nullptr || !text->as_string().ends_with('/')) continue;
        sink.in_value("url-trailing-slash", *item.entry, node->src_begin, node->src_end,
                      "the url ends with '/': session URLs become ...//jmap/ and so on",
                      "drop the trailing slash; Stalwart appends paths starting with '/' without "
                      "trimming (spec http.md §5.5, §12)");
    }
}

bool is_wildcard(std::string_view ip) {
    return ip == "0.0.0.0" || ip == "::";
}

// The URL's host as text: after "://", up to the next '/'.
std::string_view url_host(std::string_view url) {
    const std::size_t scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    return rest.substr(0, rest.find('/'));
}

// Findings about the evaluated URL of listeners, one per place in the file.
struct ListenerFinding {
    const ConfigEntry* entry = nullptr;
    std::uint32_t begin = 0, end = 0;
    bool inside = false;  // begin/end are set
    std::set<std::string> listeners;
    std::string example;
};

// Keyed by the place in the file, so listeners sharing one cause share one finding.
using FindingsByPlace = std::map<std::pair<const ConfigEntry*, std::uint32_t>, ListenerFinding>;

void record(FindingsByPlace& found, const ListenerFinding& finding, const std::string& listener,
            const std::string& example) {
    ListenerFinding& slot = found[{finding.entry, finding.begin}];
    if (slot.entry == nullptr) slot = finding;
    slot.listeners.insert(listener);
    if (slot.example.empty()) slot.example = example;
}

void emit(std::string_view rule, const FindingsByPlace& found, const std::string& what,
          const std::string& help, FindingSink& sink) {
    for (const auto& [place, finding] : found) {
        std::string message =
            what + " (listener " + listener_list(finding.listeners) + ": " + finding.example + ")";
        if (finding.inside) {
            sink.in_value(rule, *finding.entry, finding.begin, finding.end, std::move(message),
                          help);
        } else {
            sink.at_value(rule, *finding.entry, std::move(message), help);
        }
    }
}

void plain_http_on_tls(const LintContext& context, const std::vector<SettingExpression>& url,
                       FindingSink& sink) {
    const ConfigEntry* fallback_entry = first_url_entry(url);
    if (fallback_entry == nullptr) return;  // the default builds the scheme from `protocol`
    FindingsByPlace found;
    for (const EffectiveUrl& effective : context.report.effective_urls) {
        const Listener* listener = context.settings.find_listener(effective.listener);
        if (effective.fallback || listener == nullptr || !listener->uses_tls() ||
            !effective.url.starts_with("http://"))
            continue;
        ListenerFinding finding;
        finding.entry = fallback_entry;
        for (const SettingExpression& item : url) {
            const Node* node = nullptr;
            const expr::Value* text = edge_string(item.expression, false, &node);
            if (!item.gives_result() || text == nullptr ||
                !text->as_string().starts_with("http://"))
                continue;
            finding = {item.entry, node->src_begin + 1, node->src_begin + 8, true, {}, {}};
            break;
        }
        record(found, finding, effective.listener, effective.url);
    }
    emit("url-plain-http-on-tls", found,
         "the url gives clients of a TLS listener a plain http:// address",
         "write https://, or build the scheme from `protocol` (spec http.md §7, §12)", sink);
}

void wildcard_address(const LintContext& context, const std::vector<SettingExpression>& url,
                      FindingSink& sink) {
    const ConfigEntry* fallback_entry = first_url_entry(url);
    if (fallback_entry == nullptr) return;  // the default does not read local_ip
    FindingsByPlace found;
    for (const EffectiveUrl& effective : context.report.effective_urls) {
        const Listener* listener = context.settings.find_listener(effective.listener);
        if (effective.fallback || listener == nullptr) continue;
        const auto bind =
            std::find_if(listener->binds.begin(), listener->binds.end(),
                         [&](const BindAddress& b) { return b.text == effective.bind; });
        if (bind == listener->binds.end() || !is_wildcard(bind->ip)) continue;
        const std::string_view host = url_host(effective.url);
        if (!host.starts_with(bind->ip) && !host.starts_with("[" + bind->ip + "]")) continue;
        ListenerFinding finding;
        finding.entry = fallback_entry;
        for (const SettingExpression& item : url) {
            const auto& program = item.expression.program();
            const auto read =
                std::find_if(program.begin(), program.end(), [](const expr::Instruction& in) {
                    return in.op == expr::Instruction::Op::PushVar &&
                           static_cast<expr::Variable>(in.payload) == expr::Variable::LocalIp;
                });
            if (!item.gives_result() || read == program.end()) continue;
            finding = {item.entry, read->src_begin, read->src_end, true, {}, {}};
            break;
        }
        record(found, finding, effective.listener, effective.bind + " gives " + effective.url);
    }
    emit("url-wildcard-address", found,
         "local_ip is the listener's wildcard bind address, not a host clients can reach",
         "write the public host name instead of local_ip (spec http.md §5.3, §7)", sink);
}

bool reads_listener_variable(const Expression& expression) {
    for (expr::Variable v : expression.variables_used()) {
        if (v == expr::Variable::Listener || v == expr::Variable::LocalPort ||
            v == expr::Variable::LocalIp || v == expr::Variable::Protocol ||
            v == expr::Variable::IsTls)
            return true;
    }
    return false;
}

void ignores_port(const LintContext& context, const std::vector<SettingExpression>& url,
                  FindingSink& sink) {
    if (!context.settings.url_configured || url.empty()) return;
    std::set<std::uint16_t> ports;
    std::set<std::string> listeners;
    for (const Listener* listener : context.settings.http_listeners()) {
        for (const BindAddress& bind : listener->binds) {
            ports.insert(bind.port);
            listeners.insert(listener->id);
        }
    }
    if (ports.size() < 2) return;
    if (std::any_of(url.begin(), url.end(), [](const SettingExpression& item) {
            return reads_listener_variable(item.expression);
        }))
        return;
    const ConfigEntry& entry = *url.front().entry;
    sink.at_key("url-ignores-port", entry,
                "the url reads no listener variable, so HTTP listeners " +
                    listener_list(listeners) + " on " + std::to_string(ports.size()) +
                    " different ports all give clients the same address",
                "right behind a reverse proxy; otherwise use an if-block on `listener` or "
                "`local_port` (spec http.md §5.3)");
}

}  // namespace

void lint_url_rules(const LintContext& context, FindingSink& sink) {
    const std::vector<SettingExpression> url = compile_http_setting(context, "url");
    trailing_slash(url, sink);
    plain_http_on_tls(context, url, sink);
    wildcard_address(context, url, sink);
    ignores_port(context, url, sink);
}

}  // namespace httpctl::conf
