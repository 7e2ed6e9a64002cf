// hash(s, algo) (spec expressions.md §6.4, HEAD only): hex digest through OpenSSL's EVP API.
#include <openssl/evp.h>

#include "argument_text.hpp"
#include "function_impls.hpp"

namespace httpctl::expr::functions {

namespace {

// §6.4: the names are exact and case-sensitive ("SHA256" is unknown and yields "").
const EVP_MD* digest_named(std::string_view algo) {
    if (algo == "md5") return EVP_md5();
    if (algo == "sha1") return EVP_sha1();
    if (algo == "sha256") return EVP_sha256();
    if (algo == "sha512") return EVP_sha512();
    return nullptr;
}

}  // namespace

bool hash(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText algo(args[1], env.dialect);
    const EVP_MD* md = digest_named(algo);
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int digest_length = 0;
    bool ok = false;
    if (md != nullptr) {
        const ArgText text(args[0], env.dialect);
        ok = EVP_Digest(text.view().data(), text.view().size(), digest, &digest_length, md,
                        nullptr) == 1;
    }
    // An unknown algorithm (or a digest the crypto library refuses) gives "".
    SmallString hex;
    if (ok) {
        constexpr char kHexDigits[] = "0123456789abcdef";
        char* dst = hex.append_uninitialized(2 * digest_length);
        for (unsigned int i = 0; i < digest_length; ++i) {
            dst[2 * i] = kHexDigits[digest[i] >> 4];
            dst[2 * i + 1] = kHexDigits[digest[i] & 0x0F];
        }
        hex.resize(2 * digest_length);
    }
    out = Value(std::move(hex));
    return true;
}

}  // namespace httpctl::expr::functions
