#include "expr/conformance.hpp"

#include "expr/json_value.hpp"

namespace httpctl::expr {

std::optional<ConformanceCase> ConformanceCase::from_json(const nlohmann::json& j,
                                                          std::string& error) {
    if (!j.is_object()) {
        error = "a case must be a JSON object";
        return std::nullopt;
    }
    ConformanceCase c;
    c.id_ = j.value("id", std::string());
    if (auto it = j.find("expr"); it != j.end() && it->is_string()) {
        c.text_.otherwise = it->get<std::string>();
    } else if (auto ib = j.find("if_block"); ib != j.end() && ib->is_array()) {
        for (const auto& part : *ib) {
            if (part.contains("else") && part["else"].is_string()) {
                c.text_.otherwise = part["else"].get<std::string>();
            } else if (part.contains("if") && part["if"].is_string() && part.contains("then") &&
                       part["then"].is_string()) {
                c.text_.branches.emplace_back(part["if"].get<std::string>(),
                                              part["then"].get<std::string>());
            } else {
                error = "if_block entries need \"if\" and \"then\", or \"else\"";
                return std::nullopt;
            }
        }
    } else {
        error = "a case needs \"expr\" (a string) or \"if_block\" (an array)";
        return std::nullopt;
    }
    c.globals_ = std::make_unique<std::map<std::string, Value, std::less<>>>();
    c.stores_ = std::make_unique<InMemoryStores>();
    c.settings_ = std::make_unique<MapSettings>();
    c.context_ = std::make_unique<EvalContext>();
    if (auto vars = j.find("vars"); vars != j.end() && vars->is_object()) {
        for (const auto& [name, value] : vars->items()) {
            auto var = find_variable(name);
            auto v = value_from_plain_json(value);
            if (!var || !v) {
                error = "unknown variable or value in \"vars\": " + name;
                return std::nullopt;
            }
            c.context_->set(*var, std::move(*v));
        }
    }
    if (auto globals = j.find("globals"); globals != j.end() && globals->is_object()) {
        for (const auto& [name, value] : globals->items()) {
            auto v = value_from_plain_json(value);
            if (!v) {
                error = "bad value in \"globals\": " + name;
                return std::nullopt;
            }
            (*c.globals_)[name] = std::move(*v);
        }
    }
    if (auto lookup = j.find("lookup"); lookup != j.end() && lookup->is_object()) {
        for (const auto& [store, entries] : lookup->items()) {
            if (!entries.is_object()) continue;
            for (const auto& [key, value] : entries.items()) {
                auto v = value_from_plain_json(value);
                if (!v) {
                    error = "bad value in \"lookup\": " + store + "." + key;
                    return std::nullopt;
                }
                c.stores_->set(store, key, std::move(*v));
            }
        }
    }
    if (auto settings = j.find("settings"); settings != j.end() && settings->is_object()) {
        for (const auto& [key, value] : settings->items()) {
            if (value.is_string()) {
                c.settings_->values[key] = value.get<std::string>();
            } else {
                c.settings_->values[key] = value.dump();
            }
        }
    }
    c.context_->globals = c.globals_.get();
    c.context_->stores = c.stores_.get();
    c.context_->settings = c.settings_.get();
    // Deterministic: a case never depends on the machine it runs on.
    c.context_->machine_hostname = "localhost";
    return c;
}

std::variant<IfBlock, IfBlockError> ConformanceCase::compile(const CompileOptions& options) const {
    return compile_if_block(text_, options);
}

std::string describe(const IfBlockError& e) {
    std::string where;
    switch (e.part) {
        case IfBlockError::Part::If: where = "if #" + std::to_string(e.branch) + ": "; break;
        case IfBlockError::Part::Then: where = "then #" + std::to_string(e.branch) + ": "; break;
        case IfBlockError::Part::Else: break;
    }
    return where + e.error.message + " (column " + std::to_string(e.error.column) + ")";
}

nlohmann::json ConformanceCase::run(const CompileOptions& options) const {
    auto compiled = compile(options);
    if (auto* e = std::get_if<IfBlockError>(&compiled)) return {{"error", describe(*e)}};
    Evaluator ev(*context_);
    Value out;
    if (!std::get<IfBlock>(compiled).evaluate(ev, out)) return {{"error", ev.error()}};
    return to_tagged_json(out);
}

}  // namespace httpctl::expr
