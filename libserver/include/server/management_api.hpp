// The management API under `/api/` (spec http.md §13) for a caller the router
// has already authenticated as a superuser: the settings endpoints over the
// snapshot's flat map and the settings store, and the principal endpoints over
// the in-memory directory. `/api/reload` is answered by the router itself;
// every other path answers as Stalwart does for an unknown route (404 problem).
#pragma once

#include <functional>
#include <string_view>

#include "httpconf/checker.hpp"
#include "server/exchange.hpp"
#include "server/settings_store.hpp"
#include "server/snapshot.hpp"

namespace httpctl::server {

// Bodies above this are treated as missing (spec §13.1).
inline constexpr std::size_t kManagementBodyLimit = 1024 * 1024;

struct ManagementEnvironment {
    // Writes go here; null: the settings write endpoints answer the `Unsupported`
    // error.
    SettingsStore* settings = nullptr;
    // Makes an accepted change current (the reload snapshot swap). Called after
    // the change is persisted; empty when the new configuration is in use, else
    // why the reload refused it.
    std::function<std::string()> publish;
};

// `rest` is the raw path after `/api/` (e.g. "settings/list",
// "principal/john"). The caller has answered OPTIONS, authentication and the
// superuser check.
[[nodiscard]] HttpResponse answer_management_request(const HttpRequest& request,
                                                     std::string_view rest,
                                                     const ConfigSnapshot& snapshot,
                                                     const ManagementEnvironment& environment);

// spec §13.1: a path element that names something, decoded as form data: `%XX`
// decoded, `+` a space, everything from the first `=` or `&` dropped.
[[nodiscard]] std::string decode_path_element(std::string_view element);

}  // namespace httpctl::server
