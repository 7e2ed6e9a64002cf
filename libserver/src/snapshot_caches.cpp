#include "snapshot_caches.hpp"

#include <openssl/evp.h>

#include <utility>

#include "server/snapshot.hpp"

namespace httpctl::server {
namespace {

// Appends `field` so that no two different field sequences give the same key: its length, a
// separator, then the bytes.
void append_field(std::string& key, std::string_view field) {
    key += std::to_string(field.size());
    key += ':';
    key += field;
}

std::string session_key(std::string_view base_url, const std::optional<SessionAccount>& account) {
    std::string key;
    key.reserve(base_url.size() + 64);
    append_field(key, base_url);
    if (!account) return key + '-';
    key += '+';
    key += std::to_string(account->account_id);
    key += ':';
    append_field(key, account->login);
    append_field(key, account->name);
    for (const std::uint32_t group : account->member_of) {
        key += std::to_string(group);
        key += ',';
    }
    return key;
}

}  // namespace

std::shared_ptr<const std::string> SessionBodyCache::find(
    std::string_view base_url, const std::optional<SessionAccount>& account) const {
    return bodies_.find(session_key(base_url, account)).value_or(nullptr);
}

void SessionBodyCache::store(std::string_view base_url,
                             const std::optional<SessionAccount>& account,
                             std::shared_ptr<const std::string> body) {
    bodies_.store(session_key(base_url, account), std::move(body));
}

struct CredentialCache::Sha256 {
    EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    Sha256() = default;
    ~Sha256() { EVP_MD_free(md); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
};

CredentialCache::CredentialCache() : sha256_(std::make_unique<Sha256>()) {}
CredentialCache::~CredentialCache() = default;

std::optional<CredentialDigest> CredentialCache::digest(std::string_view authorization) const {
    if (sha256_->md == nullptr) return std::nullopt;
    CredentialDigest out{};
    unsigned int length = 0;
    if (EVP_Digest(authorization.data(), authorization.size(), out.data(), &length, sha256_->md,
                   nullptr) != 1 ||
        length != out.size()) {
        return std::nullopt;
    }
    return out;
}

std::optional<AuthenticatedUser> CredentialCache::find(std::string_view authorization,
                                                       TimePoint now) const {
    const std::optional<CredentialDigest> key = digest(authorization);
    if (!key) return std::nullopt;
    std::optional<Entry> entry = entries_.find(*key);
    if (!entry || entry->expires <= now) return std::nullopt;
    return std::move(entry->user);
}

void CredentialCache::store(std::string_view authorization, AuthenticatedUser user,
                            TimePoint expires) {
    const std::optional<CredentialDigest> key = digest(authorization);
    if (!key) return;
    entries_.store(*key, Entry{std::move(user), expires});
}

// ConfigSnapshot's handle on its caches (declared in server/snapshot.hpp).
SnapshotCacheSlot::SnapshotCacheSlot() : caches_(std::make_unique<SnapshotCaches>()) {}
SnapshotCacheSlot::~SnapshotCacheSlot() = default;
SnapshotCacheSlot::SnapshotCacheSlot(const SnapshotCacheSlot& /*other*/)
    : caches_(std::make_unique<SnapshotCaches>()) {}
SnapshotCacheSlot& SnapshotCacheSlot::operator=(const SnapshotCacheSlot& other) {
    if (this != &other) caches_ = std::make_unique<SnapshotCaches>();
    return *this;
}

}  // namespace httpctl::server
