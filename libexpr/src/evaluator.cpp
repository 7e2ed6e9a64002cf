// The evaluator: a recursive walk of the tree, or (for programs with no tree shape) Stalwart's
// stack machine run on the postfix program (spec expressions.md §5.1).
#include "expr/evaluator.hpp"

#include "expr/operators.hpp"
#include "expr/stores.hpp"

namespace httpctl::expr {

bool Evaluator::evaluate(const Expression& e, Value& out, bool keep_captures) {
    if (!keep_captures) captures_.clear();
    env_.error.clear();
    env_.dialect = e.dialect();
    if (!e.has_tree()) return eval_program(e, out);
    if (e.root() == Expression::kNoNode) {
        out = Value();
        return true;
    }
    return eval_node(e, e.root(), out);
}

void Evaluator::read_global(const std::string& name, Value& out) const {
    // §7.5: every context of the HTTP side answers Integer(0) for any global.
    if (context_.globals != nullptr) {
        if (auto it = context_.globals->find(name); it != context_.globals->end()) {
            out = it->second;
            return;
        }
    }
    out = Value(std::int64_t{0});
}

bool Evaluator::read_setting(const std::string& key, Value& out) {
    return read_config_setting(key, context_, out, env_.error);
}

bool Evaluator::call(const FunctionInfo& f, std::span<Value> args, Value& out) {
    if (f.impl(args, env_, out)) return true;
    if (env_.error.empty()) env_.error = std::string(f.name) + ": failed";
    return false;
}

bool Evaluator::match(const Expression& e, std::uint32_t regex, const Value& subject, Value& out) {
    // §5.3: the subject as text; captures are replaced by this match's groups.
    const Regex& re = e.regex(regex);
    bool found;
    if (subject.is_string()) {
        found = re.search(subject.as_string(), captures_);
    } else {
        text_.clear();
        append_text(subject, e.dialect(), text_);
        found = re.search(text_.view(), captures_);
    }
    out = Value(std::int64_t{found ? 1 : 0});
    return true;
}

// Constants and variables, the most common children, are copied here without a recursive call.
inline bool Evaluator::eval_child(const Expression& e, std::uint32_t index, Value& out) {
    if (observer_ == nullptr) {
        const Node& n = e.node(index);
        if (n.kind == NodeKind::Const) {
            out = e.constant(n.payload);
            return true;
        }
        if (n.kind == NodeKind::Var) {
            out = context_.vars[n.payload];
            return true;
        }
    }
    return eval_node(e, index, out);
}

const Value* Evaluator::peek(const Expression& e, std::uint32_t index) const {
    const Node& n = e.node(index);
    if (observer_ != nullptr) return nullptr;  // the observer wants every node's value
    if (n.kind == NodeKind::Const) return &e.constant(n.payload);
    if (n.kind == NodeKind::Var) return &context_.vars[n.payload];
    if (n.kind == NodeKind::Call && n.op == kCallStoreLookup) return store_lookup(e, n);
    return nullptr;
}

const Value* Evaluator::store_lookup(const Expression& e, const Node& n) const {
    // Literal arguments need no materialising: ask the in-memory stores directly; any other
    // store goes through the ordinary call (functions/lookup.cpp).
    if (context_.stores == nullptr) return nullptr;
    const std::string_view store = e.constant(e.node(e.child(n, 0)).payload).as_string();
    const std::string_view key = e.constant(e.node(e.child(n, 1)).payload).as_string();
    return e.function(n.payload).name == "key_exists"
               ? context_.stores->key_exists_answer(store, key)
               : context_.stores->key_get_answer(store, key);
}

bool Evaluator::eval_node(const Expression& e, std::uint32_t index, Value& out) {
    const Node& n = e.node(index);
    switch (n.kind) {
        case NodeKind::Const:
            out = e.constant(n.payload);
            break;
        case NodeKind::Var:
            out = context_.vars[n.payload];
            break;
        case NodeKind::Global:
            read_global(e.name(n.payload), out);
            break;
        case NodeKind::Capture:
            if (n.payload < captures_.size()) {
                out = Value(std::string_view(captures_[n.payload]));
            } else {
                out = Value();
            }
            break;
        case NodeKind::Setting:
            if (!read_setting(e.name(n.payload), out)) return false;
            break;
        case NodeKind::Unary: {
            if (!eval_child(e, e.child(n, 0), out)) return false;
            out = apply_unary(static_cast<UnaryOp>(n.op), std::move(out));
            break;
        }
        case NodeKind::Binary: {
            const auto op = static_cast<BinaryOp>(n.op);
            if (!binary_consumes_operands(op)) {
                // Comparisons and friends only read their operands: no copies of leaves.
                const Value* left = peek(e, e.child(n, 0));
                const Value* right = peek(e, e.child(n, 1));
                if (left != nullptr && right != nullptr) {
                    out = apply_binary(op, *left, *right);
                    break;
                }
            }
            if (!eval_child(e, e.child(n, 0), out)) return false;
            // A non-empty string on the left and a constant or variable on the right: append
            // straight from where the right value lives (§4.10), no copy.
            if (op == BinaryOp::Add && out.is_string() && !out.as_string().empty() &&
                observer_ == nullptr) {
                const Value* leaf = peek(e, e.child(n, 1));
                if (leaf != nullptr && !leaf->is_array()) {
                    append_display(*leaf, out.string_mut());
                    break;
                }
            }
            const Value* leaf = peek(e, e.child(n, 1));
            if (leaf != nullptr && !binary_consumes_operands(op)) {
                out = apply_binary(op, out, *leaf);
                break;
            }
            Value right;
            if (!eval_child(e, e.child(n, 1), right)) return false;
            apply_binary_in_place(op, out, std::move(right));
            break;
        }
        case NodeKind::Logical: {
            // §5.2: a short-circuit keeps the left operand's own value.
            if (!eval_child(e, e.child(n, 0), out)) return false;
            const bool is_or = static_cast<BinaryOp>(n.op) == BinaryOp::Or;
            const bool left = truthy(out);
            if (left != is_or) {
                Value right;
                if (!eval_child(e, e.child(n, 1), right)) return false;
                const bool r = truthy(right);
                out = Value(std::int64_t{is_or ? (left || r) : (left && r)});
            }
            break;
        }
        case NodeKind::Call: {
            if (n.op == kCallStoreLookup) {
                if (const Value* stored = store_lookup(e, n)) {
                    out = *stored;
                    break;
                }
            }
            Value args[4];
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                if (!eval_child(e, e.child(n, i), args[i])) return false;
            }
            if (!call(e.function(n.payload), std::span<Value>(args, n.child_count), out)) {
                return false;
            }
            break;
        }
        case NodeKind::ArrayBuild: {
            Array a(n.child_count);
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                if (!eval_child(e, e.child(n, i), a[i])) return false;
            }
            out = Value(std::move(a));
            break;
        }
        case NodeKind::Index: {
            if (!eval_child(e, e.child(n, 0), out)) return false;
            Value index;
            if (!eval_child(e, e.child(n, 1), index)) return false;
            out = apply_index(std::move(out), index);
            break;
        }
        case NodeKind::Match: {
            if (const Value* leaf = peek(e, e.child(n, 0))) {
                match(e, n.payload, *leaf, out);
                break;
            }
            Value subject;
            if (!eval_child(e, e.child(n, 0), subject)) return false;
            match(e, n.payload, subject, out);
            break;
        }
        case NodeKind::Sequence:
            // §3.8: every value is computed (look-ups and captures happen), the last one wins.
            for (std::uint32_t i = 0; i < n.child_count; ++i) {
                if (!eval_child(e, e.child(n, i), out)) return false;
            }
            break;
    }
    if (observer_ != nullptr) observer_->on_value(e, index, out);
    return true;
}

bool Evaluator::eval_program(const Expression& e, Value& out) {
    stack_.clear();
    auto pop = [this]() -> Value {
        // §5.1: popping an empty stack yields "".
        if (stack_.empty()) return Value();
        Value v = std::move(stack_.back());
        stack_.pop_back();
        return v;
    };
    const std::vector<Instruction>& program = e.program();
    for (std::size_t i = 0; i < program.size(); ++i) {
        const Instruction& in = program[i];
        using Op = Instruction::Op;
        switch (in.op) {
            case Op::PushConst:
                stack_.push_back(e.constant(in.payload));
                break;
            case Op::PushVar:
                stack_.push_back(context_.vars[in.payload]);
                break;
            case Op::PushGlobal: {
                Value v;
                read_global(e.name(in.payload), v);
                stack_.push_back(std::move(v));
                break;
            }
            case Op::PushCapture:
                stack_.push_back(in.payload < captures_.size()
                                     ? Value(std::string_view(captures_[in.payload]))
                                     : Value());
                break;
            case Op::PushSetting: {
                Value v;
                if (!read_setting(e.name(in.payload), v)) return false;
                stack_.push_back(std::move(v));
                break;
            }
            case Op::Unary: {
                Value a = pop();
                stack_.push_back(apply_unary(static_cast<UnaryOp>(in.sub), std::move(a)));
                break;
            }
            case Op::Binary: {
                Value r = pop();
                Value l = pop();
                stack_.push_back(
                    apply_binary(static_cast<BinaryOp>(in.sub), std::move(l), std::move(r)));
                break;
            }
            case Op::JmpIf: {
                // §5.2: inspects the top without popping it.
                const bool top = !stack_.empty() && truthy(stack_.back());
                if (top == (in.sub == 1)) i += in.payload;
                break;
            }
            case Op::Call: {
                const FunctionInfo& f = e.function(in.payload);
                Value args[4];
                for (std::uint32_t k = f.arity; k-- > 0;)
                    args[k] = pop();
                Value result;
                if (!call(f, std::span<Value>(args, f.arity), result)) return false;
                stack_.push_back(std::move(result));
                break;
            }
            case Op::ArrayAccess: {
                Value index = pop();
                Value base = pop();
                stack_.push_back(apply_index(std::move(base), index));
                break;
            }
            case Op::ArrayBuild: {
                Array a(in.payload);
                for (std::uint32_t k = in.payload; k-- > 0;)
                    a[k] = pop();
                stack_.push_back(Value(std::move(a)));
                break;
            }
            case Op::Regex: {
                Value subject = pop();
                Value result;
                match(e, in.payload, subject, result);
                stack_.push_back(std::move(result));
                break;
            }
        }
    }
    out = stack_.empty() ? Value() : std::move(stack_.back());
    return true;
}

}  // namespace httpctl::expr
