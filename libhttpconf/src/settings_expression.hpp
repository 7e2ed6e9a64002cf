// Reading an expression setting (a single key or an if/then/else block, spec http.md §5.1,
// expressions.md §5.4) from the flat map, with Stalwart's structural errors and every compile
// error positioned at the character of the file it comes from.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "expr/compiler.hpp"
#include "expr/if_block.hpp"
#include "settings_support.hpp"

namespace httpctl::conf {

struct ExpressionSetting {
    bool present = false;                // the key or any sub-key exists
    std::optional<expr::IfBlock> block;  // set when present and valid
};

// `code_prefix` names the setting in diagnostic codes ("http.url" → "http.url.compile",
// "http.url.if-block").
[[nodiscard]] ExpressionSetting read_expression_setting(DiagnosticSink& sink, std::string_view key,
                                                        const expr::CompileOptions& options,
                                                        std::string_view code_prefix);

// Compiles the value of one entry; on failure adds the positioned diagnostic and returns
// nullopt.
[[nodiscard]] std::optional<expr::Expression> compile_entry(DiagnosticSink& sink,
                                                            const ConfigEntry& entry,
                                                            const expr::CompileOptions& options,
                                                            std::string_view code_prefix);

}  // namespace httpctl::conf
