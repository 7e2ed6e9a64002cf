// A connection after an HTTP/1.1 upgrade (101 Switching Protocols, e.g. to WebSocket): the raw
// bytes of the same plain or TLS connection, with bounded waits. The transport hands one to the
// HttpResponse::upgrade continuation on the connection's worker thread once the 101 response is
// written, and closes the connection when the continuation returns.
//
// Single-threaded: only the continuation uses it (the TLS session is not shared between threads).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace httpctl::server {

class UpgradedStream {
  public:
    enum class ReadStatus : std::uint8_t {
        Data,      // `bytes` bytes were read
        Timeout,   // nothing arrived within the timeout
        Closed,    // the peer closed the connection, or it failed
        Stopping,  // the server is stopping: finish up and return
    };
    struct ReadResult {
        ReadStatus status = ReadStatus::Closed;
        std::size_t bytes = 0;
    };

    virtual ~UpgradedStream() = default;

    // Reads what is available (at most `size` bytes), waiting at most `timeout` for the first
    // byte. Bytes already received are returned even while the server is stopping.
    [[nodiscard]] virtual ReadResult read(char* buffer, std::size_t size,
                                          std::chrono::milliseconds timeout) = 0;
    // Sends every byte within the transport's write timeout; false when the peer is gone.
    [[nodiscard]] virtual bool write_all(std::string_view bytes) = 0;
    // Ends the sending direction (TLS close_notify, TCP FIN); reads still work until the peer
    // closes. Later writes fail.
    virtual void close() = 0;
    // True once the server began to stop.
    [[nodiscard]] virtual bool stopping() const = 0;

  protected:
    UpgradedStream() = default;
    UpgradedStream(const UpgradedStream&) = default;
    UpgradedStream& operator=(const UpgradedStream&) = default;
};

}  // namespace httpctl::server
