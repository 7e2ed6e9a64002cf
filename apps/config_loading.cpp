#include "config_loading.hpp"

#include <fstream>
#include <span>
#include <sstream>

#include "httpconf/report_format.hpp"

namespace httpctl::app {

bool load_config_file(const std::string& path, conf::EvalSession& session, std::ostream& err,
                      bool color) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
        err << path << ": error: cannot read the file\n";
        return false;
    }
    const conf::CheckReport& report = session.load_config(text.str(), path);
    if (!report.diagnostics.empty()) {
        conf::RenderOptions options;
        options.color = color;
        err << conf::render_human(std::span<const conf::CheckReport>(&report, 1), options);
    }
    return session.config() == &report;
}

std::string render_config_findings(const conf::EvalSession& session,
                                   std::vector<conf::Diagnostic> diagnostics, bool color) {
    const conf::CheckReport* loaded = session.config();
    if (loaded == nullptr || diagnostics.empty()) return {};
    conf::CheckReport report = *loaded;
    report.diagnostics = std::move(diagnostics);
    report.effective_urls.clear();
    conf::RenderOptions options;
    options.color = color;
    return conf::render_human(std::span<const conf::CheckReport>(&report, 1), options);
}

std::optional<expr::IfBlock> configured_block(const conf::EvalSession& session,
                                              const std::string& key, std::ostream& err,
                                              bool color) {
    conf::KeyExpression k = session.key_expression(key);
    err << render_config_findings(session, std::move(k.diagnostics), color);
    if (!k.block) {
        err << "error: " << (k.note.empty() ? "`" + key + "` cannot be evaluated" : k.note) << "\n";
        return std::nullopt;
    }
    if (!k.note.empty()) err << "note: " << k.note << "\n";
    return std::move(k.block);
}

}  // namespace httpctl::app
