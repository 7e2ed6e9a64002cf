// `check`: everything Stalwart would report, or silently swallow, when it reads a file's HTTP
// settings (spec http.md §2–§9). Load, expand macros, build the typed model, evaluate the base
// URL of every HTTP listener — and return all of it, so `lint`, `eval --config`, the REPL and the
// server start from the same result instead of reading the file again.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"
#include "httpconf/http_settings.hpp"
#include "httpconf/macros.hpp"
#include "httpconf/source_text.hpp"

namespace httpctl::conf {

struct CheckOptions {
    std::optional<TargetVersion> target;  // nullopt: inferred from the key names
    // LeaveUnresolved never reads the environment or files (the checker's default: hermetic);
    // Expand resolves them through `macro_sources` and reports those that fail.
    MacroMode macros = MacroMode::LeaveUnresolved;
    const MacroSources* macro_sources = nullptr;
    std::string machine_hostname = "localhost";
};

// The URL a JMAP client is told on one HTTP listener bind address (§5.4, §12).
struct EffectiveUrl {
    std::string listener;
    std::string bind;
    std::string url;
    bool fallback = false;  // Stalwart's `http[s]://ip:port` fallback was used
    std::string note;       // why, when it was
};

struct CheckReport {
    std::string file;                          // as named on the command line ("-" → "<stdin>")
    std::shared_ptr<const SourceText> source;  // the file's text, for rendering source lines
    std::shared_ptr<const FlatConfig> config;  // null when the loader rejected the file
    std::shared_ptr<const HttpSettings> settings;  // null when the loader rejected the file
    TargetVersion target;
    bool target_inferred = true;
    std::vector<Diagnostic> diagnostics;  // sorted by line, column
    std::vector<EffectiveUrl> effective_urls;
};

[[nodiscard]] CheckReport check_config_text(std::string_view text, std::string file_name,
                                            const CheckOptions& options = {});

}  // namespace httpctl::conf
