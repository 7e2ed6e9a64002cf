// libFuzzer target for the configuration loader: arbitrary bytes in, and when the file is
// accepted, every invariant of the flat map checked (sorted unique keys, spans inside the text,
// look-ups finding what iteration found), then macro expansion with fake sources. Every input
// also goes through the checker (model, base URLs), whose report must be consistent.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "httpconf/checker.hpp"
#include "httpconf/flat_config.hpp"
#include "httpconf/loader.hpp"
#include "httpconf/macros.hpp"

namespace {

using namespace httpctl::conf;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_config_loader: invariant broken: %s\n", what);
    std::abort();
}

// Macros see a fixed environment and file system, so runs are reproducible and never touch
// the machine the fuzzer runs on.
class FakeSources final : public MacroSources {
  public:
    [[nodiscard]] std::optional<std::string> environment_variable(
        std::string_view name) const override {
        if (name == "HOST") return std::string("mail.example.org");
        if (name == "EMPTY") return std::string();
        return std::nullopt;
    }
    [[nodiscard]] FileReadResult read_file(std::string_view path) const override {
        if (path == "/etc/secret") return {true, "s3cr3t\n"};
        return {false, "no such file"};
    }
};

void check_span(const FlatConfig& config, SourceSpan span, std::size_t text_size) {
    if (span.begin > span.end || span.end > text_size) fail("span outside the text");
    const SourceLocation loc = config.location_of(span);
    if (loc.line == 0 || loc.column == 0) fail("span resolved to no position");
    if (loc.end_line < loc.line || (loc.end_line == loc.line && loc.end_column < loc.column))
        fail("span ends before it starts");
}

void check_config(FlatConfig& config, std::size_t text_size) {
    const ConfigEntry* previous = nullptr;
    for (const ConfigEntry& entry : config.entries()) {
        if (previous != nullptr && !(previous->key < entry.key)) fail("keys not sorted and unique");
        previous = &entry;
        if (config.find(entry.key) != &entry) fail("find() misses an iterated key");
        if (config.value(entry.key) != std::string_view(entry.value)) fail("value() disagrees");
        check_span(config, entry.key_span, text_size);
        check_span(config, entry.value_span, text_size);
        (void)config.values(entry.key);
        const std::size_t dot = entry.key.rfind('.');
        if (dot != std::string::npos) {
            (void)config.sub_keys(std::string_view(entry.key).substr(0, dot), "");
            (void)config.sub_keys(std::string_view(entry.key).substr(0, dot), ".x");
        }
        for (const MacroReference& m : find_macros(entry.value)) {
            if (m.begin > m.end || m.end > entry.value.size()) fail("macro outside its value");
        }
    }

    const FakeSources sources;
    for (const Diagnostic& d : expand_macros(config, MacroOptions{MacroMode::Expand, &sources})) {
        (void)to_compact_text(d);
    }
}

// The checker's report: positions inside the file, sorted, a model whenever the file loaded.
void check_report(std::string_view text, bool loaded) {
    const CheckReport report = check_config_text(text, "fuzz.toml");
    if ((report.config != nullptr) != loaded) fail("checker and loader disagree");
    if (loaded && report.settings == nullptr) fail("no model for a loaded file");
    const std::uint32_t lines = report.source != nullptr ? report.source->line_count() : 0;
    const Diagnostic* previous = nullptr;
    for (const Diagnostic& d : report.diagnostics) {
        if (d.code.empty() || d.message.empty()) fail("diagnostic without code or message");
        if (d.line > lines) fail("diagnostic past the end of the file");
        if (d.line != 0 && (d.column == 0 || d.end_line < d.line ||
                            (d.end_line == d.line && d.end_column < d.column)))
            fail("diagnostic range ends before it starts");
        if (previous != nullptr && (previous->line > d.line ||
                                    (previous->line == d.line && previous->column > d.column)))
            fail("diagnostics not sorted");
        previous = &d;
        (void)to_compact_text(d);
    }
    if (report.settings != nullptr) {
        std::size_t binds = 0;
        for (const Listener* l : report.settings->http_listeners()) binds += l->binds.size();
        if (report.effective_urls.size() != binds) fail("not one base URL per HTTP bind");
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    LoadResult result = load_config(text, "fuzz.toml");
    check_report(text, result.ok());
    if (!result.ok()) {
        if (result.diagnostics.empty()) fail("rejected without a diagnostic");
        for (const Diagnostic& d : result.diagnostics)
            (void)to_compact_text(d);
        return 0;
    }
    if (!result.diagnostics.empty() && result.diagnostics.front().severity == Severity::Error)
        fail("accepted with an error");
    check_config(*result.config, size);
    return 0;
}
