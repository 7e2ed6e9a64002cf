#include "httpconf/macros.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "rust_debug.hpp"
#include "utf8.hpp"

namespace httpctl::conf {

// Lets expand_macros rewrite values of an otherwise immutable FlatConfig.
struct MacroExpansionAccess {
    static std::vector<ConfigEntry>& entries(FlatConfig& config) { return config.entries_; }
};

namespace {

constexpr std::string_view kMacroEnd = "}%";

struct ClassInfo {
    MacroClass macro_class;
    std::string_view opening;  // `%{env:` ...
    std::string_view name;
};
// http.md §3: class names are case-sensitive; classes expand in this order.
constexpr std::array<ClassInfo, 3> kClasses{{
    {MacroClass::Env, "%{env:", "env"},
    {MacroClass::File, "%{file:", "file"},
    {MacroClass::Cfg, "%{cfg:", "cfg"},
}};

// Macros of one class, as Stalwart walks them: after each macro it continues behind its `}%`.
std::vector<MacroReference> find_class_macros(std::string_view value, const ClassInfo& info) {
    std::vector<MacroReference> found;
    // http.md §3: a value is only scanned if it holds both `%{class:` and `}%`.
    if (value.find(info.opening) == std::string_view::npos ||
        value.find(kMacroEnd) == std::string_view::npos) {
        return found;
    }
    std::size_t from = 0;
    for (;;) {
        std::size_t open = value.find(info.opening, from);
        if (open == std::string_view::npos) break;
        std::size_t argument_begin = open + info.opening.size();
        std::size_t close = value.find(kMacroEnd, argument_begin);
        MacroReference ref;
        ref.macro_class = info.macro_class;
        ref.begin = open;
        if (close == std::string_view::npos) {
            // http.md §3: Stalwart loops forever here.
            ref.argument = value.substr(argument_begin);
            ref.end = value.size();
            ref.terminated = false;
            found.push_back(ref);
            break;
        }
        ref.argument = value.substr(argument_begin, close - argument_begin);
        ref.end = close + kMacroEnd.size();
        found.push_back(ref);
        from = ref.end;
    }
    return found;
}

std::string os_error_text(int error_number) {
    // Rust's io::Error display, which Stalwart's message embeds.
    return std::string(std::strerror(error_number)) + " (os error " + std::to_string(error_number) +
           ")";
}

class MacroExpander {
  public:
    MacroExpander(FlatConfig& config, const MacroOptions& options)
        : config_(config),
          entries_(MacroExpansionAccess::entries(config)),
          options_(options),
          sources_(options.sources != nullptr ? *options.sources : system_sources_) {}

    std::vector<Diagnostic> run() {
        for (const ClassInfo& info : kClasses) {
            for (ConfigEntry& entry : entries_)
                expand_entry(entry, info);
        }
        return std::move(diagnostics_);
    }

  private:
    void expand_entry(ConfigEntry& entry, const ClassInfo& info) {
        std::vector<MacroReference> macros = find_class_macros(entry.value, info);
        if (macros.empty()) return;
        if (!macros.back().terminated) {
            report(entry, macros.back(), "macro.unterminated",
                   "the macro " + std::string(info.opening) +
                       " has no closing '}%' after it: Stalwart never finishes loading this value",
                   "close the macro with '}%' or remove it");
            return;
        }
        if (options_.mode == MacroMode::LeaveUnresolved) return;
        std::string result;
        std::size_t copied = 0;
        for (const MacroReference& macro : macros) {
            result.append(entry.value, copied, macro.begin - copied);
            copied = macro.end;
            if (!resolve(entry, macro, result)) return;  // the whole value stays as written
        }
        result.append(entry.value, copied);
        entry.value = std::move(result);
    }

    // Appends the macro's replacement; false when the value must stay unexpanded.
    bool resolve(const ConfigEntry& entry, const MacroReference& macro, std::string& out) {
        const std::string argument(macro.argument);
        switch (macro.macro_class) {
            case MacroClass::Env: {
                if (auto value = sources_.environment_variable(argument)) {
                    out += *value;
                } else {
                    // http.md §3: the macro is replaced by nothing, the rest is kept.
                    report(entry, macro, "macro.env-unset",
                           "environment variable " + rust_debug_string(argument) +
                               " is not set: the macro expands to nothing",
                           stalwart(entry, "Failed to obtain environment variable " +
                                               rust_debug_string(argument)));
                }
                return true;
            }
            case MacroClass::File: {
                // http.md §3: a leading `//` is stripped, so `file:///etc/x` reads /etc/x.
                std::string_view path = macro.argument;
                if (path.starts_with("//")) path.remove_prefix(2);
                FileReadResult file = sources_.read_file(path);
                std::string problem = file.content;
                if (file.ok) {
                    if (auto bad = utf8::find_invalid(file.content)) {
                        problem = "invalid utf-8 sequence from index " + std::to_string(*bad);
                        file.ok = false;
                    }
                }
                if (!file.ok) {
                    // http.md §3: the whole value is left unexpanded.
                    std::string quoted = rust_debug_string(path);
                    report(entry, macro, "macro.file-unreadable",
                           "cannot read file " + quoted + " (" + problem +
                               "): the value is left unexpanded",
                           stalwart(entry, "Failed to read file " + quoted + ": " + problem));
                    return false;
                }
                out += file.content;  // http.md §3: trailing newline included
                return true;
            }
            case MacroClass::Cfg: {
                // http.md §3: earlier keys are already expanded, later ones are still raw.
                if (auto value = config_.value(argument)) {
                    out += *value;
                } else {
                    report(entry, macro, "macro.cfg-unknown-key",
                           "the macro refers to key " + rust_debug_string(argument) +
                               ", which is not set: it expands to nothing",
                           stalwart(entry, "Unknown key " + rust_debug_string(argument)));
                }
                return true;
            }
        }
        return true;
    }

    static std::string stalwart(const ConfigEntry& entry, const std::string& error) {
        return "Stalwart reports: Macro expansion error for setting " +
               rust_debug_string(entry.key) + ": " + error;
    }

    void report(const ConfigEntry& entry, const MacroReference& macro, std::string code,
                std::string message, std::string help) {
        Diagnostic d;
        d.severity = Severity::Error;
        d.code = std::move(code);
        d.message = std::move(message);
        d.help = std::move(help);
        SourceLocation where = config_.location_of(macro_span(entry, macro));
        d.file = std::string(where.file);
        d.line = where.line;
        d.column = where.column;
        d.end_line = where.end_line;
        d.end_column = where.end_column;
        diagnostics_.push_back(std::move(d));
    }

    // Where the macro was written: its text inside the value's source, when it appears there
    // unchanged (escapes may make the value differ from the source), else the whole value.
    SourceSpan macro_span(const ConfigEntry& entry, const MacroReference& macro) const {
        std::string_view source = config_.source().text();
        SourceSpan value = entry.value_span;
        if (value.end > source.size() || value.begin >= value.end) return value;
        std::string_view written = source.substr(value.begin, value.end - value.begin);
        std::string_view text =
            std::string_view(entry.value).substr(macro.begin, macro.end - macro.begin);
        std::size_t at = written.find(text);
        if (at == std::string_view::npos) return value;
        auto begin = static_cast<std::uint32_t>(value.begin + at);
        return {begin, begin + static_cast<std::uint32_t>(text.size())};
    }

    FlatConfig& config_;
    std::vector<ConfigEntry>& entries_;
    const MacroOptions& options_;
    SystemMacroSources system_sources_;
    const MacroSources& sources_;
    std::vector<Diagnostic> diagnostics_;
};

}  // namespace

std::optional<std::string> SystemMacroSources::environment_variable(std::string_view name) const {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

FileReadResult SystemMacroSources::read_file(std::string_view path) const {
    FileReadResult result;
    std::FILE* file = std::fopen(std::string(path).c_str(), "rb");
    if (file == nullptr) {
        result.content = os_error_text(errno);
        return result;
    }
    char buffer[1 << 14];
    std::size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0)
        result.content.append(buffer, n);
    if (std::ferror(file) != 0) {
        result.content = os_error_text(errno);
    } else {
        result.ok = true;
    }
    std::fclose(file);
    return result;
}

std::vector<MacroReference> find_macros(std::string_view value) {
    std::vector<MacroReference> all;
    for (const ClassInfo& info : kClasses) {
        std::vector<MacroReference> found = find_class_macros(value, info);
        all.insert(all.end(), found.begin(), found.end());
    }
    std::sort(all.begin(), all.end(),
              [](const MacroReference& a, const MacroReference& b) { return a.begin < b.begin; });
    return all;
}

std::vector<Diagnostic> expand_macros(FlatConfig& config, const MacroOptions& options) {
    return MacroExpander(config, options).run();
}

}  // namespace httpctl::conf
