#include "httpconf/eval_session.hpp"

namespace httpctl::conf {

std::optional<std::string_view> LayeredSettings::setting(std::string_view key) const {
    if (auto v = overrides.setting(key)) return v;
    if (below != nullptr) return below->setting(key);
    return std::nullopt;
}

EvalSession::EvalSession(std::optional<TargetVersion> target)
    : target_(target.value_or(TargetVersion{})),
      variable_set_(expr::kVariableCount, false),
      explicit_target_(target.has_value()) {
    context_.globals = &globals_;
    context_.stores = &stores_;
    context_.settings = &settings_;
}

expr::CompileOptions EvalSession::compile_options() const {
    expr::CompileOptions options;
    options.dialect = dialect();
    options.variables = expr::VariableSet::all(options.dialect);
    return options;
}

expr::CompileResult EvalSession::compile(std::string_view text) const {
    return expr::compile(text, compile_options());
}

std::optional<std::string> EvalSession::set_variable(std::string_view name, expr::Value value) {
    auto var = expr::find_variable(name);
    if (!var) return "unknown variable `" + std::string(name) + "`";
    context_.set(*var, std::move(value));
    variable_set_[static_cast<std::size_t>(*var)] = true;
    return std::nullopt;
}

std::optional<std::string> EvalSession::unset_variable(std::string_view name) {
    auto var = expr::find_variable(name);
    if (!var) return "unknown variable `" + std::string(name) + "`";
    context_.set(*var, expr::Value());  // an unset variable reads as "" (conformance README)
    variable_set_[static_cast<std::size_t>(*var)] = false;
    return std::nullopt;
}

void EvalSession::set_global(std::string_view name, expr::Value value) {
    if (!name.empty() && name.front() == '$') name.remove_prefix(1);
    globals_[std::string(name)] = std::move(value);
}

bool EvalSession::unset_global(std::string_view name) {
    if (!name.empty() && name.front() == '$') name.remove_prefix(1);
    auto it = globals_.find(name);
    if (it == globals_.end()) return false;
    globals_.erase(it);
    return true;
}

std::vector<Binding> EvalSession::variables() const {
    std::vector<Binding> out;
    for (const auto& info : expr::all_variables()) {
        if (variable_set_[static_cast<std::size_t>(info.id)]) {
            out.push_back({std::string(info.name), context_.get(info.id)});
        }
    }
    return out;
}

std::vector<Binding> EvalSession::globals() const {
    std::vector<Binding> out;
    for (const auto& [name, value] : globals_)
        out.push_back({"$" + name, value});
    return out;
}

void EvalSession::add_lookup(std::string_view store, std::string_view key,
                             std::string_view raw_value) {
    hand_lookups_.push_back({std::string(store), std::string(key), std::string(raw_value)});
    stores_.add_setting(store, key, raw_value);
    settings_.overrides.values["lookup." + std::string(store) + "." + std::string(key)] =
        std::string(raw_value);
}

void EvalSession::add_setting(std::string_view key, std::string_view value) {
    settings_.overrides.values[std::string(key)] = std::string(value);
}

}  // namespace httpctl::conf
