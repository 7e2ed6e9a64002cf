// Expression evaluation for one routed request: the variables of spec http.md §5.3 (through
// httpconf/request_context.hpp, shared with `eval` and the REPL), and the per-request URL U.
#pragma once

#include <optional>
#include <string>

#include "expr/context.hpp"
#include "httpconf/http_settings.hpp"
#include "server/exchange.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

// The listener the request arrived on, or nullptr when the snapshot does not know it.
[[nodiscard]] const conf::Listener* request_listener(const HttpRequest& request,
                                                     const ConfigSnapshot& snapshot) noexcept;

// Fills `ctx` for this request on `listener` (listener, request and settings parts).
void fill_request_context(expr::EvalContext& ctx, const HttpRequest& request,
                          const ConfigSnapshot& snapshot, const conf::Listener& listener);

// U for this request (spec §5.4, §12), with Stalwart's bind-address fallback; nullopt when the
// request's listener is unknown to the snapshot.
[[nodiscard]] std::optional<std::string> request_base_url(const HttpRequest& request,
                                                          const ConfigSnapshot& snapshot);

}  // namespace httpctl::server
