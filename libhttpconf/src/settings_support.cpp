#include "settings_support.hpp"

#include <arpa/inet.h>

#include <charconv>

#include "rust_debug.hpp"

namespace httpctl::conf {

Diagnostic make_diagnostic(Severity severity, std::string code, std::string message,
                           const SourceLocation& where, std::string help) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = std::string(where.file);
    d.line = where.line;
    d.column = where.column;
    d.end_line = where.end_line;
    d.end_column = where.end_column;
    d.help = std::move(help);
    return d;
}

void DiagnosticSink::at_value(const ConfigEntry& entry, Severity severity, std::string code,
                              std::string message, std::string help) {
    add(make_diagnostic(severity, std::move(code), std::move(message),
                        config_.value_location(entry), std::move(help)));
}

void DiagnosticSink::at_key(const ConfigEntry& entry, Severity severity, std::string code,
                            std::string message, std::string help) {
    add(make_diagnostic(severity, std::move(code), std::move(message), config_.key_location(entry),
                        std::move(help)));
}

void DiagnosticSink::at_file(Severity severity, std::string code, std::string message,
                             std::string help) {
    SourceLocation none;
    none.file = config_.file_name();
    add(make_diagnostic(severity, std::move(code), std::move(message), none, std::move(help)));
}

std::variant<bool, std::string> parse_boolean(std::string_view text) {
    if (text == "true") return true;
    if (text == "false") return false;
    return "Invalid boolean value " + rust_debug_string(text) + ".";
}

std::variant<std::uint64_t, std::string> parse_unsigned(std::string_view text) {
    std::string_view digits = text;
    if (digits.starts_with('+')) digits.remove_prefix(1);
    std::uint64_t value = 0;
    const char* end = digits.data() + digits.size();
    auto [ptr, ec] = std::from_chars(digits.data(), end, value);
    // from_chars accepts no sign, so the only other failures are non-digits and overflow.
    if (digits.empty() || ec != std::errc() || ptr != end) {
        return "Invalid integer value " + rust_debug_string(text) + ".";
    }
    return value;
}

namespace {

std::optional<std::uint16_t> parse_port(std::string_view text) {
    std::uint16_t port = 0;
    const char* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, port);
    if (text.empty() || ec != std::errc() || ptr != end) return std::nullopt;
    return port;
}

bool is_ipv4(const std::string& text) {
    in_addr addr{};
    return inet_pton(AF_INET, text.c_str(), &addr) == 1;
}

bool is_ipv6(const std::string& text) {
    in6_addr addr{};
    return inet_pton(AF_INET6, text.c_str(), &addr) == 1;
}

}  // namespace

std::variant<SocketAddress, std::string> parse_socket_address(std::string_view text) {
    const std::string error = "Invalid socket address " + rust_debug_string(text) + ".";
    SocketAddress out;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return error;
        out.ip = std::string(text.substr(1, close - 1));
        if (!is_ipv6(out.ip)) return error;
        auto port = parse_port(text.substr(close + 2));
        if (!port) return error;
        out.port = *port;
        return out;
    }
    const std::size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) return error;
    out.ip = std::string(text.substr(0, colon));
    if (!is_ipv4(out.ip)) return error;
    auto port = parse_port(text.substr(colon + 1));
    if (!port) return error;
    out.port = *port;
    return out;
}

}  // namespace httpctl::conf
