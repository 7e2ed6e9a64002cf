// Array functions (spec expressions.md §6.3): count, sort, dedup, winnow, is_intersect.
#include <algorithm>

#include "function_impls.hpp"

namespace httpctl::expr::functions {

namespace {

bool array_contains(const Array& haystack, const Value& needle) {
    return std::any_of(haystack.begin(), haystack.end(),
                       [&](const Value& e) { return loose_equals(e, needle); });
}

// Sorting with §4.9's comparison, which is not a strict weak order (NaN, mixed types): the
// algorithm must stay in bounds whatever the comparator answers. Insertion sort and
// std::stable_sort's merge only ever compare deterministic pairs, so they are safe.
template <typename Less>
void sort_safely(Array& a, Less less) {
    constexpr std::size_t kInsertionLimit = 24;
    if (a.size() > kInsertionLimit) {
        std::stable_sort(a.begin(), a.end(), less);
        return;
    }
    for (std::size_t i = 1; i < a.size(); ++i) {
        for (std::size_t j = i; j > 0 && less(a[j], a[j - 1]); --j)
            std::swap(a[j], a[j - 1]);
    }
}

}  // namespace

bool count(std::span<Value> args, CallEnv&, Value& out) {
    const Value& v = args[0];
    std::int64_t n = 1;
    if (v.is_array()) {
        n = static_cast<std::int64_t>(v.as_array().size());
    } else if (v.is_string() && v.as_string().empty()) {
        n = 0;  // §6.3: "" counts as no element, any other scalar as one
    }
    out = Value(n);
    return true;
}

bool sort(std::span<Value> args, CallEnv&, Value& out) {
    // §6.3: a truthy flag sorts DESCENDING (the documentation says ascending; the code wins).
    const bool descending = truthy(args[1]);
    Array list = to_list(std::move(args[0]));
    // §4.9: an undefined comparison is treated as Greater, i.e. never "less".
    if (descending) {
        sort_safely(list, [](const Value& a, const Value& b) {
            return compare(a, b) == Ordering::Greater;
        });
    } else {
        sort_safely(list,
                    [](const Value& a, const Value& b) { return compare(a, b) == Ordering::Less; });
    }
    out = Value(std::move(list));
    return true;
}

bool dedup(std::span<Value> args, CallEnv&, Value& out) {
    Array list = to_list(std::move(args[0]));
    Array kept;
    kept.reserve(list.size());
    for (Value& v : list) {
        // §6.3: cross-type `==` of §4.8, so 1, "1" and 1.0 are one value (the first is kept).
        if (!array_contains(kept, v)) kept.push_back(std::move(v));
    }
    out = Value(std::move(kept));
    return true;
}

bool winnow(std::span<Value> args, CallEnv&, Value& out) {
    Value& v = args[0];
    if (v.is_array()) {
        // §6.3: only empty *strings* go; empty arrays and zeros stay.
        Array& a = v.array_mut();
        std::erase_if(a, [](const Value& e) { return e.is_string() && e.as_string().empty(); });
    }
    if (&out != &v) out = std::move(v);  // §6.3: a non-array is returned unchanged
    return true;
}

bool is_intersect(std::span<Value> args, CallEnv&, Value& out) {
    const Value& a = args[0];
    const Value& b = args[1];
    bool result = false;
    if (a.is_array() && b.is_array()) {
        for (const Value& x : a.as_array()) {
            if (array_contains(b.as_array(), x)) {
                result = true;
                break;
            }
        }
    } else if (a.is_array()) {
        result = array_contains(a.as_array(), b);
    } else if (b.is_array()) {
        result = array_contains(b.as_array(), a);
    }
    // §6.3: two scalars never intersect, even when equal (Stalwart quirk).
    out = Value(result);
    return true;
}

}  // namespace httpctl::expr::functions
