// Interfaces through which the evaluator reaches settings and live infrastructure.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "expr/value.hpp"

namespace httpctl::expr {

// Read access to configuration settings by flat key (for config_get, spec §6.8).
class SettingsSource {
public:
    virtual ~SettingsSource() = default;
    [[nodiscard]] virtual std::optional<std::string_view> setting(std::string_view key) const = 0;
};

// The asynchronous functions of spec §6.6 that need live infrastructure. Each returns true and
// sets `out`, or returns false with a message in `error` (Head aborts the evaluation; V08
// substitutes the function's default). The default implementation of each fails with
// "<function>: no <thing> is available here", so nothing is ever silently invented.
class LookupProvider {
public:
    virtual ~LookupProvider() = default;
    virtual bool is_local_domain(std::string_view directory, std::string_view domain, Value& out,
                                 std::string& error);
    virtual bool is_local_address(std::string_view directory, std::string_view address,
                                  Value& out, std::string& error);
    // Called for key_get/key_exists only when the store is not an in-memory store of the
    // context (EvalContext::stores).
    virtual bool key_get(std::string_view store, std::string_view key, Value& out,
                         std::string& error);
    virtual bool key_exists(std::string_view store, std::string_view key, Value& out,
                            std::string& error);
    virtual bool key_set(std::string_view store, std::string_view key, std::string_view value,
                         Value& out, std::string& error);
    virtual bool counter_incr(std::string_view store, std::string_view key, std::int64_t amount,
                              Value& out, std::string& error);
    virtual bool counter_get(std::string_view store, std::string_view key, Value& out,
                             std::string& error);
    virtual bool dns_query(std::string_view name, std::string_view type, Value& out,
                           std::string& error);
    virtual bool sql_query(std::string_view store, std::string_view query, const Value& params,
                           Value& out, std::string& error);
};

}  // namespace httpctl::expr
