// What a snapshot remembers between requests. Both caches live inside the ConfigSnapshot they
// were filled from, so a reload (a new snapshot) starts with empty caches and nothing computed
// from an old configuration — an old secret, old limits — can outlive it.
//
//  * Session bodies: the serialized JMAP session object (spec http.md §12) depends only on the
//    snapshot, the account and the per-request URL U, so it is keyed by the account and the
//    evaluated U (U may depend on request variables; evaluating it is cheap, serializing is not).
//  * Verified credentials (spec http.md §10.2, §6.1 `cache.session.ttl`): a successful
//    `Authorization` value is remembered for the TTL, so slow secret hashes (bcrypt, Argon2) are
//    not recomputed on every request. The key is the SHA-256 of the exact header value; the
//    secret itself is never stored. Failures are never remembered.
#pragma once

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "bounded_cache.hpp"
#include "request_auth.hpp"
#include "server/jmap_session.hpp"

namespace httpctl::server {

class SessionBodyCache {
  public:
    static constexpr std::size_t kMaxEntries = 1024;  // a session body is ~3 kB

    [[nodiscard]] std::shared_ptr<const std::string> find(
        std::string_view base_url, const std::optional<SessionAccount>& account) const;
    void store(std::string_view base_url, const std::optional<SessionAccount>& account,
               std::shared_ptr<const std::string> body);
    [[nodiscard]] std::size_t size() const { return bodies_.size(); }

  private:
    BoundedCache<std::string, std::shared_ptr<const std::string>> bodies_{kMaxEntries};
};

// SHA-256 of an Authorization header value.
using CredentialDigest = std::array<unsigned char, 32>;

struct CredentialDigestHash {
    std::size_t operator()(const CredentialDigest& digest) const noexcept {
        std::size_t h = 0;  // the digest is uniformly distributed already
        std::memcpy(&h, digest.data(), sizeof h);
        return h;
    }
};

class CredentialCache {
  public:
    using TimePoint = std::chrono::steady_clock::time_point;
    static constexpr std::size_t kMaxEntries = 10'000;

    CredentialCache();
    ~CredentialCache();
    CredentialCache(const CredentialCache&) = delete;
    CredentialCache& operator=(const CredentialCache&) = delete;

    // The user `authorization` authenticated as, when that happened less than the TTL before
    // `now`.
    [[nodiscard]] std::optional<AuthenticatedUser> find(std::string_view authorization,
                                                        TimePoint now) const;
    // Remembers a successful verification until `expires`.
    void store(std::string_view authorization, AuthenticatedUser user, TimePoint expires);
    [[nodiscard]] std::size_t size() const { return entries_.size(); }

  private:
    struct Entry {
        AuthenticatedUser user;
        TimePoint expires;
    };
    // nullopt when the digest cannot be computed (then nothing is cached).
    [[nodiscard]] std::optional<CredentialDigest> digest(std::string_view authorization) const;

    struct Sha256;  // the OpenSSL algorithm object, fetched once
    std::unique_ptr<Sha256> sha256_;
    BoundedCache<CredentialDigest, Entry, CredentialDigestHash> entries_{kMaxEntries};
};

class SnapshotCaches {
  public:
    SessionBodyCache sessions;
    CredentialCache credentials;
};

}  // namespace httpctl::server
