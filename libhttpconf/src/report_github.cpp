// The GitHub Actions format: one `::error|warning|notice ...::message` workflow command per
// diagnostic, which the runner turns into annotations on the file.
#include <string>

#include "httpconf/report_format.hpp"
#include "report_common.hpp"

namespace httpctl::conf {

namespace {

// Workflow-command escaping (as GitHub's actions toolkit does it): the message escapes `%`, CR
// and LF; property values also `:` and `,`, which would end the value.
std::string escape_data(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string escape_property(std::string_view text) {
    std::string out;
    for (char c : escape_data(text)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view command_name(Severity severity) noexcept {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "notice";
    }
    return "error";
}

}  // namespace

std::string render_github(std::span<const CheckReport> reports, const RenderOptions& options) {
    (void)options;
    std::string out;
    for (const CheckReport& report : reports) {
        for (const Diagnostic& d : report.diagnostics) {
            out += "::";
            out += command_name(d.severity);
            out += " file=" + escape_property(report::diagnostic_file(report, d));
            if (d.line != 0) {
                const std::uint32_t column = d.column == 0 ? 1 : d.column;
                out += ",line=" + std::to_string(d.line);
                if (d.end_line > d.line) {
                    // GitHub takes columns only for a span on one line.
                    out += ",endLine=" + std::to_string(d.end_line);
                } else {
                    // GitHub's endColumn is the last column inside the span (ours is just past
                    // it); both count characters.
                    const std::uint32_t last = d.end_column > column ? d.end_column - 1 : column;
                    out += ",col=" + std::to_string(column) + ",endColumn=" + std::to_string(last);
                }
            }
            if (!d.code.empty()) out += ",title=" + escape_property(d.code);
            out += "::";
            std::string message = d.message;
            if (!d.help.empty()) message += "\nhelp: " + d.help;
            out += escape_data(message);
            out += '\n';
        }
    }
    return out;
}

}  // namespace httpctl::conf
