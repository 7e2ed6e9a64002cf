// Stalwart's shunting-yard parser (spec expressions.md §3.3), reproduced step by step so that
// every leniency of §3.8 comes out exactly as in Stalwart. It emits the postfix program of §3.10;
// tree_builder.cpp turns that program into the typed tree.
#include "parser.hpp"

#include <vector>

#include "lexer.hpp"

namespace httpctl::expr::detail {

namespace {

struct OpEntry {
    enum class Kind : std::uint8_t {
        Binary,
        Unary,
        LParen,
        LBracket,
        Function,
        ArrayFn,
        IndexFn,
        Regex,
        Setting
    };
    Kind kind;
    std::uint8_t op = 0;
    std::uint32_t jump = 0;     // Binary And/Or: index of its JmpIf
    std::uint32_t payload = 0;  // pool index (function, regex, setting name)
    std::int64_t expected = 0;  // Function arity / ArrayFn element count
    std::uint32_t src_begin = 0;
    std::uint32_t src_end = 0;
};

bool starts_value(Token::Kind k) {
    switch (k) {
        case Token::Kind::Const:
        case Token::Kind::Var:
        case Token::Kind::Capture:
        case Token::Kind::Global:
        case Token::Kind::Function:
        case Token::Kind::Regex:
        case Token::Kind::Setting:
        case Token::Kind::Unary:
        case Token::Kind::LParen:
        case Token::Kind::LBracket: return true;
        default: return false;
    }
}

bool ends_value(Token::Kind k) {
    switch (k) {
        case Token::Kind::Const:
        case Token::Kind::Var:
        case Token::Kind::Capture:
        case Token::Kind::Global:
        case Token::Kind::RParen:
        case Token::Kind::RBracket: return true;
        default: return false;
    }
}

class ShuntingYard {
public:
    ShuntingYard(std::string_view text, const CompileOptions& options, ProgramParts& out)
        : text_(text), options_(options), out_(out), lexer_(text, options, out.notes) {}

    std::optional<CompileError> run() {
        std::optional<Token::Kind> previous;
        while (true) {
            std::optional<Token> token = lexer_.next();
            if (!token) {
                if (lexer_.error()) return lexer_.error();
                break;
            }
            note_adjacency(previous, *token);
            previous = token->kind;
            if (!step(*token)) return error_;
        }
        // End of input: every remaining entry must be an operator (§3.3).
        while (!ops_.empty()) {
            OpEntry e = ops_.back();
            ops_.pop_back();
            if (e.kind != OpEntry::Kind::Binary && e.kind != OpEntry::Kind::Unary) {
                return make_error("E-UNCLOSED", "Invalid token on the operator stack", e.src_begin,
                                  e.src_end, unclosed_help(e));
            }
            emit_operator(e);
        }
        return std::nullopt;
    }

private:
    std::string unclosed_help(const OpEntry& e) const {
        switch (e.kind) {
            case OpEntry::Kind::Function:
                return "`" + std::string(out_.functions[e.payload]->name) +
                       "` is a function: call it with parentheses";
            case OpEntry::Kind::ArrayFn:
            case OpEntry::Kind::IndexFn:
            case OpEntry::Kind::LBracket: return "this `[` is never closed";
            default: return {};
        }
    }

    void note(NoteKind kind, std::uint32_t offset, std::string message) {
        out_.notes.push_back({kind, offset, std::move(message)});
    }

    // Leniency notes that depend on neighbouring tokens (§3.4, §3.6, §3.8).
    void note_adjacency(const std::optional<Token::Kind>& previous, const Token& t) {
        if (t.kind == Token::Kind::Comma) {
            if (!previous || *previous == Token::Kind::Comma ||
                *previous == Token::Kind::LParen || *previous == Token::Kind::LBracket) {
                note(NoteKind::StrayComma, t.begin, "a comma with no value before it is ignored");
            }
            return;
        }
        if (!previous || !ends_value(*previous) || !starts_value(t.kind)) return;
        if (t.kind == Token::Kind::LBracket && !last_was_operand_) {
            note(NoteKind::ValueThenBracket, t.begin,
                 "`[` after a constant starts a new array, it does not index the constant");
            return;
        }
        if (t.kind == Token::Kind::LBracket) return;  // an index
        if (in_call_level()) {
            note(NoteKind::MissingComma, t.begin,
                 "two arguments without a comma between them");
        } else {
            note(NoteKind::JuxtaposedValues, t.begin,
                 "two values side by side: Stalwart keeps only the last one");
        }
    }

    bool in_call_level() const {
        for (auto it = ops_.rbegin(); it != ops_.rend(); ++it) {
            if (it->kind == OpEntry::Kind::LParen || it->kind == OpEntry::Kind::LBracket) {
                auto below = it + 1;
                if (below == ops_.rend()) return false;
                return below->kind == OpEntry::Kind::Function ||
                       below->kind == OpEntry::Kind::ArrayFn ||
                       below->kind == OpEntry::Kind::IndexFn ||
                       below->kind == OpEntry::Kind::Regex || below->kind == OpEntry::Kind::Setting;
            }
        }
        return false;
    }

    std::optional<CompileError> make_error(std::string code, std::string message, std::size_t begin,
                                           std::size_t end, std::string help = {}) {
        CompileError e;
        e.code = std::move(code);
        e.message = std::move(message);
        e.help = std::move(help);
        e.offset = begin;
        e.end = end;
        e.column = column_of(text_, begin);
        return e;
    }

    bool fail(std::string code, std::string message, std::size_t begin, std::size_t end,
              std::string help = {}) {
        error_ = make_error(std::move(code), std::move(message), begin, end, std::move(help));
        return false;
    }

    std::uint32_t push(Instruction::Op op, std::uint8_t sub, std::uint32_t payload,
                       std::uint32_t begin, std::uint32_t end) {
        out_.program.push_back({op, sub, payload, begin, end});
        return static_cast<std::uint32_t>(out_.program.size() - 1);
    }

    // §3.3 *bump*: one more operand at the current level; an array literal directly below the
    // top entry counts one more element.
    void bump() {
        if (!counts_.empty()) ++counts_.back();
        if (ops_.size() >= 2 && ops_[ops_.size() - 2].kind == OpEntry::Kind::ArrayFn) {
            ++ops_[ops_.size() - 2].expected;
        }
    }

    void emit_operator(const OpEntry& e) {
        if (e.kind == OpEntry::Kind::Unary) {
            push(Instruction::Op::Unary, e.op, 0, e.src_begin, e.src_end);
            return;
        }
        auto op = static_cast<BinaryOp>(e.op);
        if (op == BinaryOp::And || op == BinaryOp::Or) {
            // Jump patching: skip the right operand and the And/Or itself (§3.3, §3.7).
            out_.program[e.jump].payload =
                static_cast<std::uint32_t>(out_.program.size() - e.jump);
        }
        push(Instruction::Op::Binary, e.op, 0, e.src_begin, e.src_end);
    }

    bool check_nesting(const Token& t) {
        if (++nesting_ > options_.max_nesting) {
            return fail("E-TOO-DEEP",
                        "Expression nested deeper than " + std::to_string(options_.max_nesting) +
                            " levels",
                        t.begin, t.end, "simplify the expression");
        }
        return true;
    }

    std::uint32_t pool_string(std::string text) {
        out_.names.push_back(std::move(text));
        return static_cast<std::uint32_t>(out_.names.size() - 1);
    }

    bool step(const Token& t) {
        using K = Token::Kind;
        switch (t.kind) {
            case K::Const:
                bump();
                out_.constants.push_back(t.value);
                push(Instruction::Op::PushConst, 0,
                     static_cast<std::uint32_t>(out_.constants.size() - 1), t.begin, t.end);
                last_was_operand_ = false;  // §3.6: only variables, `)` and `]` allow indexing
                return true;
            case K::Var:
                bump();
                push(Instruction::Op::PushVar, 0, static_cast<std::uint32_t>(t.variable), t.begin,
                     t.end);
                last_was_operand_ = true;
                return true;
            case K::Capture:
                bump();
                push(Instruction::Op::PushCapture, 0, t.number, t.begin, t.end);
                last_was_operand_ = false;
                return true;
            case K::Global:
                bump();
                push(Instruction::Op::PushGlobal, 0, pool_string(t.text), t.begin, t.end);
                last_was_operand_ = false;
                return true;
            case K::Unary:
                ops_.push_back({OpEntry::Kind::Unary, static_cast<std::uint8_t>(t.unary), 0, 0, 0,
                                t.begin, t.end});
                last_was_operand_ = false;
                return true;
            case K::LParen:
                if (!check_nesting(t)) return false;
                ops_.push_back({OpEntry::Kind::LParen, 0, 0, 0, 0, t.begin, t.end});
                last_was_operand_ = false;
                return true;
            case K::Function: {
                bump();
                counts_.push_back(0);
                out_.functions.push_back(t.function);
                ops_.push_back({OpEntry::Kind::Function, 0, 0,
                                static_cast<std::uint32_t>(out_.functions.size() - 1),
                                t.function->arity, t.begin, t.end});
                last_was_operand_ = false;
                return true;
            }
            case K::Regex: {
                bump();
                counts_.push_back(0);
                out_.regexes.push_back(t.regex);
                ops_.push_back({OpEntry::Kind::Regex, 0, 0,
                                static_cast<std::uint32_t>(out_.regexes.size() - 1), 1, t.begin,
                                t.end});
                last_was_operand_ = false;
                return true;
            }
            case K::Setting: {
                bump();
                counts_.push_back(0);
                ops_.push_back({OpEntry::Kind::Setting, 0, 0, pool_string(t.text), 0, t.begin,
                                t.end});
                last_was_operand_ = false;
                return true;
            }
            case K::Binary: return binary(t);
            case K::Comma:
                while (!ops_.empty() && (ops_.back().kind == OpEntry::Kind::Binary ||
                                         ops_.back().kind == OpEntry::Kind::Unary)) {
                    emit_operator(ops_.back());
                    ops_.pop_back();
                }
                last_was_operand_ = false;
                return true;
            case K::LBracket:
                if (!check_nesting(t)) return false;
                if (last_was_operand_) {
                    counts_.push_back(1);
                    ops_.push_back({OpEntry::Kind::IndexFn, 0, 0, 0, 2, t.begin, t.end});
                } else {
                    bump();
                    counts_.push_back(0);
                    ops_.push_back({OpEntry::Kind::ArrayFn, 0, 0, 0, 0, t.begin, t.end});
                }
                ops_.push_back({OpEntry::Kind::LBracket, 0, 0, 0, 0, t.begin, t.end});
                last_was_operand_ = false;
                return true;
            case K::RParen:
            case K::RBracket: return close(t);
        }
        return true;
    }

    bool binary(const Token& t) {
        if (!counts_.empty()) --counts_.back();
        const int prec = precedence(t.binary);
        while (!ops_.empty()) {
            const OpEntry& top = ops_.back();
            bool pop = top.kind == OpEntry::Kind::Unary ||
                       (top.kind == OpEntry::Kind::Binary &&
                        precedence(static_cast<BinaryOp>(top.op)) >= prec);
            if (!pop) break;
            emit_operator(top);
            ops_.pop_back();
        }
        OpEntry e{OpEntry::Kind::Binary, static_cast<std::uint8_t>(t.binary), 0, 0, 0, t.begin,
                  t.end};
        if (t.binary == BinaryOp::And || t.binary == BinaryOp::Or) {
            e.jump = push(Instruction::Op::JmpIf, t.binary == BinaryOp::Or ? 1 : 0, 0, t.begin,
                          t.end);
        }
        ops_.push_back(e);
        last_was_operand_ = false;
        return true;
    }

    bool close(const Token& t) {
        const bool paren = t.kind == Token::Kind::RParen;
        const auto opener = paren ? OpEntry::Kind::LParen : OpEntry::Kind::LBracket;
        while (true) {
            if (ops_.empty()) {
                return fail("E-MISMATCHED", "Mismatched parentheses", t.begin, t.end,
                            paren ? "this `)` has no matching `(`" : "this `]` has no matching `[`");
            }
            OpEntry e = ops_.back();
            ops_.pop_back();
            if (e.kind == opener) break;
            if (e.kind != OpEntry::Kind::Binary && e.kind != OpEntry::Kind::Unary) {
                return fail("E-MISMATCHED", "Mismatched parentheses", t.begin, t.end,
                            paren ? "expected `]` before this `)`" : "expected `)` before this `]`");
            }
            emit_operator(e);
        }
        --nesting_;
        last_was_operand_ = true;
        if (ops_.empty()) return true;
        const OpEntry top = ops_.back();
        switch (top.kind) {
            case OpEntry::Kind::Function:
            case OpEntry::Kind::ArrayFn:
            case OpEntry::Kind::IndexFn: {
                const std::int64_t got = counts_.back();
                counts_.pop_back();
                if (got != top.expected) {
                    if (top.kind == OpEntry::Kind::IndexFn) {
                        return fail("E-INDEX", "Missing array index", top.src_begin, t.end,
                                    "an index is one expression: x[0]; `-` after `[` is binary");
                    }
                    std::string name = top.kind == OpEntry::Kind::ArrayFn
                                           ? "array"
                                           : std::string(out_.functions[top.payload]->name);
                    std::string help;
                    if (top.kind == OpEntry::Kind::ArrayFn) {
                        help = "an element starting with `(`, `-` or `!` is not counted; write "
                               "`0 - 2` instead of `-2`";
                    } else {
                        help = "`" + name + "` takes " + std::to_string(top.expected) +
                               " argument" + (top.expected == 1 ? "" : "s");
                    }
                    return fail("E-ARITY",
                                "Expression function \"" + name + "\" expected " +
                                    std::to_string(top.expected) + " arguments, got " +
                                    std::to_string(got),
                                top.src_begin, t.end, help);
                }
                ops_.pop_back();
                if (top.kind == OpEntry::Kind::Function) {
                    push(Instruction::Op::Call, 0, top.payload, top.src_begin, t.end);
                } else if (top.kind == OpEntry::Kind::ArrayFn) {
                    push(Instruction::Op::ArrayBuild, 0, static_cast<std::uint32_t>(top.expected),
                         top.src_begin, t.end);
                } else {
                    push(Instruction::Op::ArrayAccess, 0, 0, top.src_begin, t.end);
                }
                return true;
            }
            case OpEntry::Kind::Regex: {
                const std::int64_t got = counts_.back();
                counts_.pop_back();
                if (got != 1) {
                    return fail("E-ARITY", "Expression function \"matches\" expected 2 arguments",
                                top.src_begin, t.end, "matches('regex', value)");
                }
                ops_.pop_back();
                push(Instruction::Op::Regex, 0, top.payload, top.src_begin, t.end);
                return true;
            }
            case OpEntry::Kind::Setting: {
                const std::int64_t got = counts_.back();
                counts_.pop_back();
                if (got != 0) {
                    return fail("E-ARITY", "Expression function \"config_get\" expected 1 argument",
                                top.src_begin, t.end, "config_get('setting.key')");
                }
                ops_.pop_back();
                push(Instruction::Op::PushSetting, 0, top.payload, top.src_begin, t.end);
                return true;
            }
            default: return true;
        }
    }

    std::string_view text_;
    const CompileOptions& options_;
    ProgramParts& out_;
    Lexer lexer_;
    std::vector<OpEntry> ops_;
    std::vector<std::int64_t> counts_;
    bool last_was_operand_ = false;
    std::uint32_t nesting_ = 0;
    std::optional<CompileError> error_;
};

}  // namespace

std::optional<CompileError> parse_to_program(std::string_view text, const CompileOptions& options,
                                             ProgramParts& out) {
    ShuntingYard parser(text, options, out);
    return parser.run();
}

}  // namespace httpctl::expr::detail
