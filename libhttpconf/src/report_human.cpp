// The human format: compiler-style location line, the source line with the span underlined,
// the help line, and a summary at the end.
#include <algorithm>
#include <string>

#include "httpconf/report_format.hpp"
#include "report_common.hpp"

namespace httpctl::conf {

namespace {

struct Palette {
    std::string_view bold, error, warning, note, gutter, help, reset;

    static Palette make(bool color) {
        if (!color) return {};
        return {"\x1b[1m",    "\x1b[1;31m", "\x1b[1;33m", "\x1b[1;36m",
                "\x1b[1;34m", "\x1b[1;32m", "\x1b[0m"};
    }
    [[nodiscard]] std::string_view of(Severity severity) const noexcept {
        switch (severity) {
            case Severity::Error:
                return error;
            case Severity::Warning:
                return warning;
            case Severity::Note:
                return note;
        }
        return error;
    }
};

// The underline under `line_text` for a diagnostic starting on that line: carets from its
// column to its end (to the end of the line when the span goes on to later lines), at least one.
std::size_t underline_width(const Diagnostic& d, std::size_t line_length) {
    const std::size_t start = d.column == 0 ? 1 : d.column;
    std::size_t end = start + 1;
    if (d.end_line == d.line && d.end_column > start) {
        end = d.end_column;
    } else if (d.end_line > d.line) {
        end = std::max(start + 1, line_length + 1);
    }
    return end - start;
}

void render_source_line(std::string& out, const CheckReport& report, const Diagnostic& d,
                        const Palette& p) {
    if (report.source == nullptr || d.line == 0 || d.line > report.source->line_count()) return;
    if (report::diagnostic_file(report, d) != report.file) return;
    const std::string line_number = std::to_string(d.line);
    const std::string pad(line_number.size(), ' ');
    const std::string_view text = report.source->line_text(d.line);
    const std::size_t length = report::code_point_count(text);
    const std::size_t column = d.column == 0 ? 1 : d.column;
    out += pad;
    out += ' ';
    out += p.gutter;
    out += "|";
    out += p.reset;
    out += '\n';
    out += p.gutter;
    out += line_number;
    out += " |";
    out += p.reset;
    if (!text.empty()) {
        out += ' ';
        out += report::terminal_safe(text);
    }
    out += '\n';
    out += pad;
    out += ' ';
    out += p.gutter;
    out += "|";
    out += p.reset;
    out += ' ';
    out += std::string(column - 1, ' ');
    out += p.of(d.severity);
    out += std::string(underline_width(d, length), '^');
    out += p.reset;
    out += '\n';
}

void render_diagnostic(std::string& out, const CheckReport& report, const Diagnostic& d,
                       const Palette& p) {
    out += p.bold;
    out += report::terminal_safe(report::diagnostic_file(report, d));
    if (d.line != 0) {
        out += ':' + std::to_string(d.line) + ':' + std::to_string(d.column == 0 ? 1 : d.column);
    }
    out += ':';
    out += p.reset;
    out += ' ';
    out += p.of(d.severity);
    out += severity_name(d.severity);
    out += ':';
    out += p.reset;
    out += ' ';
    out += p.bold;
    out += report::terminal_safe(d.message);
    out += p.reset;
    if (!d.code.empty()) out += " [" + report::terminal_safe(d.code) + "]";
    out += '\n';
    render_source_line(out, report, d, p);
    if (!d.help.empty()) {
        const std::string pad(d.line == 0 ? 0 : std::to_string(d.line).size(), ' ');
        out += pad;
        out += ' ';
        out += p.gutter;
        out += '=';
        out += p.reset;
        out += ' ';
        out += p.help;
        out += "help:";
        out += p.reset;
        // Further lines of a multi-line help align under its first.
        const std::string indent = pad + std::string(std::string_view(" = help: ").size(), ' ');
        std::string_view help = d.help;
        for (bool first = true;; first = false) {
            const std::size_t end = help.find('\n');
            out += first ? " " : indent;
            out += report::terminal_safe(help.substr(0, end));
            out += '\n';
            if (end == std::string_view::npos) break;
            help.remove_prefix(end + 1);
        }
    }
}

// `-v`: the base URL JMAP clients are told on each HTTP listener (spec http.md §5.4, §12).
void render_urls(std::string& out, const CheckReport& report, const Palette& p) {
    std::string prefix(p.bold);
    prefix += report::terminal_safe(report.file);
    prefix += ':';
    prefix += p.reset;
    prefix += ' ';
    if (report.settings != nullptr) {
        out += prefix + "target Stalwart " + report::target_text(report.target) +
               (report.target_inferred ? " (inferred)" : "") + '\n';
        if (report.effective_urls.empty()) out += prefix + "no HTTP listener\n";
    }
    for (const EffectiveUrl& url : report.effective_urls) {
        out += prefix;
        out += "listener \"" + report::terminal_safe(url.listener) + "\" on " +
               report::terminal_safe(url.bind) + ": base URL ";
        out += p.bold;
        out += report::terminal_safe(url.url);
        out += p.reset;
        if (url.fallback) {
            out += " (fallback";
            if (!url.note.empty()) out += ": " + report::terminal_safe(url.note);
            out += ')';
        } else if (!url.note.empty()) {
            out += " (" + report::terminal_safe(url.note) + ')';
        }
        out += '\n';
    }
}

std::string summary_line(std::span<const CheckReport> reports, const RenderOptions& options) {
    const report::SeverityCounts counts = report::count_severities(reports);
    std::string out = options.command == "lint" ? "linted " : "checked ";
    out += report::counted(reports.size(), "file");
    out += ": ";
    if (counts.errors + counts.warnings + counts.notes == 0) return out + "no problems\n";
    out += report::counted(counts.errors, "error") + ", " +
           report::counted(counts.warnings, "warning") + ", " +
           report::counted(counts.notes, "note") + '\n';
    return out;
}

}  // namespace

std::string render_human(std::span<const CheckReport> reports, const RenderOptions& options) {
    const Palette palette = Palette::make(options.color);
    std::string out;
    for (const CheckReport& report : reports) {
        for (const Diagnostic& d : report.diagnostics) {
            render_diagnostic(out, report, d, palette);
            out += '\n';
        }
        if (options.verbose) render_urls(out, report, palette);
    }
    out += summary_line(reports, options);
    return out;
}

}  // namespace httpctl::conf
