// The event loop of a JMAP event stream (RFC 8620 §7.3), run on the connection's worker thread
// after the transport wrote the response head.
#include <algorithm>
#include <array>
#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>

#include "server/jmap_api.hpp"
#include "server/jmap_routes.hpp"

namespace httpctl::server {
namespace {

using Clock = std::chrono::steady_clock;

std::string state_event(const std::string& account_id, std::uint64_t state) {
    return "event: state\ndata: " + state_change(account_id, state).dump() + "\n\n";
}

std::string ping_event(std::uint64_t interval) {
    return "event: ping\ndata: {\"interval\":" + std::to_string(interval) + "}\n\n";
}

}  // namespace

// Each round waits on the state condition variable for at most kJmapStatePoll (or until the next
// ping is due), writes what is due, then reads without waiting to notice a client that left (a
// read returns Closed) or a server that stops. So a change goes out at once, a ping on time, and
// a departed client or a stop ends the stream within about kJmapStatePoll.
void JmapService::stream_events(UpgradedStream& stream, const EventStreamOptions& options) const {
    const auto ping_every = std::chrono::seconds(options.ping_seconds);
    std::uint64_t seen = state(options.account_id);
    auto next_ping = Clock::now() + ping_every;
    std::array<char, 512> discarded{};
    while (!stream.stopping()) {
        std::uint64_t current = seen;
        {
            std::unique_lock lock(state_mutex_);
            auto wait = kJmapStatePoll;
            if (options.ping_seconds != 0) {
                const auto until_ping =
                    std::chrono::ceil<std::chrono::milliseconds>(next_ping - Clock::now());
                wait = std::clamp(until_ping, std::chrono::milliseconds(0), wait);
            }
            state_changed_.wait_for(lock, wait, [&] {
                const auto it = states_.find(options.account_id);
                current = it == states_.end() ? 0 : it->second;
                return stopping_ || (options.wants_blob && current != seen);
            });
            if (stopping_) return;
        }
        if (options.wants_blob && current != seen) {
            seen = current;
            if (!stream.write_all(state_event(options.account_id, current))) return;
            if (options.close_after_state) return;  // RFC 8620 §7.3 closeafter=state
            // "whenever this time elapses since the previous event was sent"
            next_ping = Clock::now() + ping_every;
        } else if (options.ping_seconds != 0 && Clock::now() >= next_ping) {
            if (!stream.write_all(ping_event(options.ping_seconds))) return;
            next_ping = Clock::now() + ping_every;
        }
        // The client sends nothing after its request; whatever it sends is dropped.
        const auto read =
            stream.read(discarded.data(), discarded.size(), std::chrono::milliseconds(0));
        if (read.status == UpgradedStream::ReadStatus::Closed ||
            read.status == UpgradedStream::ReadStatus::Stopping) {
            return;
        }
    }
}

}  // namespace httpctl::server
