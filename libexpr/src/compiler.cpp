// compile(): lexer + shunting-yard (parser.cpp) produce Stalwart's postfix program; this file
// turns the program into the typed tree by simulating its value stack symbolically, folding
// constant sub-expressions on the way.
#include "expr/compiler.hpp"

#include <algorithm>

#include "parser.hpp"

namespace httpctl::expr {

namespace {
// Trees deeper than this are evaluated by the postfix machine instead (no recursion limits).
constexpr std::uint32_t kMaxTreeDepth = 400;
}  // namespace

class ExpressionBuilder {
  public:
    ExpressionBuilder(Expression& e, bool fold) : e_(e), fold_(fold) {}

    // The Expression of a parsed program: its tree when it has one.
    static Expression assemble(std::string_view text, const CompileOptions& options,
                               detail::ProgramParts parts) {
        Expression e;
        e.source_ = std::string(text);
        e.dialect_ = options.dialect;
        e.program_ = std::move(parts.program);
        e.constants_ = std::move(parts.constants);
        e.names_ = std::move(parts.names);
        e.functions_ = std::move(parts.functions);
        e.regexes_ = std::move(parts.regexes);
        e.notes_ = std::move(parts.notes);
        {
            // The tree; on failure (no tree shape, or too deep) evaluation runs the program.
            ExpressionBuilder builder(e, options.fold_constants);
            const std::size_t notes_before = e.notes_.size();
            e.tree_ = builder.build();
            if (!e.tree_) {
                e.nodes_.clear();
                e.children_.clear();
                e.root_ = Expression::kNoNode;
                e.notes_.resize(notes_before);
            }
        }
        if (e.program_.empty()) {
            e.root_ = Expression::kNoNode;
            const bool blank = std::all_of(text.begin(), text.end(), [](char c) {
                return c == ' ' || c == '\r' || c == '\n';
            });
            if (!blank) {
                e.notes_.push_back(
                    {NoteKind::EmptyExpression, 0,
                     "the expression has no value: Stalwart treats the setting as unset"});
            }
        }
        return e;
    }

    // Builds the tree from e_.program_. Returns false when the program has no tree shape.
    bool build() {
        std::vector<std::uint32_t> stack;
        if (!build_range(0, static_cast<std::uint32_t>(e_.program_.size()), stack)) return false;
        if (stack.empty()) {
            e_.root_ = Expression::kNoNode;
        } else if (stack.size() == 1) {
            e_.root_ = stack[0];
        } else {
            e_.root_ = make(NodeKind::Sequence, 0, 0, stack, e_.nodes_[stack.front()].src_begin,
                            e_.nodes_[stack.back()].src_end);
        }
        if (e_.root_ != Expression::kNoNode && depth_[e_.root_] > kMaxTreeDepth) return false;
        return true;
    }

  private:
    std::uint32_t pop(std::vector<std::uint32_t>& stack, const Instruction& at) {
        if (stack.empty()) {
            // §5.1: popping an empty stack yields "" (the §3.8 missing-operand leniency).
            e_.notes_.push_back({NoteKind::MissingOperand, at.src_begin,
                                 "an operator or call is missing a value; Stalwart reads \"\""});
            return constant_node(Value(), at.src_begin, at.src_begin);
        }
        std::uint32_t n = stack.back();
        stack.pop_back();
        low_water_ = std::min<std::size_t>(low_water_, stack.size());
        return n;
    }

    std::uint32_t constant_node(Value v, std::uint32_t begin, std::uint32_t end) {
        e_.constants_.push_back(std::move(v));
        return leaf(NodeKind::Const, static_cast<std::uint32_t>(e_.constants_.size() - 1), begin,
                    end);
    }

    std::uint32_t leaf(NodeKind kind, std::uint32_t payload, std::uint32_t begin,
                       std::uint32_t end) {
        Node n{kind, 0, payload, 0, 0, begin, end};
        e_.nodes_.push_back(n);
        depth_.push_back(1);
        return static_cast<std::uint32_t>(e_.nodes_.size() - 1);
    }

    std::uint32_t make(NodeKind kind, std::uint8_t op, std::uint32_t payload,
                       const std::vector<std::uint32_t>& kids, std::uint32_t begin,
                       std::uint32_t end) {
        for (std::uint32_t k : kids) {
            begin = std::min(begin, e_.nodes_[k].src_begin);
            end = std::max(end, e_.nodes_[k].src_end);
        }
        if (fold_) {
            if (auto folded = try_fold(kind, op, payload, kids)) {
                return constant_node(std::move(*folded), begin, end);
            }
        }
        Node n{kind,
               op,
               payload,
               static_cast<std::uint32_t>(e_.children_.size()),
               static_cast<std::uint32_t>(kids.size()),
               begin,
               end};
        std::uint32_t depth = 1;
        for (std::uint32_t k : kids) {
            e_.children_.push_back(k);
            depth = std::max(depth, depth_[k] + 1);
        }
        e_.nodes_.push_back(n);
        depth_.push_back(depth);
        return static_cast<std::uint32_t>(e_.nodes_.size() - 1);
    }

    // Marks store look-ups with literal arguments, which the evaluator answers without building
    // an argument list (their text is the literal itself in every dialect).
    std::uint8_t call_flags(std::uint32_t function, const std::vector<std::uint32_t>& kids) const {
        const std::string_view name = e_.functions_[function]->name;
        if ((name == "key_get" || name == "key_exists") && kids.size() == 2 && is_const(kids[0]) &&
            const_value(kids[0]).is_string() && is_const(kids[1]) &&
            const_value(kids[1]).is_string()) {
            return kCallStoreLookup;
        }
        return 0;
    }

    bool is_const(std::uint32_t n) const { return e_.nodes_[n].kind == NodeKind::Const; }
    const Value& const_value(std::uint32_t n) const { return e_.constants_[e_.nodes_[n].payload]; }

    // Folds a node whose children are all constants when its result cannot depend on the
    // context and evaluating it has no effect (no look-ups, no regex captures).
    std::optional<Value> try_fold(NodeKind kind, std::uint8_t op, std::uint32_t payload,
                                  const std::vector<std::uint32_t>& kids) {
        if (!std::all_of(kids.begin(), kids.end(), [&](std::uint32_t k) { return is_const(k); })) {
            return std::nullopt;
        }
        switch (kind) {
            case NodeKind::Unary:
                return apply_unary(static_cast<UnaryOp>(op), Value(const_value(kids[0])));
            case NodeKind::Binary:
                // And/Or become Logical nodes once their jump region is closed.
                if (static_cast<BinaryOp>(op) == BinaryOp::And ||
                    static_cast<BinaryOp>(op) == BinaryOp::Or) {
                    return std::nullopt;
                }
                return apply_binary(static_cast<BinaryOp>(op), Value(const_value(kids[0])),
                                    Value(const_value(kids[1])));
            case NodeKind::Logical: {
                const Value& l = const_value(kids[0]);
                const bool is_or = static_cast<BinaryOp>(op) == BinaryOp::Or;
                if (truthy(l) == is_or) return l;
                return apply_binary(static_cast<BinaryOp>(op), Value(l),
                                    Value(const_value(kids[1])));
            }
            case NodeKind::ArrayBuild: {
                Array a;
                a.reserve(kids.size());
                for (std::uint32_t k : kids)
                    a.push_back(const_value(k));
                return Value(std::move(a));
            }
            case NodeKind::Index:
                return apply_index(Value(const_value(kids[0])), const_value(kids[1]));
            case NodeKind::Call: {
                const FunctionInfo& f = *e_.functions_[payload];
                if (f.kind != FunctionKind::Pure) return std::nullopt;
                Value args[4];
                for (std::size_t i = 0; i < kids.size(); ++i)
                    args[i] = const_value(kids[i]);
                CallEnv env;
                env.dialect = e_.dialect_;
                Value out;
                if (!f.impl(std::span<Value>(args, kids.size()), env, out)) return std::nullopt;
                return out;
            }
            case NodeKind::Sequence:
                return const_value(kids.back());
            default:
                return std::nullopt;
        }
    }

    // Simulates program[begin, end) on `stack`. A JmpIf region becomes a Logical node when its
    // stack effect is the regular one (consume the left operand, leave one value).
    bool build_range(std::uint32_t begin, std::uint32_t end, std::vector<std::uint32_t>& stack) {
        for (std::uint32_t i = begin; i < end; ++i) {
            const Instruction& in = e_.program_[i];
            using Op = Instruction::Op;
            switch (in.op) {
                case Op::PushConst: {
                    Node n{NodeKind::Const, 0, in.payload, 0, 0, in.src_begin, in.src_end};
                    e_.nodes_.push_back(n);
                    depth_.push_back(1);
                    stack.push_back(static_cast<std::uint32_t>(e_.nodes_.size() - 1));
                    break;
                }
                case Op::PushVar:
                    stack.push_back(leaf(NodeKind::Var, in.payload, in.src_begin, in.src_end));
                    break;
                case Op::PushGlobal:
                    stack.push_back(leaf(NodeKind::Global, in.payload, in.src_begin, in.src_end));
                    break;
                case Op::PushCapture:
                    stack.push_back(leaf(NodeKind::Capture, in.payload, in.src_begin, in.src_end));
                    break;
                case Op::PushSetting:
                    stack.push_back(leaf(NodeKind::Setting, in.payload, in.src_begin, in.src_end));
                    break;
                case Op::Unary: {
                    std::uint32_t a = pop(stack, in);
                    stack.push_back(
                        make(NodeKind::Unary, in.sub, 0, {a}, in.src_begin, in.src_end));
                    break;
                }
                case Op::Binary: {
                    std::uint32_t r = pop(stack, in);
                    std::uint32_t l = pop(stack, in);
                    stack.push_back(
                        make(NodeKind::Binary, in.sub, 0, {l, r}, in.src_begin, in.src_end));
                    break;
                }
                case Op::Call:
                case Op::ArrayBuild: {
                    const bool call = in.op == Op::Call;
                    const std::uint32_t n = call ? e_.functions_[in.payload]->arity : in.payload;
                    std::vector<std::uint32_t> kids(n);
                    for (std::uint32_t k = n; k-- > 0;)
                        kids[k] = pop(stack, in);
                    stack.push_back(make(call ? NodeKind::Call : NodeKind::ArrayBuild,
                                         call ? call_flags(in.payload, kids) : 0,
                                         call ? in.payload : 0, kids, in.src_begin, in.src_end));
                    break;
                }
                case Op::ArrayAccess: {
                    std::uint32_t idx = pop(stack, in);
                    std::uint32_t base = pop(stack, in);
                    stack.push_back(
                        make(NodeKind::Index, 0, 0, {base, idx}, in.src_begin, in.src_end));
                    break;
                }
                case Op::Regex: {
                    std::uint32_t subject = pop(stack, in);
                    stack.push_back(
                        make(NodeKind::Match, 0, in.payload, {subject}, in.src_begin, in.src_end));
                    break;
                }
                case Op::JmpIf: {
                    const std::uint32_t region_end = i + 1 + in.payload;
                    if (stack.empty()) {
                        if (in.sub == 0) {
                            // §3.8: `&& x` with nothing before: the jump is always taken.
                            e_.notes_.push_back({NoteKind::DeadOperand, in.src_begin,
                                                 "`&&` has no left operand: Stalwart skips "
                                                 "everything up to its right operand's end"});
                            i = region_end - 1;
                        }
                        // `|| x` with nothing before never jumps: the region runs as written.
                        break;
                    }
                    const std::size_t depth = stack.size();
                    const std::uint32_t left = stack.back();
                    const std::size_t saved_low = low_water_;
                    low_water_ = depth;
                    if (!build_range(i + 1, region_end, stack)) return false;
                    const bool regular = stack.size() == depth && low_water_ + 1 >= depth &&
                                         e_.nodes_[stack.back()].kind == NodeKind::Binary &&
                                         e_.children_[e_.nodes_[stack.back()].first_child] == left;
                    low_water_ = std::min(saved_low, low_water_);
                    if (!regular) return false;
                    to_logical(stack);
                    i = region_end - 1;
                    break;
                }
            }
        }
        return true;
    }

    // Turns the Binary And/Or on top of the stack into a short-circuit node (and folds it).
    void to_logical(std::vector<std::uint32_t>& stack) {
        Node& n = e_.nodes_[stack.back()];
        const std::uint32_t l = e_.children_[n.first_child];
        const std::uint32_t r = e_.children_[n.first_child + 1];
        const std::uint8_t op = n.op;
        const std::uint32_t begin = n.src_begin, end = n.src_end;
        stack.back() = make(NodeKind::Logical, op, 0, {l, r}, begin, end);
    }

    Expression& e_;
    bool fold_;
    std::vector<std::uint32_t> depth_;
    std::size_t low_water_ = 0;
};

std::uint32_t column_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::size_t nl = offset == 0 ? std::string_view::npos : text.rfind('\n', offset - 1);
    const std::size_t line_begin = nl == std::string_view::npos ? 0 : nl + 1;
    std::uint32_t col = 1;
    for (std::size_t i = line_begin; i < offset; ++i) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
}

CompileResult compile(std::string_view text, const CompileOptions& options) {
    detail::ProgramParts parts;
    if (text.size() > 0xFFFFFFF0u) {
        CompileError e;
        e.code = "E-TOO-LONG";
        e.message = "Expression longer than 4 GiB";
        return e;
    }
    if (auto error = detail::parse_to_program(text, options, parts)) return std::move(*error);
    return ExpressionBuilder::assemble(text, options, std::move(parts));
}

}  // namespace httpctl::expr
