// Response compression exactly as cpp-httplib (0.11) applies it on the worker path, so the event
// loops' direct answers carry the same bytes: the same choice of encoding, the same compressor
// settings (zlib's gzip at the default level, Brotli's defaults), the same output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace httpctl::server::detail {

enum class BodyEncoding : std::uint8_t { None, Gzip, Brotli };

// The library's choice: nothing unless the response's own Content-Type (as the handler set it;
// the library's text/plain default comes later) is one it compresses; then Brotli when the
// request's first Accept-Encoding value mentions "br", else gzip when it mentions "gzip".
[[nodiscard]] BodyEncoding library_encoding(std::string_view accept_encoding,
                                            std::string_view content_type) noexcept;

// Compresses bodies as the library does. It keeps its zlib state between bodies (reset, not
// rebuilt: the same output): a fresh state is ~270 kB that malloc takes from mmap and gives
// back with munmap, and on a busy loop those unmaps cost more than the compression. One per
// thread; not thread-safe.
class LibraryCompressor {
  public:
    LibraryCompressor();
    ~LibraryCompressor();
    LibraryCompressor(const LibraryCompressor&) = delete;
    LibraryCompressor& operator=(const LibraryCompressor&) = delete;

    // The body compressed as the library compresses it; nullopt when the compressor fails (the
    // library then sends the body as it is).
    [[nodiscard]] std::optional<std::string> compress(std::string_view body, BodyEncoding encoding);

  private:
    struct Gzip;
    std::unique_ptr<Gzip> gzip_;  // created on first use
};

// The same with a compressor of its own.
[[nodiscard]] std::optional<std::string> compress_like_library(std::string_view body,
                                                               BodyEncoding encoding);

}  // namespace httpctl::server::detail
