// The SARIF 2.1.0 format (one run), as GitHub code scanning and other SARIF viewers read it.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "httpconf/report_format.hpp"
#include "report_common.hpp"

namespace httpctl::conf {

namespace {

using Json = nlohmann::ordered_json;

// A path as a URI reference (RFC 3986): relative paths stay relative (code scanning resolves
// them against the repository root), absolute ones become file:// URIs.
std::string path_uri(std::string_view path) {
    static constexpr std::string_view hex = "0123456789ABCDEF";
    std::string out = path.starts_with('/') ? "file://" : "";
    for (char c : path) {
        const auto byte = static_cast<unsigned char>(c);
        const bool unreserved = (byte >= 'A' && byte <= 'Z') || (byte >= 'a' && byte <= 'z') ||
                                (byte >= '0' && byte <= '9') || c == '-' || c == '.' || c == '_' ||
                                c == '~' || c == '/';
        if (unreserved) {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4U];
            out += hex[byte & 0x0FU];
        }
    }
    return out;
}

// "forwarded-ip-spoofable" → "ForwardedIpSpoofable", "config.duplicate-key" →
// "ConfigDuplicateKey": SARIF's rule `name` is an identifier-like word.
std::string rule_name(std::string_view id) {
    std::string out;
    bool upper = true;
    for (char c : id) {
        const bool alnum =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum) {
            upper = true;
            continue;
        }
        out += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
        upper = false;
    }
    return out;
}

// Sentences in SARIF messages end with a period (SARIF2001); diagnostics have none.
std::string sentence(std::string_view text) {
    std::string out(text);
    if (!out.empty() && out.back() != '.' && out.back() != '?' && out.back() != '!') out += '.';
    return out;
}

class RuleTable {
  public:
    RuleTable(std::span<const LintRule> lint_rules, std::string command)
        : command_(std::move(command)) {
        for (const LintRule& rule : lint_rules) {
            add(std::string(rule.id),
                Json{{"id", rule.id},
                     {"name", rule_name(rule.id)},
                     {"shortDescription", {{"text", sentence(rule.summary)}}},
                     // The explanation as written: it may end with an example a period
                     // would break.
                     {"fullDescription", {{"text", std::string(rule.explanation)}}},
                     {"help", {{"text", std::string(rule.explanation)}}},
                     {"defaultConfiguration", {{"level", severity_name(rule.severity)}}},
                     {"properties", {{"tags", {"lint"}}}}});
        }
    }

    // The index of the rule of `d`, adding one built from it for a code not seen yet.
    std::size_t index_of(const Diagnostic& d) {
        const auto found = index_.find(d.code);
        if (found != index_.end()) return found->second;
        // GitHub code scanning requires both a full description and a help text.
        const std::string help =
            d.help.empty() ? "See the " + command_ + " section of stalwart-httpctl's manual."
                           : sentence(d.help);
        return add(d.code, Json{{"id", d.code},
                                {"name", rule_name(d.code)},
                                {"shortDescription", {{"text", sentence(d.message)}}},
                                {"fullDescription", {{"text", sentence(d.message)}}},
                                {"help", {{"text", help}}},
                                {"defaultConfiguration", {{"level", severity_name(d.severity)}}},
                                {"properties", {{"tags", {"check"}}}}});
    }

    [[nodiscard]] Json take() { return std::move(rules_); }

  private:
    std::size_t add(const std::string& id, Json rule) {
        const std::size_t index = rules_.size();
        rules_.push_back(std::move(rule));
        index_.emplace(id, index);
        return index;
    }

    std::string command_;
    Json rules_ = Json::array();
    std::map<std::string, std::size_t, std::less<>> index_;
};

// A whole-file finding covers every line (SARIF viewers and code scanning want a region).
Json whole_file_region(const CheckReport& report) {
    std::uint32_t lines = report.source == nullptr ? 1 : report.source->line_count();
    // A final line break does not start another line.
    if (lines > 1 && report.source->text().ends_with('\n')) --lines;
    return Json{{"startLine", 1}, {"endLine", std::max<std::uint32_t>(lines, 1)}};
}

Json region_json(const Diagnostic& d) {
    const std::uint32_t column = d.column == 0 ? 1 : d.column;
    Json region = {{"startLine", d.line}, {"startColumn", column}};
    if (d.end_line >= d.line && d.end_line != 0) {
        region["endLine"] = d.end_line;
        // An end before the start on the same line would be invalid; clamp to an empty span.
        region["endColumn"] = d.end_line == d.line ? std::max(d.end_column, column)
                                                   : std::max<std::uint32_t>(d.end_column, 1);
    }
    return region;
}

Json result_json(const CheckReport& report, const Diagnostic& d, RuleTable& rules) {
    Json physical = {{"artifactLocation", {{"uri", path_uri(report::diagnostic_file(report, d))}}}};
    physical["region"] = d.line != 0 ? region_json(d) : whole_file_region(report);
    std::string text = sentence(d.message);
    if (!d.help.empty()) text += " Help: " + sentence(d.help);
    const std::string code = d.code.empty() ? std::string("unspecified") : d.code;
    Diagnostic keyed = d;
    keyed.code = code;
    const std::size_t rule_index = rules.index_of(keyed);
    return Json{{"ruleId", code},
                {"ruleIndex", rule_index},
                {"level", severity_name(d.severity)},
                {"message", {{"text", text}}},
                {"locations", Json::array({{{"physicalLocation", std::move(physical)}}})}};
}

}  // namespace

std::string render_sarif(std::span<const CheckReport> reports, const RenderOptions& options) {
    RuleTable rules(options.rules, options.command);
    Json results = Json::array();
    for (const CheckReport& report : reports) {
        for (const Diagnostic& d : report.diagnostics)
            results.push_back(result_json(report, d, rules));
    }
    Json driver = {{"name", options.tool_name}};
    if (!options.tool_version.empty()) driver["version"] = options.tool_version;
    driver["rules"] = rules.take();
    const Json document = {
        {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
        {"version", "2.1.0"},
        {"runs", Json::array({{{"tool", {{"driver", std::move(driver)}}},
                               {"automationDetails",
                                {{"id", options.tool_name + "/" + options.command + "/"}}},
                               {"columnKind", "unicodeCodePoints"},
                               {"results", std::move(results)}}})}};
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace httpctl::conf
