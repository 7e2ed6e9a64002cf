// The OpenSSL server context of one implicit-TLS listener (spec http.md §7), built from the PEM
// text of `certificate.<id>.cert` / `.private-key` (macros already expanded).
#pragma once

#include <openssl/ssl.h>

#include <memory>
#include <string>
#include <string_view>
#include <variant>

namespace httpctl::server::detail {

struct SslContextFree {
    void operator()(SSL_CTX* context) const noexcept { ::SSL_CTX_free(context); }
};
using SslContextPtr = std::unique_ptr<SSL_CTX, SslContextFree>;

// A ready context (TLS 1.2+, the certificate chain and the matching key), or why not.
[[nodiscard]] std::variant<SslContextPtr, std::string> make_tls_context(
    std::string_view certificate_pem, std::string_view private_key_pem);

}  // namespace httpctl::server::detail
