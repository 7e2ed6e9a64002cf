// The context variables of the expression language (spec expressions.md §7.1), by stable id.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "expr/value.hpp"

namespace httpctl::expr {

enum class Variable : std::uint8_t {
    Rcpt = 0,
    RcptDomain,
    Sender,
    SenderDomain,
    Mx,
    HeloDomain,
    AuthenticatedAs,
    Listener,
    RemoteIp,
    RemotePort,
    LocalIp,
    LocalPort,
    Priority,
    Protocol,
    IsTls,
    Recipients,
    RetryNum,
    NotifyNum,
    ExpiresIn,
    LastStatus,
    LastError,
    Url,       // Head only (HTTP)
    UrlPath,   // Head only (HTTP)
    Headers,   // Head only (HTTP)
    Method,    // Head only (HTTP)
    Asn,       // Head only
    Country,   // Head only
};

inline constexpr std::size_t kVariableCount = 27;

struct VariableInfo {
    std::string_view name;
    Variable id;
    bool head_only;
};

[[nodiscard]] const std::array<VariableInfo, kVariableCount>& all_variables() noexcept;
[[nodiscard]] std::optional<Variable> find_variable(std::string_view name) noexcept;
[[nodiscard]] std::string_view variable_name(Variable v) noexcept;

// A set of variables, for "which names may this setting use" (spec §7.2).
class VariableSet {
public:
    constexpr VariableSet() = default;
    static VariableSet all(Dialect d) noexcept;
    // The names `server.http.url` (V08) / `http.url` (Head) accept.
    static VariableSet http(Dialect d) noexcept;
    constexpr void add(Variable v) noexcept { bits_ |= (1u << static_cast<unsigned>(v)); }
    [[nodiscard]] constexpr bool contains(Variable v) const noexcept {
        return (bits_ >> static_cast<unsigned>(v)) & 1u;
    }

private:
    std::uint32_t bits_ = 0;
};

}  // namespace httpctl::expr
