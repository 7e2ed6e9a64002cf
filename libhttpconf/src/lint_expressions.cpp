// Rule lenient-expression: HTTP expressions Stalwart accepts only through a leniency of its
// parser (spec expressions.md §2.9, §2.12, §3.4, §3.6, §3.8), pointed at inside the value.
#include <algorithm>
#include <array>

#include "lint_support.hpp"

namespace httpctl::conf {

void lint_expression_rules(const LintContext& context, FindingSink& sink) {
    constexpr std::array<std::string_view, 2> kSettings = {"url", "allowed-endpoint"};
    for (std::string_view setting : kSettings) {
        // allowed-endpoint exists from 0.12 on (spec http.md §6.2); older targets never read it.
        if (setting == "allowed-endpoint" && !context.settings.target.reads_http_prefix()) continue;
        for (const SettingExpression& item : compile_http_setting(context, setting)) {
            const std::string& text = item.expression.source();
            for (const expr::LeniencyNote& note : item.expression.notes()) {
                const std::size_t begin = std::min<std::size_t>(note.offset, text.size());
                // A swallowed byte belongs to the `=` that swallowed it.
                const std::size_t width = note.kind == expr::NoteKind::EqualsSwallowsByte ? 2 : 1;
                const std::size_t end = std::min(text.size(), begin + width);
                sink.in_value("lenient-expression", *item.entry, begin, end,
                              item.entry->key + ": " + note.message,
                              "Stalwart accepts this without an error (" +
                                  std::string(expr::note_code(note.kind)) +
                                  ", spec expressions.md §3.8); write the expression out in full");
            }
        }
    }
}

}  // namespace httpctl::conf
