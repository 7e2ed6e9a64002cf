#include "server/blob_store.hpp"

#include <openssl/evp.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

#include "atomic_file.hpp"

namespace httpctl::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kJmapIdAlphabet = "abcdefghijklmnopqrstuvwxyz792013";  // spec §12

std::optional<std::string> sha256_hex(std::string_view bytes) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
        1) {
        return std::nullopt;
    }
    static constexpr std::string_view kHex = "0123456789abcdef";
    std::string hex;
    hex.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        hex += kHex[digest[i] >> 4U];
        hex += kHex[digest[i] & 0x0FU];
    }
    return hex;
}

std::string make_directories(const fs::path& directory) {
    std::error_code ec;
    fs::create_directories(directory, ec);
    if (ec) return "cannot create directory " + directory.string() + ": " + ec.message();
    return {};
}

}  // namespace

bool BlobStore::is_blob_id(std::string_view blob_id) noexcept {
    if (blob_id.size() != 65 || blob_id.front() != 'b') return false;
    for (const char c : blob_id.substr(1)) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

bool BlobStore::is_account_id(std::string_view account_id) noexcept {
    // A u32 needs at most 7 base-32 digits; 13 leaves room for 64-bit ids.
    if (account_id.empty() || account_id.size() > 13) return false;
    return account_id.find_first_not_of(kJmapIdAlphabet) == std::string_view::npos;
}

std::optional<BlobStore> BlobStore::open(const fs::path& root, std::string& error) {
    for (const char* sub : {"blobs", "accounts", "tmp"}) {
        error = make_directories(root / sub);
        if (!error.empty()) return std::nullopt;
        // An existing read-only directory passes make_directories; uploads would then fail one
        // by one, so such a store is refused here.
        if (::access((root / sub).c_str(), W_OK | X_OK) != 0) {
            error = "cannot write to " + (root / sub).string() + ": " + std::strerror(errno);
            return std::nullopt;
        }
    }
    // Leftovers of writes interrupted by a crash: never renamed, so never acknowledged.
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(root / "tmp", ec)) {
        std::error_code ignored;
        fs::remove(entry.path(), ignored);
    }
    if (ec) {
        error = "cannot list " + (root / "tmp").string() + ": " + ec.message();
        return std::nullopt;
    }
    error.clear();
    return BlobStore(root);
}

BlobStoreResult BlobStore::put(std::string_view account_id, std::string_view bytes) const {
    BlobStoreResult result;
    if (!is_account_id(account_id)) {
        result.error = "not a JMAP account id: " + std::string(account_id);
        return result;
    }
    const auto hex = sha256_hex(bytes);
    if (!hex) {
        result.error = "SHA-256 is not available";
        return result;
    }
    const fs::path tmp = root_ / "tmp";
    const fs::path blob_path = root_ / "blobs" / *hex;
    std::error_code ec;
    // Content-addressed: an existing file with this name already holds these bytes (it only
    // ever appears through an atomic rename of a complete, synced file).
    if (!fs::exists(blob_path, ec)) {
        result.error = write_file_atomically(blob_path, bytes, tmp);
        if (!result.error.empty()) return result;
    }
    const std::string blob_id = "b" + *hex;
    const fs::path account_dir = root_ / "accounts" / std::string(account_id);
    if (!fs::exists(account_dir, ec)) {
        result.error = make_directories(account_dir);
        if (!result.error.empty()) return result;
        result.error = sync_directory(root_ / "accounts");
        if (!result.error.empty()) return result;
    }
    // The marker goes in after the blob is durable, so a marker never points at nothing.
    result.error = write_file_atomically(account_dir / blob_id, {}, tmp);
    if (!result.error.empty()) return result;
    result.blob = StoredBlob{blob_id, bytes.size()};
    return result;
}

std::optional<std::string> BlobStore::get(std::string_view account_id,
                                          std::string_view blob_id) const {
    // Both ids become path components: only well-formed ones are looked at (no "..", no "/").
    if (!is_account_id(account_id) || !is_blob_id(blob_id)) return std::nullopt;
    std::error_code ec;
    if (!fs::exists(root_ / "accounts" / std::string(account_id) / std::string(blob_id), ec)) {
        return std::nullopt;
    }
    FileRead file = read_whole_file(root_ / "blobs" / std::string(blob_id.substr(1)));
    if (!file.ok) return std::nullopt;
    return std::move(file.bytes);
}

}  // namespace httpctl::server
