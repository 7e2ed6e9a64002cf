// Look-up functions (spec expressions.md §6.6, §9; conformance README's store rules).
#include <catch2/catch.hpp>

#include <string>

#include "expr/context.hpp"
#include "expr/stores.hpp"
#include "function_call.hpp"

using namespace httpctl::expr;
using test::arr;
using test::call_in;

namespace {

struct Fixture {
    InMemoryStores stores;
    EvalContext context;
    CallEnv env;
    Fixture() {
        stores.set("default", "hostname", Value("mx.example.org"));
        stores.set("default", "port", Value(25));
        stores.set("default", "ratio", Value(0.5));
        stores.set("nums", "1", Value("one"));
        stores.set("nums", "2", Value("two"));
        context.stores = &stores;
        env.context = &context;
    }
    Value ok(std::string_view name, std::vector<Value> args) {
        Value out;
        const bool succeeded = call_in(env, name, std::move(args), out);
        INFO(env.error);
        REQUIRE(succeeded);
        return out;
    }
    std::string fails(std::string_view name, std::vector<Value> args) {
        Value out;
        env.error.clear();
        CHECK_FALSE(call_in(env, name, std::move(args), out));
        return env.error;
    }
};

// Answers every look-up with a recognisable value and records what it was asked.
class RecordingProvider : public LookupProvider {
  public:
    std::string seen;
    bool key_get(std::string_view store, std::string_view key, Value& out, std::string&) override {
        seen = std::string(store) + "/" + std::string(key);
        out = Value("from-provider");
        return true;
    }
    bool key_exists(std::string_view, std::string_view, Value& out, std::string&) override {
        out = Value(1);
        return true;
    }
    bool counter_incr(std::string_view store, std::string_view key, std::int64_t amount, Value& out,
                      std::string&) override {
        seen = std::string(store) + "/" + std::string(key) + "/" + std::to_string(amount);
        out = Value(amount + 100);
        return true;
    }
    bool sql_query(std::string_view, std::string_view query, const Value& params, Value& out,
                   std::string&) override {
        seen = std::string(query) + "|" + debug_string(params);
        out = Value(7);
        return true;
    }
    bool dns_query(std::string_view, std::string_view, Value&, std::string& error) override {
        error = "dns_query: no such record";
        return false;
    }
};

class ThrowingProvider : public LookupProvider {
  public:
    bool is_local_domain(std::string_view, std::string_view, Value&, std::string&) override {
        throw std::runtime_error("directory exploded");
    }
};

}  // namespace

TEST_CASE("key_get / key_exists read the in-memory stores", "[functions][lookup]") {
    Fixture f;
    CHECK(f.ok("key_get", {Value("default"), Value("hostname")}) == Value("mx.example.org"));
    CHECK(f.ok("key_get", {Value("default"), Value("port")}) == Value(25));  // h-key-007
    CHECK(f.ok("key_get", {Value("default"), Value("missing")}) == Value(""));
    CHECK(f.ok("key_get", {Value("nostore"), Value("hostname")}) == Value(""));  // h-key-003
    CHECK(f.ok("key_get", {Value("nums"), arr(1, 2)}) == Value(""));    // h-key-013: "1\r\n2"
    CHECK(f.ok("key_get", {Value("nums"), Value(1)}) == Value("one"));  // key through to_string
    CHECK(f.ok("key_exists", {Value("default"), Value("port")}) == Value(1));
    CHECK(f.ok("key_exists", {Value("default"), Value("ratio")}) == Value(1));  // h-key-022
    CHECK(f.ok("key_exists", {Value("default"), Value("nope")}) == Value(0));
    CHECK(f.ok("key_exists", {Value("nostore"), Value("port")}) == Value(0));
}

TEST_CASE("key_get without any context behaves as an empty store", "[functions][lookup]") {
    CallEnv env;
    Value out;
    REQUIRE(call_in(env, "key_get", {Value("default"), Value("hostname")}, out));
    CHECK(out == Value(""));
    REQUIRE(call_in(env, "key_exists", {Value("default"), Value("hostname")}, out));
    CHECK(out == Value(0));
}

TEST_CASE("unknown stores go to the provider when there is one", "[functions][lookup]") {
    Fixture f;
    RecordingProvider provider;
    f.context.provider = &provider;
    CHECK(f.ok("key_get", {Value("redis"), Value("k")}) == Value("from-provider"));
    CHECK(provider.seen == "redis/k");
    CHECK(f.ok("key_exists", {Value("redis"), Value("k")}) == Value(1));
    // An in-memory store still wins over the provider.
    CHECK(f.ok("key_get", {Value("default"), Value("port")}) == Value(25));
    CHECK(f.ok("counter_incr", {Value("redis"), Value("c"), Value("5")}) == Value(105));
    CHECK(provider.seen == "redis/c/5");
    CHECK(f.ok("counter_incr", {Value("redis"), Value("c"), Value("x")}) == Value(100));
    CHECK(f.ok("counter_incr", {Value("redis"), Value("c"), Value(2.9)}) == Value(102));
    CHECK(f.ok("sql_query", {Value("sql"), Value("SELECT 1"), arr(1, "a")}) == Value(7));
    CHECK(provider.seen == "SELECT 1|" + debug_string(arr(1, "a")));
}

TEST_CASE("without a provider the live look-ups fail naming the function (HEAD)",
          "[functions][lookup]") {
    Fixture f;
    CHECK_THAT(f.fails("dns_query", {Value("example.org"), Value("mx")}),
               Catch::Contains("dns_query") && Catch::Contains("DNS resolver"));
    CHECK_THAT(f.fails("sql_query", {Value("sql"), Value("SELECT 1"), arr()}),
               Catch::StartsWith("sql_query:"));
    CHECK_THAT(f.fails("is_local_domain", {Value(""), Value("example.org")}),
               Catch::StartsWith("is_local_domain:"));
    CHECK_THAT(f.fails("is_local_address", {Value(""), Value("a@example.org")}),
               Catch::StartsWith("is_local_address:"));
    CHECK_THAT(f.fails("key_set", {Value("redis"), Value("k"), Value("v")}),
               Catch::StartsWith("key_set:") && Catch::Contains("redis"));
    CHECK_THAT(f.fails("counter_incr", {Value("redis"), Value("k"), Value(1)}),
               Catch::StartsWith("counter_incr:"));
    CHECK_THAT(f.fails("counter_get", {Value(""), Value("k")}),
               Catch::StartsWith("counter_get:") && Catch::Contains("default"));
}

TEST_CASE("in-memory stores refuse writes", "[functions][lookup]") {
    Fixture f;
    RecordingProvider provider;
    f.context.provider = &provider;
    CHECK_THAT(f.fails("key_set", {Value("default"), Value("k"), Value("v")}),
               Catch::Contains("read-only") && Catch::Contains("default"));
    CHECK_THAT(f.fails("counter_incr", {Value("nums"), Value("k"), Value(1)}),
               Catch::Contains("read-only"));
    CHECK_THAT(f.fails("counter_get", {Value("nums"), Value("k")}), Catch::Contains("read-only"));
}

TEST_CASE("provider failures abort in HEAD", "[functions][lookup]") {
    Fixture f;
    RecordingProvider provider;
    f.context.provider = &provider;
    CHECK(f.fails("dns_query", {Value("nx.example"), Value("a")}) == "dns_query: no such record");
}

TEST_CASE("a provider's exception becomes an error", "[functions][lookup]") {
    Fixture f;
    ThrowingProvider provider;
    f.context.provider = &provider;
    CHECK(f.fails("is_local_domain", {Value("*"), Value("x")}) == "directory exploded");
}

TEST_CASE("v0.8.5 swallows look-up failures and substitutes defaults (§6.6, §9)",
          "[functions][lookup]") {
    Fixture f;
    f.env.dialect = Dialect::V08;
    CHECK(f.ok("is_local_domain", {Value(""), Value("x")}) == Value(0));
    CHECK(f.ok("is_local_address", {Value(""), Value("x")}) == Value(0));
    CHECK(f.ok("key_set", {Value("redis"), Value("k"), Value("v")}) == Value(0));
    CHECK(f.ok("key_set", {Value("default"), Value("k"), Value("v")}) == Value(0));
    CHECK(f.ok("counter_incr", {Value("redis"), Value("k"), Value(1)}) == Value(""));
    CHECK(f.ok("counter_get", {Value("redis"), Value("k")}) == Value(""));
    CHECK(f.ok("dns_query", {Value("example.org"), Value("mx")}) == Value(""));
    CHECK(f.ok("sql_query", {Value("sql"), Value("SELECT 1"), arr()}) == Value(0));
    CHECK(f.ok("sql_query", {Value("sql"), Value(""), arr()}) == Value(""));
    CHECK(f.env.error.empty());
    // §11.41: v0.8 reads lookup.default.hostname through key_get.
    CHECK(f.ok("key_get", {Value("default"), Value("hostname")}) == Value("mx.example.org"));
}
