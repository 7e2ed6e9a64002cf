// Internal interfaces between the compiler stages.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.hpp"
#include "expr/compiler.hpp"

namespace httpctl::expr::detail {

// What the parser produces: Stalwart's postfix program and the pools it refers to.
struct ProgramParts {
    std::vector<Instruction> program;
    std::vector<Value> constants;
    std::vector<std::string> names;
    std::vector<const FunctionInfo*> functions;
    std::vector<std::shared_ptr<const Regex>> regexes;
    std::vector<LeniencyNote> notes;
};

// Lexes and parses `text` (§2, §3.3) into `out`; returns the first error, if any.
std::optional<CompileError> parse_to_program(std::string_view text, const CompileOptions& options,
                                             ProgramParts& out);

}  // namespace httpctl::expr::detail
