// Stalwart's configuration macros (spec http.md §3): `%{env:NAME}%`, `%{file:PATH}%` and
// `%{cfg:KEY}%` inside values, expanded after loading. Environment and files are reached only
// through MacroSources, so tests and the checker decide what a macro can see.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"

namespace httpctl::conf {

struct FileReadResult {
    bool ok = false;
    std::string content;  // the file's bytes when ok, else the reason it could not be read
};

class MacroSources {
  public:
    virtual ~MacroSources() = default;
    [[nodiscard]] virtual std::optional<std::string> environment_variable(
        std::string_view name) const = 0;
    [[nodiscard]] virtual FileReadResult read_file(std::string_view path) const = 0;
};

// The real process environment and file system.
class SystemMacroSources final : public MacroSources {
  public:
    [[nodiscard]] std::optional<std::string> environment_variable(
        std::string_view name) const override;
    [[nodiscard]] FileReadResult read_file(std::string_view path) const override;
};

enum class MacroMode : std::uint8_t {
    Expand,           // replace macros as Stalwart does, reporting failures
    LeaveUnresolved,  // touch nothing, read nothing, report nothing unresolved (for checking)
};

struct MacroOptions {
    MacroMode mode = MacroMode::Expand;
    const MacroSources* sources = nullptr;  // required for Expand
};

enum class MacroClass : std::uint8_t { Env, File, Cfg };

// One `%{class:argument}%` occurrence in a value.
struct MacroReference {
    MacroClass macro_class = MacroClass::Env;
    std::string_view argument;  // NAME, PATH or KEY, exactly as written (no trimming)
    std::size_t begin = 0;      // byte offsets of `%{` and just past `}%` in the value
    std::size_t end = 0;
    bool terminated = true;  // false: no `}%` follows, which makes Stalwart loop forever
};

// The macros of one value, in order (a value is only scanned when it holds both `%{class:` and
// `}%`, as in Stalwart).
[[nodiscard]] std::vector<MacroReference> find_macros(std::string_view value);

// Expands every macro of `config` in Stalwart's order (http.md §3): all env, then all file,
// then all cfg, each class one pass over the keys in order. Returns one diagnostic per failed
// macro, positioned at the macro in the file. A macro without a closing `}%` (which hangs
// Stalwart) is always reported and left as written, in both modes.
std::vector<Diagnostic> expand_macros(FlatConfig& config, const MacroOptions& options);

}  // namespace httpctl::conf
