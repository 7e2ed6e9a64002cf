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
#include "httpconf/checker.hpp"
#include "httpconf/http_settings.hpp"
#include "httpconf/request_context.hpp"

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

// A configured setting read as an expression or if-block (`eval --key`, REPL `:key`).
struct KeyExpression {
    std::optional<expr::IfBlock> block;   // nullopt: the key cannot be evaluated (see diagnostics)
    std::vector<Diagnostic> diagnostics;  // structural and compile errors, positioned in the file
    std::string note;                     // e.g. that Stalwart's default is in effect
};

class EvalSession {
  public:
    // `target` nullopt: 0.12, or what a loaded config's keys say (spec http.md §6.2).
    explicit EvalSession(std::optional<TargetVersion> target = std::nullopt);
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

    // Loads a config through the checker (hermetic: macros are left unresolved), and returns its
    // report. When the report has an error the session keeps its previous config (or none);
    // otherwise the config's stores feed key_get/key_exists, its settings config_get (after
    // the ones given by hand), and its listeners become selectable. A listener selected before
    // is read again from the new config, or, when the new config has no listener of that id,
    // its five variables are unset; the request variables follow the new config's dialect.
    const CheckReport& load_config(std::string_view text, std::string file_name);
    [[nodiscard]] const CheckReport* config() const noexcept;
    // The listeners of the loaded config, by id (for completion and messages).
    [[nodiscard]] std::vector<std::string> listener_ids() const;

    // Fills listener, local_ip, local_port, protocol and is_tls as a request on that listener
    // sees them (request_context.hpp); an error message when there is no such listener.
    [[nodiscard]] std::optional<std::string> select_listener(std::string_view id);
    // The id given to the last successful select_listener, while it is in effect.
    [[nodiscard]] const std::optional<std::string>& selected_listener() const noexcept {
        return selected_listener_;
    }
    // "METHOD URL": fills method, url, url_path (and remote_ip, remote_port, headers).
    [[nodiscard]] std::optional<std::string> set_request(std::string_view request_line);
    // "Name: value": adds a request header (the `headers` variable).
    [[nodiscard]] std::optional<std::string> add_header(std::string_view header_line);
    // One IPv4 or IPv6 address (no port, brackets or zone): remote_ip as a request from it
    // sees it (inet_ntop text, an IPv4-mapped address unmapped as for a TCP peer, spec http.md
    // §7); an error message otherwise.
    [[nodiscard]] std::optional<std::string> set_remote_ip(std::string_view ip);
    [[nodiscard]] const RequestInfo* request() const noexcept {
        return has_request_ ? &request_ : nullptr;
    }

    // The expression or if-block configured at `key` in the loaded config. `url` and
    // `allowed-endpoint` under the target's prefix give the block the server uses (Stalwart's
    // default url when it is absent or rejected).
    [[nodiscard]] KeyExpression key_expression(std::string_view key) const;

  private:
    void fill_request();
    void set_listener_variables(const Listener& listener);
    void unset_listener_variables();

    TargetVersion target_;
    expr::EvalContext context_;
    std::map<std::string, expr::Value, std::less<>> globals_;
    std::vector<bool> variable_set_;  // which variables were given a value
    expr::InMemoryStores stores_;     // the config's stores plus the entries given by hand
    std::vector<std::array<std::string, 3>> hand_lookups_;  // store, key, raw value
    LayeredSettings settings_;
    bool explicit_target_ = false;
    std::optional<CheckReport> report_;    // the last config loaded without errors
    std::optional<CheckReport> rejected_;  // the last config that had errors
    std::optional<std::string> selected_listener_;
    RequestInfo request_;
    bool has_request_ = false;
};

}  // namespace httpctl::conf
