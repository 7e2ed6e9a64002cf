// `http.allowed-endpoint` (spec http.md §6.2, 0.12+ only): evaluated before routing.
#pragma once

#include <optional>
#include <string_view>

#include "server/exchange.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

// The status to answer instead of routing, or nullopt to route. Loopback clients always pass;
// a result that is not a valid status (or a failed evaluation) counts as 200.
[[nodiscard]] std::optional<int> endpoint_gate_status(const HttpRequest& request,
                                                      const ConfigSnapshot& snapshot);

// 127.0.0.0/8 or ::1, also in IPv4-mapped form (spec §7).
[[nodiscard]] bool is_loopback_ip(std::string_view ip);

}  // namespace httpctl::server
