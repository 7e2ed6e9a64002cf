// The JMAP endpoints under `/jmap` for an authenticated account (spec http.md §11, RFC 8620):
// the API (`POST /jmap`, `/jmap/`), blob upload (`POST /jmap/upload/{accountId}/`) and download
// (`GET /jmap/download/{accountId}/{blobId}/{name}?accept=`) and push
// (`GET /jmap/eventsource/?types=&closeafter=&ping=`, and the WebSocket `GET /jmap/ws` of
// RFC 8887, see jmap_websocket.hpp). The router authenticates first and
// calls `answer` with the account; anything this does not serve comes back as nullopt so the
// router answers it (404).
//
// Long-lived and shared by every transport thread: the upload-concurrency counters and the
// per-account states are internally synchronised. The continuations of WebSockets and event
// streams refer to the service, so it must outlive the transport's connections
// (HttpServer::stop() joins them).
//
// Event source (RFC 8620 §7.3): the response is streamed (HttpResponse::stream) on the
// connection's worker thread: a `state` event whenever the account's state changes (of type
// "Blob", when `types` asks for it), a `ping` event whenever the ping interval has elapsed since
// the previous event, and with `closeafter=state` the response ends after the first state event.
// No event is sent on connecting (RFC 8620 §7.3 asks for none; the client has the state from
// the API). See jmap_event_source.cpp for how the stream waits.
#pragma once

#include <chrono>
#include <condition_variable>
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

    // The account's push state: changes whenever its data changes (a blob upload); starts at 0.
    [[nodiscard]] std::uint64_t state(std::string_view account_id) const;

    // Ends every open event stream at once (server stop).
    void shutdown() const;

    // The largest ping interval; larger requests are clamped to it (RFC 8620 §7.3: the maximum
    // allowed ping interval must be at least 300 s).
    static constexpr std::chrono::seconds kMaxPing{300};

  private:
    [[nodiscard]] HttpResponse upload(const HttpRequest& request, std::string_view account_id,
                                      const ConfigSnapshot& snapshot,
                                      const JmapAccount& account) const;
    [[nodiscard]] HttpResponse event_source(const HttpRequest& request,
                                            const JmapAccount& account) const;
    struct EventStreamOptions {
        std::string account_id;
        bool wants_blob = true;          // `types` is "*" or names "Blob"
        std::uint64_t ping_seconds = 0;  // 0: no pings
        bool close_after_state = false;  // `closeafter=state`
    };
    void stream_events(UpgradedStream& stream, const EventStreamOptions& options) const;
    [[nodiscard]] HttpResponse websocket(const HttpRequest& request,
                                         const ConfigSnapshot& snapshot,
                                         const JmapAccount& account) const;
    [[nodiscard]] HttpResponse download(const HttpRequest& request, std::string_view account_id,
                                        std::string_view blob_id, std::string_view name,
                                        const JmapAccount& account) const;

    std::shared_ptr<const BlobStore> blobs_;
    mutable std::mutex uploads_mutex_;
    mutable std::map<std::string, std::uint64_t, std::less<>> uploads_in_flight_;
    mutable std::mutex state_mutex_;
    mutable std::condition_variable state_changed_;
    mutable std::map<std::string, std::uint64_t, std::less<>> states_;
    mutable bool stopping_ = false;
};

// `Content-Disposition` for a download (spec §11): `attachment; filename="{name}"` with `"` and
// `\` backslash-escaped; control characters become `_` so the value stays one header line.
[[nodiscard]] std::string content_disposition(std::string_view name);

}  // namespace httpctl::server
