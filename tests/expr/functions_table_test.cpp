// The function table (spec expressions.md §6.1).
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "expr/functions.hpp"

using namespace httpctl::expr;

TEST_CASE("function table: every function of §6.1 with its arity", "[functions]") {
    const std::pair<const char*, int> expected[] = {
        {"count", 1},
        {"sort", 2},
        {"dedup", 1},
        {"winnow", 1},
        {"is_intersect", 2},
        {"is_email", 1},
        {"email_part", 2},
        {"is_empty", 1},
        {"is_number", 1},
        {"is_ip_addr", 1},
        {"is_ipv4_addr", 1},
        {"is_ipv6_addr", 1},
        {"ip_reverse_name", 1},
        {"trim", 1},
        {"trim_end", 1},
        {"trim_start", 1},
        {"len", 1},
        {"to_lowercase", 1},
        {"to_uppercase", 1},
        {"is_uppercase", 1},
        {"is_lowercase", 1},
        {"has_digits", 1},
        {"count_spaces", 1},
        {"count_uppercase", 1},
        {"count_lowercase", 1},
        {"count_chars", 1},
        {"contains", 2},
        {"contains_ignore_case", 2},
        {"eq_ignore_case", 2},
        {"starts_with", 2},
        {"ends_with", 2},
        {"lines", 1},
        {"substring", 3},
        {"strip_prefix", 2},
        {"strip_suffix", 2},
        {"split", 2},
        {"rsplit", 2},
        {"split_once", 2},
        {"rsplit_once", 2},
        {"split_n", 3},
        {"split_words", 1},
        {"hash", 2},
        {"if_then", 3},
        {"is_local_domain", 2},
        {"is_local_address", 2},
        {"key_get", 2},
        {"key_exists", 2},
        {"key_set", 3},
        {"counter_incr", 3},
        {"counter_get", 2},
        {"dns_query", 2},
        {"sql_query", 3},
    };
    CHECK(all_functions().size() == std::size(expected));
    for (const auto& [name, arity] : expected) {
        INFO(name);
        const FunctionInfo* f = find_function(name);
        REQUIRE(f != nullptr);
        CHECK(f->name == name);
        CHECK(f->arity == arity);
        CHECK(f->impl != nullptr);
    }
}

TEST_CASE("function table: dialect of introduction (§9)", "[functions]") {
    std::set<std::string> head_only;
    for (const FunctionInfo& f : all_functions()) {
        if (f.since == Dialect::Head) head_only.emplace(f.name);
    }
    CHECK(head_only == std::set<std::string>{"hash", "if_then", "split_n"});
}

TEST_CASE("function table: look-up functions are not foldable", "[functions]") {
    std::set<std::string> lookups;
    for (const FunctionInfo& f : all_functions()) {
        if (f.kind == FunctionKind::Lookup) lookups.emplace(f.name);
    }
    CHECK(lookups == std::set<std::string>{"counter_get", "counter_incr", "dns_query",
                                           "is_local_address", "is_local_domain", "key_exists",
                                           "key_get", "key_set", "sql_query"});
}

TEST_CASE("function table: unknown names, special forms and case", "[functions]") {
    CHECK(find_function("matches") == nullptr);        // special form of the lexer (§2.13)
    CHECK(find_function("config_get") == nullptr);     // special form of the lexer (§2.13)
    CHECK(find_function("Len") == nullptr);            // names are case-sensitive
    CHECK(find_function("is_ip_in_cidr") == nullptr);  // documented but absent (§6.1)
    CHECK(find_function("") == nullptr);
    CHECK(find_function("zzz") == nullptr);
    CHECK(find_function("aaa") == nullptr);
}
