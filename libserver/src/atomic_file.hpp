// Durable whole-file writes: write to a temporary file in `temp_dir` (same file system as the
// target), fsync it, rename it over the target, fsync the target's directory. Readers see the
// old file or the new one, never a mixture, and a crash at any point leaves no partial target.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace httpctl::server {

// "" on success, else what failed (with the path and the OS error).
[[nodiscard]] std::string write_file_atomically(const std::filesystem::path& target,
                                                std::string_view bytes,
                                                const std::filesystem::path& temp_dir);

// Removes what an interrupted write_file_atomically(target, …, temp_dir) left in `temp_dir`:
// its temporary files, never renamed into place and so never acknowledged.
void remove_stale_temporaries(const std::filesystem::path& target,
                              const std::filesystem::path& temp_dir);

// fsync a directory so that a rename or a new entry in it survives a crash. "" on success.
[[nodiscard]] std::string sync_directory(const std::filesystem::path& directory);

// The whole file, or nullopt-like empty result with `ok` false when it cannot be read.
struct FileRead {
    bool ok = false;
    std::string bytes;
};
[[nodiscard]] FileRead read_whole_file(const std::filesystem::path& path);

}  // namespace httpctl::server
