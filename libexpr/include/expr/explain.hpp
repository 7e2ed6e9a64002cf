// Step-by-step account of one evaluation (`eval --explain`, REPL `:explain`): the value of every
// sub-expression, regex captures as they were set, and for an if-block which condition matched
// (spec expressions.md §5.3, §5.4). The evaluation itself is the ordinary one (Evaluator and
// IfBlock::evaluate with an observer attached), so the account cannot disagree with the result.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "expr/evaluator.hpp"
#include "expr/if_block.hpp"
#include "expr/regex.hpp"
#include "expr/value.hpp"

namespace httpctl::expr {

// What one expression's nodes evaluated to (a node absent from `values` was not evaluated, e.g.
// the right side of a short-circuit), and the capture list right after each regex match.
struct ExpressionTrace {
    std::map<std::uint32_t, Value> values;
    std::map<std::uint32_t, Captures> captures_after_match;
};

// The outcome of explaining a block (a single expression is a block with no branches).
struct Explanation {
    bool ok = true;
    std::string error;  // why the evaluation aborted (§5.5), when !ok
    Value result;
    std::size_t chosen = 0;  // index of the branch taken; branches().size() for the default
    // Keyed by the expression's address inside the block that was explained.
    std::map<const Expression*, ExpressionTrace> traces;
};

// Evaluates `block` with `ev` (any observer already set on `ev` is replaced for the duration).
[[nodiscard]] Explanation explain(Evaluator& ev, const IfBlock& block);

// A readable rendering: for each condition tried its sub-expression values and whether it held,
// then the chosen value's sub-expressions, captures, and the result as `value : type`.
[[nodiscard]] std::string render_explanation(const IfBlock& block, const Explanation& explanation);

}  // namespace httpctl::expr
