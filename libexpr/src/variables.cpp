// Variable names and ids (spec expressions.md §7.1) and the per-setting name sets (§7.2).
#include "expr/variables.hpp"

namespace httpctl::expr {

namespace {

constexpr std::array<VariableInfo, kVariableCount> kVariables{{
    {"rcpt", Variable::Rcpt, false},
    {"rcpt_domain", Variable::RcptDomain, false},
    {"sender", Variable::Sender, false},
    {"sender_domain", Variable::SenderDomain, false},
    {"mx", Variable::Mx, false},
    {"helo_domain", Variable::HeloDomain, false},
    {"authenticated_as", Variable::AuthenticatedAs, false},
    {"listener", Variable::Listener, false},
    {"remote_ip", Variable::RemoteIp, false},
    {"remote_port", Variable::RemotePort, false},
    {"local_ip", Variable::LocalIp, false},
    {"local_port", Variable::LocalPort, false},
    {"priority", Variable::Priority, false},
    {"protocol", Variable::Protocol, false},
    {"is_tls", Variable::IsTls, false},
    {"recipients", Variable::Recipients, false},
    {"retry_num", Variable::RetryNum, false},
    {"notify_num", Variable::NotifyNum, false},
    {"expires_in", Variable::ExpiresIn, false},
    {"last_status", Variable::LastStatus, false},
    {"last_error", Variable::LastError, false},
    {"url", Variable::Url, true},
    {"url_path", Variable::UrlPath, true},
    {"headers", Variable::Headers, true},
    {"method", Variable::Method, true},
    {"asn", Variable::Asn, true},
    {"country", Variable::Country, true},
}};

}  // namespace

const std::array<VariableInfo, kVariableCount>& all_variables() noexcept { return kVariables; }

std::optional<Variable> find_variable(std::string_view name) noexcept {
    for (const VariableInfo& v : kVariables) {
        if (v.name == name) return v.id;
    }
    return std::nullopt;
}

std::string_view variable_name(Variable v) noexcept {
    return kVariables[static_cast<std::size_t>(v)].name;
}

VariableSet VariableSet::all(Dialect d) noexcept {
    VariableSet s;
    for (const VariableInfo& v : kVariables) {
        if (!v.head_only || d == Dialect::Head) s.add(v.id);
    }
    return s;
}

VariableSet VariableSet::http(Dialect d) noexcept {
    // §7.2: the connection names, plus the request names in Head.
    VariableSet s;
    for (Variable v : {Variable::Listener, Variable::RemoteIp, Variable::RemotePort,
                       Variable::LocalIp, Variable::LocalPort, Variable::Protocol,
                       Variable::IsTls}) {
        s.add(v);
    }
    if (d == Dialect::Head) {
        for (Variable v : {Variable::Url, Variable::UrlPath, Variable::Headers, Variable::Method}) {
            s.add(v);
        }
    }
    return s;
}

}  // namespace httpctl::expr
