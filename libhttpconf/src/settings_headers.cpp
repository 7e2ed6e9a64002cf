// Custom response headers (spec http.md §6.1, §10.3): all or nothing.
#include "settings_parts.hpp"

#include "httpconf/ascii.hpp"

namespace httpctl::conf {
namespace {

// spec http.md §6.1: any byte >= 0x20 except 0x7F, plus TAB.
bool is_header_value(std::string_view value) {
    for (char c : value) {
        const auto b = static_cast<unsigned char>(c);
        if ((b < 0x20 && b != '\t') || b == 0x7F) return false;
    }
    return true;
}

}  // namespace

void read_headers(DiagnosticSink& sink, HttpSettings& out) {
    const FlatConfig& config = sink.config();
    const std::string key = out.prefix + "headers";
    const std::string help =
        "one bad header drops all custom headers (spec http.md §6.1); write each item as "
        "`Name: value`";
    for (const KeyValueView& item : config.values(key)) {
        const std::string prefix = "Invalid header found in property \"" + key + "\": ";
        std::string problem;
        const std::size_t colon = item.value.find(':');
        std::string_view name;
        std::string_view value;
        if (colon == std::string_view::npos) {
            problem = std::string(item.value);
        } else {
            name = trim_ascii_whitespace(item.value.substr(0, colon));
            value = trim_ascii_whitespace(item.value.substr(colon + 1));
            if (!is_http_token(name)) {
                problem = "invalid HTTP header name";
            } else if (!is_header_value(value)) {
                problem = "failed to parse header value";
            }
        }
        if (!problem.empty()) {
            out.headers.clear();
            out.headers_rejected = true;
            if (const ConfigEntry* entry = config.find(item.key)) {
                sink.at_value(*entry, Severity::Error, "http.headers.invalid", prefix + problem,
                              help);
            }
            return;
        }
        out.headers.push_back({to_lower_ascii(name), std::string(value)});
    }
}

}  // namespace httpctl::conf
