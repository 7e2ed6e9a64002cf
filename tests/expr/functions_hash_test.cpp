// hash(s, algo) (spec expressions.md §6.4, quirk §11.37).
#include <catch2/catch.hpp>

#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call;

TEST_CASE("hash: the four algorithms as lowercase hex", "[functions][hash]") {
    CHECK(call("hash", {Value("hello"), Value("md5")}) ==
          Value("5d41402abc4b2a76b9719d911017c592"));
    CHECK(call("hash", {Value("abc"), Value("md5")}) ==
          Value("900150983cd24fb0d6963f7d28e17f72"));  // h-fn-hash-001
    CHECK(call("hash", {Value("abc"), Value("sha1")}) ==
          Value("a9993e364706816aba3e25717850c26c9cd0d89d"));
    CHECK(call("hash", {Value("abc"), Value("sha256")}) ==
          Value("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));  // -003
    CHECK(call("hash", {Value("abc"), Value("sha512")}) ==
          Value("ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
                "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"));
    CHECK(call("hash", {Value("mail.example.com"), Value("sha256")}) ==
          Value("406200cfd46da40189f1cdde68792ea5a30b67d6ee0596161fc374f9179ee45c"));  // h-misc-014
}

TEST_CASE("hash: text conversion and unknown algorithms (§11.37)", "[functions][hash]") {
    CHECK(call("hash", {Value("x"), Value("SHA256")}) == Value(""));
    CHECK(call("hash", {Value("x"), Value("sha384")}) == Value(""));
    CHECK(call("hash", {Value("x"), Value("")}) == Value(""));
    CHECK(call("hash", {arr("a", "b"), Value("md5")}) ==
          call("hash", {Value("a\r\nb"), Value("md5")}));
    CHECK(call("hash", {Value(""), Value("md5")}) == Value("d41d8cd98f00b204e9800998ecf8427e"));
    CHECK(call("hash", {Value(1.0), Value("md5")}) == call("hash", {Value("1.0"), Value("md5")}));
}
