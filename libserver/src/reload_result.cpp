#include <string_view>

#include "server/router.hpp"

namespace httpctl::server {
namespace {

bool position_within(const conf::SourceLocation& where, std::uint32_t line,
                     std::uint32_t column) noexcept {
    if (where.line == 0 || line < where.line || line > where.end_line) return false;
    if (line == where.line && column < where.column) return false;
    if (line == where.end_line && column >= where.end_column) return false;
    return true;
}

// The config key a diagnostic points into (its key or its value), "*" when none.
std::string key_of(const conf::Diagnostic& diagnostic, const conf::FlatConfig* config) {
    if (config == nullptr || diagnostic.line == 0) return "*";
    for (const conf::ConfigEntry& entry : config->entries()) {
        if (position_within(config->value_location(entry), diagnostic.line, diagnostic.column) ||
            position_within(config->key_location(entry), diagnostic.line, diagnostic.column)) {
            return entry.key;
        }
    }
    return "*";
}

bool contains(std::string_view text, std::string_view part) noexcept {
    return text.find(part) != std::string_view::npos;
}

void keep_last_per_key(std::vector<ReloadIssue>& list, ReloadIssue issue) {
    // spec http.md §1: the maps are keyed by setting, a later issue replaces an earlier one.
    for (ReloadIssue& existing : list) {
        if (existing.key == issue.key) {
            existing = std::move(issue);
            return;
        }
    }
    list.push_back(std::move(issue));
}

}  // namespace

ReloadResult reload_result_from_report(const conf::CheckReport& report) {
    ReloadResult result;
    const conf::FlatConfig* config = report.config.get();
    for (const conf::Diagnostic& diagnostic : report.diagnostics) {
        if (diagnostic.severity == conf::Severity::Note) continue;
        ReloadIssue issue;
        issue.key = key_of(diagnostic, config);
        issue.error = diagnostic.message;
        if (diagnostic.severity == conf::Severity::Error) {
            issue.type = contains(diagnostic.code, "macro") ? "Macro" : "Parse";
            keep_last_per_key(result.errors, std::move(issue));
        } else {
            if (contains(diagnostic.code, "unused")) {
                issue.type = "Unused";
            } else if (contains(diagnostic.code, "missing")) {
                issue.type = "Missing";
            } else {
                issue.type = "Other";
            }
            keep_last_per_key(result.warnings, std::move(issue));
        }
    }
    return result;
}

}  // namespace httpctl::server
