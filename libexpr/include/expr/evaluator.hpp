// Evaluating a compiled Expression against a context (spec expressions.md §5), any number of
// times. An Evaluator keeps its scratch space between evaluations, so repeated evaluation of
// expressions whose values fit SmallString's inline buffer does not allocate.
#pragma once

#include <string>
#include <vector>

#include "expr/ast.hpp"
#include "expr/context.hpp"
#include "expr/functions.hpp"
#include "expr/regex.hpp"
#include "expr/value.hpp"

namespace httpctl::expr {

// Sees every tree node's value as it is computed (for --explain); children before parents.
class EvalObserver {
  public:
    virtual ~EvalObserver() = default;
    virtual void on_value(const Expression& e, std::uint32_t node, const Value& v) = 0;
};

class Evaluator {
  public:
    explicit Evaluator(const EvalContext& context) : context_(context) { env_.context = &context; }

    // Evaluates `e`. Returns false when a look-up failed in the Head dialect (the whole
    // expression is aborted, §5.5); error() then says which function and why.
    // Regex captures start empty unless `keep_captures` (if-blocks share them, §5.3).
    bool evaluate(const Expression& e, Value& out, bool keep_captures = false);

    void clear_captures() { captures_.clear(); }
    [[nodiscard]] const Captures& captures() const noexcept { return captures_; }
    [[nodiscard]] const std::string& error() const noexcept { return env_.error; }
    void set_observer(EvalObserver* observer) noexcept { observer_ = observer; }
    [[nodiscard]] const EvalContext& context() const noexcept { return context_; }

  private:
    bool eval_node(const Expression& e, std::uint32_t node, Value& out);
    bool eval_child(const Expression& e, std::uint32_t node, Value& out);
    // The value of a constant or variable node where it lives (no copy); nullptr otherwise.
    const Value* peek(const Expression& e, std::uint32_t node) const;
    // key_get/key_exists with literal arguments on an in-memory store; nullptr otherwise.
    const Value* store_lookup(const Expression& e, const Node& n) const;
    bool eval_program(const Expression& e, Value& out);
    bool call(const FunctionInfo& f, std::span<Value> args, Value& out);
    bool read_setting(const std::string& key, Value& out);
    void read_global(const std::string& name, Value& out) const;
    bool match(const Expression& e, std::uint32_t regex, const Value& subject, Value& out);

    const EvalContext& context_;
    CallEnv env_;
    Captures captures_;
    std::vector<Value> stack_;
    SmallString text_;
    EvalObserver* observer_ = nullptr;
};

// Reads config_get('key') as Stalwart does (spec §6.8 and the conformance README).
bool read_config_setting(std::string_view key, const EvalContext& context, Value& out,
                         std::string& error);

}  // namespace httpctl::expr
