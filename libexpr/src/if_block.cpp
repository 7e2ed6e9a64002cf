#include "expr/if_block.hpp"

namespace httpctl::expr {

bool IfBlock::evaluate(Evaluator& ev, Value& out, std::size_t* chosen) const {
    // §5.3: one capture list for all conditions, the chosen value and the default.
    ev.clear_captures();
    for (std::size_t i = 0; i < branches_.size(); ++i) {
        if (!ev.evaluate(branches_[i].condition, out, true)) return false;
        if (truthy(out)) {
            if (chosen != nullptr) *chosen = i;
            return ev.evaluate(branches_[i].value, out, true);
        }
    }
    if (chosen != nullptr) *chosen = branches_.size();
    return ev.evaluate(otherwise_, out, true);
}

std::variant<IfBlock, IfBlockError> compile_if_block(const IfBlockText& text,
                                                     const CompileOptions& options) {
    std::vector<IfBranch> branches;
    branches.reserve(text.branches.size());
    for (std::size_t i = 0; i < text.branches.size(); ++i) {
        auto cond = compile(text.branches[i].first, options);
        if (auto* e = std::get_if<CompileError>(&cond)) {
            return IfBlockError{IfBlockError::Part::If, i, std::move(*e)};
        }
        auto value = compile(text.branches[i].second, options);
        if (auto* e = std::get_if<CompileError>(&value)) {
            return IfBlockError{IfBlockError::Part::Then, i, std::move(*e)};
        }
        branches.push_back({std::move(std::get<Expression>(cond)),
                            std::move(std::get<Expression>(value))});
    }
    auto otherwise = compile(text.otherwise, options);
    if (auto* e = std::get_if<CompileError>(&otherwise)) {
        return IfBlockError{IfBlockError::Part::Else, text.branches.size(), std::move(*e)};
    }
    return IfBlock(std::move(branches), std::move(std::get<Expression>(otherwise)));
}

}  // namespace httpctl::expr
