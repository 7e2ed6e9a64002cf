// E-mail and IP functions (spec expressions.md §6.5).
#include <catch2/catch.hpp>

#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call;

TEST_CASE("is_email", "[functions][email]") {
    CHECK(call("is_email", {Value("a@c.d.")}) == Value(1));
    CHECK(call("is_email", {Value("user@localhost")}) == Value(0));  // h-fn-is_email-002
    CHECK(call("is_email", {Value("\"john doe\"@example.com")}) == Value(1));
    CHECK(call("is_email", {Value("a b@c.d")}) == Value(0));  // h-fn-is_email-009
    CHECK(call("is_email", {Value("ü@c.d")}) == Value(1));
    CHECK(call("is_email", {Value("a.b@c.d")}) == Value(1));  // -003
    CHECK(call("is_email", {Value(".a@b.c")}) == Value(0));   // -004
    CHECK(call("is_email", {Value("a@b.c.")}) == Value(1));   // -020
    CHECK(call("is_email", {Value("a..b@c.d")}) == Value(0));
    CHECK(call("is_email", {Value("a@.c.d")}) == Value(0));
    CHECK(call("is_email", {Value("a@b@c.d")}) == Value(0));
    CHECK(call("is_email", {Value("@c.d")}) == Value(0));
    CHECK(call("is_email", {Value("a@c.")}) == Value(1));  // the dot ends the final part
    CHECK(call("is_email", {Value("a@")}) == Value(0));
    CHECK(call("is_email", {Value("")}) == Value(0));
    CHECK(call("is_email", {Value("\"a\\\"b\"@c.d")}) == Value(1));  // escaped quote
    CHECK(call("is_email", {Value("\"a.@\"x@c.d")}) == Value(1));    // '.', '@' ignored in quotes
    CHECK(call("is_email", {Value("a\\b@c.d")}) == Value(0));        // backslash outside quotes
    CHECK(call("is_email", {Value("a(b)@c.d")}) == Value(0));
    CHECK(call("is_email", {Value("a,b@c.d")}) == Value(0));
    CHECK(call("is_email", {Value(5)}) == Value(0));
}

TEST_CASE("email_part splits at the last @ and trims", "[functions][email]") {
    CHECK(call("email_part", {Value("a@b@c.d"), Value("local")}) == Value("a@b"));
    CHECK(call("email_part", {arr("a@b.c", "x"), Value("domain")}) == arr("b.c", ""));
    CHECK(call("email_part", {Value("noat"), Value("local")}) == Value(""));              // -004
    CHECK(call("email_part", {Value("@b"), Value("local")}) == Value(""));                // -012
    CHECK(call("email_part", {Value("User@Example.COM"), Value("LOCAL")}) == Value(""));  // -013
    CHECK(call("email_part", {Value(" John @ x.org "), Value("local")}) == Value("John"));
    CHECK(call("email_part", {Value(" John @ x.org "), Value("domain")}) == Value("x.org"));
    CHECK(call("email_part", {Value("a@b"), Value("host")}) == Value(""));
}

TEST_CASE("is_ip_addr, is_ipv4_addr, is_ipv6_addr: strict syntax", "[functions][ip]") {
    const char* v4_ok[] = {"127.0.0.1", "0.0.0.0", "255.255.255.255", "192.168.1.10"};
    const char* v4_bad[] = {"256.1.1.1", "0x7f.0.0.1", "01.2.3.4", "1.2.3",   "1.2.3.4.5",
                            " 1.2.3.4",  "1.2.3.4 ",   "1..2.3",   "1.2.3.",  "1234.1.1.1",
                            "",          "::1",        "1.2.3.-4", "+1.2.3.4"};
    const char* v6_ok[] = {"::",
                           "::1",
                           "1::",
                           "2001:db8::cb01",
                           "::ffff:1.2.3.4",
                           "1:2:3:4:5:6:7:8",
                           "1:2:3:4:5:6:7::",
                           "::2:3:4:5:6:7:8",
                           "1:2:3:4:5:6:1.2.3.4",
                           "ABCD:ef01::0001",
                           "fe80::1:2"};
    const char* v6_bad[] = {":::",
                            "1::2::3",
                            "1:2:3:4:5:6:7:8:9",
                            "1:2:3:4:5:6:7:8::",
                            "12345::",
                            "[::1]",
                            "fe80::1%eth0",
                            "1.2.3.4",
                            "::1.2.3",
                            "1.2.3.4::",
                            ":1::",
                            "1:2:3:4:5:6:7:1.2.3.4",
                            "g::",
                            "::01.2.3.4",
                            "",
                            "1:"};
    for (const char* s : v4_ok) {
        INFO(s);
        CHECK(call("is_ipv4_addr", {Value(s)}) == Value(1));
        CHECK(call("is_ip_addr", {Value(s)}) == Value(1));
        CHECK(call("is_ipv6_addr", {Value(s)}) == Value(0));
    }
    for (const char* s : v4_bad) {
        INFO(s);
        CHECK(call("is_ipv4_addr", {Value(s)}) == Value(0));
    }
    for (const char* s : v6_ok) {
        INFO(s);
        CHECK(call("is_ipv6_addr", {Value(s)}) == Value(1));
        CHECK(call("is_ip_addr", {Value(s)}) == Value(1));
        CHECK(call("is_ipv4_addr", {Value(s)}) == Value(0));
    }
    for (const char* s : v6_bad) {
        INFO(s);
        CHECK(call("is_ipv6_addr", {Value(s)}) == Value(0));
        if (std::string_view(s) != "1.2.3.4") CHECK(call("is_ip_addr", {Value(s)}) == Value(0));
    }
    CHECK(call("is_ip_addr", {arr("1.2.3.4")}) == Value(1));  // an array is its text
}

TEST_CASE("ip_reverse_name", "[functions][ip]") {
    CHECK(call("ip_reverse_name", {Value("192.0.2.1")}) == Value("1.2.0.192"));
    CHECK(call("ip_reverse_name", {Value("2001:db8::cb01")}) ==
          Value("1.0.b.c.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2"));  // -002
    CHECK(call("ip_reverse_name", {Value("bogus")}) == Value(""));                    // -004
    CHECK(call("ip_reverse_name", {Value("::ffff:1.2.3.4")}) ==
          Value("4.0.3.0.2.0.1.0.f.f.f.f.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0"));
    CHECK(call("ip_reverse_name", {Value("10.0.0.255")}) == Value("255.0.0.10"));
}
