// The JMAP endpoints under `/jmap` for an authenticated account (spec http.md §11, RFC 8620):
// the API (`POST /jmap`, `/jmap/`), blob upload (`POST /jmap/upload/{accountId}/`) and download
// (`GET /jmap/download/{accountId}/{blobId}/{name}?accept=`). The router authenticates first and
// calls `answer` with the account; anything this does not serve comes back as nullopt so the
// router answers it (404).
//
// Long-lived and shared by every transport thread: the upload-concurrency counters and the
// state counter are internally synchronised.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "server/blob_store.hpp"
#include "server/exchange.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

struct JmapAccount {
    std::string account_id;     // JMAP id text of the authenticated account (spec §12)
    std::string session_state;  // the session object's `state`
};

class JmapService {
  public:
    // `blobs` null: upload and download answer 404 (no blob store configured).
    explicit JmapService(std::shared_ptr<const BlobStore> blobs);

    // `rest` is the raw path after "/jmap" ("", "/", "/upload/b/", ...).
    [[nodiscard]] std::optional<HttpResponse> answer(const HttpRequest& request,
                                                     std::string_view rest,
                                                     const ConfigSnapshot& snapshot,
                                                     const JmapAccount& account) const;

    // Changes whenever this server's JMAP state changes (a blob is uploaded); starts at 0.
    [[nodiscard]] std::uint64_t state() const noexcept { return state_.load(); }

  private:
    [[nodiscard]] HttpResponse upload(const HttpRequest& request, std::string_view account_id,
                                      const ConfigSnapshot& snapshot,
                                      const JmapAccount& account) const;
    [[nodiscard]] HttpResponse download(const HttpRequest& request, std::string_view account_id,
                                        std::string_view blob_id, std::string_view name,
                                        const JmapAccount& account) const;

    std::shared_ptr<const BlobStore> blobs_;
    mutable std::mutex uploads_mutex_;
    mutable std::map<std::string, std::uint64_t, std::less<>> uploads_in_flight_;
    mutable std::atomic<std::uint64_t> state_{0};
};

// `Content-Disposition` for a download (spec §11): `attachment; filename="{name}"` with `"` and
// `\` backslash-escaped; control characters become `_` so the value stays one header line.
[[nodiscard]] std::string content_disposition(std::string_view name);

}  // namespace httpctl::server
