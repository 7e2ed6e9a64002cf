// The boolean switches of the HTTP side and the JMAP limits (spec http.md §4, §6.1).
#include "settings_parts.hpp"

namespace httpctl::conf {
namespace {

bool read_boolean(DiagnosticSink& sink, const std::string& key) {
    const ConfigEntry* entry = sink.config().find(key);
    if (entry == nullptr) return false;
    auto parsed = parse_boolean(entry->value);
    if (auto* b = std::get_if<bool>(&parsed)) return *b;
    // spec http.md §4: only `true`/`false`, case-sensitive; anything else reads as false.
    sink.at_value(*entry, Severity::Error, "http.boolean", std::get<std::string>(parsed),
                  "write `true` or `false` (case-sensitive); Stalwart treats this as false");
    return false;
}

void read_limit(DiagnosticSink& sink, const char* key, std::uint64_t& limit) {
    const ConfigEntry* entry = sink.config().find(key);
    if (entry == nullptr) return;
    auto parsed = parse_unsigned(entry->value);
    if (auto* n = std::get_if<std::uint64_t>(&parsed)) {
        limit = *n;
        return;
    }
    sink.at_value(*entry, Severity::Error, "jmap.limit", std::get<std::string>(parsed),
                  "a plain number of bytes or items (no units, no `_`); Stalwart uses the "
                  "default " +
                      std::to_string(limit));
}

}  // namespace

void read_flags(DiagnosticSink& sink, HttpSettings& out) {
    out.permissive_cors = read_boolean(sink, out.prefix + "permissive-cors");
    out.hsts = read_boolean(sink, out.prefix + "hsts");
    out.use_x_forwarded = read_boolean(sink, out.prefix + "use-x-forwarded");
}

void read_limits(DiagnosticSink& sink, HttpSettings& out) {
    JmapLimits& l = out.limits;
    read_limit(sink, "jmap.protocol.request.max-size", l.max_size_request);
    read_limit(sink, "jmap.protocol.request.max-calls", l.max_calls_in_request);
    read_limit(sink, "jmap.protocol.request.max-concurrent", l.max_concurrent_requests);
    read_limit(sink, "jmap.protocol.upload.max-size", l.max_size_upload);
    read_limit(sink, "jmap.protocol.upload.max-concurrent", l.max_concurrent_upload);
    read_limit(sink, "jmap.protocol.get.max-objects", l.max_objects_in_get);
    read_limit(sink, "jmap.protocol.set.max-objects", l.max_objects_in_set);
}

}  // namespace httpctl::conf
