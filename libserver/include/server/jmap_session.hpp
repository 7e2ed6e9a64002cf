// The JMAP session object of spec http.md §12 (RFC 8620 §2 where the spec leaves a field open).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/http_settings.hpp"

namespace httpctl::server {

// The account the session is for; nullopt for 0.12's anonymous `/jmap/session` (spec §11: a
// session with no accounts).
struct SessionAccount {
    std::uint32_t account_id = 0;
    std::string login;  // `username`
    std::string name;   // the account's `name`
    std::vector<std::uint32_t> member_of;
};

struct SessionInput {
    std::string base_url;  // U, verbatim (§12: no trailing-slash normalisation)
    conf::JmapLimits limits;
    bool head_dialect = false;
    std::optional<SessionAccount> account;
};

// The JSON text, or nullopt when U does not start with `http` (the WebSocket URL cannot be
// derived; Stalwart drops the connection, we report a configuration error — spec §12).
[[nodiscard]] std::optional<std::string> jmap_session_json(const SessionInput& input);

// JMAP id text of an account id (spec §12): base 32 over `abcdefghijklmnopqrstuvwxyz792013`,
// most significant digit first, 0 → "a".
[[nodiscard]] std::string jmap_id(std::uint64_t id);

// `state`: lower-case hex of the 32-bit session state hash (spec §12).
[[nodiscard]] std::string session_state(const std::vector<std::uint32_t>& member_of);

}  // namespace httpctl::server
