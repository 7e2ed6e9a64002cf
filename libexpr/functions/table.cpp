// The function table of spec expressions.md §6.1, sorted by name for binary search.
#include <algorithm>
#include <array>

#include "expr/functions.hpp"
#include "function_impls.hpp"

namespace httpctl::expr {

namespace {

namespace fn = functions;

constexpr FunctionKind kPure = FunctionKind::Pure;
constexpr FunctionKind kLookup = FunctionKind::Lookup;
constexpr Dialect kAll = Dialect::V08;    // present in v0.8.5 and the newest release
constexpr Dialect kHead = Dialect::Head;  // §9: split_n, hash and if_then are new

constexpr std::array kFunctions = {
    FunctionInfo{"contains", 2, kAll, kPure, fn::contains},
    FunctionInfo{"contains_ignore_case", 2, kAll, kPure, fn::contains_ignore_case},
    FunctionInfo{"count", 1, kAll, kPure, fn::count},
    FunctionInfo{"count_chars", 1, kAll, kPure, fn::count_chars},
    FunctionInfo{"count_lowercase", 1, kAll, kPure, fn::count_lowercase},
    FunctionInfo{"count_spaces", 1, kAll, kPure, fn::count_spaces},
    FunctionInfo{"count_uppercase", 1, kAll, kPure, fn::count_uppercase},
    FunctionInfo{"counter_get", 2, kAll, kLookup, fn::counter_get},
    FunctionInfo{"counter_incr", 3, kAll, kLookup, fn::counter_incr},
    FunctionInfo{"dedup", 1, kAll, kPure, fn::dedup},
    FunctionInfo{"dns_query", 2, kAll, kLookup, fn::dns_query},
    FunctionInfo{"email_part", 2, kAll, kPure, fn::email_part},
    FunctionInfo{"ends_with", 2, kAll, kPure, fn::ends_with},
    FunctionInfo{"eq_ignore_case", 2, kAll, kPure, fn::eq_ignore_case},
    FunctionInfo{"has_digits", 1, kAll, kPure, fn::has_digits},
    FunctionInfo{"hash", 2, kHead, kPure, fn::hash},
    FunctionInfo{"if_then", 3, kHead, kPure, fn::if_then},
    FunctionInfo{"ip_reverse_name", 1, kAll, kPure, fn::ip_reverse_name},
    FunctionInfo{"is_email", 1, kAll, kPure, fn::is_email},
    FunctionInfo{"is_empty", 1, kAll, kPure, fn::is_empty},
    FunctionInfo{"is_intersect", 2, kAll, kPure, fn::is_intersect},
    FunctionInfo{"is_ip_addr", 1, kAll, kPure, fn::is_ip_addr},
    FunctionInfo{"is_ipv4_addr", 1, kAll, kPure, fn::is_ipv4_addr},
    FunctionInfo{"is_ipv6_addr", 1, kAll, kPure, fn::is_ipv6_addr},
    FunctionInfo{"is_local_address", 2, kAll, kLookup, fn::is_local_address},
    FunctionInfo{"is_local_domain", 2, kAll, kLookup, fn::is_local_domain},
    FunctionInfo{"is_lowercase", 1, kAll, kPure, fn::is_lowercase},
    FunctionInfo{"is_number", 1, kAll, kPure, fn::is_number},
    FunctionInfo{"is_uppercase", 1, kAll, kPure, fn::is_uppercase},
    FunctionInfo{"key_exists", 2, kAll, kLookup, fn::key_exists},
    FunctionInfo{"key_get", 2, kAll, kLookup, fn::key_get},
    FunctionInfo{"key_set", 3, kAll, kLookup, fn::key_set},
    FunctionInfo{"len", 1, kAll, kPure, fn::len},
    FunctionInfo{"lines", 1, kAll, kPure, fn::lines},
    FunctionInfo{"rsplit", 2, kAll, kPure, fn::rsplit},
    FunctionInfo{"rsplit_once", 2, kAll, kPure, fn::rsplit_once},
    FunctionInfo{"sort", 2, kAll, kPure, fn::sort},
    FunctionInfo{"split", 2, kAll, kPure, fn::split},
    FunctionInfo{"split_n", 3, kHead, kPure, fn::split_n},
    FunctionInfo{"split_once", 2, kAll, kPure, fn::split_once},
    FunctionInfo{"split_words", 1, kAll, kPure, fn::split_words},
    FunctionInfo{"sql_query", 3, kAll, kLookup, fn::sql_query},
    FunctionInfo{"starts_with", 2, kAll, kPure, fn::starts_with},
    FunctionInfo{"strip_prefix", 2, kAll, kPure, fn::strip_prefix},
    FunctionInfo{"strip_suffix", 2, kAll, kPure, fn::strip_suffix},
    FunctionInfo{"substring", 3, kAll, kPure, fn::substring},
    FunctionInfo{"to_lowercase", 1, kAll, kPure, fn::to_lowercase},
    FunctionInfo{"to_uppercase", 1, kAll, kPure, fn::to_uppercase},
    FunctionInfo{"trim", 1, kAll, kPure, fn::trim},
    FunctionInfo{"trim_end", 1, kAll, kPure, fn::trim_end},
    FunctionInfo{"trim_start", 1, kAll, kPure, fn::trim_start},
    FunctionInfo{"winnow", 1, kAll, kPure, fn::winnow},
};

constexpr bool sorted_by_name() {
    for (std::size_t i = 1; i < kFunctions.size(); ++i) {
        if (!(kFunctions[i - 1].name < kFunctions[i].name)) return false;
    }
    return true;
}
static_assert(sorted_by_name(), "find_function() binary-searches: keep kFunctions sorted");
static_assert(kFunctions.size() == 52, "§6.1 lists 52 functions besides matches/config_get");

}  // namespace

std::span<const FunctionInfo> all_functions() noexcept {
    return kFunctions;
}

const FunctionInfo* find_function(std::string_view name) noexcept {
    const auto* it =
        std::lower_bound(kFunctions.begin(), kFunctions.end(), name,
                         [](const FunctionInfo& f, std::string_view n) { return f.name < n; });
    if (it == kFunctions.end() || it->name != name) return nullptr;
    return it;
}

}  // namespace httpctl::expr
