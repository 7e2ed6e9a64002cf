#include "http_server_tls.hpp"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace httpctl::server::detail {
namespace {

struct BioFree {
    void operator()(BIO* bio) const noexcept { ::BIO_free(bio); }
};
struct X509Free {
    void operator()(X509* certificate) const noexcept { ::X509_free(certificate); }
};
struct KeyFree {
    void operator()(EVP_PKEY* key) const noexcept { ::EVP_PKEY_free(key); }
};

// The most recent OpenSSL error as text (and the error queue emptied).
std::string openssl_error(std::string_view what) {
    std::string message(what);
    const unsigned long code = ::ERR_get_error();
    if (code != 0) {
        char text[256];
        ::ERR_error_string_n(code, text, sizeof text);
        message += ": ";
        message += text;
    }
    ::ERR_clear_error();
    return message;
}

std::unique_ptr<BIO, BioFree> memory_bio(std::string_view text) {
    return std::unique_ptr<BIO, BioFree>(
        ::BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
}

}  // namespace

std::variant<SslContextPtr, std::string> make_tls_context(std::string_view certificate_pem,
                                                          std::string_view private_key_pem) {
    if (certificate_pem.empty()) return std::string("the certificate is empty");
    if (private_key_pem.empty()) return std::string("the private key is empty");
    SslContextPtr context(::SSL_CTX_new(::TLS_server_method()));
    if (!context) return openssl_error("cannot create a TLS context");
    ::SSL_CTX_set_min_proto_version(context.get(), TLS1_2_VERSION);
    ::SSL_CTX_set_mode(context.get(), SSL_MODE_ENABLE_PARTIAL_WRITE);

    auto certificates = memory_bio(certificate_pem);
    std::unique_ptr<X509, X509Free> leaf(
        ::PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr));
    if (!leaf) return openssl_error("the certificate is not PEM");
    if (::SSL_CTX_use_certificate(context.get(), leaf.get()) != 1) {
        return openssl_error("the certificate is not usable");
    }
    // The rest of the PEM text is the chain.
    while (X509* extra = ::PEM_read_bio_X509(certificates.get(), nullptr, nullptr, nullptr)) {
        if (::SSL_CTX_add0_chain_cert(context.get(), extra) != 1) {
            ::X509_free(extra);
            return openssl_error("a chain certificate is not usable");
        }
    }
    ::ERR_clear_error();  // the loop ends on a "no start line" error

    auto key_text = memory_bio(private_key_pem);
    std::unique_ptr<EVP_PKEY, KeyFree> key(
        ::PEM_read_bio_PrivateKey(key_text.get(), nullptr, nullptr, nullptr));
    if (!key) return openssl_error("the private key is not PEM");
    if (::X509_check_private_key(leaf.get(), key.get()) != 1) {
        return openssl_error("the private key does not match the certificate");
    }
    if (::SSL_CTX_use_PrivateKey(context.get(), key.get()) != 1) {
        return openssl_error("the private key is not usable");
    }
    return context;
}

}  // namespace httpctl::server::detail
