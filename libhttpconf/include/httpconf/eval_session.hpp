// An evaluation session: the context that `eval`, `eval --config` and the REPL evaluate
// expressions in. It owns the variables, globals, look-up entries and settings given by hand,
// and (once a config is loaded) the config's stores, settings and listeners, so both commands
// build contexts the same way.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/compiler.hpp"
#include "expr/conformance.hpp"
#include "expr/context.hpp"
#include "expr/stores.hpp"
#include "expr/value.hpp"
#include "httpconf/http_settings.hpp"

namespace httpctl::conf {

// config_get() reads settings given by hand first, then the loaded config.
class LayeredSettings final : public expr::SettingsSource {
  public:
    expr::MapSettings overrides;
    const expr::SettingsSource* below = nullptr;
    [[nodiscard]] std::optional<std::string_view> setting(std::string_view key) const override;
};

struct Binding {
    std::string name;
    expr::Value value;
};

class EvalSession {
  public:
    explicit EvalSession(TargetVersion target = {});
    EvalSession(const EvalSession&) = delete;
    EvalSession& operator=(const EvalSession&) = delete;

    [[nodiscard]] const TargetVersion& target() const noexcept { return target_; }
    [[nodiscard]] expr::Dialect dialect() const noexcept { return target_.dialect(); }
    // Every variable of the dialect is accepted (a REPL is not tied to one setting).
    [[nodiscard]] expr::CompileOptions compile_options() const;
    [[nodiscard]] expr::CompileResult compile(std::string_view text) const;
    // The context to evaluate in; valid until the session changes.
    [[nodiscard]] const expr::EvalContext& context() const noexcept { return context_; }

    void set_machine_hostname(std::string name) { context_.machine_hostname = std::move(name); }

    // A context variable by name; an error message when the name is not a variable.
    [[nodiscard]] std::optional<std::string> set_variable(std::string_view name, expr::Value value);
    [[nodiscard]] std::optional<std::string> unset_variable(std::string_view name);
    // A `$name` global (the `$` is optional).
    void set_global(std::string_view name, expr::Value value);
    bool unset_global(std::string_view name);
    // The variables holding a value (in the variable table's order) and the globals.
    [[nodiscard]] std::vector<Binding> variables() const;
    [[nodiscard]] std::vector<Binding> globals() const;

    // A `lookup.STORE.KEY = VALUE` entry: key_get reads it and config_get sees the setting, as
    // in Stalwart where both come from that one setting.
    void add_lookup(std::string_view store, std::string_view key, std::string_view raw_value);
    void add_setting(std::string_view key, std::string_view value);
    [[nodiscard]] const expr::InMemoryStores& stores() const noexcept { return stores_; }

  private:
    TargetVersion target_;
    expr::EvalContext context_;
    std::map<std::string, expr::Value, std::less<>> globals_;
    std::vector<bool> variable_set_;  // which variables were given a value
    expr::InMemoryStores stores_;     // the config's stores plus the entries given by hand
    std::vector<std::array<std::string, 3>> hand_lookups_;  // store, key, raw value
    LayeredSettings settings_;
};

}  // namespace httpctl::conf
