// Where the user finds what a diagnostic of the effective configuration is about.
//
// With a settings overlay (settings_store.hpp) the server checks the configuration file with the
// overlay applied, rendered as generated text that exists nowhere on disk. Its diagnostics are
// mapped back here: a key (or value) that comes unchanged from the file gets the file's own
// position of that key or value; a key set through the management API points at the overlay
// file and says so, naming the key; a diagnostic about the whole file keeps no position and
// names the configuration file. Nothing keeps a position inside the generated text.
#pragma once

#include <string>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/flat_config.hpp"
#include "server/settings_store.hpp"

namespace httpctl::server {

// What the effective text was made of.
struct EffectiveConfigSources {
    const conf::FlatConfig& file;  // the configuration file, loaded from its own text
    const SettingsOverlay& overlay;
    std::string overlay_file;  // `<config>.settings.json`
};

// What one diagnostic of the effective text fell on.
struct DiagnosticOrigin {
    enum class Source {
        WholeFile,  // no position, or a position on no key
        File,       // a key whose value comes unchanged from the configuration file
        Overlay,    // a key set through the management API
        Other,      // a key in neither (a listener added on the command line)
    };
    Source source = Source::WholeFile;
    std::string key;  // empty for WholeFile
};

// The key whose key or value `diagnostic` starts on in `config`'s text; "" when none (or when
// the diagnostic has no position).
[[nodiscard]] std::string key_at(const conf::FlatConfig& config,
                                 const conf::Diagnostic& diagnostic);

// Rewrites `report` (the check of the effective text) in place: every diagnostic of that text
// gets its file, position and, for overlay keys, message as described above; `report.file` and
// `report.source` become the configuration file's, so renderers show the file's own lines. The
// effective map (`report.config`, `report.settings`) is kept. Diagnostics come out sorted:
// the configuration file's by position, then the others. Returns each diagnostic's origin, in
// the same order.
std::vector<DiagnosticOrigin> map_effective_diagnostics(conf::CheckReport& report,
                                                        const EffectiveConfigSources& sources);

}  // namespace httpctl::server
