// The forwarded-IP rules of spec http.md §10.1 (Stalwart 0.8 and 0.12+) and the opt-in
// trusted-proxy rule.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "httpconf/client_ip.hpp"

using namespace httpctl::conf;

namespace {

ClientIpPolicy policy(ForwardedRule rule, std::string_view trusted = {}) {
    ClientIpPolicy result;
    result.rule = rule;
    if (!trusted.empty()) {
        std::variant<CidrSet, std::string> set = CidrSet::parse(trusted);
        REQUIRE(std::holds_alternative<CidrSet>(set));
        result.trusted_proxies = std::get<CidrSet>(set);
    }
    return result;
}

constexpr std::string_view kPeer = "198.51.100.1";
constexpr std::string_view kWarning08 = "No remote address found in request, using remote ip.";

}  // namespace

TEST_CASE("Off: always the peer, with IPv4-mapped peers turned into IPv4", "[client-ip]") {
    const HeaderList headers = {{"X-Forwarded-For", "203.0.113.7"}, {"Forwarded", "for=1.2.3.4"}};
    ClientIp ip = resolve_client_ip(kPeer, headers, policy(ForwardedRule::Off));
    CHECK(ip.ip == "198.51.100.1");
    CHECK(ip.source == ClientIpSource::Peer);
    CHECK(ip.warning.empty());
    CHECK(resolve_client_ip("::ffff:192.0.2.9", {}, policy(ForwardedRule::Off)).ip == "192.0.2.9");
    CHECK(resolve_client_ip("2001:DB8::1", {}, policy(ForwardedRule::Off)).ip == "2001:db8::1");
}

TEST_CASE("Stalwart 0.8: the whole header value must be one IP", "[client-ip]") {
    const ClientIpPolicy rule = policy(ForwardedRule::Stalwart08);
    struct Case {
        HeaderList headers;
        std::string_view ip;
        ClientIpSource source;
    };
    const Case cases[] = {
        {{{"X-Forwarded-For", "203.0.113.7"}}, "203.0.113.7", ClientIpSource::XForwardedFor},
        {{{"x-forwarded-for", "2001:db8::7"}}, "2001:db8::7", ClientIpSource::XForwardedFor},
        {{{"Forwarded", "203.0.113.8"}}, "203.0.113.8", ClientIpSource::Forwarded},
        {{{"X-Forwarded-For", "::ffff:203.0.113.7"}}, "203.0.113.7", ClientIpSource::XForwardedFor},
        // Lists, ports, for= syntax, brackets, spaces: the peer.
        {{{"X-Forwarded-For", "203.0.113.7, 10.0.0.1"}}, kPeer, ClientIpSource::Peer},
        {{{"X-Forwarded-For", " 203.0.113.7"}}, kPeer, ClientIpSource::Peer},
        {{{"X-Forwarded-For", "203.0.113.7:80"}}, kPeer, ClientIpSource::Peer},
        {{{"X-Forwarded-For", "[2001:db8::7]"}}, kPeer, ClientIpSource::Peer},
        {{{"Forwarded", "for=203.0.113.8"}}, kPeer, ClientIpSource::Peer},
        {{}, kPeer, ClientIpSource::Peer},
        // A present-but-unparseable Forwarded header hides X-Forwarded-For.
        {{{"Forwarded", "for=203.0.113.8"}, {"X-Forwarded-For", "203.0.113.7"}},
         kPeer,
         ClientIpSource::Peer},
        // Only the first header of each name counts.
        {{{"X-Forwarded-For", "junk"}, {"X-Forwarded-For", "203.0.113.7"}},
         kPeer,
         ClientIpSource::Peer},
        {{{"X-Forwarded-For", "203.0.113.9"}, {"X-Forwarded-For", "junk"}},
         "203.0.113.9",
         ClientIpSource::XForwardedFor},
        {{{"X-Forwarded-For", "203.0.113.7\xff"}}, kPeer, ClientIpSource::Peer},
    };
    for (const Case& c : cases) {
        INFO((c.headers.empty() ? std::string("(none)") : c.headers.front().second));
        const ClientIp ip = resolve_client_ip(kPeer, c.headers, rule);
        CHECK(ip.ip == c.ip);
        CHECK(ip.source == c.source);
        CHECK(ip.warning == (c.source == ClientIpSource::Peer ? kWarning08 : ""));
        CHECK_FALSE(ip.explanation.empty());
    }
}

TEST_CASE("Stalwart 0.12: first for= of Forwarded, else left-most X-Forwarded-For", "[client-ip]") {
    const ClientIpPolicy rule = policy(ForwardedRule::Stalwart012);
    struct Case {
        HeaderList headers;
        std::string_view ip;
        ClientIpSource source;
    };
    const Case cases[] = {
        {{{"Forwarded", "for=192.0.2.60;proto=https"}}, "192.0.2.60", ClientIpSource::Forwarded},
        {{{"Forwarded", "For=\"[2001:DB8::1]:4711\""}}, "2001:db8::1", ClientIpSource::Forwarded},
        {{{"Forwarded", "proto=http;for= 192.0.2.61, for=10.0.0.1"}},
         "192.0.2.61",
         ClientIpSource::Forwarded},
        {{{"Forwarded", "for=::ffff:192.0.2.62"}}, "192.0.2.62", ClientIpSource::Forwarded},
        // The port is part of the run, so the parse fails; XFF is consulted next.
        {{{"Forwarded", "for=192.0.2.60:8080"}}, kPeer, ClientIpSource::Peer},
        {{{"Forwarded", "for=192.0.2.60:8080"}, {"X-Forwarded-For", "203.0.113.7"}},
         "203.0.113.7",
         ClientIpSource::XForwardedFor},
        {{{"Forwarded", "for=unknown"}}, kPeer, ClientIpSource::Peer},
        {{{"X-Forwarded-For", " 203.0.113.7 , 10.0.0.1, 10.0.0.2"}},
         "203.0.113.7",
         ClientIpSource::XForwardedFor},
        {{{"X-Forwarded-For", "2001:db8::9,10.0.0.1"}},
         "2001:db8::9",
         ClientIpSource::XForwardedFor},
        {{{"X-Forwarded-For", "unknown, 203.0.113.7"}}, kPeer, ClientIpSource::Peer},
        {{{"X-Forwarded-For", "203.0.113.7:99"}}, kPeer, ClientIpSource::Peer},
        {{}, kPeer, ClientIpSource::Peer},
    };
    for (const Case& c : cases) {
        INFO((c.headers.empty() ? std::string("(none)") : c.headers.front().second));
        const ClientIp ip = resolve_client_ip(kPeer, c.headers, rule);
        CHECK(ip.ip == c.ip);
        CHECK(ip.source == c.source);
        CHECK(ip.warning == (c.source == ClientIpSource::Peer ? "X-Forwarded missing" : ""));
    }
}

TEST_CASE("forwarded_for_values splits RFC 7239 elements and unquotes values", "[client-ip]") {
    using Values = std::vector<std::string>;
    CHECK(forwarded_for_values("for=192.0.2.43, for=198.51.100.17") ==
          Values{"192.0.2.43", "198.51.100.17"});
    CHECK(forwarded_for_values("for=\"[2001:db8:cafe::17]:4711\";proto=https") ==
          Values{"[2001:db8:cafe::17]:4711"});
    CHECK(forwarded_for_values("proto=https;FOR=192.0.2.1;by=10.0.0.1") == Values{"192.0.2.1"});
    CHECK(forwarded_for_values("for=\"a,b;c\", for=1.2.3.4") == Values{"a,b;c", "1.2.3.4"});
    CHECK(forwarded_for_values("for=\"x\\\"y\"") == Values{"x\"y"});
    CHECK(forwarded_for_values("by=10.0.0.1, for=1.2.3.4") == Values{"", "1.2.3.4"});
    CHECK(forwarded_for_values("for=\"unterminated") == Values{""});
    CHECK(forwarded_for_values("for=\"1.2.3.4\"junk, for=5.6.7.8") == Values{"", "5.6.7.8"});
    CHECK(forwarded_for_values("garbage, for=5.6.7.8") == Values{"", "5.6.7.8"});
    CHECK(forwarded_for_values(" , for=5.6.7.8 ,") == Values{"5.6.7.8"});
    CHECK(forwarded_for_values("").empty());
}

TEST_CASE("parse_forwarded_node reads addresses with optional ports", "[client-ip]") {
    CHECK(parse_forwarded_node("192.0.2.43")->to_string() == "192.0.2.43");
    CHECK(parse_forwarded_node("192.0.2.43:47011")->to_string() == "192.0.2.43");
    CHECK(parse_forwarded_node("192.0.2.43:_port")->to_string() == "192.0.2.43");
    CHECK(parse_forwarded_node("[2001:db8:cafe::17]")->to_string() == "2001:db8:cafe::17");
    CHECK(parse_forwarded_node("[2001:db8:cafe::17]:4711")->to_string() == "2001:db8:cafe::17");
    CHECK(parse_forwarded_node("2001:db8::17")->to_string() == "2001:db8::17");
    CHECK(parse_forwarded_node("[::ffff:10.0.0.1]:1")->to_string() == "10.0.0.1");
    for (const char* bad : {"unknown", "_hidden", "", "[192.0.2.1]", "[2001:db8::1",
                            "1.2.3.4:", "1.2.3.4:123456", "[2001:db8::1]4711", "1.2.3.4:x"}) {
        INFO(bad);
        CHECK_FALSE(parse_forwarded_node(bad).has_value());
    }
}

TEST_CASE("Trusted proxies: walk right to left past trusted hops", "[client-ip]") {
    const ClientIpPolicy rule = policy(ForwardedRule::TrustedProxies, "10.0.0.0/8, 2001:db8::/32");
    SECTION("an untrusted peer is the client whatever it claims") {
        const ClientIp ip =
            resolve_client_ip("203.0.113.50", {{"X-Forwarded-For", "1.1.1.1"}}, rule);
        CHECK(ip.ip == "203.0.113.50");
        CHECK(ip.source == ClientIpSource::Peer);
    }
    SECTION("the right-most untrusted X-Forwarded-For entry, not the spoofable left-most") {
        const ClientIp ip = resolve_client_ip(
            "10.0.0.2", {{"X-Forwarded-For", "6.6.6.6, 203.0.113.7, 10.0.0.9"}}, rule);
        CHECK(ip.ip == "203.0.113.7");
        CHECK(ip.source == ClientIpSource::XForwardedFor);
        CHECK(ip.warning.empty());
        CHECK(ip.explanation.find("2 trusted proxies skipped") != std::string::npos);
    }
    SECTION("repeated headers are merged in arrival order") {
        const ClientIp ip = resolve_client_ip(
            "10.0.0.2",
            {{"X-Forwarded-For", "203.0.113.7"}, {"X-Forwarded-For", "198.51.100.3, 10.0.0.3"}},
            rule);
        CHECK(ip.ip == "198.51.100.3");
    }
    SECTION("Forwarded is preferred over X-Forwarded-For") {
        const ClientIp ip = resolve_client_ip(
            "10.0.0.2",
            {{"X-Forwarded-For", "198.51.100.99"},
             {"Forwarded", "for=192.0.2.1"},
             {"forwarded", "for=\"[2001:db8::5]:443\";proto=https, for=10.1.1.1:8080"}},
            rule);
        CHECK(ip.ip == "192.0.2.1");
        CHECK(ip.source == ClientIpSource::Forwarded);
    }
    SECTION("every hop trusted: the left-most") {
        const ClientIp ip =
            resolve_client_ip("10.0.0.2", {{"X-Forwarded-For", "10.0.0.7, 10.0.0.8"}}, rule);
        CHECK(ip.ip == "10.0.0.7");
        CHECK(ip.source == ClientIpSource::XForwardedFor);
    }
    SECTION("an unknown hop stops the walk at the proxy that reported it") {
        const ClientIp ip = resolve_client_ip(
            "10.0.0.2", {{"Forwarded", "for=203.0.113.1, for=unknown, for=10.0.0.5"}}, rule);
        CHECK(ip.ip == "10.0.0.5");
        CHECK(ip.source == ClientIpSource::Forwarded);
        CHECK(ip.warning.find("\"unknown\"") != std::string::npos);
        const ClientIp direct = resolve_client_ip("10.0.0.2", {{"Forwarded", "for=_hidden"}}, rule);
        CHECK(direct.ip == "10.0.0.2");
        CHECK(direct.source == ClientIpSource::Peer);
        CHECK_FALSE(direct.warning.empty());
    }
    SECTION("a trusted peer without forwarding headers is the client") {
        const ClientIp ip = resolve_client_ip("::ffff:10.0.0.2", {}, rule);
        CHECK(ip.ip == "10.0.0.2");
        CHECK(ip.source == ClientIpSource::Peer);
    }
    SECTION("mapped addresses in the chain are compared and reported as IPv4") {
        const ClientIp ip = resolve_client_ip(
            "10.0.0.2", {{"X-Forwarded-For", "::ffff:192.0.2.8, ::ffff:10.0.0.3"}}, rule);
        CHECK(ip.ip == "192.0.2.8");
    }
    SECTION("an empty trusted set trusts nobody") {
        const ClientIp ip = resolve_client_ip("10.0.0.2", {{"X-Forwarded-For", "1.1.1.1"}},
                                              policy(ForwardedRule::TrustedProxies));
        CHECK(ip.ip == "10.0.0.2");
    }
}

TEST_CASE("client_ip_source_name names every source", "[client-ip]") {
    CHECK(client_ip_source_name(ClientIpSource::Peer) == "peer");
    CHECK(client_ip_source_name(ClientIpSource::Forwarded) == "forwarded");
    CHECK(client_ip_source_name(ClientIpSource::XForwardedFor) == "x-forwarded-for");
}

TEST_CASE("stalwart_forwarded_rule picks the rule of the target release", "[client-ip]") {
    CHECK(stalwart_forwarded_rule(false, TargetVersion{0, 8}) == ForwardedRule::Off);
    CHECK(stalwart_forwarded_rule(false, TargetVersion{0, 12}) == ForwardedRule::Off);
    CHECK(stalwart_forwarded_rule(true, TargetVersion{0, 8}) == ForwardedRule::Stalwart08);
    CHECK(stalwart_forwarded_rule(true, TargetVersion{0, 11}) == ForwardedRule::Stalwart08);
    CHECK(stalwart_forwarded_rule(true, TargetVersion{0, 12}) == ForwardedRule::Stalwart012);
    CHECK(stalwart_forwarded_rule(true, TargetVersion{1, 0}) == ForwardedRule::Stalwart012);
}
