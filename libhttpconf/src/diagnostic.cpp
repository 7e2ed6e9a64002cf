#include "httpconf/diagnostic.hpp"

namespace httpctl::conf {

std::string_view severity_name(Severity severity) noexcept {
    switch (severity) {
        case Severity::Error:
            return "error";
        case Severity::Warning:
            return "warning";
        case Severity::Note:
            return "note";
    }
    return "error";
}

std::string to_compact_text(const Diagnostic& diagnostic) {
    std::string out = diagnostic.file;
    if (diagnostic.line != 0) {
        out += ':';
        out += std::to_string(diagnostic.line);
        out += ':';
        out += std::to_string(diagnostic.column);
    }
    out += ": ";
    out += severity_name(diagnostic.severity);
    out += ": ";
    out += diagnostic.message;
    return out;
}

}  // namespace httpctl::conf
