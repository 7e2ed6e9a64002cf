// The compiled form of an expression: a typed tree (names resolved to slots, functions to
// direct calls, regexes compiled, constants folded) plus Stalwart's postfix program, which is
// kept for the rare inputs that have no tree shape (spec §3.8 leniencies inside && / ||).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "expr/functions.hpp"
#include "expr/operators.hpp"
#include "expr/regex.hpp"
#include "expr/value.hpp"
#include "expr/variables.hpp"

namespace httpctl::expr {

enum class NodeKind : std::uint8_t {
    Const,       // constants[payload]
    Var,         // Variable(payload)
    Global,      // names[payload] (Head `$name`)
    Capture,     // capture group payload (`$N`)
    Setting,     // config_get(names[payload])
    Unary,       // op = UnaryOp, 1 child
    Binary,      // op = BinaryOp (not And/Or), 2 children
    Logical,     // op = And|Or, 2 children, short-circuit keeping the left value (§5.2)
    Call,        // functions[payload], children = arguments
    ArrayBuild,  // children = elements
    Index,       // children = base, index (§5.1)
    Match,       // regexes[payload], 1 child = subject (§5.3)
    Sequence,    // children evaluated in order, the last one's value wins (§3.8 juxtaposition)
};

// Node::op of a Call: key_get/key_exists whose two arguments are string literals, answered
// straight from the in-memory stores when they hold the store (see Evaluator).
inline constexpr std::uint8_t kCallStoreLookup = 1;

struct Node {
    NodeKind kind;
    std::uint8_t op = 0;  // UnaryOp / BinaryOp; for Call: 0 or kCallStoreLookup
    std::uint32_t payload = 0;
    std::uint32_t first_child = 0;  // index into Expression::children_
    std::uint32_t child_count = 0;
    std::uint32_t src_begin = 0;  // byte range in the source text
    std::uint32_t src_end = 0;
};

// Where Stalwart accepts an expression only leniently (§3.8, §2.9): evaluation reproduces it,
// the linter reports it.
enum class NoteKind : std::uint8_t {
    MissingOperand,       // `1 +`, `== 1`: an operator found no value and read "" (§3.8)
    JuxtaposedValues,     // `1 2`, `'a' 'b'`: values side by side, the last wins (§3.8)
    EqualsSwallowsByte,   // `a =b`: a single `=` discarded the byte after it (§2.9)
    BraceEndsExpression,  // `1 } junk`: everything after `}` is ignored (§2.12)
    MissingComma,         // `contains('a' 'b')`: arguments without a comma (§3.4)
    StrayComma,           // `[1,,2]`, `f(,x)`: a comma with nothing before it (§3.4, §3.6)
    ValueThenBracket,     // `'abc'[0]`: `[` after a constant starts an array, not an index (§3.6)
    EmptyExpression,      // `()`, `""`: compiles to nothing, the setting reads as unset (§3.8)
    DeadOperand,          // `&& x` at the start: x can never be evaluated (§3.8)
};

struct LeniencyNote {
    NoteKind kind;
    std::uint32_t offset;  // byte offset in the source
    std::string message;
};

[[nodiscard]] std::string_view note_code(NoteKind k) noexcept;

// One instruction of Stalwart's postfix program (§3.10).
struct Instruction {
    enum class Op : std::uint8_t {
        PushConst,
        PushVar,
        PushGlobal,
        PushCapture,
        PushSetting,
        Unary,
        Binary,
        JmpIf,
        Call,
        ArrayAccess,
        ArrayBuild,
        Regex,
    };
    Op op;
    std::uint8_t sub = 0;       // UnaryOp/BinaryOp; JmpIf: 1 = jump when truthy
    std::uint32_t payload = 0;  // pool index, variable id, capture number, jump length, count
    std::uint32_t src_begin = 0;
    std::uint32_t src_end = 0;
};

class Expression {
  public:
    // True when the text compiled to nothing (`""`, `()`): the setting reads as unset (§1).
    [[nodiscard]] bool empty() const noexcept { return program_.empty(); }
    [[nodiscard]] const std::string& source() const noexcept { return source_; }
    [[nodiscard]] Dialect dialect() const noexcept { return dialect_; }
    [[nodiscard]] const std::vector<LeniencyNote>& notes() const noexcept { return notes_; }

    // The tree. Only meaningful when has_tree(); otherwise evaluation runs the postfix program.
    // A tree whose root is kNoNode evaluates to "" (e.g. `&& 1`, §3.8).
    [[nodiscard]] bool has_tree() const noexcept { return tree_; }
    [[nodiscard]] std::uint32_t root() const noexcept { return root_; }
    [[nodiscard]] const Node& node(std::uint32_t i) const noexcept { return nodes_[i]; }
    [[nodiscard]] std::uint32_t child(const Node& n, std::uint32_t i) const noexcept {
        return children_[n.first_child + i];
    }
    [[nodiscard]] const Value& constant(std::uint32_t i) const noexcept { return constants_[i]; }
    [[nodiscard]] const std::string& name(std::uint32_t i) const noexcept { return names_[i]; }
    [[nodiscard]] const FunctionInfo& function(std::uint32_t i) const noexcept {
        return *functions_[i];
    }
    [[nodiscard]] const Regex& regex(std::uint32_t i) const noexcept { return *regexes_[i]; }
    [[nodiscard]] const std::vector<Instruction>& program() const noexcept { return program_; }

    // Names of the variables, functions and settings the expression reads (for the checker).
    [[nodiscard]] std::vector<Variable> variables_used() const;
    [[nodiscard]] std::vector<std::string_view> functions_used() const;
    [[nodiscard]] std::vector<std::string_view> settings_used() const;

    // A readable rendering of the tree, one node per line, indented (REPL `:ast`).
    [[nodiscard]] std::string dump_tree() const;
    // The postfix program, one instruction per line.
    [[nodiscard]] std::string dump_program() const;

    static constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;

  private:
    friend class ExpressionBuilder;
    std::string source_;
    Dialect dialect_ = Dialect::Head;
    std::vector<Node> nodes_;
    std::vector<std::uint32_t> children_;
    std::vector<Value> constants_;
    std::vector<std::string> names_;
    std::vector<const FunctionInfo*> functions_;
    std::vector<std::shared_ptr<const Regex>> regexes_;
    std::vector<Instruction> program_;
    std::vector<LeniencyNote> notes_;
    std::uint32_t root_ = kNoNode;
    bool tree_ = false;
};

}  // namespace httpctl::expr
