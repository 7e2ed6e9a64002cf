// Read-only views of a compiled Expression: what it uses, and readable dumps (REPL `:ast`).
#include <algorithm>
#include <string>

#include "expr/ast.hpp"

namespace httpctl::expr {

std::string_view note_code(NoteKind k) noexcept {
    switch (k) {
        case NoteKind::MissingOperand: return "missing-operand";
        case NoteKind::JuxtaposedValues: return "juxtaposed-values";
        case NoteKind::EqualsSwallowsByte: return "single-equals";
        case NoteKind::BraceEndsExpression: return "brace-ends-expression";
        case NoteKind::MissingComma: return "missing-comma";
        case NoteKind::StrayComma: return "stray-comma";
        case NoteKind::ValueThenBracket: return "constant-then-bracket";
        case NoteKind::EmptyExpression: return "empty-expression";
        case NoteKind::DeadOperand: return "dead-operand";
    }
    return "?";
}

std::vector<Variable> Expression::variables_used() const {
    std::vector<Variable> out;
    for (const Instruction& in : program_) {
        if (in.op == Instruction::Op::PushVar) out.push_back(static_cast<Variable>(in.payload));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string_view> Expression::functions_used() const {
    std::vector<std::string_view> out;
    for (const FunctionInfo* f : functions_) out.push_back(f->name);
    if (!regexes_.empty()) out.push_back("matches");
    for (const Instruction& in : program_) {
        if (in.op == Instruction::Op::PushSetting) {
            out.push_back("config_get");
            break;
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string_view> Expression::settings_used() const {
    std::vector<std::string_view> out;
    for (const Instruction& in : program_) {
        if (in.op == Instruction::Op::PushSetting) out.push_back(names_[in.payload]);
    }
    return out;
}

namespace {

std::string describe_node(const Expression& e, const Node& n) {
    switch (n.kind) {
        case NodeKind::Const: return "const " + debug_string(e.constant(n.payload));
        case NodeKind::Var: return "var " + std::string(variable_name(static_cast<Variable>(n.payload)));
        case NodeKind::Global: return "global $" + e.name(n.payload);
        case NodeKind::Capture: return "capture $" + std::to_string(n.payload);
        case NodeKind::Setting: return "config_get '" + e.name(n.payload) + "'";
        case NodeKind::Unary: return "unary " + std::string(op_symbol(static_cast<UnaryOp>(n.op)));
        case NodeKind::Binary:
            return "binary " + std::string(op_symbol(static_cast<BinaryOp>(n.op)));
        case NodeKind::Logical:
            return "short-circuit " + std::string(op_symbol(static_cast<BinaryOp>(n.op)));
        case NodeKind::Call: return "call " + std::string(e.function(n.payload).name);
        case NodeKind::ArrayBuild: return "array";
        case NodeKind::Index: return "index";
        case NodeKind::Match: return "matches /" + e.regex(n.payload).pattern() + "/";
        case NodeKind::Sequence: return "sequence (last value wins)";
    }
    return "?";
}

void dump(const Expression& e, std::uint32_t index, int depth, std::string& out) {
    const Node& n = e.node(index);
    out.append(static_cast<std::size_t>(depth) * 2, ' ');
    out += describe_node(e, n);
    out += '\n';
    for (std::uint32_t i = 0; i < n.child_count; ++i) dump(e, e.child(n, i), depth + 1, out);
}

}  // namespace

std::string Expression::dump_tree() const {
    if (!tree_) return "(no tree: evaluated as Stalwart's postfix program)\n" + dump_program();
    if (root_ == kNoNode) return "(empty: evaluates to \"\")\n";
    std::string out;
    dump(*this, root_, 0, out);
    return out;
}

std::string Expression::dump_program() const {
    std::string out;
    for (std::size_t i = 0; i < program_.size(); ++i) {
        const Instruction& in = program_[i];
        out += std::to_string(i) + ": ";
        switch (in.op) {
            case Instruction::Op::PushConst: out += "push " + debug_string(constants_[in.payload]); break;
            case Instruction::Op::PushVar:
                out += "push var " + std::string(variable_name(static_cast<Variable>(in.payload)));
                break;
            case Instruction::Op::PushGlobal: out += "push global $" + names_[in.payload]; break;
            case Instruction::Op::PushCapture: out += "push capture $" + std::to_string(in.payload); break;
            case Instruction::Op::PushSetting: out += "push setting '" + names_[in.payload] + "'"; break;
            case Instruction::Op::Unary:
                out += "unary " + std::string(op_symbol(static_cast<UnaryOp>(in.sub)));
                break;
            case Instruction::Op::Binary:
                out += "binary " + std::string(op_symbol(static_cast<BinaryOp>(in.sub)));
                break;
            case Instruction::Op::JmpIf:
                out += std::string("jump-if ") + (in.sub ? "true" : "false") + " +" +
                       std::to_string(in.payload);
                break;
            case Instruction::Op::Call: out += "call " + std::string(functions_[in.payload]->name); break;
            case Instruction::Op::ArrayAccess: out += "index"; break;
            case Instruction::Op::ArrayBuild: out += "array " + std::to_string(in.payload); break;
            case Instruction::Op::Regex: out += "matches /" + regexes_[in.payload]->pattern() + "/"; break;
        }
        out += '\n';
    }
    return out;
}

}  // namespace httpctl::expr
