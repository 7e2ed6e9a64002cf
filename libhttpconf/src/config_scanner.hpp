// One pass over a configuration file in Stalwart's dialect (spec http.md §2), producing the flat
// entries in file order. The token shapes come from grammar/config_dialect.hpp; this class holds
// the state Stalwart's loader keeps between tokens (current table, the `[[name]]` counter, the
// key being built, nesting depth) and stops at the first error, as Stalwart does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <tao/pegtl.hpp>

#include "httpconf/flat_config.hpp"
#include "syntax_error.hpp"

namespace httpctl::conf {

struct ScannedEntry {
    ConfigEntry entry;
    std::uint32_t order = 0;          // insertion order, to find the first duplicate
    std::uint32_t insert_offset = 0;  // where Stalwart's counter stands when it inserts the key
};

class ConfigScanner {
  public:
    // `text` must be valid UTF-8 shorter than 4 GiB and outlive the scanner.
    explicit ConfigScanner(std::string_view text);

    // Scans the whole text. On false, error() holds the first syntax error; entries() holds
    // everything inserted before it (a duplicate among them is the earlier error).
    bool scan();

    [[nodiscard]] std::vector<ScannedEntry>& entries() noexcept { return entries_; }
    [[nodiscard]] const SyntaxError& error() const noexcept { return error_; }

  private:
    using Input = tao::pegtl::memory_input<tao::pegtl::tracking_mode::lazy, tao::pegtl::eol::lf>;
    enum class KeyEnd : std::uint8_t { Equals, Comma, Close };

    bool table_header();
    bool key_value_item();
    bool key(bool in_inline_table, KeyEnd& end);
    bool value(unsigned depth, ValueStops stops, char& stop);
    bool array(unsigned depth);
    bool inline_table(unsigned depth);
    template <char Quote>
    bool string_value(std::uint32_t start);
    bool after_value(ValueStops stops, char& stop);
    void insert(std::string value, SourceSpan value_span);

    template <typename Rule>
    bool accept();
    template <typename Rule>
    std::string_view accept_text();

    [[nodiscard]] std::uint32_t offset() const noexcept;
    [[nodiscard]] char32_t character_here() const noexcept;
    [[nodiscard]] SourceSpan character_span() const noexcept;
    bool fail(SyntaxErrorKind kind);
    bool fail_character(SyntaxErrorKind kind);
    bool fail_eof(std::string_view context);

    std::string_view text_;
    Input in_;
    std::string table_;            // current [table] prefix, without the trailing dot
    std::string last_array_name_;  // http.md §2.5: only the last [[name]] is remembered
    std::uint32_t last_array_index_ = 0;
    std::string key_;                 // the flat key being built, reused for every entry
    SourceSpan key_span_;             // where the key naming the current value was written
    std::uint32_t nesting_open_ = 0;  // offset of the innermost open `[` / `{`
    std::vector<ScannedEntry> entries_;
    SyntaxError error_;
};

}  // namespace httpctl::conf
