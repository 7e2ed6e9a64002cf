// IP parsing, canonical text and CIDR membership used by the trusted-proxy rule.
#include <string>
#include <variant>

#include <catch2/catch.hpp>

#include "httpconf/ip_address.hpp"

using namespace httpctl::conf;

namespace {

Cidr cidr_ok(std::string_view text) {
    std::variant<Cidr, std::string> parsed = parse_cidr(text);
    INFO(text);
    REQUIRE(std::holds_alternative<Cidr>(parsed));
    return std::get<Cidr>(parsed);
}

std::string cidr_error(std::string_view text) {
    std::variant<Cidr, std::string> parsed = parse_cidr(text);
    INFO(text);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

}  // namespace

TEST_CASE("parse_ip_address accepts exactly one address", "[ip]") {
    CHECK(parse_ip_address("192.0.2.7")->to_string() == "192.0.2.7");
    CHECK(parse_ip_address("2001:DB8:0:0:0:0:0:1")->to_string() == "2001:db8::1");
    CHECK(parse_ip_address("::")->to_string() == "::");
    CHECK(parse_ip_address("::ffff:10.1.2.3")->is_v4() == false);
    for (const char* bad :
         {"", " 192.0.2.7", "192.0.2.7 ", "192.0.2", "192.0.2.256", "01.2.3.4", "[::1]", "::1%eth0",
          "192.0.2.7:80", "localhost", "1.2.3.4.5", "2001:db8::1::2", "0x7f.0.0.1"}) {
        INFO(bad);
        CHECK_FALSE(parse_ip_address(bad).has_value());
    }
    CHECK_FALSE(parse_ip_address(std::string_view("1.2.3.4\0", 8)).has_value());
    CHECK_FALSE(parse_ip_address(std::string(200, '1')).has_value());
}

TEST_CASE("IPv4-mapped IPv6 addresses become IPv4 (spec http.md §7)", "[ip]") {
    CHECK(parse_ip_address("::ffff:10.1.2.3")->unmapped().to_string() == "10.1.2.3");
    CHECK(parse_ip_address("::FFFF:a01:203")->unmapped().to_string() == "10.1.2.3");
    CHECK(parse_ip_address("::fffe:a01:203")->unmapped().to_string() == "::fffe:a01:203");
    CHECK(parse_ip_address("10.1.2.3")->unmapped().to_string() == "10.1.2.3");
}

TEST_CASE("parse_cidr reads networks and clears host bits", "[ip]") {
    CHECK(cidr_ok("10.1.2.3/8").to_string() == "10.0.0.0/8");
    CHECK(cidr_ok("192.0.2.7").to_string() == "192.0.2.7/32");
    CHECK(cidr_ok("2001:db8:ffff::1/33").to_string() == "2001:db8:8000::/33");
    CHECK(cidr_ok("::1").to_string() == "::1/128");
    CHECK(cidr_ok("0.0.0.0/0").to_string() == "0.0.0.0/0");
}

TEST_CASE("parse_cidr explains bad input", "[ip]") {
    CHECK(cidr_error("").find("empty") != std::string::npos);
    CHECK(cidr_error("10.0.0.0/33") ==
          "invalid network \"10.0.0.0/33\": prefix length 33 is larger than 32");
    CHECK(cidr_error("::/129").find("larger than 128") != std::string::npos);
    CHECK(cidr_error("10.0.0.0/") ==
          "invalid network \"10.0.0.0/\": the prefix length after '/' must be a number");
    CHECK(cidr_error("10.0.0.0/+8").find("must be a number") != std::string::npos);
    CHECK(cidr_error("10.0.0.0/8/8").find("must be a number") != std::string::npos);
    CHECK(cidr_error("10.0.0.0/0008").find("must be a number") != std::string::npos);
    CHECK(cidr_error("proxy.example/8") ==
          "invalid network \"proxy.example/8\": \"proxy.example\" is not an IPv4 or IPv6 address");
}

TEST_CASE("Cidr::contains checks the prefix bits and the family", "[ip]") {
    const Cidr ten = cidr_ok("10.0.0.0/8");
    CHECK(ten.contains(*parse_ip_address("10.255.0.1")));
    CHECK_FALSE(ten.contains(*parse_ip_address("11.0.0.1")));
    CHECK_FALSE(ten.contains(*parse_ip_address("::a00:1")));
    const Cidr odd = cidr_ok("192.168.0.0/23");
    CHECK(odd.contains(*parse_ip_address("192.168.1.255")));
    CHECK_FALSE(odd.contains(*parse_ip_address("192.168.2.0")));
    const Cidr v6 = cidr_ok("2001:db8::/32");
    CHECK(v6.contains(*parse_ip_address("2001:db8:1234::5")));
    CHECK_FALSE(v6.contains(*parse_ip_address("2001:db9::5")));
    CHECK(cidr_ok("0.0.0.0/0").contains(*parse_ip_address("203.0.113.9")));
    CHECK_FALSE(cidr_ok("0.0.0.0/0").contains(*parse_ip_address("::1")));
}

TEST_CASE("CidrSet parses lists and matches mapped addresses", "[ip]") {
    std::variant<CidrSet, std::string> parsed = CidrSet::parse(" 10.0.0.0/8 ,2001:db8::/32,::1");
    REQUIRE(std::holds_alternative<CidrSet>(parsed));
    const CidrSet& set = std::get<CidrSet>(parsed);
    CHECK(set.networks().size() == 3);
    CHECK(set.contains("10.9.9.9"));
    CHECK(set.contains("::ffff:10.9.9.9"));
    CHECK(set.contains("::1"));
    CHECK(set.contains("2001:db8::77"));
    CHECK_FALSE(set.contains("127.0.0.1"));
    CHECK_FALSE(set.contains("not an ip"));

    std::variant<CidrSet, std::string> empty_item = CidrSet::parse("10.0.0.0/8,,::1");
    REQUIRE(std::holds_alternative<std::string>(empty_item));
    CHECK(std::get<std::string>(empty_item) == "network list item 2 is empty");
    std::variant<CidrSet, std::string> bad_item = CidrSet::parse("10.0.0.0/8, 1.2.3.4/40");
    REQUIRE(std::holds_alternative<std::string>(bad_item));
    CHECK(std::get<std::string>(bad_item).rfind("network list item 2: invalid network", 0) == 0);
    CHECK(std::holds_alternative<std::string>(CidrSet::parse("")));
}
