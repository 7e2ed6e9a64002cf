// Explaining an evaluation: an EvalObserver records every node's value per expression, and the
// rendering walks each tree parent-first so the reader sees a value above the values it used.
#include "expr/explain.hpp"

#include <cctype>
#include <limits>

namespace httpctl::expr {

namespace {

constexpr std::size_t kNotChosen = std::numeric_limits<std::size_t>::max();
constexpr std::size_t kMaxSourceWidth = 72;

class Recorder final : public EvalObserver {
  public:
    Recorder(const Evaluator& ev, Explanation& into) : ev_(ev), into_(into) {}
    void on_value(const Expression& e, std::uint32_t node, const Value& v) override {
        ExpressionTrace& trace = into_.traces[&e];
        trace.values[node] = v;
        // §5.3: a match replaces the shared capture list; show it as it stood right then.
        if (e.node(node).kind == NodeKind::Match) trace.captures_after_match[node] = ev_.captures();
    }

  private:
    const Evaluator& ev_;
    Explanation& into_;
};

std::string one_line(std::string_view text) {
    std::string out;
    for (char c : text)
        out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
    if (out.size() > kMaxSourceWidth) {
        std::size_t cut = kMaxSourceWidth - 3;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80)
            --cut;
        out = out.substr(0, cut) + "...";
    }
    return out;
}

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \r\n");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \r\n") - first + 1);
}

// A quoted string, a number, `true`/`false` or a duration: one token of literal text.
bool is_single_literal(std::string_view text) {
    if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"') &&
        text.back() == text.front() &&
        text.substr(1, text.size() - 2).find(text.front()) == std::string_view::npos) {
        return true;
    }
    if (text.empty()) return false;
    for (char c : text) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.')) return false;
    }
    return true;
}

std::string value_and_type(const Value& v) {
    return debug_string(v) + " : " + std::string(type_name(v.type()));
}

std::string render_captures(const Captures& captures) {
    if (captures.empty()) return "captures: (none)";
    std::string out = "captures:";
    for (std::size_t i = 0; i < captures.size(); ++i) {
        out += (i == 0 ? " $" : ", $") + std::to_string(i) + " = " +
               debug_string(Value(std::string_view(captures[i])));
    }
    return out;
}

void render_node(const Expression& e, const ExpressionTrace& trace, std::uint32_t index, int depth,
                 bool is_root, std::string& out) {
    const Node& n = e.node(index);
    // Literals say what they are; listing them would only repeat the source. A folded constant
    // (`1 + 2`) is shown.
    std::string_view text =
        std::string_view(e.source()).substr(n.src_begin, n.src_end - n.src_begin);
    if (is_root) text = trim(e.source());  // the root's range leaves out enclosing parentheses
    const bool show = is_root || n.kind != NodeKind::Const || !is_single_literal(text);
    int child_depth = depth;
    if (show) {
        const std::string indent(static_cast<std::size_t>(depth) * 2 + 2, ' ');
        out += indent + one_line(text);
        auto it = trace.values.find(index);
        out += it == trace.values.end() ? "  (not evaluated)" : " = " + value_and_type(it->second);
        out += '\n';
        if (auto c = trace.captures_after_match.find(index);
            c != trace.captures_after_match.end()) {
            out += indent + "  " + render_captures(c->second) + '\n';
        }
        child_depth = depth + 1;
    }
    for (std::uint32_t i = 0; i < n.child_count; ++i) {
        render_node(e, trace, e.child(n, i), child_depth, false, out);
    }
}

void render_expression(const Expression& e, const Explanation& x, std::string& out) {
    if (!e.has_tree()) {
        // §3.8: inputs with no tree shape run as Stalwart's postfix program, step by step.
        out += "  (evaluated as Stalwart's postfix program; no per-step values)\n";
        return;
    }
    if (e.root() == Expression::kNoNode) {
        out += "  (empty expression: evaluates to \"\")\n";
        return;
    }
    static const ExpressionTrace kNothing;
    auto it = x.traces.find(&e);
    render_node(e, it == x.traces.end() ? kNothing : it->second, e.root(), 0, true, out);
}

}  // namespace

Explanation explain(Evaluator& ev, const IfBlock& block) {
    Explanation x;
    x.chosen = kNotChosen;
    Recorder recorder(ev, x);
    ev.set_observer(&recorder);
    x.ok = block.evaluate(ev, x.result, &x.chosen);
    ev.set_observer(nullptr);
    if (!x.ok) x.error = ev.error();
    return x;
}

std::string render_explanation(const IfBlock& block, const Explanation& x) {
    std::string out;
    const auto& branches = block.branches();
    for (std::size_t i = 0; i < branches.size(); ++i) {
        const Expression& condition = branches[i].condition;
        const bool tried = (x.chosen != kNotChosen && i <= x.chosen) || x.traces.count(&condition);
        if (!tried) break;
        out += "if #" + std::to_string(i + 1) + ": " + one_line(condition.source()) + "\n";
        render_expression(condition, x, out);
        if (x.chosen == i) {
            out += "  -> true, take then #" + std::to_string(i + 1) + "\n";
            out += "then #" + std::to_string(i + 1) + ": " + one_line(branches[i].value.source()) +
                   "\n";
            render_expression(branches[i].value, x, out);
        } else if (x.chosen != kNotChosen) {
            out += "  -> false\n";
        }
    }
    if (x.chosen == branches.size()) {
        out += (branches.empty() ? "expression: " : "else: ") +
               one_line(block.otherwise().source()) + "\n";
        render_expression(block.otherwise(), x, out);
    }
    if (!x.ok) {
        out += "error: evaluation aborted: " + x.error + "\n";
        return out;
    }
    out += "result: " + value_and_type(x.result);
    if (!branches.empty()) {
        out += x.chosen == branches.size() ? " (from else)"
                                           : " (from then #" + std::to_string(x.chosen + 1) + ")";
    }
    out += "\n";
    return out;
}

}  // namespace httpctl::expr
