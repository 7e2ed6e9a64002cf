#include "server/snapshot.hpp"

#include <utility>

namespace httpctl::server {

std::vector<conf::HeaderLine> configured_response_headers(const conf::HttpSettings& settings) {
    // spec http.md §10.3: custom headers (flat-key order), then CORS, then HSTS; a rejected custom
    // list contributes nothing (settings.headers is already empty then, §6.1).
    std::vector<conf::HeaderLine> list = settings.headers;
    if (settings.permissive_cors) {
        // spec §10.4: exactly these three, static.
        list.push_back({"access-control-allow-origin", "*"});
        list.push_back({"access-control-allow-headers",
                        "Authorization, Content-Type, Accept, X-Requested-With"});
        list.push_back(
            {"access-control-allow-methods", "POST, GET, PATCH, PUT, DELETE, HEAD, OPTIONS"});
    }
    if (settings.hsts) {
        list.push_back(
            {"strict-transport-security", "max-age=31536000; includeSubDomains; preload"});
    }
    return list;
}

std::shared_ptr<const ConfigSnapshot> make_snapshot(conf::CheckReport report, std::string origin,
                                                    std::uint64_t generation) {
    auto snapshot = std::make_shared<ConfigSnapshot>();
    if (report.settings) snapshot->response_headers = configured_response_headers(*report.settings);
    snapshot->report = std::move(report);
    snapshot->loaded_at = std::chrono::system_clock::now();
    snapshot->origin = std::move(origin);
    snapshot->generation = generation;
    return snapshot;
}

}  // namespace httpctl::server
