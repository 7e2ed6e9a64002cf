// Which IP address a request comes from (spec http.md §10.1, §7): the TCP peer, or an address a
// proxy reported in `Forwarded` / `X-Forwarded-For`, under one of four policies. The rate
// limiters, the `remote_ip` expression variable and the access log all use the result.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "httpconf/http_settings.hpp"
#include "httpconf/ip_address.hpp"

namespace httpctl::conf {

enum class ForwardedRule : std::uint8_t {
    // `use-x-forwarded = false`: always the TCP peer.
    Off,
    // Stalwart 0.8 (§10.1 "v0.8.5"): the first `Forwarded` header, else the first
    // `X-Forwarded-For`; the whole value must be one IP address.
    Stalwart08,
    // Stalwart 0.12+ (§10.1 "HEAD"): the first `for=` of the first `Forwarded` header, else the
    // left-most entry of the first `X-Forwarded-For`.
    Stalwart012,
    // Beyond Stalwart, opt-in: only addresses vouched for by trusted proxies count (see
    // resolve_client_ip). Stalwart's rules let any client choose its own address.
    TrustedProxies,
};

struct ClientIpPolicy {
    ForwardedRule rule = ForwardedRule::Off;
    CidrSet trusted_proxies;  // used by TrustedProxies only
};

// Where the chosen address came from.
enum class ClientIpSource : std::uint8_t { Peer, Forwarded, XForwardedFor };

[[nodiscard]] std::string_view client_ip_source_name(ClientIpSource source) noexcept;
// "peer", "forwarded", "x-forwarded-for"

struct ClientIp {
    std::string ip;  // canonical text (inet_ntop), IPv4-mapped IPv6 turned into IPv4
    ClientIpSource source = ClientIpSource::Peer;
    // What Stalwart would log when it fell back to the peer although forwarding is on
    // (0.8: "No remote address found in request, using remote ip."; 0.12: "X-Forwarded
    // missing"), or why the trusted-proxy walk stopped early. Empty otherwise.
    std::string warning;
    // One line for logs and `explain` output: how the address was chosen.
    std::string explanation;
};

// The rule Stalwart applies: Off without `use-x-forwarded`, else the 0.8 or the 0.12 rule by
// the target release (spec http.md §10.1).
[[nodiscard]] constexpr ForwardedRule stalwart_forwarded_rule(
    bool use_x_forwarded, const TargetVersion& target) noexcept {
    if (!use_x_forwarded) return ForwardedRule::Off;
    return target.reads_http_prefix() ? ForwardedRule::Stalwart012 : ForwardedRule::Stalwart08;
}

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// `peer_ip` is the TCP peer (or PROXY-protocol source). `headers` are in arrival order, names
// compared ASCII case-insensitively.
//
// The TrustedProxies rule: the hop list is every `for=` of every `Forwarded` header (RFC 7239:
// comma-separated elements, `;`-separated pairs, quoted values, `[v6]:port`, `v4:port`,
// `unknown` and `_obfuscated` nodes), in arrival order, followed by the peer. When the request
// has no `Forwarded` header at all the hop list is every `X-Forwarded-For` entry instead — the
// same preference Stalwart has; the two families are never mixed because a proxy that writes
// one does not maintain the other. The walk starts at the peer and steps left while the current
// hop is a trusted proxy: the first untrusted hop is the client, and the left-most hop when
// every hop is trusted. When the first untrusted hop is not an IP address (`unknown`, an
// obfuscated name, garbage) the client is the address of the trusted proxy that reported it,
// with a warning: no unvouched address is ever returned.
[[nodiscard]] ClientIp resolve_client_ip(std::string_view peer_ip, const HeaderList& headers,
                                         const ClientIpPolicy& policy);

// One `Forwarded` / `X-Forwarded-For` node (`192.0.2.1`, `192.0.2.1:80`, `[2001:db8::1]:443`,
// bare `2001:db8::1`) → its address; nullopt for `unknown`, obfuscated names and garbage.
[[nodiscard]] std::optional<IpAddress> parse_forwarded_node(std::string_view node) noexcept;

// Every `for=` value of one `Forwarded` header value, in order, unquoted; an element without a
// `for` parameter or one that cannot be parsed yields an empty string (an unknown hop).
[[nodiscard]] std::vector<std::string> forwarded_for_values(std::string_view header_value);

}  // namespace httpctl::conf
