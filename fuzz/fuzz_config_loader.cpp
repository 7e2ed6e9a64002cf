// libFuzzer target for the configuration loader: arbitrary bytes in, and when the file is
// accepted, every invariant of the flat map checked (sorted unique keys, spans inside the text,
// look-ups finding what iteration found), then macro expansion with fake sources.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    LoadResult result = load_config(text, "fuzz.toml");
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
