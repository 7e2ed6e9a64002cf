#include "httpconf/ascii.hpp"
#include "httpconf/client_ip.hpp"

#include <optional>

namespace httpctl::conf {

namespace {

constexpr std::string_view kNoRemoteAddress08 =
    "No remote address found in request, using remote ip.";
constexpr std::string_view kForwardedMissing012 = "X-Forwarded missing";

const std::string* first_header(const HeaderList& headers, std::string_view name) noexcept {
    for (const auto& [header_name, value] : headers) {
        if (equals_ignoring_ascii_case(header_name, name)) return &value;
    }
    return nullptr;
}

std::vector<std::string_view> all_headers(const HeaderList& headers, std::string_view name) {
    std::vector<std::string_view> values;
    for (const auto& [header_name, value] : headers) {
        if (equals_ignoring_ascii_case(header_name, name)) values.emplace_back(value);
    }
    return values;
}

// Stalwart reads a header value as text only when every byte is visible ASCII or a tab (the
// HTTP library's `to_str`); any other value counts as absent text (spec http.md §10.1).
bool is_visible_ascii(std::string_view value) noexcept {
    for (const char c : value) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte != '\t' && (byte < 0x20 || byte > 0x7e)) return false;
    }
    return true;
}

std::optional<IpAddress> parse_whole_value(std::string_view value) noexcept {
    if (!is_visible_ascii(value)) return std::nullopt;
    std::optional<IpAddress> address = parse_ip_address(value);
    if (address) address = address->unmapped();
    return address;
}

std::string canonical_peer(std::string_view peer_ip) {
    const std::optional<IpAddress> peer = parse_ip_address(peer_ip);
    return peer ? peer->unmapped().to_string() : std::string(peer_ip);
}

ClientIp from_peer(std::string_view peer_ip, std::string warning, std::string explanation) {
    return ClientIp{canonical_peer(peer_ip), ClientIpSource::Peer, std::move(warning),
                    std::move(explanation)};
}

ClientIp from_header(const IpAddress& address, ClientIpSource source, std::string explanation) {
    return ClientIp{address.to_string(), source, {}, std::move(explanation)};
}

// spec http.md §10.1, v0.8.5: all or nothing, and a `Forwarded` header hides `X-Forwarded-For`.
ClientIp resolve_08(std::string_view peer_ip, const HeaderList& headers) {
    if (const std::string* forwarded = first_header(headers, "forwarded")) {
        if (const auto address = parse_whole_value(*forwarded)) {
            return from_header(*address, ClientIpSource::Forwarded,
                               "the first Forwarded header is one IP address");
        }
        return from_peer(peer_ip, std::string(kNoRemoteAddress08),
                         "the first Forwarded header is not exactly one IP address (Stalwart 0.8 "
                         "then ignores X-Forwarded-For); using the peer");
    }
    if (const std::string* xff = first_header(headers, "x-forwarded-for")) {
        if (const auto address = parse_whole_value(*xff)) {
            return from_header(*address, ClientIpSource::XForwardedFor,
                               "the first X-Forwarded-For header is one IP address");
        }
        return from_peer(peer_ip, std::string(kNoRemoteAddress08),
                         "the first X-Forwarded-For header is not exactly one IP address; using "
                         "the peer");
    }
    return from_peer(peer_ip, std::string(kNoRemoteAddress08),
                     "no Forwarded or X-Forwarded-For header; using the peer");
}

bool is_ip_run_char(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == ':' || c == '.';
}

// spec http.md §10.1, HEAD step 1: the first `for=` of the lower-cased value, past any `"`, `[`
// and spaces, then the longest run of `0-9 a-f : .` (so a port after an IPv4 address is part
// of the run and the parse fails).
std::optional<IpAddress> parse_first_for_012(std::string_view value) {
    if (!is_visible_ascii(value)) return std::nullopt;
    std::string lower(value);
    for (char& c : lower)
        c = to_lower_ascii(c);
    const std::size_t at = lower.find("for=");
    if (at == std::string::npos) return std::nullopt;
    std::size_t start = at + 4;
    while (start < lower.size() &&
           (lower[start] == '"' || lower[start] == '[' || lower[start] == ' ')) {
        ++start;
    }
    std::size_t end = start;
    while (end < lower.size() && is_ip_run_char(lower[end]))
        ++end;
    std::optional<IpAddress> address =
        parse_ip_address(std::string_view(lower).substr(start, end - start));
    if (address) address = address->unmapped();
    return address;
}

// spec http.md §10.1, HEAD step 2: the text before the first comma, trimmed.
std::optional<IpAddress> parse_leftmost_xff_012(std::string_view value) {
    if (!is_visible_ascii(value)) return std::nullopt;
    std::optional<IpAddress> address = parse_ip_address(trim_http_whitespace(value.substr(0, value.find(','))));
    if (address) address = address->unmapped();
    return address;
}

ClientIp resolve_012(std::string_view peer_ip, const HeaderList& headers) {
    if (const std::string* forwarded = first_header(headers, "forwarded")) {
        if (const auto address = parse_first_for_012(*forwarded)) {
            return from_header(*address, ClientIpSource::Forwarded,
                               "the first for= of the first Forwarded header");
        }
    }
    if (const std::string* xff = first_header(headers, "x-forwarded-for")) {
        if (const auto address = parse_leftmost_xff_012(*xff)) {
            return from_header(*address, ClientIpSource::XForwardedFor,
                               "the left-most entry of the first X-Forwarded-For header");
        }
    }
    return from_peer(peer_ip, std::string(kForwardedMissing012),
                     "no usable Forwarded for= or X-Forwarded-For entry; using the peer");
}

std::string count_proxies(std::size_t count) {
    return std::to_string(count) + (count == 1 ? " trusted proxy" : " trusted proxies");
}

ClientIp resolve_trusted(std::string_view peer_ip, const HeaderList& headers,
                         const CidrSet& trusted) {
    const std::optional<IpAddress> peer = parse_ip_address(peer_ip);
    if (!peer || !trusted.contains(*peer)) {
        return from_peer(peer_ip, {},
                         "the peer is not a trusted proxy; forwarding headers ignored");
    }
    std::vector<std::string> hops;
    ClientIpSource source = ClientIpSource::Forwarded;
    std::string_view family = "Forwarded";
    const std::vector<std::string_view> forwarded = all_headers(headers, "forwarded");
    if (!forwarded.empty()) {
        for (const std::string_view value : forwarded) {
            for (std::string& hop : forwarded_for_values(value))
                hops.push_back(std::move(hop));
        }
    } else {
        source = ClientIpSource::XForwardedFor;
        family = "X-Forwarded-For";
        for (const std::string_view value : all_headers(headers, "x-forwarded-for")) {
            std::string_view rest = value;
            while (true) {
                const std::size_t comma = rest.find(',');
                hops.emplace_back(trim_http_whitespace(rest.substr(0, comma)));
                if (comma == std::string_view::npos) break;
                rest.remove_prefix(comma + 1);
            }
        }
    }
    if (hops.empty()) {
        return from_peer(peer_ip, {}, "the peer is a trusted proxy but sent no forwarding header");
    }
    // Walk right to left from the peer while the current hop is a trusted proxy.
    IpAddress reporter = peer->unmapped();
    for (std::size_t i = hops.size(); i-- > 0;) {
        const std::size_t skipped = hops.size() - 1 - i;
        const std::optional<IpAddress> hop = parse_forwarded_node(hops[i]);
        if (!hop) {
            ClientIp result = from_header(reporter, skipped == 0 ? ClientIpSource::Peer : source,
                                          std::string(family) + " hop " + std::to_string(i + 1) +
                                              " of " + std::to_string(hops.size()) +
                                              " is not an IP address; using the trusted " +
                                              "proxy that reported it");
            result.warning = "unusable " + std::string(family) + " entry \"" + hops[i] +
                             "\"; using the address of the proxy that reported it";
            return result;
        }
        if (!trusted.contains(*hop)) {
            return from_header(*hop, source,
                               std::string(family) + " hop " + std::to_string(i + 1) + " of " +
                                   std::to_string(hops.size()) + ", the first untrusted one (" +
                                   count_proxies(skipped + 1) + " skipped)");
        }
        reporter = *hop;
    }
    return from_header(
        reporter, source,
        "every hop is a trusted proxy; using the left-most " + std::string(family) + " entry");
}

}  // namespace

std::string_view client_ip_source_name(ClientIpSource source) noexcept {
    switch (source) {
        case ClientIpSource::Peer:
            return "peer";
        case ClientIpSource::Forwarded:
            return "forwarded";
        case ClientIpSource::XForwardedFor:
            return "x-forwarded-for";
    }
    return "peer";
}

std::optional<IpAddress> parse_forwarded_node(std::string_view node) noexcept {
    node = trim_http_whitespace(node);
    const auto valid_port = [](std::string_view port) {
        if (port.empty()) return false;
        if (port.front() == '_') return port.size() > 1;  // obfuscated port (RFC 7239 §6.3)
        return port.size() <= 5 && port.find_first_not_of("0123456789") == std::string_view::npos;
    };
    std::optional<IpAddress> address;
    if (!node.empty() && node.front() == '[') {
        const std::size_t close = node.find(']');
        if (close == std::string_view::npos) return std::nullopt;
        const std::string_view after = node.substr(close + 1);
        if (!after.empty() && (after.front() != ':' || !valid_port(after.substr(1)))) {
            return std::nullopt;
        }
        address = parse_ip_address(node.substr(1, close - 1));
        if (!address || address->is_v4()) return std::nullopt;
    } else if (const std::size_t colon = node.find(':');
               colon != std::string_view::npos &&
               node.find(':', colon + 1) == std::string_view::npos) {
        if (!valid_port(node.substr(colon + 1))) return std::nullopt;
        address = parse_ip_address(node.substr(0, colon));
        if (!address || !address->is_v4()) return std::nullopt;
    } else {
        address = parse_ip_address(node);
    }
    if (address) address = address->unmapped();
    return address;
}

std::vector<std::string> forwarded_for_values(std::string_view value) {
    std::vector<std::string> hops;
    std::size_t i = 0;
    const std::size_t n = value.size();
    const auto skip_spaces = [&] {
        while (i < n && is_http_whitespace(value[i]))
            ++i;
    };
    while (i <= n) {
        std::optional<std::string> for_value;
        bool malformed = false;
        bool element_empty = true;
        // One element: pairs separated by ';' up to a ',' outside quotes.
        while (true) {
            skip_spaces();
            const std::size_t name_start = i;
            while (i < n && value[i] != '=' && value[i] != ';' && value[i] != ',')
                ++i;
            const std::string_view name = trim_http_whitespace(value.substr(name_start, i - name_start));
            if (!name.empty()) element_empty = false;
            if (i < n && value[i] == '=') {
                element_empty = false;
                ++i;
                std::string pair_value;
                if (i < n && value[i] == '"') {
                    ++i;
                    bool closed = false;
                    while (i < n) {
                        if (value[i] == '\\' && i + 1 < n) {
                            pair_value += value[i + 1];
                            i += 2;
                        } else if (value[i] == '"') {
                            ++i;
                            closed = true;
                            break;
                        } else {
                            pair_value += value[i++];
                        }
                    }
                    if (!closed) malformed = true;
                    skip_spaces();
                    // Anything between the closing quote and the next separator is malformed.
                    if (i < n && value[i] != ';' && value[i] != ',') {
                        malformed = true;
                        while (i < n && value[i] != ';' && value[i] != ',')
                            ++i;
                    }
                } else {
                    const std::size_t start = i;
                    while (i < n && value[i] != ';' && value[i] != ',')
                        ++i;
                    pair_value = std::string(trim_http_whitespace(value.substr(start, i - start)));
                }
                if (!for_value && equals_ignoring_ascii_case(name, "for")) for_value = pair_value;
            } else if (!name.empty()) {
                malformed = true;  // a parameter without '='
            }
            if (i < n && value[i] == ';') {
                ++i;
                continue;
            }
            break;
        }
        // Empty list elements are ignored (RFC 9110 §5.6.1).
        if (!element_empty) hops.push_back(malformed ? std::string() : for_value.value_or(""));
        if (i >= n) break;
        ++i;  // the ','
    }
    return hops;
}

ClientIp resolve_client_ip(std::string_view peer_ip, const HeaderList& headers,
                           const ClientIpPolicy& policy) {
    switch (policy.rule) {
        case ForwardedRule::Off:
            return from_peer(peer_ip, {}, "forwarding headers are not used; the peer");
        case ForwardedRule::Stalwart08:
            return resolve_08(peer_ip, headers);
        case ForwardedRule::Stalwart012:
            return resolve_012(peer_ip, headers);
        case ForwardedRule::TrustedProxies:
            return resolve_trusted(peer_ip, headers, policy.trusted_proxies);
    }
    return from_peer(peer_ip, {}, "the peer");
}

}  // namespace httpctl::conf
