// The JSON format: one document holding every file's diagnostics and effective URLs.
#include <nlohmann/json.hpp>

#include "httpconf/report_format.hpp"
#include "report_common.hpp"

namespace httpctl::conf {

namespace {

using Json = nlohmann::ordered_json;

Json diagnostic_json(const CheckReport& report, const Diagnostic& d) {
    Json out = {{"severity", severity_name(d.severity)},
                {"code", d.code},
                {"message", d.message},
                {"file", report::diagnostic_file(report, d)}};
    // Positions are 1-based code-point columns; a whole-file diagnostic has none.
    if (d.line != 0) {
        out["line"] = d.line;
        out["column"] = d.column;
        out["end_line"] = d.end_line;
        out["end_column"] = d.end_column;
    }
    if (!d.help.empty()) out["help"] = d.help;
    return out;
}

Json url_json(const EffectiveUrl& url) {
    Json out = {{"listener", url.listener},
                {"bind", url.bind},
                {"url", url.url},
                {"fallback", url.fallback}};
    if (!url.note.empty()) out["note"] = url.note;
    return out;
}

}  // namespace

std::string render_json(std::span<const CheckReport> reports, const RenderOptions& options) {
    Json files = Json::array();
    for (const CheckReport& report : reports) {
        Json diagnostics = Json::array();
        for (const Diagnostic& d : report.diagnostics)
            diagnostics.push_back(diagnostic_json(report, d));
        Json urls = Json::array();
        for (const EffectiveUrl& url : report.effective_urls)
            urls.push_back(url_json(url));
        files.push_back({{"file", report.file},
                         {"target", report::target_text(report.target)},
                         {"target_inferred", report.target_inferred},
                         {"loaded", report.config != nullptr},
                         {"diagnostics", std::move(diagnostics)},
                         {"urls", std::move(urls)}});
    }
    const report::SeverityCounts counts = report::count_severities(reports);
    const Json document = {{"tool", options.tool_name},
                           {"version", options.tool_version},
                           {"command", options.command},
                           {"files", std::move(files)},
                           {"summary",
                            {{"files", reports.size()},
                             {"errors", counts.errors},
                             {"warnings", counts.warnings},
                             {"notes", counts.notes}}}};
    // Invalid UTF-8 (only possible in a file the loader rejected) is replaced, never thrown on.
    return document.dump(2, ' ', false, Json::error_handler_t::replace) + '\n';
}

}  // namespace httpctl::conf
