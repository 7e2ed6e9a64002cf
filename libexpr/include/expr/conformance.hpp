// One case of the expression conformance format (see the conformance vectors' README): its
// inputs turned into an evaluation context, compiled once and evaluated any number of times.
// Shared by `eval --jsonl`, the conformance tests and the benchmark.
#pragma once

#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "expr/compiler.hpp"
#include "expr/context.hpp"
#include "expr/if_block.hpp"
#include "expr/stores.hpp"

namespace httpctl::expr {

class MapSettings final : public SettingsSource {
public:
    std::map<std::string, std::string, std::less<>> values;
    [[nodiscard]] std::optional<std::string_view> setting(std::string_view key) const override {
        auto it = values.find(key);
        if (it == values.end()) return std::nullopt;
        return std::string_view(it->second);
    }
};

class ConformanceCase {
public:
    // Reads a case; nullopt with `error` set when the JSON is not a case.
    static std::optional<ConformanceCase> from_json(const nlohmann::json& j, std::string& error);

    [[nodiscard]] const std::string& id() const noexcept { return id_; }
    [[nodiscard]] const EvalContext& context() const noexcept { return *context_; }
    [[nodiscard]] const IfBlockText& text() const noexcept { return text_; }

    // Compiles the case's expression or block with every variable allowed (Head dialect).
    [[nodiscard]] std::variant<IfBlock, IfBlockError> compile(const CompileOptions& options) const;

    // Compiles and evaluates once: the tagged result, or {"error": message}.
    [[nodiscard]] nlohmann::json run(const CompileOptions& options) const;

private:
    std::string id_;
    IfBlockText text_;
    // Owned inputs the context points to; heap-held so the case can move.
    std::unique_ptr<std::map<std::string, Value, std::less<>>> globals_;
    std::unique_ptr<InMemoryStores> stores_;
    std::unique_ptr<MapSettings> settings_;
    std::unique_ptr<EvalContext> context_;
};

// How a compile error reads in results: "message (column N)".
[[nodiscard]] std::string describe(const IfBlockError& e);

}  // namespace httpctl::expr
