// The JSON documents built from the per-request URL U: the JMAP session (spec http.md §12) and
// the OAuth authorization-server metadata (§11).
#pragma once

#include <optional>

#include "request_auth.hpp"
#include "server/exchange.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

// 200 session object; `user` nullopt gives 0.12's account-less session. A U that does not start
// with `http` (no WebSocket URL can be derived, spec §12) or an unknown listener → 500 problem.
[[nodiscard]] HttpResponse session_response(const HttpRequest& request,
                                            const ConfigSnapshot& snapshot,
                                            const std::optional<AuthenticatedUser>& user);

[[nodiscard]] HttpResponse oauth_metadata_response(const HttpRequest& request,
                                                   const ConfigSnapshot& snapshot);

}  // namespace httpctl::server
