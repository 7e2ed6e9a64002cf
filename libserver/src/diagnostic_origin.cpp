#include "server/diagnostic_origin.hpp"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <utility>

namespace httpctl::server {
namespace {

// A 1-based line and code-point column, as in conf::Diagnostic.
struct Position {
    std::uint32_t line = 0;
    std::uint32_t column = 0;
};

bool before(Position a, Position b) noexcept {
    return a.line < b.line || (a.line == b.line && a.column < b.column);
}

Position begin_of(const conf::SourceLocation& span) noexcept {
    return {span.line, span.column};
}
Position end_of(const conf::SourceLocation& span) noexcept {
    return {span.end_line, span.end_column};
}

// A diagnostic starting at `p` is on `span` (end exclusive; an empty span holds its start).
bool starts_on(const conf::SourceLocation& span, Position p) noexcept {
    if (span.line == 0) return false;
    if (before(p, begin_of(span))) return false;
    return before(p, end_of(span)) || (p.line == span.line && p.column == span.column);
}
// A diagnostic ending (exclusively) at `p` ends on `span`.
bool ends_on(const conf::SourceLocation& span, Position p) noexcept {
    if (span.line == 0) return false;
    return before(begin_of(span), p) && !before(end_of(span), p);
}

std::string_view slice(const conf::FlatConfig& config, conf::SourceSpan span) noexcept {
    const std::string_view text = config.source().text();
    if (span.begin > span.end || span.end > text.size()) return {};
    return text.substr(span.begin, span.end - span.begin);
}

// One written part of an entry: its key or its value.
struct Part {
    conf::SourceSpan span;
    conf::SourceLocation where;
};
Part key_part(const conf::FlatConfig& config, const conf::ConfigEntry& entry) {
    return {entry.key_span, config.key_location(entry)};
}
Part value_part(const conf::FlatConfig& config, const conf::ConfigEntry& entry) {
    return {entry.value_span, config.value_location(entry)};
}

// `p`, inside the generated part `from`, moved into the file's part `to`. When both are written
// alike (the same characters, as for a double-quoted string the file wrote as the generated text
// does), the offset is kept exactly: columns count code points in both texts, so equal text
// gives equal column steps, and after a line break inside the part the column is the same.
// Otherwise the whole file part is the best exact answer: its beginning or its end.
Position move_position(Position p, const Part& from, const Part& to, bool same_text, bool is_end) {
    if (!same_text) return is_end ? end_of(to.where) : begin_of(to.where);
    if (p.line == from.where.line)
        return {to.where.line, to.where.column + (p.column - from.where.column)};
    return {to.where.line + (p.line - from.where.line), p.column};
}

// The entry of the effective map a position falls on, and whether on its value.
struct EntryHit {
    const conf::ConfigEntry* entry = nullptr;
    bool on_value = false;
};
EntryHit entry_at(const conf::FlatConfig& config, Position p) {
    for (const conf::ConfigEntry& entry : config.entries()) {
        if (starts_on(config.value_location(entry), p)) return {&entry, true};
        if (starts_on(config.key_location(entry), p)) return {&entry, false};
    }
    return {};
}

std::string append_sentence(const std::string& text, const std::string& more) {
    return text.empty() ? more : text + "; " + more;
}

class DiagnosticMapper {
  public:
    DiagnosticMapper(const conf::FlatConfig* effective, std::string effective_name,
                     const EffectiveConfigSources& sources)
        : effective_(effective), effective_name_(std::move(effective_name)), sources_(sources) {}

    DiagnosticOrigin map(conf::Diagnostic& d) const {
        if (d.file != effective_name_) return {DiagnosticOrigin::Source::WholeFile, {}};
        d.file = sources_.file.file_name();
        const EntryHit hit = d.line == 0 || effective_ == nullptr
                                 ? EntryHit{}
                                 : entry_at(*effective_, {d.line, d.column});
        if (hit.entry == nullptr) return whole_file(d);
        const std::string& key = hit.entry->key;
        if (sources_.overlay.set.contains(key)) return from_overlay(d, key);
        const conf::ConfigEntry* in_file = sources_.file.find(key);
        if (in_file == nullptr) return from_elsewhere(d, key);
        from_file(d, *hit.entry, *in_file, hit.on_value);
        return {DiagnosticOrigin::Source::File, key};
    }

  private:
    static void clear_position(conf::Diagnostic& d) {
        d.line = d.column = d.end_line = d.end_column = 0;
    }

    DiagnosticOrigin whole_file(conf::Diagnostic& d) const {
        clear_position(d);
        if (!sources_.overlay.empty()) {
            d.help =
                append_sentence(d.help, "checked with the settings of " + sources_.overlay_file +
                                            " (changed through the management API) applied");
        }
        return {DiagnosticOrigin::Source::WholeFile, {}};
    }

    DiagnosticOrigin from_overlay(conf::Diagnostic& d, const std::string& key) const {
        // The overlay is JSON the server writes, not a file the user edits: naming the key and
        // how it got there says more than a position in it would.
        clear_position(d);
        d.file = sources_.overlay_file;
        d.message += " (" + key + " was set through the management API, POST /api/settings)";
        return {DiagnosticOrigin::Source::Overlay, key};
    }

    DiagnosticOrigin from_elsewhere(conf::Diagnostic& d, const std::string& key) const {
        clear_position(d);
        d.help = append_sentence(
            d.help, key +
                        " is neither in the configuration file nor in the settings overlay: "
                        "it was added on the command line (--listen)");
        return {DiagnosticOrigin::Source::Other, key};
    }

    void from_file(conf::Diagnostic& d, const conf::ConfigEntry& generated,
                   const conf::ConfigEntry& written, bool on_value) const {
        const conf::FlatConfig& file = sources_.file;
        const Part parts_from[2] = {key_part(*effective_, generated),
                                    value_part(*effective_, generated)};
        const Part parts_to[2] = {key_part(file, written), value_part(file, written)};
        const bool same[2] = {
            slice(*effective_, generated.key_span) == slice(file, written.key_span),
            slice(*effective_, generated.value_span) == slice(file, written.value_span)};
        const int first = on_value ? 1 : 0;
        const Position begin = move_position({d.line, d.column}, parts_from[first], parts_to[first],
                                             same[first], false);
        Position end = end_of(parts_to[first].where);
        if (d.end_line != 0) {
            // The end may lie on the value when the diagnostic starts on the key.
            for (int part = first; part < 2; ++part) {
                if (ends_on(parts_from[part].where, {d.end_line, d.end_column})) {
                    end = move_position({d.end_line, d.end_column}, parts_from[part],
                                        parts_to[part], same[part], true);
                }
            }
        }
        d.line = begin.line;
        d.column = begin.column;
        d.end_line = end.line;
        d.end_column = end.column;
    }

    const conf::FlatConfig* effective_;
    std::string effective_name_;
    const EffectiveConfigSources& sources_;
};

}  // namespace

std::string key_at(const conf::FlatConfig& config, const conf::Diagnostic& diagnostic) {
    if (diagnostic.line == 0) return {};
    const EntryHit hit = entry_at(config, {diagnostic.line, diagnostic.column});
    return hit.entry != nullptr ? hit.entry->key : std::string();
}

std::vector<DiagnosticOrigin> map_effective_diagnostics(conf::CheckReport& report,
                                                        const EffectiveConfigSources& sources) {
    const DiagnosticMapper mapper(report.config.get(), report.file, sources);
    std::vector<DiagnosticOrigin> origins;
    origins.reserve(report.diagnostics.size());
    for (conf::Diagnostic& diagnostic : report.diagnostics) {
        origins.push_back(mapper.map(diagnostic));
    }

    report.file = sources.file.file_name();
    report.source =
        std::make_shared<const conf::SourceText>(std::string(sources.file.source().text()));

    std::vector<std::size_t> order(report.diagnostics.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const conf::Diagnostic& x = report.diagnostics[a];
        const conf::Diagnostic& y = report.diagnostics[b];
        const bool x_other = x.file != report.file;
        const bool y_other = y.file != report.file;
        if (x_other != y_other) return y_other;
        return before({x.line, x.column}, {y.line, y.column});
    });
    std::vector<conf::Diagnostic> diagnostics;
    std::vector<DiagnosticOrigin> sorted_origins;
    diagnostics.reserve(order.size());
    sorted_origins.reserve(order.size());
    for (const std::size_t index : order) {
        diagnostics.push_back(std::move(report.diagnostics[index]));
        sorted_origins.push_back(std::move(origins[index]));
    }
    report.diagnostics = std::move(diagnostics);
    return sorted_origins;
}

}  // namespace httpctl::server
