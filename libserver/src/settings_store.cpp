#include <algorithm>
#include <system_error>

#include "atomic_file.hpp"
#include "httpconf/loader.hpp"
#include "server/diagnostic_origin.hpp"
#include "server/settings_store.hpp"

namespace httpctl::server {
namespace {

// The folder a file is in ("." for a bare name): where its atomic writes put their temporaries.
std::filesystem::path directory_of(const std::filesystem::path& file) {
    return file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
}

}  // namespace
std::filesystem::path SettingsStore::overlay_path_for(const std::filesystem::path& config_file) {
    std::filesystem::path path = config_file;
    path += ".settings.json";
    return path;
}

std::unique_ptr<SettingsStore> SettingsStore::open(std::filesystem::path config_file,
                                                   conf::CheckOptions check_options,
                                                   std::string& error) {
    std::unique_ptr<SettingsStore> store(
        new SettingsStore(std::move(config_file), std::move(check_options)));
    std::error_code ec;
    remove_stale_temporaries(store->overlay_path_, directory_of(store->overlay_path_));
    if (std::filesystem::exists(store->overlay_path_, ec)) {
        const FileRead file = read_whole_file(store->overlay_path_);
        if (!file.ok) {
            error = "cannot read " + store->overlay_path_.string();
            return nullptr;
        }
        auto overlay = parse_overlay(file.bytes, error);
        if (!overlay) {
            error = store->overlay_path_.string() + ": " + error;
            return nullptr;
        }
        store->overlay_ = std::move(*overlay);
    }
    error.clear();
    return store;
}

SettingsOverlay SettingsStore::overlay() const {
    const std::lock_guard lock(mutex_);
    return overlay_;
}

std::optional<std::string> SettingsStore::effective_text(std::string_view file_text) const {
    const SettingsOverlay current = overlay();
    if (current.empty()) return std::string(file_text);
    conf::LoadResult loaded = conf::load_config(file_text, config_file_.string());
    if (!loaded.ok()) return std::nullopt;
    return render_flat_settings(apply_overlay(*loaded.config, current));
}

SettingsUpdate SettingsStore::update(const std::vector<SettingsChange>& changes) {
    const std::lock_guard lock(mutex_);
    SettingsUpdate outcome;
    auto fail = [&outcome](SettingsUpdate::Status status, std::string details) {
        outcome.status = status;
        outcome.details = std::move(details);
        return outcome;
    };

    const FileRead file = read_whole_file(config_file_);
    if (!file.ok)
        return fail(SettingsUpdate::Status::Failed, "cannot read " + config_file_.string());
    conf::LoadResult loaded = conf::load_config(file.bytes, config_file_.string());
    if (!loaded.ok()) {
        return fail(SettingsUpdate::Status::Failed,
                    "the configuration file does not load: " + loaded.stalwart_message);
    }
    const SettingsMap before = apply_overlay(*loaded.config, overlay_);
    SettingsMap after = before;
    if (!apply_settings_changes(after, changes)) {
        return fail(SettingsUpdate::Status::AssertFailed, {});
    }

    // The rendered text must load back to exactly this map, or the change cannot
    // be stored.
    const std::string text = render_flat_settings(after);
    conf::LoadResult reread = conf::load_config(text, config_file_.string());
    if (!reread.ok() || reread.config->size() != after.size() ||
        !std::equal(after.begin(), after.end(), reread.config->entries().begin(),
                    [](const auto& pair, const conf::ConfigEntry& entry) {
                        return pair.first == entry.key && pair.second == entry.value;
                    })) {
        return fail(SettingsUpdate::Status::Rejected,
                    "a key or value cannot be written in Stalwart's configuration format");
    }

    // Refuse the batch when a key it changed has an error (spec §13.2: validated
    // before it is accepted); errors elsewhere were already there and do not
    // block unrelated changes.
    conf::CheckReport report = conf::check_config_text(text, config_file_.string(), check_options_);
    const SettingsOverlay next = overlay_between(*loaded.config, after);
    const std::vector<DiagnosticOrigin> origins = map_effective_diagnostics(
        report, EffectiveConfigSources{*loaded.config, next, overlay_path_.string()});
    std::string problems;
    for (std::size_t i = 0; i < report.diagnostics.size(); ++i) {
        const conf::Diagnostic& diagnostic = report.diagnostics[i];
        if (diagnostic.severity != conf::Severity::Error) continue;
        const std::string& key = origins[i].key;
        const auto old_value = before.find(key);
        const auto new_value = after.find(key);
        const bool changed = key.empty() || old_value == before.end() || new_value == after.end() ||
                             old_value->second != new_value->second;
        if (!changed) continue;
        if (!problems.empty()) problems += "; ";
        // The key and the problem; a key whose value is the file's own also gets where it is
        // written (file:line:col).
        problems +=
            (key.empty() ? std::string("the configuration") : key) + ": " +
            (origins[i].source == DiagnosticOrigin::Source::File ? conf::to_compact_text(diagnostic)
                                                                 : diagnostic.message);
    }
    if (!problems.empty()) return fail(SettingsUpdate::Status::Rejected, problems);

    const std::string error =
        write_file_atomically(overlay_path_, serialize_overlay(next), directory_of(overlay_path_));
    if (!error.empty()) return fail(SettingsUpdate::Status::Failed, error);
    overlay_ = next;
    outcome.report = std::move(report);
    return outcome;
}

}  // namespace httpctl::server
