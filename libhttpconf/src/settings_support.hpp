// Small shared pieces of the HTTP settings builder: making positioned diagnostics, and the
// typed value parsers of spec http.md §4 with Stalwart's exact error texts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"

namespace httpctl::conf {

[[nodiscard]] Diagnostic make_diagnostic(Severity severity, std::string code, std::string message,
                                         const SourceLocation& where, std::string help = {});

// Collects diagnostics while the model is built.
class DiagnosticSink {
  public:
    explicit DiagnosticSink(const FlatConfig& config) : config_(config) {}
    [[nodiscard]] const FlatConfig& config() const noexcept { return config_; }
    void add(Diagnostic d) { diagnostics_.push_back(std::move(d)); }
    // At the value of `entry` (quotes included).
    void at_value(const ConfigEntry& entry, Severity severity, std::string code,
                  std::string message, std::string help = {});
    // At the key of `entry`.
    void at_key(const ConfigEntry& entry, Severity severity, std::string code, std::string message,
                std::string help = {});
    // About the whole file (no position).
    void at_file(Severity severity, std::string code, std::string message, std::string help = {});
    [[nodiscard]] std::vector<Diagnostic> take() { return std::move(diagnostics_); }

  private:
    const FlatConfig& config_;
    std::vector<Diagnostic> diagnostics_;
};

// spec http.md §4: exactly `true` or `false`; the error is `Invalid boolean value {v:?}.`.
[[nodiscard]] std::variant<bool, std::string> parse_boolean(std::string_view text);
// spec http.md §4: Rust's unsigned integer syntax (optional `+`, digits only), sizes included.
[[nodiscard]] std::variant<std::uint64_t, std::string> parse_unsigned(std::string_view text);

struct SocketAddress {
    std::string ip;  // without brackets
    std::uint16_t port = 0;
};
// spec http.md §4: `IPv4:port` or `[IPv6]:port`, no host names, port required; the error is
// `Invalid socket address {v:?}.`.
[[nodiscard]] std::variant<SocketAddress, std::string> parse_socket_address(std::string_view text);

}  // namespace httpctl::conf
