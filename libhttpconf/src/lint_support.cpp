#include "lint_support.hpp"

#include <algorithm>

#include "expr/compiler.hpp"
#include "httpconf/lint.hpp"
#include "settings_support.hpp"
#include "value_offsets.hpp"

namespace httpctl::conf {
namespace {

Diagnostic make_finding(std::string_view rule, const SourceLocation& where, std::string message,
                        std::string help) {
    const LintRule* known = find_lint_rule(rule);
    return make_diagnostic(known != nullptr ? known->severity : Severity::Warning,
                           std::string(rule), std::move(message), where, std::move(help));
}

}  // namespace

const ConfigEntry* LintContext::http_entry(std::string_view name) const noexcept {
    return config.find(http_key(name));
}

std::vector<const ConfigEntry*> LintContext::http_entries(std::string_view name) const {
    const std::string exact = http_key(name);
    const std::string below = exact + '.';
    std::vector<const ConfigEntry*> out;
    for (const ConfigEntry& entry : config.entries()) {
        if (entry.key == exact || entry.key.starts_with(below)) out.push_back(&entry);
    }
    return out;
}

std::vector<SettingExpression> compile_http_setting(const LintContext& context,
                                                    std::string_view name) {
    using Role = SettingExpression::Role;
    const expr::Dialect dialect = context.settings.target.dialect();
    expr::CompileOptions options;
    options.dialect = dialect;
    options.variables = expr::VariableSet::http(dialect);

    std::vector<SettingExpression> out;
    auto add = [&](const ConfigEntry& entry, Role role) {
        expr::CompileResult compiled = expr::compile(entry.value, options);
        if (auto* expression = std::get_if<expr::Expression>(&compiled))
            out.push_back({&entry, role, std::move(*expression)});
    };
    if (const ConfigEntry* single = context.http_entry(name)) {
        add(*single, Role::Single);
        return out;
    }
    for (const ConfigEntry* entry : context.http_entries(name)) {
        const std::string_view key = entry->key;
        if (key.ends_with(".if"))
            add(*entry, Role::If);
        else if (key.ends_with(".then"))
            add(*entry, Role::Then);
        else if (key.ends_with(".else"))
            add(*entry, Role::Else);
    }
    return out;
}

void FindingSink::at_key(std::string_view rule, const ConfigEntry& entry, std::string message,
                         std::string help) {
    at(rule, config_.key_location(entry), 0, std::move(message), std::move(help));
}

void FindingSink::at_value(std::string_view rule, const ConfigEntry& entry, std::string message,
                           std::string help) {
    at(rule, config_.value_location(entry), config_.key_location(entry).line, std::move(message),
       std::move(help));
}

void FindingSink::in_value(std::string_view rule, const ConfigEntry& entry, std::size_t begin,
                           std::size_t end, std::string message, std::string help) {
    const std::string_view text = config_.source().text();
    const SourceSpan span = entry.value_span;
    if (span.end > text.size() || span.begin > span.end || begin > end ||
        end > entry.value.size()) {
        at_value(rule, entry, std::move(message), std::move(help));
        return;
    }
    const std::string_view raw = text.substr(span.begin, span.end - span.begin);
    const std::optional<std::vector<std::uint32_t>> offsets = map_decoded_to_raw(raw, entry.value);
    if (!offsets || offsets->size() != entry.value.size() + 1) {
        at_value(rule, entry, std::move(message), std::move(help));
        return;
    }
    const std::uint32_t first = span.begin + (*offsets)[begin];
    // The end is just after the raw text of the last byte concerned.
    const std::uint32_t last = end > begin ? span.begin + (*offsets)[end - 1] + 1 : first;
    at(rule, config_.location_of(SourceSpan{first, std::max(first, last)}),
       config_.key_location(entry).line, std::move(message), std::move(help));
}

void FindingSink::at(std::string_view rule, const SourceLocation& where, std::uint32_t key_line,
                     std::string message, std::string help) {
    Finding finding;
    finding.diagnostic = make_finding(rule, where, std::move(message), std::move(help));
    if (key_line != where.line) finding.key_line = key_line;
    findings_.push_back(std::move(finding));
}

}  // namespace httpctl::conf
