// Rule toml-portability: the file read by Stalwart's dialect and by standard TOML (toml11),
// compared key by key (spec http.md §2, §2.9, §15).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>

#include "httpconf/loader.hpp"
#include "lint_support.hpp"
#include "rust_debug.hpp"
#include "standard_toml.hpp"

namespace httpctl::conf {
namespace {

constexpr std::string_view kRule = "toml-portability";

bool is_utf8_lead(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
}

// toml11 counts columns in bytes; diagnostics count characters.
std::uint32_t character_column(const SourceText& source, std::uint32_t line,
                               std::uint32_t byte_column) {
    const std::string_view text = source.line_text(line);
    const std::size_t bytes =
        std::min<std::size_t>(byte_column > 0 ? byte_column - 1 : 0, text.size());
    std::uint32_t column = 1;
    for (std::size_t i = 0; i < bytes; ++i) {
        if (is_utf8_lead(text[i])) ++column;
    }
    return column;
}

SourceLocation standard_location(const FlatConfig& config, std::uint32_t line,
                                 std::uint32_t byte_column, std::uint32_t byte_length) {
    const SourceText& source = config.source();
    if (line == 0 || line > source.line_count()) return {config.file_name(), 0, 0, 0, 0};
    const std::uint32_t column = character_column(source, line, byte_column);
    std::uint32_t end = character_column(source, line, byte_column + std::max(byte_length, 1U));
    if (end <= column) end = column + 1;
    return {config.file_name(), line, column, line, end};
}

// Rust's i64 syntax (spec http.md §4): optional sign, then digits only.
std::optional<std::int64_t> rust_integer(std::string_view text) {
    if (text.starts_with('+')) text.remove_prefix(1);
    const std::string_view digits = text.starts_with('-') ? text.substr(1) : text;
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string_view::npos)
        return std::nullopt;
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

std::optional<double> float_text(const std::string& text) {
    if (text.empty() || text.find_first_of(" \t\n") != std::string::npos) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size()) return std::nullopt;
    return value;
}

// Whether a reader of Stalwart's string `stalwart` gets what a TOML reader gets from `standard`.
bool same_meaning(std::string_view stalwart, const StandardTomlEntry& standard) {
    using Kind = StandardTomlEntry::Kind;
    switch (standard.kind) {
        case Kind::String:
        case Kind::Boolean:
        case Kind::DateTime:
            return stalwart == standard.text;
        case Kind::Integer:
            return rust_integer(stalwart) == standard.integer;
        case Kind::Float: {
            const std::optional<double> value = float_text(std::string(stalwart));
            if (!value) return false;
            if (std::isnan(*value) && std::isnan(standard.number)) return true;
            return *value == standard.number;
        }
    }
    return false;
}

std::string shown(const StandardTomlEntry& entry) {
    return entry.kind == StandardTomlEntry::Kind::String ? rust_debug_string(entry.text)
                                                         : entry.text;
}

// Keys that differ only in case or blanks are the same key read two ways (spec http.md §2.2,
// §2.3: header case, spaces dropped from keys).
std::string key_shape(std::string_view key) {
    std::string out;
    for (char c : key) {
        if (c == ' ' || c == '\t') continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

void report_rejection(const FlatConfig& config, const StandardTomlError& error, FindingSink& sink) {
    if (error.not_parsed) {
        sink.at(kRule, {config.file_name(), 0, 0, 0, 0}, 0,
                "not compared with standard TOML: " + error.message,
                "a standard TOML parser would have to nest that deep");
        return;
    }
    const SourceLocation where = standard_location(config, error.line, error.byte_column, 1);
    sink.at(kRule, where, 0,
            "standard TOML rejects this file, which Stalwart reads: " + error.message,
            "other TOML tools (editors, validators, generators) cannot read the file");
}

void compare(const FlatConfig& stalwart, const std::vector<StandardTomlEntry>& standard,
             FindingSink& sink) {
    std::vector<const ConfigEntry*> stalwart_only;
    std::vector<const StandardTomlEntry*> standard_only;
    auto ours = stalwart.entries().begin();
    auto theirs = standard.begin();
    while (ours != stalwart.entries().end() || theirs != standard.end()) {
        if (theirs == standard.end() ||
            (ours != stalwart.entries().end() && ours->key < theirs->key)) {
            stalwart_only.push_back(&*ours++);
        } else if (ours == stalwart.entries().end() || theirs->key < ours->key) {
            standard_only.push_back(&*theirs++);
        } else {
            if (!same_meaning(ours->value, *theirs)) {
                sink.at_value(kRule, *ours,
                              "Stalwart reads " + ours->key + " = " +
                                  rust_debug_string(ours->value) + ", standard TOML reads " +
                                  shown(*theirs),
                              "write the value so both readings agree (spec http.md §2.4)");
            }
            ++ours;
            ++theirs;
        }
    }

    std::multimap<std::string, const StandardTomlEntry*> unmatched;
    for (const StandardTomlEntry* entry : standard_only)
        unmatched.emplace(key_shape(entry->key), entry);
    for (const ConfigEntry* entry : stalwart_only) {
        auto twin = unmatched.find(key_shape(entry->key));
        if (twin != unmatched.end()) {
            sink.at_key(kRule, *entry,
                        "Stalwart reads the key " + entry->key + ", standard TOML reads " +
                            twin->second->key,
                        "keys are case-sensitive and Stalwart lower-cases table headers except "
                        "their first character and drops blanks in keys (spec http.md §2.2, §2.3)");
            unmatched.erase(twin);
            continue;
        }
        sink.at_key(kRule, *entry,
                    "Stalwart reads " + entry->key + " = " + rust_debug_string(entry->value) +
                        ", standard TOML has no such key",
                    "see spec http.md §2.5 for how Stalwart numbers array elements");
    }
    for (const auto& [shape, entry] : unmatched) {
        sink.at(kRule,
                standard_location(stalwart, entry->line, entry->byte_column, entry->byte_length), 0,
                "standard TOML reads " + entry->key + " = " + shown(*entry) +
                    ", Stalwart has no such key",
                "see spec http.md §2 for the differences of Stalwart's dialect");
    }
}

}  // namespace

void lint_portability_rules(const LintContext& context, FindingSink& sink) {
    const std::string_view text = context.config.source().text();
    // The map as written: the checker's map may have had its macros expanded since.
    const LoadResult as_written = load_config(text, context.config.file_name());
    if (!as_written.ok()) return;
    auto standard = read_standard_toml(text, context.config.file_name());
    if (const auto* error = std::get_if<StandardTomlError>(&standard)) {
        report_rejection(*as_written.config, *error, sink);
        return;
    }
    compare(*as_written.config, std::get<std::vector<StandardTomlEntry>>(standard), sink);
}

}  // namespace httpctl::conf
