#include "http_server_compress.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <limits>
#include <memory>

namespace httpctl::server::detail {
namespace {

// CPPHTTPLIB_COMPRESSION_BUFSIZ: the library's output chunk.
constexpr std::size_t kChunk = 16 * 1024;

std::optional<std::string> brotli(std::string_view body) {
    const auto state = std::unique_ptr<BrotliEncoderState, void (*)(BrotliEncoderState*)>(
        BrotliEncoderCreateInstance(nullptr, nullptr, nullptr), BrotliEncoderDestroyInstance);
    if (!state) return std::nullopt;
    std::string out;
    std::array<std::uint8_t, kChunk> buffer{};
    std::size_t available_in = body.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(body.data());
    while (!BrotliEncoderIsFinished(state.get())) {
        std::size_t available_out = buffer.size();
        std::uint8_t* next_out = buffer.data();
        if (!BrotliEncoderCompressStream(state.get(), BROTLI_OPERATION_FINISH, &available_in,
                                         &next_in, &available_out, &next_out, nullptr)) {
            return std::nullopt;
        }
        out.append(reinterpret_cast<const char*>(buffer.data()), buffer.size() - available_out);
    }
    return out;
}

}  // namespace

BodyEncoding library_encoding(std::string_view accept_encoding,
                              std::string_view content_type) noexcept {
    // The library's list of compressible types, compared as whole values: a parameter such as
    // "; charset=utf-8" makes application/json not compressible.
    const bool compressible =
        (content_type.substr(0, 5) == "text/" && content_type != "text/event-stream") ||
        content_type == "image/svg+xml" || content_type == "application/javascript" ||
        content_type == "application/json" || content_type == "application/xml" ||
        content_type == "application/protobuf" || content_type == "application/xhtml+xml";
    if (!compressible) return BodyEncoding::None;
    if (accept_encoding.find("br") != std::string_view::npos) return BodyEncoding::Brotli;
    if (accept_encoding.find("gzip") != std::string_view::npos) return BodyEncoding::Gzip;
    return BodyEncoding::None;
}

struct LibraryCompressor::Gzip {
    z_stream stream{};
    bool ready = false;
    Gzip() {
        // Window 15 + 16: a gzip wrapper; memory level 8: zlib's default (the library's settings).
        ready = deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 31, 8,
                             Z_DEFAULT_STRATEGY) == Z_OK;
    }
    ~Gzip() {
        if (ready) deflateEnd(&stream);
    }
    Gzip(const Gzip&) = delete;
    Gzip& operator=(const Gzip&) = delete;

    std::optional<std::string> compress(std::string_view body) {
        // deflateReset: the same as deflateEnd + deflateInit2 with the same settings.
        if (!ready || deflateReset(&stream) != Z_OK) return std::nullopt;
        std::string out;
        std::array<char, kChunk> buffer{};
        std::string_view rest = body;
        do {
            const auto take = std::min<std::size_t>(rest.size(), std::numeric_limits<uInt>::max());
            stream.avail_in = static_cast<uInt>(take);
            stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(rest.data()));
            rest.remove_prefix(take);
            const int flush = rest.empty() ? Z_FINISH : Z_NO_FLUSH;
            do {
                stream.avail_out = static_cast<uInt>(buffer.size());
                stream.next_out = reinterpret_cast<Bytef*>(buffer.data());
                if (deflate(&stream, flush) == Z_STREAM_ERROR) return std::nullopt;
                out.append(buffer.data(), buffer.size() - stream.avail_out);
            } while (stream.avail_out == 0);
        } while (!rest.empty());
        return out;
    }
};

LibraryCompressor::LibraryCompressor() = default;
LibraryCompressor::~LibraryCompressor() = default;

std::optional<std::string> LibraryCompressor::compress(std::string_view body,
                                                       BodyEncoding encoding) {
    switch (encoding) {
        case BodyEncoding::Gzip:
            if (!gzip_) gzip_ = std::make_unique<Gzip>();
            return gzip_->compress(body);
        case BodyEncoding::Brotli:
            return brotli(body);
        case BodyEncoding::None:
            break;
    }
    return std::nullopt;
}

std::optional<std::string> compress_like_library(std::string_view body, BodyEncoding encoding) {
    LibraryCompressor compressor;
    return compressor.compress(body, encoding);
}

}  // namespace httpctl::server::detail
