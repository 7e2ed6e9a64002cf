// Settings changed through the management API (`POST /api/settings`, `DELETE /api/settings/…`,
// spec http.md §13.2) and how they persist.
//
// The configuration file itself is never rewritten. Changes live in a settings file beside it
// (`<config>.settings.json`): an overlay of keys set (which win over the file) and file keys
// deleted. The effective flat map is the file's map with the overlay applied; when the overlay
// is not empty the server checks and serves that map rendered in Stalwart's flat-file style
// (spec §1 "When Stalwart writes the local file"), otherwise the file's own text, so positions
// in diagnostics stay those of the file. Storing the overlay rather than the whole map keeps
// later edits of the file effective for every key the management API did not touch.
//
// Writes are all-or-nothing: a batch of changes is applied to a copy, the resulting
// configuration is checked, and only a batch whose changed keys have no error diagnostics is
// written (temporary file, fsync, rename, fsync of the directory) and then made current.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/checker.hpp"
#include "httpconf/flat_config.hpp"

namespace httpctl::server {

using SettingsMap = std::map<std::string, std::string, std::less<>>;

struct SettingsOverlay {
    SettingsMap set;                             // key → value; wins over the file
    std::set<std::string, std::less<>> deleted;  // keys of the file that are gone
    [[nodiscard]] bool empty() const noexcept { return set.empty() && deleted.empty(); }
    friend bool operator==(const SettingsOverlay&, const SettingsOverlay&) = default;
};

// One operation of the `POST /api/settings` body (spec §13.2).
struct SettingsChange {
    enum class Kind { Delete, Clear, Insert };
    Kind kind = Kind::Insert;
    std::vector<std::string> keys;      // Delete
    std::optional<std::string> prefix;  // Clear (always set), Insert (optional)
    std::vector<std::pair<std::string, std::string>> values;  // Insert
    bool assert_empty = false;                                // Insert
};

// Parses the `POST /api/settings` body: a JSON array of `{"type":"Delete"|"Clear"|"Insert",…}`
// (capitalised tags at 0.8, lower-case at 0.12+, spec §13.2). nullopt with `error` set to a
// deserializer-style message otherwise.
[[nodiscard]] std::optional<std::vector<SettingsChange>> parse_settings_changes(
    std::string_view body, bool head_dialect, std::string& error);

// Applies `changes` in order to `settings` (spec §13.2): Delete erases the exact keys, Clear
// every key starting with the prefix, Insert sets `prefix.key` (or `key`). False when an
// Insert's `assert_empty` fails — some keys with that prefix, or the first key, exist; the map is
// then partly changed, so callers work on a copy.
[[nodiscard]] bool apply_settings_changes(SettingsMap& settings,
                                          const std::vector<SettingsChange>& changes);

// The file's map with the overlay applied.
[[nodiscard]] SettingsMap apply_overlay(const conf::FlatConfig& file,
                                        const SettingsOverlay& overlay);
// The overlay that turns `file` into `effective`.
[[nodiscard]] SettingsOverlay overlay_between(const conf::FlatConfig& file,
                                              const SettingsMap& effective);

// A flat map as Stalwart writes its local file (spec §1): sorted `key = value` lines; `true`,
// `false` and numbers bare; values with a newline (or long ones with `"` or `\`) between `'''`;
// others double-quoted with `\` and `"` escaped. Keys that are not bare-key safe are quoted.
[[nodiscard]] std::string render_flat_settings(const SettingsMap& settings);

// The overlay file's text and back.
[[nodiscard]] std::string serialize_overlay(const SettingsOverlay& overlay);
[[nodiscard]] std::optional<SettingsOverlay> parse_overlay(std::string_view text,
                                                           std::string& error);

// Outcome of `SettingsStore::update`.
struct SettingsUpdate {
    enum class Status { Applied, AssertFailed, Rejected, Failed };
    Status status = Status::Applied;
    std::string details;  // Rejected: the diagnostics; Failed: what went wrong
    // Applied: the check of the new effective configuration, ready to become the snapshot.
    std::optional<conf::CheckReport> report;
};

class SettingsStore {
  public:
    // `config_file` is the configuration file; the overlay is `<config_file>.settings.json`.
    // Reads the overlay when it exists. nullopt with `error` when it exists but is unreadable.
    [[nodiscard]] static std::unique_ptr<SettingsStore> open(std::filesystem::path config_file,
                                                             conf::CheckOptions check_options,
                                                             std::string& error);

    [[nodiscard]] static std::filesystem::path overlay_path_for(
        const std::filesystem::path& config_file);
    [[nodiscard]] const std::filesystem::path& overlay_path() const noexcept {
        return overlay_path_;
    }

    // The text to check and serve for the file text `file_text`: itself when the overlay is
    // empty, else the effective map rendered. nullopt when the file does not load (the caller
    // reports the file's own error by checking `file_text`).
    [[nodiscard]] std::optional<std::string> effective_text(std::string_view file_text) const;

    // Reads the configuration file, applies `changes` to its effective map, checks the result
    // and, when acceptable, persists the new overlay. Serialised: one update at a time.
    [[nodiscard]] SettingsUpdate update(const std::vector<SettingsChange>& changes);

    [[nodiscard]] SettingsOverlay overlay() const;

  private:
    SettingsStore(std::filesystem::path config_file, conf::CheckOptions check_options)
        : config_file_(std::move(config_file)),
          overlay_path_(overlay_path_for(config_file_)),
          check_options_(std::move(check_options)) {}

    std::filesystem::path config_file_;
    std::filesystem::path overlay_path_;
    conf::CheckOptions check_options_;
    mutable std::mutex mutex_;
    SettingsOverlay overlay_;
};

}  // namespace httpctl::server
