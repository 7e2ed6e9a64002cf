// HTTP helpers for the end-to-end tests of `serve`'s JMAP and management routes: a
// configuration with accounts, a cpp-httplib client with Basic credentials, JSON bodies, and the
// URL-template expansion a JMAP client library applies to the session object's URLs.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <httplib.h>

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

namespace httpctl::test {

inline const std::string kAdminUser = "admin";
inline const std::string kAdminSecret = "admin-secret-7Qz";
inline const std::string kUserSecret = "jane-secret-4Kp";
inline const std::string kUserEmail = "jane.private@example.org";

// A 0.8 configuration (server.http.* keys): one plain listener on an ephemeral loopback port, URLs
// pointing back at it, a fallback administrator (superuser) and an in-memory directory with two
// individuals, `jane` and `john`. Rate limits are raised: the tests send many requests, wrong
// passwords included, from one address. `extra` is appended. The session's URLs carry the
// configured port (`local_port` is the configured bind), so tests that follow them pass a
// free_loopback_port() instead of 0.
inline std::string accounts_config_08(const std::string& extra = {}, std::uint16_t port = 0) {
    return "[lookup.default]\nhostname = \"127.0.0.1\"\n\n"
           "[server.listener.web]\nprotocol = \"http\"\nbind = [\"127.0.0.1:" +
           std::to_string(port) +
           "\"]\n\n"
           "[server.http]\nurl = \"'http://127.0.0.1:' + local_port\"\n"
           "use-x-forwarded = false\n\n"
           "[authentication]\nrate-limit = \"1000000/1m\"\n\n"
           "[jmap.rate-limit]\nanonymous = \"1000000/1m\"\n\n"
           "[authentication.fallback-admin]\nuser = \"" +
           kAdminUser + "\"\nsecret = \"" + kAdminSecret +
           "\"\n\n"
           "[directory.memory]\ntype = \"memory\"\n\n"
           "[[directory.memory.principals]]\nname = \"jane\"\nclass = \"individual\"\n"
           "description = \"Jane Roe\"\nsecret = \"" +
           kUserSecret + "\"\nemail = [\"" + kUserEmail +
           "\"]\n\n"
           "[[directory.memory.principals]]\nname = \"john\"\nclass = \"individual\"\n"
           "secret = \"john-secret\"\nemail = [\"john@example.org\"]\n\n" +
           extra;
}

// The same accounts with 0.12 keys (http.*): non-superusers get 403 on admin routes.
inline std::string accounts_config_012() {
    return "[server]\nhostname = \"127.0.0.1\"\n\n"
           "[server.listener.web]\nprotocol = \"http\"\nbind = [\"127.0.0.1:0\"]\n\n"
           "[http]\nurl = \"'http://127.0.0.1:' + local_port\"\n"
           "rate-limit.anonymous = \"1000000/1m\"\n\n"
           "[authentication]\nrate-limit = \"1000000/1m\"\n\n"
           "[authentication.fallback-admin]\nuser = \"" +
           kAdminUser + "\"\nsecret = \"" + kAdminSecret +
           "\"\n\n"
           "[directory.memory]\ntype = \"memory\"\n\n"
           "[[directory.memory.principals]]\nname = \"jane\"\nclass = \"individual\"\n"
           "secret = \"" +
           kUserSecret + "\"\nemail = [\"" + kUserEmail + "\"]\n";
}

// A port that was free a moment ago (the kernel picks it; the socket is closed again).
inline std::uint16_t free_loopback_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return 0;
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    std::uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

inline std::string base64(std::string_view text) {
    static constexpr char kAlphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < text.size(); i += 3) {
        const unsigned n = (static_cast<unsigned char>(text[i]) << 16U) |
                           (static_cast<unsigned char>(text[i + 1]) << 8U) |
                           static_cast<unsigned char>(text[i + 2]);
        out += kAlphabet[(n >> 18U) & 63U];
        out += kAlphabet[(n >> 12U) & 63U];
        out += kAlphabet[(n >> 6U) & 63U];
        out += kAlphabet[n & 63U];
    }
    if (i < text.size()) {
        unsigned n = static_cast<unsigned char>(text[i]) << 16U;
        if (i + 1 < text.size()) n |= static_cast<unsigned char>(text[i + 1]) << 8U;
        out += kAlphabet[(n >> 18U) & 63U];
        out += kAlphabet[(n >> 12U) & 63U];
        out += i + 1 < text.size() ? kAlphabet[(n >> 6U) & 63U] : '=';
        out += '=';
    }
    return out;
}

inline httplib::Headers basic_auth(const std::string& user, const std::string& secret) {
    return {{"Authorization", "Basic " + base64(user + ":" + secret)}};
}
inline httplib::Headers admin_auth() { return basic_auth(kAdminUser, kAdminSecret); }
inline httplib::Headers user_auth() { return basic_auth("jane", kUserSecret); }

// One request on a fresh client; `origin` is "http://127.0.0.1:PORT".
inline httplib::Result send(const std::string& origin, const std::string& method,
                            const std::string& target, const httplib::Headers& headers,
                            const std::string& body = {},
                            const std::string& content_type = "application/json") {
    httplib::Client client(origin);
    client.set_read_timeout(60, 0);
    client.set_write_timeout(60, 0);
    if (method == "GET") return client.Get(target, headers);
    if (method == "POST") return client.Post(target, headers, body, content_type);
    if (method == "DELETE") {
        return body.empty() ? client.Delete(target, headers)
                            : client.Delete(target, headers, body, content_type);
    }
    if (method == "PATCH") return client.Patch(target, headers, body, content_type);
    if (method == "PUT") return client.Put(target, headers, body, content_type);
    return client.Options(target, headers);
}

inline std::string origin_of(std::uint16_t port) {
    return "http://127.0.0.1:" + std::to_string(port);
}

inline nlohmann::json json_body(const httplib::Result& result) {
    if (!result) return nlohmann::json();
    return nlohmann::json::parse(result->body, nullptr, false);
}

// RFC 6570 level 1 expansion, as JMAP clients fill the session's URL templates (RFC 8620 §2):
// each `{name}` becomes the percent-encoded value (unreserved characters kept).
inline std::string expand_template(std::string url,
                                   const std::map<std::string, std::string>& values) {
    for (const auto& [name, value] : values) {
        std::string encoded;
        for (const char c : value) {
            const auto byte = static_cast<unsigned char>(c);
            if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
                encoded += c;
            } else {
                static constexpr char kHex[] = "0123456789ABCDEF";
                encoded += '%';
                encoded += kHex[byte >> 4U];
                encoded += kHex[byte & 15U];
            }
        }
        const std::string placeholder = "{" + name + "}";
        for (auto at = url.find(placeholder); at != std::string::npos;
             at = url.find(placeholder, at + encoded.size())) {
            url.replace(at, placeholder.size(), encoded);
        }
    }
    return url;
}

// "http://host:port/path?q" → {"http://host:port", "/path?q"}.
inline std::pair<std::string, std::string> split_url(const std::string& url) {
    const auto scheme_end = url.find("://");
    const auto path_start = url.find('/', scheme_end == std::string::npos ? 0 : scheme_end + 3);
    if (path_start == std::string::npos) return {url, "/"};
    return {url.substr(0, path_start), url.substr(path_start)};
}

inline void write_text_file(const std::filesystem::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
}

inline std::string read_text_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
}

}  // namespace httpctl::test
