// The implementations behind the function table (spec expressions.md §6), one family per file.
// Private to libexpr: callers go through find_function().
#pragma once

#include <span>

#include "expr/functions.hpp"

namespace httpctl::expr::functions {

#define HTTPCTL_DECLARE_FUNCTION(name) bool name(std::span<Value> args, CallEnv& env, Value& out)

// array.cpp (§6.3)
HTTPCTL_DECLARE_FUNCTION(count);
HTTPCTL_DECLARE_FUNCTION(sort);
HTTPCTL_DECLARE_FUNCTION(dedup);
HTTPCTL_DECLARE_FUNCTION(winnow);
HTTPCTL_DECLARE_FUNCTION(is_intersect);

// text.cpp (§6.4)
HTTPCTL_DECLARE_FUNCTION(trim);
HTTPCTL_DECLARE_FUNCTION(trim_start);
HTTPCTL_DECLARE_FUNCTION(trim_end);
HTTPCTL_DECLARE_FUNCTION(len);
HTTPCTL_DECLARE_FUNCTION(to_lowercase);
HTTPCTL_DECLARE_FUNCTION(to_uppercase);
HTTPCTL_DECLARE_FUNCTION(is_uppercase);
HTTPCTL_DECLARE_FUNCTION(is_lowercase);
HTTPCTL_DECLARE_FUNCTION(has_digits);
HTTPCTL_DECLARE_FUNCTION(count_spaces);
HTTPCTL_DECLARE_FUNCTION(count_uppercase);
HTTPCTL_DECLARE_FUNCTION(count_lowercase);
HTTPCTL_DECLARE_FUNCTION(count_chars);
HTTPCTL_DECLARE_FUNCTION(contains);
HTTPCTL_DECLARE_FUNCTION(contains_ignore_case);
HTTPCTL_DECLARE_FUNCTION(eq_ignore_case);
HTTPCTL_DECLARE_FUNCTION(starts_with);
HTTPCTL_DECLARE_FUNCTION(ends_with);
HTTPCTL_DECLARE_FUNCTION(lines);
HTTPCTL_DECLARE_FUNCTION(substring);
HTTPCTL_DECLARE_FUNCTION(strip_prefix);
HTTPCTL_DECLARE_FUNCTION(strip_suffix);
HTTPCTL_DECLARE_FUNCTION(split);
HTTPCTL_DECLARE_FUNCTION(rsplit);
HTTPCTL_DECLARE_FUNCTION(split_once);
HTTPCTL_DECLARE_FUNCTION(rsplit_once);
HTTPCTL_DECLARE_FUNCTION(split_n);
HTTPCTL_DECLARE_FUNCTION(split_words);

// hash.cpp (§6.4)
HTTPCTL_DECLARE_FUNCTION(hash);

// email_ip.cpp (§6.5)
HTTPCTL_DECLARE_FUNCTION(is_email);
HTTPCTL_DECLARE_FUNCTION(email_part);
HTTPCTL_DECLARE_FUNCTION(is_ip_addr);
HTTPCTL_DECLARE_FUNCTION(is_ipv4_addr);
HTTPCTL_DECLARE_FUNCTION(is_ipv6_addr);
HTTPCTL_DECLARE_FUNCTION(ip_reverse_name);

// misc.cpp (§6.5)
HTTPCTL_DECLARE_FUNCTION(is_empty);
HTTPCTL_DECLARE_FUNCTION(is_number);
HTTPCTL_DECLARE_FUNCTION(if_then);

// lookup.cpp (§6.6)
HTTPCTL_DECLARE_FUNCTION(is_local_domain);
HTTPCTL_DECLARE_FUNCTION(is_local_address);
HTTPCTL_DECLARE_FUNCTION(key_get);
HTTPCTL_DECLARE_FUNCTION(key_exists);
HTTPCTL_DECLARE_FUNCTION(key_set);
HTTPCTL_DECLARE_FUNCTION(counter_incr);
HTTPCTL_DECLARE_FUNCTION(counter_get);
HTTPCTL_DECLARE_FUNCTION(dns_query);
HTTPCTL_DECLARE_FUNCTION(sql_query);

#undef HTTPCTL_DECLARE_FUNCTION

}  // namespace httpctl::expr::functions
