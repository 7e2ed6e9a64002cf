// The default LookupProvider: every live look-up fails with a message naming the function, so
// a hermetic evaluation never invents an answer (spec expressions.md §6.6).
#include "expr/lookup.hpp"

namespace httpctl::expr {

namespace {

bool unavailable(std::string_view function, std::string_view thing, std::string& error) {
    error.assign(function);
    error.append(": no ");
    error.append(thing);
    error.append(" is available here (hermetic evaluation)");
    return false;
}

// §6.6: an empty store name selects the default store.
bool store_unavailable(std::string_view function, std::string_view kind, std::string_view store,
                       std::string& error) {
    error.assign(function);
    if (store.empty()) {
        error.append(": no default ");
        error.append(kind);
    } else {
        error.append(": no ");
        error.append(kind);
        error.append(" named \"");
        error.append(store);
        error.append("\"");
    }
    error.append(" is available here (hermetic evaluation)");
    return false;
}

}  // namespace

bool LookupProvider::is_local_domain(std::string_view, std::string_view, Value&,
                                     std::string& error) {
    return unavailable("is_local_domain", "directory", error);
}

bool LookupProvider::is_local_address(std::string_view, std::string_view, Value&,
                                      std::string& error) {
    return unavailable("is_local_address", "directory", error);
}

bool LookupProvider::key_get(std::string_view store, std::string_view, Value&, std::string& error) {
    return store_unavailable("key_get", "look-up store", store, error);
}

bool LookupProvider::key_exists(std::string_view store, std::string_view, Value&,
                                std::string& error) {
    return store_unavailable("key_exists", "look-up store", store, error);
}

bool LookupProvider::key_set(std::string_view store, std::string_view, std::string_view, Value&,
                             std::string& error) {
    return store_unavailable("key_set", "look-up store", store, error);
}

bool LookupProvider::counter_incr(std::string_view store, std::string_view, std::int64_t, Value&,
                                  std::string& error) {
    return store_unavailable("counter_incr", "look-up store", store, error);
}

bool LookupProvider::counter_get(std::string_view store, std::string_view, Value&,
                                 std::string& error) {
    return store_unavailable("counter_get", "look-up store", store, error);
}

bool LookupProvider::dns_query(std::string_view, std::string_view, Value&, std::string& error) {
    return unavailable("dns_query", "DNS resolver", error);
}

bool LookupProvider::sql_query(std::string_view store, std::string_view, const Value&, Value&,
                               std::string& error) {
    return store_unavailable("sql_query", "SQL data store", store, error);
}

}  // namespace httpctl::expr
