// If/then/else blocks (spec expressions.md §5.4): conditions tried in order, the first truthy
// one selects its value, else the default. One capture list is shared by the whole block.
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/compiler.hpp"
#include "expr/evaluator.hpp"

namespace httpctl::expr {

struct IfBranch {
    Expression condition;
    Expression value;
};

class IfBlock {
public:
    IfBlock() = default;
    IfBlock(std::vector<IfBranch> branches, Expression otherwise)
        : branches_(std::move(branches)), otherwise_(std::move(otherwise)) {}

    // A block that is just one expression (a setting written as a plain string).
    static IfBlock single(Expression e) { return IfBlock({}, std::move(e)); }

    [[nodiscard]] const std::vector<IfBranch>& branches() const noexcept { return branches_; }
    [[nodiscard]] const Expression& otherwise() const noexcept { return otherwise_; }
    // No branches and an empty default: the setting reads as unset (§5.4).
    [[nodiscard]] bool empty() const noexcept { return branches_.empty() && otherwise_.empty(); }

    // Evaluates the block. `chosen` receives the index of the branch taken (branches().size()
    // for the default). Returns false when a look-up aborted the evaluation (§5.5).
    bool evaluate(Evaluator& ev, Value& out, std::size_t* chosen = nullptr) const;

private:
    std::vector<IfBranch> branches_;
    Expression otherwise_;
};

// The texts of a block, as the conformance vectors and the config loader give them.
struct IfBlockText {
    std::vector<std::pair<std::string, std::string>> branches;  // (if, then)
    std::string otherwise;
};

// Which part of a block an error belongs to: branch N's `if`/`then`, or the `else`.
struct IfBlockError {
    enum class Part { If, Then, Else } part;
    std::size_t branch = 0;
    CompileError error;
};

// Compiles every expression; the first error in the order if0, then0, if1, then1, ..., else.
[[nodiscard]] std::variant<IfBlock, IfBlockError> compile_if_block(const IfBlockText& text,
                                                                   const CompileOptions& options);

}  // namespace httpctl::expr
