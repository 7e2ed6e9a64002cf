// Look-up functions (spec expressions.md §6.6). key_get/key_exists answer from the context's
// in-memory stores when they hold the named store; everything else goes to the context's
// LookupProvider. A failure aborts the evaluation in HEAD and yields the function's default in
// v0.8.5.
#include <exception>

#include "argument_text.hpp"
#include "expr/context.hpp"
#include "expr/lookup.hpp"
#include "expr/stores.hpp"
#include "function_impls.hpp"

namespace httpctl::expr::functions {

namespace {

const InMemoryStores* memory_stores(const CallEnv& env) {
    return env.context != nullptr ? env.context->stores : nullptr;
}

bool is_memory_store(const CallEnv& env, std::string_view store) {
    const InMemoryStores* stores = memory_stores(env);
    return stores != nullptr && stores->has_store(store);
}

// §9: HEAD aborts on a failed look-up; v0.8.5 swallows it and substitutes a default.
bool fail(CallEnv& env, std::string message, Value v08_default, Value& out) {
    if (env.dialect == Dialect::V08) {
        env.error.clear();
        out = std::move(v08_default);
        return true;
    }
    env.error = std::move(message);
    return false;
}

// Runs `call(provider, result, error)` against the context's provider, or against the default
// provider (which fails with a message naming the function) when the context has none.
template <typename Call>
bool delegate(CallEnv& env, Value& out, Value v08_default, Call call) {
    LookupProvider unavailable;
    LookupProvider* provider = env.context != nullptr ? env.context->provider : nullptr;
    Value result;
    std::string error;
    bool ok = false;
    try {
        ok = call(provider != nullptr ? *provider : unavailable, result, error);
    } catch (const std::exception& e) {
        error = e.what();  // a provider's exception must not escape the evaluator
    } catch (...) {
        error = "look-up failed";
    }
    if (!ok) return fail(env, std::move(error), std::move(v08_default), out);
    out = std::move(result);
    return true;
}

// §6.6: configuration-defined maps are read-only; writes to them fail.
bool refuse_write(CallEnv& env, std::string_view function, std::string_view store,
                  Value v08_default, Value& out) {
    std::string message(function);
    message.append(": store \"");
    message.append(store);
    message.append("\" is read-only (a map defined by lookup.");
    message.append(store);
    message.append(".* settings)");
    return fail(env, std::move(message), std::move(v08_default), out);
}

}  // namespace

bool is_local_domain(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText directory(args[0], env.dialect);
    const ArgText domain(args[1], env.dialect);
    return delegate(env, out, Value(0), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.is_local_domain(directory, domain, r, e);
    });
}

bool is_local_address(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText directory(args[0], env.dialect);
    const ArgText address(args[1], env.dialect);
    return delegate(env, out, Value(0), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.is_local_address(directory, address, r, e);
    });
}

bool key_get(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    const ArgText key(args[1], env.dialect);
    if (const InMemoryStores* stores = memory_stores(env)) {
        if (const Value* answer = stores->key_get_answer(store, key)) {
            out = *answer;
            return true;
        }
    }
    if (env.context == nullptr || env.context->provider == nullptr) {
        out = Value();  // conformance README: an unknown store behaves as an empty store
        return true;
    }
    return delegate(env, out, Value(), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.key_get(store, key, r, e);
    });
}

bool key_exists(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    const ArgText key(args[1], env.dialect);
    if (const InMemoryStores* stores = memory_stores(env)) {
        if (const Value* answer = stores->key_exists_answer(store, key)) {
            out = *answer;
            return true;
        }
    }
    if (env.context == nullptr || env.context->provider == nullptr) {
        out = Value(0);  // conformance README: an unknown store behaves as an empty store
        return true;
    }
    return delegate(env, out, Value(0), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.key_exists(store, key, r, e);
    });
}

bool key_set(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    if (is_memory_store(env, store)) return refuse_write(env, "key_set", store, Value(0), out);
    const ArgText key(args[1], env.dialect);
    const ArgText value(args[2], env.dialect);
    return delegate(env, out, Value(0), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.key_set(store, key, value, r, e);
    });
}

bool counter_incr(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    if (is_memory_store(env, store)) return refuse_write(env, "counter_incr", store, Value(), out);
    const ArgText key(args[1], env.dialect);
    const std::int64_t amount = to_integer(args[2]).value_or(0);  // §6.6: none → 0
    return delegate(env, out, Value(), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.counter_incr(store, key, amount, r, e);
    });
}

bool counter_get(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    if (is_memory_store(env, store)) return refuse_write(env, "counter_get", store, Value(), out);
    const ArgText key(args[1], env.dialect);
    return delegate(env, out, Value(), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.counter_get(store, key, r, e);
    });
}

bool dns_query(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText name(args[0], env.dialect);
    const ArgText type(args[1], env.dialect);
    return delegate(env, out, Value(), [&](LookupProvider& p, Value& r, std::string& e) {
        return p.dns_query(name, type, r, e);
    });
}

bool sql_query(std::span<Value> args, CallEnv& env, Value& out) {
    const ArgText store(args[0], env.dialect);
    const ArgText query(args[1], env.dialect);
    // §6.6: v0.8.5 gives "" for an empty query and Integer 0 for any other failure.
    Value v08_default = query.view().empty() ? Value() : Value(0);
    return delegate(env, out, std::move(v08_default),
                    [&](LookupProvider& p, Value& r, std::string& e) {
                        return p.sql_query(store, query, args[2], r, e);
                    });
}

}  // namespace httpctl::expr::functions
