// Routing cost without the transport: ns per Router::handle for the requests serve_bench.sh sends
// (the built-in configuration, Basic credentials of its administrator, one client address), the
// median of repeated timed loops, on one thread. The per-snapshot caches are warm after the
// first request, as they are in a running server.
//
//   router_bench [--repeats N] [--min-ms MS]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "bench_timing.hpp"
#include "httpconf/checker.hpp"
#include "server/router.hpp"
#include "server/serve_service.hpp"
#include "server/snapshot.hpp"

using namespace httpctl;

namespace {

using httpctl::bench::median;
using httpctl::bench::ns_per_iteration;

std::shared_ptr<const server::ConfigSnapshot> builtin_snapshot() {
    return server::make_snapshot(
        conf::check_config_text(server::builtin_default_config(), "<built-in>"), "<built-in>");
}

server::HttpRequest bench_request(const std::string& path) {
    server::HttpRequest request;
    request.method = "GET";
    request.target = path;
    request.path = path;
    request.headers = {{"Host", "127.0.0.1:8080"},
                       {"Authorization", "Basic YWRtaW46Y2hhbmdlbWU="}};  // admin:changeme
    request.peer_ip = "127.0.0.1";
    request.client_ip = "127.0.0.1";
    request.peer_port = 50000;
    request.listener_id = "http";
    return request;
}

}  // namespace

int main(int argc, char** argv) {
    int repeats = 7;
    double min_ms = 200;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--repeats") == 0) repeats = std::max(1, std::atoi(argv[i + 1]));
        if (std::strcmp(argv[i], "--min-ms") == 0) min_ms = std::atof(argv[i + 1]);
    }
    const auto snapshot = builtin_snapshot();
    if (!snapshot->usable()) {
        std::fprintf(stderr, "router_bench: the built-in configuration does not load\n");
        return 1;
    }
    const server::Router router;

    for (const std::string path : {"/.well-known/jmap", "/robots.txt"}) {
        const server::HttpRequest request = bench_request(path);
        int bad_status = 0;
        std::vector<double> warm;
        for (int r = 0; r < repeats; ++r) {
            warm.push_back(ns_per_iteration(
                [&] {
                    const server::HttpResponse response = router.handle(request, *snapshot);
                    if (response.status != 200) bad_status = response.status;
                },
                min_ms));
        }
        std::printf("{\"path\":\"%s\",\"ns_per_request\":%.0f}\n", path.c_str(), median(warm));
        if (bad_status != 0) {
            std::fprintf(stderr, "router_bench: %s answered %d\n", path.c_str(), bad_status);
            return 1;
        }
    }
    return 0;
}
