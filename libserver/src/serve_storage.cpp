// ServeService: what survives restarts (blob store, settings overlay) and the JMAP and
// management services built on it.
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <system_error>

#include "server/serve_service.hpp"

namespace httpctl::server {
namespace {

namespace fs = std::filesystem;

// A fresh directory under the system temporary folder, or "" with `error` set.
fs::path make_temporary_directory(std::string& error) {
    std::error_code ec;
    const fs::path base = fs::temp_directory_path(ec);
    if (ec) {
        error = "no temporary directory: " + ec.message();
        return {};
    }
    std::string pattern = (base / "stalwart-httpctl-serve-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
        error = "cannot create a directory in " + base.string() + ": " + std::strerror(errno);
        return {};
    }
    return pattern;
}

}  // namespace

std::string ServeService::open_storage() {
    fs::path data_dir;
    if (options_.data_dir) {
        data_dir = *options_.data_dir;
    } else {
        std::string error;
        data_dir = make_temporary_directory(error);
        if (data_dir.empty()) return "cannot create a temporary blob directory: " + error;
        temporary_data_dir_ = data_dir;
        log_("stalwart-httpctl: no --data-dir: uploaded blobs are kept in " + data_dir.string() +
             " and deleted when serve stops; they will not survive a restart");
    }
    const fs::path root = data_dir / "blob-store";
    std::string error;
    auto blobs = BlobStore::open(root, error);
    if (!blobs) return "--data-dir " + data_dir.string() + ": " + error;
    blob_directory_ = root;
    jmap_ = std::make_shared<JmapService>(std::make_shared<const BlobStore>(std::move(*blobs)));

    auto management = std::make_shared<ManagementEnvironment>();
    if (options_.config_path) {
        settings_ = SettingsStore::open(*options_.config_path, check_options(), error);
        if (!settings_) return "settings overlay: " + error;
        management->settings = settings_.get();
        // spec http.md §13.2: an accepted change takes effect through the reload's snapshot
        // swap. The reload re-reads the file with the overlay and adds the --listen listeners,
        // exactly as SIGHUP would; when it refuses, the writer is told.
        management->publish = [this]() -> std::string {
            const ReloadResult result = reload(false, "settings change");
            if (result.errors.empty()) return {};
            const ReloadIssue& first = result.errors.front();
            return first.key + ": " + first.error;
        };
    }
    management_ = std::move(management);
    install_router();
    return {};
}

void ServeService::shutdown_push() const {
    if (jmap_) jmap_->shutdown();
}

}  // namespace httpctl::server
