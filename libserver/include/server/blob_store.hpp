// The blob store behind JMAP upload/download (RFC 8620 §6, spec http.md §11): a directory that
// survives restarts. Blobs are content-addressed (the blob id is derived from the SHA-256 of the
// bytes, so the same bytes are stored once), and every account keeps its own index of the blobs
// it uploaded: one account can never read a blob it did not upload, even when another account
// stored the same bytes.
//
// Layout under the root directory:
//   blobs/<64 hex>            the bytes
//   accounts/<accountId>/<blobId>  an empty marker: this account may read this blob
//   tmp/                      files being written; anything left here after a crash is garbage
// Every file is written to tmp/, fsynced, renamed into place, and the target directory fsynced,
// so a crash loses at most the write in progress and never leaves a partial blob or marker.
//
// Thread-safe: writes of the same blob race only on rename(), which is atomic and idempotent
// here because the content is the same.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace httpctl::server {

struct StoredBlob {
    std::string blob_id;  // "b" + 64 lower-case hex digits of the SHA-256
    std::uint64_t size = 0;
};

struct BlobStoreResult {
    std::optional<StoredBlob> blob;  // set on success
    std::string error;               // why it failed, naming the file involved
};

class BlobStore {
  public:
    // Creates the directories when missing and removes leftovers in tmp/. nullopt with `error`
    // filled when the directory cannot be used.
    [[nodiscard]] static std::optional<BlobStore> open(const std::filesystem::path& root,
                                                       std::string& error);

    // Stores `bytes` for `account_id` (a JMAP id, base-32 alphabet of spec http.md §12). The blob
    // is durable when this returns success.
    [[nodiscard]] BlobStoreResult put(std::string_view account_id, std::string_view bytes) const;

    // The bytes of `blob_id` if `account_id` uploaded it; nullopt for an unknown or malformed
    // id, another account's blob, or a read failure.
    [[nodiscard]] std::optional<std::string> get(std::string_view account_id,
                                                 std::string_view blob_id) const;

    [[nodiscard]] const std::filesystem::path& root() const noexcept { return root_; }

    // A well-formed blob id of this store ("b" + 64 lower-case hex digits).
    [[nodiscard]] static bool is_blob_id(std::string_view blob_id) noexcept;
    // A JMAP id in the base-32 alphabet `abcdefghijklmnopqrstuvwxyz792013`, 1–13 characters.
    [[nodiscard]] static bool is_account_id(std::string_view account_id) noexcept;

  private:
    explicit BlobStore(std::filesystem::path root) : root_(std::move(root)) {}
    std::filesystem::path root_;
};

}  // namespace httpctl::server
