// The config side of an EvalSession: loading through the checker, listener and request
// variables through request_context.hpp, and configured settings read as expressions.
#include "httpconf/eval_session.hpp"

#include <array>

#include "httpconf/ip_address.hpp"
#include "settings_expression.hpp"
#include "settings_support.hpp"

namespace httpctl::conf {

namespace {

bool has_error(const CheckReport& report) {
    for (const Diagnostic& d : report.diagnostics) {
        if (d.severity == Severity::Error) return true;
    }
    return report.settings == nullptr;
}

}  // namespace

const CheckReport& EvalSession::load_config(std::string_view text, std::string file_name) {
    CheckOptions options;
    if (explicit_target_) options.target = target_;
    options.machine_hostname = context_.machine_hostname;
    CheckReport report = check_config_text(text, std::move(file_name), options);
    if (has_error(report)) {
        rejected_ = std::move(report);
        return *rejected_;
    }
    report_ = std::move(report);
    rejected_.reset();
    const HttpSettings& settings = *report_->settings;
    target_ = report_->target;
    // The shared wiring first (hostname and friends), then this session's layers on top: the
    // config's stores plus the entries given by hand, and settings given by hand before the file.
    attach_settings(context_, settings, report_->config.get());
    stores_ = settings.stores;
    for (const auto& [store, key, raw] : hand_lookups_)
        stores_.add_setting(store, key, raw);
    settings_.below = report_->config.get();
    context_.stores = &stores_;
    context_.settings = &settings_;
    // Nothing of the previous config may linger: the selected listener's values are read again
    // (or dropped with it), and the request variables filled for the new dialect.
    if (selected_listener_) {
        if (const Listener* listener = settings.find_listener(*selected_listener_)) {
            set_listener_variables(*listener);
        } else {
            unset_listener_variables();
        }
    }
    if (has_request_) fill_request();
    return *report_;
}

const CheckReport* EvalSession::config() const noexcept {
    return report_ ? &*report_ : nullptr;
}

std::vector<std::string> EvalSession::listener_ids() const {
    std::vector<std::string> ids;
    if (report_) {
        for (const Listener& l : report_->settings->listeners)
            ids.push_back(l.id);
    }
    return ids;
}

std::optional<std::string> EvalSession::select_listener(std::string_view id) {
    if (!report_) return std::string("no config is loaded (--config FILE or :load FILE)");
    const Listener* listener = report_->settings->find_listener(id);
    if (listener == nullptr) {
        std::string known;
        for (const std::string& l : listener_ids())
            known += (known.empty() ? "" : ", ") + l;
        return "no listener `" + std::string(id) + "` in " + report_->file +
               (known.empty() ? std::string(" (it has none)") : " (listeners: " + known + ")");
    }
    set_listener_variables(*listener);
    return std::nullopt;
}

namespace {
constexpr std::array kListenerVariables = {expr::Variable::Listener, expr::Variable::LocalIp,
                                           expr::Variable::LocalPort, expr::Variable::Protocol,
                                           expr::Variable::IsTls};
}  // namespace

void EvalSession::set_listener_variables(const Listener& listener) {
    fill_listener_variables(context_, listener);
    for (expr::Variable v : kListenerVariables)
        variable_set_[static_cast<std::size_t>(v)] = true;
    selected_listener_ = listener.id;
}

void EvalSession::unset_listener_variables() {
    for (expr::Variable v : kListenerVariables) {
        context_.set(v, expr::Value());  // an unset variable reads as "" (conformance README)
        variable_set_[static_cast<std::size_t>(v)] = false;
    }
    selected_listener_.reset();
}

void EvalSession::fill_request() {
    has_request_ = true;
    fill_request_variables(context_, request_, dialect());
    for (expr::Variable v : {expr::Variable::RemoteIp, expr::Variable::RemotePort})
        variable_set_[static_cast<std::size_t>(v)] = true;
    // spec http.md §5.3: only the 0.12+ dialect has the request-line variables; a config of the
    // 0.8 dialect loaded after a 0.12 one must not keep them.
    const bool head = dialect() == expr::Dialect::Head;
    for (expr::Variable v : {expr::Variable::Method, expr::Variable::Url, expr::Variable::UrlPath,
                             expr::Variable::Headers}) {
        if (!head) context_.set(v, expr::Value());
        variable_set_[static_cast<std::size_t>(v)] = head;
    }
}

std::optional<std::string> EvalSession::set_request(std::string_view request_line) {
    auto parsed = parse_request_line(request_line);
    if (auto* error = std::get_if<std::string>(&parsed)) return *error;
    RequestInfo& info = std::get<RequestInfo>(parsed);
    // A new request line keeps the headers and client address given so far.
    request_.method = std::move(info.method);
    request_.url = std::move(info.url);
    fill_request();
    return std::nullopt;
}

std::optional<std::string> EvalSession::add_header(std::string_view header_line) {
    auto parsed = parse_header_line(header_line);
    if (auto* error = std::get_if<std::string>(&parsed)) return *error;
    request_.headers.push_back(std::move(std::get<std::pair<std::string, std::string>>(parsed)));
    fill_request();
    return std::nullopt;
}

std::optional<std::string> EvalSession::set_remote_ip(std::string_view ip) {
    const auto address = parse_ip_address(ip);
    if (!address) {
        return "\"" + std::string(ip) +
               "\" is not an IP address (expected e.g. 192.0.2.7 or 2001:db8::7, without a port)";
    }
    request_.remote_ip = address->unmapped().to_string();
    fill_request();
    return std::nullopt;
}

KeyExpression EvalSession::key_expression(std::string_view key) const {
    KeyExpression out;
    if (!report_) {
        out.note = "no config is loaded (--config FILE or :load FILE)";
        return out;
    }
    const HttpSettings& settings = *report_->settings;
    if (key == settings.prefix + "url") {
        out.block = settings.url;
        if (!settings.url_configured) {
            out.note = std::string(key) +
                       std::string(" is not set (or was rejected): Stalwart's default `") +
                       std::string(default_url_expression(settings.target)) + "` is in effect";
        }
        return out;
    }
    if (key == "http.allowed-endpoint" && settings.allowed_endpoint) {
        out.block = *settings.allowed_endpoint;
        return out;
    }
    // Any other key: read as Stalwart reads an expression setting (spec http.md §5.1), with
    // every variable of the dialect allowed.
    DiagnosticSink sink(*report_->config);
    ExpressionSetting setting = read_expression_setting(sink, key, compile_options(), key);
    out.diagnostics = sink.take();
    if (!setting.present) {
        out.note = "no key `" + std::string(key) + "` (nor `" + std::string(key) + ".*`) in " +
                   report_->file;
        return out;
    }
    out.block = std::move(setting.block);
    return out;
}

}  // namespace httpctl::conf
