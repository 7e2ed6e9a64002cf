// What an evaluation reads from the outside world: variables, globals, stores, settings and the
// provider of live look-ups (spec expressions.md §6.6, §6.8, §7).
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "expr/lookup.hpp"
#include "expr/value.hpp"
#include "expr/variables.hpp"

namespace httpctl::expr {

class InMemoryStores;

struct EvalContext {
    // Indexed by Variable; an unset variable is String("") (conformance README).
    std::array<Value, kVariableCount> vars{};
    // `$name` globals; an absent global (or no map) is Integer(0) (spec §7.5).
    const std::map<std::string, Value, std::less<>>* globals = nullptr;
    // `lookup.<id>.<key>` maps for key_get/key_exists; null = no stores.
    const InMemoryStores* stores = nullptr;
    // Settings for config_get; null = no settings.
    const SettingsSource* settings = nullptr;
    // Live infrastructure (SQL, DNS, counters, directories); null = none, and those functions
    // then fail with an error naming the function.
    LookupProvider* provider = nullptr;
    // What config_get('server.hostname') falls back to when no setting names the host.
    std::string machine_hostname = "localhost";

    void set(Variable v, Value value) { vars[static_cast<std::size_t>(v)] = std::move(value); }
    [[nodiscard]] const Value& get(Variable v) const { return vars[static_cast<std::size_t>(v)]; }
};

}  // namespace httpctl::expr
