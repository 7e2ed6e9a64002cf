// Compiling expression text into an Expression (spec expressions.md §2–§3), once, at load time.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "expr/ast.hpp"
#include "expr/value.hpp"
#include "expr/variables.hpp"

namespace httpctl::expr {

// A named Integer constant a setting registers (spec §7.6), e.g. `relaxed` = 2.
struct NamedConstant {
    std::string_view name;
    std::int64_t value;
};

struct CompileOptions {
    Dialect dialect = Dialect::Head;
    // The variables the setting accepts; a known variable outside the set is rejected (§7).
    VariableSet variables = VariableSet::all(Dialect::Head);
    std::vector<NamedConstant> constants;
    // Fold constant sub-expressions (pure operators and functions on literals).
    bool fold_constants = true;
    // Deepest nesting of ( [ and calls accepted; Stalwart has no limit, we refuse absurd input.
    std::uint32_t max_nesting = 256;
};

// A rejected expression. `offset`/`end` are byte offsets into the expression text, `column` the
// 1-based character column of `offset`. `message` keeps Stalwart's meaning (and its text where
// it has one); `help` adds what Stalwart does not say. Expressions may span lines (LF is
// whitespace): `column` counts from the start of the offset's line.
struct CompileError {
    std::string code;  // stable id, e.g. "E-UNKNOWN-NAME"
    std::string message;
    std::string help;
    std::size_t offset = 0;
    std::size_t end = 0;
    std::uint32_t column = 1;
};

using CompileResult = std::variant<Expression, CompileError>;

[[nodiscard]] CompileResult compile(std::string_view text, const CompileOptions& options = {});

// 1-based column (in UTF-8 characters, within its line) of a byte offset.
[[nodiscard]] std::uint32_t column_of(std::string_view text, std::size_t offset);

// Stalwart's duration parser (§2.7): "5m" -> 300000 ms; nullopt when it fails.
[[nodiscard]] std::optional<std::int64_t> parse_duration(std::string_view text);

}  // namespace httpctl::expr
