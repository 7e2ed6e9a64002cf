#include <string_view>

#include "server/diagnostic_origin.hpp"
#include "server/router.hpp"

namespace httpctl::server {
namespace {

// The config key a diagnostic points into (its key or its value), "*" when none.
std::string key_of(const conf::Diagnostic& diagnostic, const conf::FlatConfig* config) {
    std::string key = config != nullptr ? key_at(*config, diagnostic) : std::string();
    return key.empty() ? "*" : key;
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
