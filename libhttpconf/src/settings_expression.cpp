#include "settings_expression.hpp"

#include <algorithm>
#include <vector>

#include "expr/functions.hpp"
#include "value_offsets.hpp"

namespace httpctl::conf {
namespace {

// The file span of bytes [begin, end) of the entry's decoded value; the whole value when the
// value can no longer be mapped (a macro rewrote it).
SourceSpan span_inside_value(const FlatConfig& config, const ConfigEntry& entry, std::size_t begin,
                             std::size_t end) {
    const SourceSpan whole = entry.value_span;
    const std::string_view text = config.source().text();
    if (whole.end > text.size() || whole.begin > whole.end) return whole;
    const std::string_view raw = text.substr(whole.begin, whole.end - whole.begin);
    const auto offsets = map_decoded_to_raw(raw, entry.value);
    if (!offsets) return whole;
    const std::size_t last = offsets->size() - 1;
    begin = std::min(begin, last);
    end = std::clamp(end, begin, last);
    SourceSpan span{whole.begin + (*offsets)[begin], whole.begin + (*offsets)[end]};
    if (span.end <= span.begin) span.end = std::min(span.begin + 1, whole.end);
    // Widen to a whole UTF-8 character so the end column lands after it.
    while (span.end < whole.end && (static_cast<unsigned char>(text[span.end]) & 0xC0) == 0x80)
        ++span.end;
    return span;
}

// The word an "unknown name" error points at, when it is a function of a newer release.
std::optional<std::string> too_new_function(const expr::CompileError& error,
                                            std::string_view source,
                                            const expr::CompileOptions& options) {
    if (options.dialect != expr::Dialect::V08 || error.offset >= source.size()) return {};
    std::size_t end = error.offset;
    while (end < source.size()) {
        const char c = source[end];
        const bool word =
            (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
        if (!word) break;
        ++end;
    }
    const std::string word(source.substr(error.offset, end - error.offset));
    if (word == "config_get") return word;
    const expr::FunctionInfo* f = expr::find_function(word);
    if (f != nullptr && f->since == expr::Dialect::Head) return word;
    return {};
}

}  // namespace

std::optional<expr::Expression> compile_entry(DiagnosticSink& sink, const ConfigEntry& entry,
                                              const expr::CompileOptions& options,
                                              std::string_view code_prefix) {
    expr::CompileResult result = expr::compile(entry.value, options);
    if (auto* e = std::get_if<expr::Expression>(&result)) return std::move(*e);
    const auto& error = std::get<expr::CompileError>(result);
    const FlatConfig& config = sink.config();
    const SourceLocation where =
        config.location_of(span_inside_value(config, entry, error.offset, error.end));
    if (auto word = too_new_function(error, entry.value, options)) {
        // spec http.md §5.3: the function list of v0.8.5 lacks the later additions.
        sink.add(make_diagnostic(Severity::Error, "target.function-too-new",
                                 "function " + *word + " needs Stalwart 0.12 or later", where,
                                 "Stalwart 0.8 rejects `" + entry.key + "` (" + error.message +
                                     ") and keeps its default"));
        return std::nullopt;
    }
    std::string help = error.help;
    // spec http.md §5.5: the most common mistake, a URL written as bare text.
    const std::string_view value = entry.value;
    if (value.find("://") != std::string_view::npos &&
        value.find_first_of("'\"") == std::string_view::npos) {
        help =
            "the value is an expression: quote the URL inside the TOML string, e.g. url = "
            "\"'" +
            entry.value + "'\"";
    }
    if (!help.empty()) help += "; ";
    help += "Stalwart rejects the setting and keeps its default";
    sink.add(make_diagnostic(Severity::Error, std::string(code_prefix) + ".compile", error.message,
                             where, std::move(help)));
    return std::nullopt;
}

namespace {

// One `if` condition being collected.
struct Condition {
    std::string position;
    const ConfigEntry* if_entry = nullptr;
    const ConfigEntry* then_entry = nullptr;
};

struct BlockWalk {
    std::vector<Condition> conditions;
    std::string else_position;
    const ConfigEntry* else_entry = nullptr;
};

// spec expressions.md §5.4: the structural walk over the sorted sub-keys. Returns false after
// reporting the first structural error.
bool walk_block(DiagnosticSink& sink, std::string_view key, std::span<const ConfigEntry> entries,
                std::string_view code_prefix, BlockWalk& walk) {
    const std::string code = std::string(code_prefix) + ".if-block";
    const std::string help =
        "Stalwart ignores the whole block and keeps the default of `" + std::string(key) + "`";
    for (const ConfigEntry& entry : entries) {
        const std::string_view rest = std::string_view(entry.key).substr(key.size() + 1);
        const std::size_t dot = rest.find('.');
        if (dot == std::string_view::npos) {
            sink.at_key(entry, Severity::Error, code,
                        "Invalid property \"" + entry.key + "\" found in 'if' block.", help);
            return false;
        }
        const std::string_view position = rest.substr(0, dot);
        std::string_view kind = rest.substr(dot + 1);
        kind = kind.substr(0, kind.find('.'));
        if (kind == "if") {
            if (!walk.conditions.empty() && walk.conditions.back().position == position) continue;
            if (!walk.conditions.empty() && walk.conditions.back().then_entry == nullptr) {
                const Condition& open = walk.conditions.back();
                sink.at_key(*open.if_entry, Severity::Error, code,
                            "Missing 'then' in 'if' condition " +
                                std::to_string(walk.conditions.size()) + ".",
                            help);
                return false;
            }
            walk.conditions.push_back({std::string(position), &entry, nullptr});
        } else if (kind == "else") {
            if (walk.conditions.empty()) {
                sink.at_key(entry, Severity::Error, code, "Found 'else' before 'if'",
                            help +
                                " (sub-keys are read in sorted order, so an `else` written "
                                "in the same table as its `if` comes first)");
                return false;
            }
            if (walk.else_entry == nullptr) {
                walk.else_entry = &entry;
                walk.else_position = std::string(position);
            } else if (walk.else_position != position) {
                sink.at_key(entry, Severity::Error, code, "Multiple 'else' found", help);
                return false;
            }
        } else if (kind == "then") {
            if (walk.else_entry != nullptr) {
                sink.at_key(entry, Severity::Error, code, "Found 'then' in 'else' block", help);
                return false;
            }
            if (walk.conditions.empty() || walk.conditions.back().position != position) {
                sink.at_key(entry, Severity::Error, code, "Found 'then' without 'if'", help);
                return false;
            }
            if (walk.conditions.back().then_entry == nullptr)
                walk.conditions.back().then_entry = &entry;
        }
        // Any other kind is silently ignored (spec expressions.md §5.4).
    }
    if (walk.conditions.empty()) return true;
    if (walk.conditions.back().then_entry == nullptr) {
        sink.at_key(*walk.conditions.back().if_entry, Severity::Error, code,
                    "Missing 'then' in 'if' condition " + std::to_string(walk.conditions.size()),
                    help);
        return false;
    }
    if (walk.else_entry == nullptr) {
        sink.at_key(entries.front(), Severity::Error, code, "Missing 'else'", help);
        return false;
    }
    return true;
}

}  // namespace

ExpressionSetting read_expression_setting(DiagnosticSink& sink, std::string_view key,
                                          const expr::CompileOptions& options,
                                          std::string_view code_prefix) {
    const FlatConfig& config = sink.config();
    ExpressionSetting out;
    // spec http.md §5.1: when K itself exists the array form is not looked at.
    if (const ConfigEntry* single = config.find(key)) {
        out.present = true;
        if (auto e = compile_entry(sink, *single, options, code_prefix)) {
            out.block = expr::IfBlock::single(std::move(*e));
        }
        return out;
    }
    const std::string prefix = std::string(key) + ".";
    auto entries = config.entries();
    auto first =
        std::lower_bound(entries.begin(), entries.end(), prefix,
                         [](const ConfigEntry& e, const std::string& p) { return e.key < p; });
    auto last = first;
    while (last != entries.end() && last->key.starts_with(prefix))
        ++last;
    if (first == last) return out;
    out.present = true;
    const std::span<const ConfigEntry> block_entries(&*first,
                                                     static_cast<std::size_t>(last - first));
    BlockWalk walk;
    if (!walk_block(sink, key, block_entries, code_prefix, walk)) return out;
    if (walk.conditions.empty()) {
        out.present = false;  // no `if` at all: the setting is absent (expressions.md §5.4)
        return out;
    }
    std::vector<expr::IfBranch> branches;
    for (const Condition& c : walk.conditions) {
        auto condition = compile_entry(sink, *c.if_entry, options, code_prefix);
        if (!condition) return out;
        auto value = compile_entry(sink, *c.then_entry, options, code_prefix);
        if (!value) return out;
        branches.push_back({std::move(*condition), std::move(*value)});
    }
    auto otherwise = compile_entry(sink, *walk.else_entry, options, code_prefix);
    if (!otherwise) return out;
    out.block = expr::IfBlock(std::move(branches), std::move(*otherwise));
    return out;
}

}  // namespace httpctl::conf
