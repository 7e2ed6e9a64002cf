#include "server/jmap_session.hpp"

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace httpctl::server {
namespace {

using Json = nlohmann::ordered_json;

constexpr std::uint64_t rotl(std::uint64_t x, int b) noexcept {
    return (x << b) | (x >> (64 - b));
}

// SipHash-1-3 with both keys zero: what Rust's `DefaultHasher::new()` computes. Stalwart's
// session state is that hasher's result over the access token's group and sharing lists,
// truncated to 32 bits (spec §12).
std::uint64_t siphash13_zero_key(const std::vector<unsigned char>& message) noexcept {
    std::uint64_t v0 = 0x736f6d6570736575ULL;
    std::uint64_t v1 = 0x646f72616e646f6dULL;
    std::uint64_t v2 = 0x6c7967656e657261ULL;
    std::uint64_t v3 = 0x7465646279746573ULL;
    auto round = [&] {
        v0 += v1;
        v1 = rotl(v1, 13);
        v1 ^= v0;
        v0 = rotl(v0, 32);
        v2 += v3;
        v3 = rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = rotl(v1, 17);
        v1 ^= v2;
        v2 = rotl(v2, 32);
    };
    auto compress = [&](std::uint64_t m) {
        v3 ^= m;
        round();
        v0 ^= m;
    };
    const std::size_t full = message.size() / 8 * 8;
    for (std::size_t i = 0; i < full; i += 8) {
        std::uint64_t m = 0;
        for (std::size_t b = 0; b < 8; ++b)
            m |= std::uint64_t{message[i + b]} << (8 * b);
        compress(m);
    }
    std::uint64_t last = (std::uint64_t{message.size()} & 0xff) << 56;
    for (std::size_t b = 0; full + b < message.size(); ++b) {
        last |= std::uint64_t{message[full + b]} << (8 * b);
    }
    compress(last);
    v2 ^= 0xff;
    round();
    round();
    round();
    return v0 ^ v1 ^ v2 ^ v3;
}

void append_le(std::vector<unsigned char>& out, std::uint64_t value, int bytes) {
    for (int b = 0; b < bytes; ++b)
        out.push_back(static_cast<unsigned char>(value >> (8 * b)));
}

// Every capability the session advertises, in Stalwart's order (spec §12).
constexpr std::array<std::string_view, 8> kSessionCapabilities = {
    "urn:ietf:params:jmap:core",       "urn:ietf:params:jmap:mail",
    "urn:ietf:params:jmap:submission", "urn:ietf:params:jmap:vacationresponse",
    "urn:ietf:params:jmap:sieve",      "urn:ietf:params:jmap:blob",
    "urn:ietf:params:jmap:quota",      "urn:ietf:params:jmap:websocket"};

Json core_capability(const conf::JmapLimits& limits) {
    Json core;
    core["maxSizeUpload"] = limits.max_size_upload;
    core["maxConcurrentUpload"] = limits.max_concurrent_upload;
    core["maxSizeRequest"] = limits.max_size_request;
    core["maxConcurrentRequests"] = limits.max_concurrent_requests;
    core["maxCallsInRequest"] = limits.max_calls_in_request;
    core["maxObjectsInGet"] = limits.max_objects_in_get;
    core["maxObjectsInSet"] = limits.max_objects_in_set;
    core["collationAlgorithms"] = {"i;ascii-numeric", "i;ascii-casemap", "i;unicode-casemap"};
    return core;
}

// The personal account's capabilities (spec §12). The sieve limits are Stalwart's defaults for
// untrusted scripts; the spec names the fields only.
Json account_capabilities(const conf::JmapLimits& limits) {
    Json caps;
    Json mail;
    mail["maxMailboxesPerEmail"] = nullptr;
    mail["maxMailboxDepth"] = 10;
    mail["maxSizeMailboxName"] = 255;
    mail["maxSizeAttachmentsPerEmail"] = 50000000;
    mail["emailQuerySortOptions"] = {"receivedAt",
                                     "size",
                                     "from",
                                     "to",
                                     "subject",
                                     "sentAt",
                                     "hasKeyword",
                                     "allInThreadHaveKeyword",
                                     "someInThreadHaveKeyword"};
    mail["mayCreateTopLevelMailbox"] = true;
    caps["urn:ietf:params:jmap:mail"] = mail;

    Json submission;
    submission["maxDelayedSend"] = 2592000;
    Json extensions = Json::object();
    for (const char* name : {"FUTURERELEASE", "SIZE", "DSN", "DELIVERYBY"}) {
        extensions[name] = Json::array();
    }
    extensions["MT-PRIORITY"] = {"MIXER"};
    extensions["REQUIRETLS"] = Json::array();
    submission["submissionExtensions"] = extensions;
    caps["urn:ietf:params:jmap:submission"] = submission;

    caps["urn:ietf:params:jmap:vacationresponse"] = Json::object();

    Json sieve;
    sieve["maxSizeScriptName"] = 512;
    sieve["maxSizeScript"] = 102400;
    sieve["maxNumberScripts"] = 100;
    sieve["maxNumberRedirects"] = 1;
    sieve["sieveExtensions"] = {"body",
                                "comparator-elbonia",
                                "comparator-i;ascii-casemap",
                                "comparator-i;ascii-numeric",
                                "comparator-i;octet",
                                "convert",
                                "copy",
                                "date",
                                "duplicate",
                                "editheader",
                                "enclose",
                                "encoded-character",
                                "enotify",
                                "envelope",
                                "envelope-deliverby",
                                "envelope-dsn",
                                "environment",
                                "ereject",
                                "extlists",
                                "extracttext",
                                "fcc",
                                "fileinto",
                                "foreverypart",
                                "ihave",
                                "imap4flags",
                                "imapsieve",
                                "include",
                                "index",
                                "mailbox",
                                "mailboxid",
                                "mboxmetadata",
                                "mime",
                                "redirect-deliverby",
                                "redirect-dsn",
                                "regex",
                                "reject",
                                "relational",
                                "replace",
                                "servermetadata",
                                "spamtest",
                                "spamtestplus",
                                "special-use",
                                "subaddress",
                                "vacation",
                                "vacation-seconds",
                                "variables",
                                "virustest"};
    sieve["notificationMethods"] = {"mailto"};
    sieve["externalLists"] = nullptr;
    caps["urn:ietf:params:jmap:sieve"] = sieve;

    Json blob;
    // spec §12: request max size × 3/4 − 512, saturating at 0.
    const std::uint64_t three_quarters = limits.max_size_request / 4 * 3;
    blob["maxSizeBlobSet"] = three_quarters > 512 ? three_quarters - 512 : 0;
    blob["maxDataSources"] = limits.max_calls_in_request;
    blob["supportedTypeNames"] = {"Email", "Thread", "SieveScript"};
    blob["supportedDigestAlgorithms"] = {"sha", "sha-256", "sha-512"};
    caps["urn:ietf:params:jmap:blob"] = blob;

    caps["urn:ietf:params:jmap:quota"] = Json::object();
    return caps;
}

}  // namespace

std::string jmap_id(std::uint64_t id) {
    static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz792013";
    std::string reversed;
    do {
        reversed.push_back(kAlphabet[id & 31]);
        id >>= 5;
    } while (id != 0);
    return {reversed.rbegin(), reversed.rend()};
}

std::string session_state(const std::vector<std::uint32_t>& member_of) {
    // Rust hashes a Vec as its length (usize) then its elements; the sharing list is empty here.
    std::vector<unsigned char> message;
    append_le(message, member_of.size(), 8);
    for (std::uint32_t id : member_of)
        append_le(message, id, 4);
    append_le(message, 0, 8);
    char text[16];
    std::snprintf(text, sizeof text, "%x",
                  static_cast<unsigned>(siphash13_zero_key(message) & 0xffffffffU));
    return text;
}

std::optional<std::string> jmap_session_json(const SessionInput& input) {
    const std::string& base = input.base_url;
    if (base.rfind("http", 0) != 0) return std::nullopt;

    Json capabilities;
    capabilities["urn:ietf:params:jmap:core"] = core_capability(input.limits);
    capabilities["urn:ietf:params:jmap:mail"] = Json::object();
    capabilities["urn:ietf:params:jmap:submission"] = Json::object();
    capabilities["urn:ietf:params:jmap:vacationresponse"] = Json::object();
    capabilities["urn:ietf:params:jmap:sieve"] = {
        {"implementation", input.head_dialect ? "Stalwart v1.0.0" : "Stalwart JMAP v0.1.0"}};
    capabilities["urn:ietf:params:jmap:blob"] = Json::object();
    capabilities["urn:ietf:params:jmap:quota"] = Json::object();
    // spec §12: the leading `http` becomes `ws` (https → wss), plus `/jmap/ws`.
    capabilities["urn:ietf:params:jmap:websocket"] = {{"url", "ws" + base.substr(4) + "/jmap/ws"},
                                                      {"supportsPush", true}};

    Json accounts = Json::object();
    Json primary = Json::object();
    std::string username;
    std::vector<std::uint32_t> member_of;
    if (input.account) {
        const std::string id = jmap_id(input.account->account_id);
        Json account;
        account["name"] = input.account->name;
        account["isPersonal"] = true;
        account["isReadOnly"] = false;
        account["accountCapabilities"] = account_capabilities(input.limits);
        accounts[id] = account;
        for (std::string_view capability : kSessionCapabilities)
            primary[capability] = id;
        username = input.account->login;
        member_of = input.account->member_of;
    }

    Json session;
    session["capabilities"] = capabilities;
    session["accounts"] = accounts;
    session["primaryAccounts"] = primary;
    session["username"] = username;
    session["apiUrl"] = base + "/jmap/";
    session["downloadUrl"] = base + "/jmap/download/{accountId}/{blobId}/{name}?accept={type}";
    session["uploadUrl"] = base + "/jmap/upload/{accountId}/";
    session["eventSourceUrl"] =
        base + "/jmap/eventsource/?types={types}&closeafter={closeafter}&ping={ping}";
    session["state"] = session_state(member_of);
    // Invalid UTF-8 in U (possible from an expression) is replaced rather than thrown on.
    return session.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace httpctl::server
