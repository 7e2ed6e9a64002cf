// The expression settings of the HTTP side: `url` (spec http.md §5, §6.1) and, from 0.12 on,
// `allowed-endpoint` (§6.2).
#include "expr/variables.hpp"
#include "settings_expression.hpp"
#include "settings_parts.hpp"

namespace httpctl::conf {
namespace {

expr::IfBlock compile_default(const TargetVersion& target, const expr::CompileOptions& options) {
    auto result = expr::compile(default_url_expression(target), options);
    // The built-in default always compiles; an empty block would only mean "fallback URL".
    if (auto* e = std::get_if<expr::Expression>(&result)) return expr::IfBlock::single(*e);
    return {};
}

}  // namespace

void read_url_settings(DiagnosticSink& sink, HttpSettings& out) {
    const expr::Dialect dialect = out.target.dialect();
    expr::CompileOptions options;
    options.dialect = dialect;
    options.variables = expr::VariableSet::http(dialect);

    ExpressionSetting url = read_expression_setting(sink, out.prefix + "url", options, "http.url");
    if (url.block && !url.block->empty()) {
        out.url = std::move(*url.block);
        out.url_configured = true;
    } else {
        if (url.block) {
            // spec expressions.md §5.4: an empty expression reads as "not set".
            const ConfigEntry* entry = sink.config().find(out.prefix + "url");
            if (entry != nullptr) {
                sink.at_value(*entry, Severity::Warning, "http.url.empty",
                              "the expression is empty, so Stalwart uses its default URL",
                              "default: " + std::string(default_url_expression(out.target)));
            }
        }
        out.url = compile_default(out.target, options);
    }

    if (!out.target.reads_http_prefix()) return;
    ExpressionSetting allowed =
        read_expression_setting(sink, "http.allowed-endpoint", options, "http.allowed-endpoint");
    if (allowed.block && !allowed.block->empty()) out.allowed_endpoint = std::move(*allowed.block);
}

}  // namespace httpctl::conf
