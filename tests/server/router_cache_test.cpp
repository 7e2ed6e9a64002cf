// The per-snapshot caches of the router: serialized session bodies keyed by account and
// per-request URL (spec http.md §12), and verified Authorization values kept for
// `cache.session.ttl` (§6.1, §10.2). Answers must be the same as without a cache, memory must
// stay bounded, and nothing may survive a reload.
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "../../libserver/src/snapshot_caches.hpp"
#include "router_fixture.hpp"

using namespace httpctl;
using httpctl::test::request;
using Json = nlohmann::ordered_json;

namespace {

struct FakeClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    server::RouterHooks hooks() {
        server::RouterHooks h;
        h.now = [this] { return now; };
        return h;
    }
};

constexpr std::string_view kAdmin =
    "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"pw\"\n";

// OpenBSD's published bcrypt vector for "U*U", and "hunter2" as Argon2id.
constexpr std::string_view kBcryptUU =
    "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";
constexpr std::string_view kArgon2Hunter2 =
    "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHQxMjM0$UamdXXUOAjLWHj8tJzERbj2mFDWtaF9XYX4DepiSgmg";

std::string principal(std::string_view name, std::string_view secret) {
    return "[[directory.memory.principals]]\nname = \"" + std::string(name) +
           "\"\ntype = \"individual\"\nsecret = \"" + std::string(secret) + "\"\n";
}

std::string directory(const std::string& principals, std::string_view extra = "") {
    return "[directory.memory]\ntype = \"memory\"\n\n" + principals + std::string(extra);
}

server::HttpResponse well_known(const server::Router& router,
                                const server::ConfigSnapshot& snapshot,
                                const std::string& authorization,
                                const std::string& client_ip = "192.0.2.10") {
    test::RequestSpec spec;
    spec.target = "/.well-known/jmap";
    spec.client_ip = client_ip;
    spec.headers = {{"Authorization", authorization}};
    return router.handle(request(spec), snapshot);
}

server::SnapshotCaches& caches_of(const server::ConfigSnapshot& snapshot) {
    return snapshot.caches.get();
}

}  // namespace

TEST_CASE("cached session bodies follow the per-request URL and the account",
          "[router][session][cache]") {
    const server::Router router;
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + directory(principal("jane", "pw")) +
                         "[server.http]\nurl = \"'http://' + remote_ip\"\n");
    for (int round = 0; round < 3; ++round) {
        for (const char* ip : {"192.0.2.1", "192.0.2.2"}) {
            const auto admin = well_known(router, *snapshot, test::basic("admin", "pw"), ip);
            REQUIRE(admin.status == 200);
            const Json admin_body = Json::parse(admin.body);
            CHECK(admin_body["apiUrl"] == std::string("http://") + ip + "/jmap/");
            CHECK(admin_body["username"] == "admin");
            CHECK(admin.header("cache-control") != nullptr);

            const auto jane = well_known(router, *snapshot, test::basic("jane", "pw"), ip);
            REQUIRE(jane.status == 200);
            const Json jane_body = Json::parse(jane.body);
            CHECK(jane_body["apiUrl"] == std::string("http://") + ip + "/jmap/");
            CHECK(jane_body["username"] == "jane");
            CHECK(jane_body["accounts"].begin().value()["name"] == "jane");
        }
    }
    // Two URLs times two accounts, however many requests.
    CHECK(caches_of(*snapshot).sessions.size() == 4);
}

TEST_CASE("the session cache stays bounded under client-chosen URLs", "[router][session][cache]") {
    const server::Router router;
    // A URL built from the client's address: every client is another body.
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + directory(principal("jane", "pw")) +
                         "[server.http]\nurl = \"'http://' + remote_ip\"\n"
                         "[authentication]\nrate-limit = \"disable\"\n");
    const std::size_t limit = server::SessionBodyCache::kMaxEntries;
    for (std::size_t i = 0; i < limit + 300; ++i) {
        const std::string ip =
            "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".1";
        const auto response = well_known(router, *snapshot, test::basic("admin", "pw"), ip);
        REQUIRE(response.status == 200);
        REQUIRE(Json::parse(response.body)["apiUrl"] == "http://" + ip + "/jmap/");
    }
    CHECK(caches_of(*snapshot).sessions.size() <= limit);
    // Early entries may have been forgotten: they are recomputed, still right.
    const auto again = well_known(router, *snapshot, test::basic("admin", "pw"), "10.0.0.1");
    REQUIRE(again.status == 200);
    CHECK(Json::parse(again.body)["apiUrl"] == "http://10.0.0.1/jmap/");
}

TEST_CASE("a reload gives fresh session bodies", "[router][session][cache]") {
    const server::Router router;
    const auto before =
        test::snapshot08(std::string(kAdmin) + "[jmap.protocol.request]\nmax-calls = 16\n");
    const auto after =
        test::snapshot08(std::string(kAdmin) + "[jmap.protocol.request]\nmax-calls = 7\n");
    const auto core = [](const server::HttpResponse& response) {
        return Json::parse(response.body)["capabilities"]["urn:ietf:params:jmap:core"];
    };
    CHECK(core(well_known(router, *before, test::basic("admin", "pw")))["maxCallsInRequest"] == 16);
    CHECK(core(well_known(router, *after, test::basic("admin", "pw")))["maxCallsInRequest"] == 7);
    CHECK(core(well_known(router, *before, test::basic("admin", "pw")))["maxCallsInRequest"] == 16);
    // A copied snapshot starts with empty caches of its own.
    const server::ConfigSnapshot copy = *before;
    CHECK(caches_of(*before).sessions.size() == 1);
    CHECK(caches_of(copy).sessions.size() == 0);
}

TEST_CASE("slow secret hashes authenticate from the cache and after a reload",
          "[router][auth][cache]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    const std::string config =
        directory(principal("jane", kBcryptUU) + principal("joe", kArgon2Hunter2));
    const auto first = test::snapshot08(config);
    for (int i = 0; i < 3; ++i) {
        CHECK(well_known(router, *first, test::basic("jane", "U*U")).status == 200);
        CHECK(well_known(router, *first, test::basic("joe", "hunter2")).status == 200);
    }
    CHECK(caches_of(*first).credentials.size() == 2);

    // The same configuration reloaded: a new, empty cache, and the hashes verify again.
    const auto reloaded = test::snapshot08(config);
    CHECK(caches_of(*reloaded).credentials.size() == 0);
    CHECK(well_known(router, *reloaded, test::basic("jane", "U*U")).status == 200);
    CHECK(well_known(router, *reloaded, test::basic("joe", "hunter2")).status == 200);
    CHECK(caches_of(*reloaded).credentials.size() == 2);

    // The secret changed in the configuration: the old password no longer works.
    const auto changed =
        test::snapshot08(directory(principal("jane", "new-pw") + principal("joe", "other")));
    CHECK(well_known(router, *changed, test::basic("jane", "U*U")).status == 401);
    CHECK(well_known(router, *changed, test::basic("joe", "hunter2")).status == 401);
    CHECK(well_known(router, *changed, test::basic("jane", "new-pw")).status == 200);
}

TEST_CASE("failed verifications are never cached", "[router][auth][cache]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + "[authentication]\nrate-limit = \"disable\"\n");
    for (int i = 0; i < 5; ++i)
        CHECK(well_known(router, *snapshot, test::basic("admin", "wrong")).status == 401);
    CHECK(caches_of(*snapshot).credentials.size() == 0);
    CHECK(well_known(router, *snapshot, test::basic("admin", "pw")).status == 200);
    CHECK(caches_of(*snapshot).credentials.size() == 1);
}

TEST_CASE("a cached Authorization value lasts cache.session.ttl", "[router][auth][cache]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    // One failed attempt per hour allowed, so the limiter shows whether credentials were
    // verified (limited) or taken from the cache (not limited, spec http.md §10.2).
    const auto snapshot = test::snapshot08(
        std::string(kAdmin) +
        "[authentication]\nrate-limit = \"1/1h\"\n[cache.session]\nttl = \"5m\"\n");
    CHECK(snapshot->credential_cache_ttl == std::chrono::minutes(5));
    const std::string good = test::basic("admin", "pw");
    CHECK(well_known(router, *snapshot, good).status == 200);
    CHECK(well_known(router, *snapshot, test::basic("admin", "bad")).status == 401);
    // Over the attempt limit now; the cached value is still accepted within the TTL.
    CHECK(well_known(router, *snapshot, test::basic("admin", "bad2")).status == 429);
    clock.now += std::chrono::minutes(4);
    CHECK(well_known(router, *snapshot, good).status == 200);
    // Past the TTL the value must be verified again, and the limiter refuses that.
    clock.now += std::chrono::minutes(2);
    CHECK(well_known(router, *snapshot, good).status == 429);
}

TEST_CASE("cache.session.ttl: default one hour, unreadable values keep it",
          "[router][auth][cache]") {
    CHECK(test::snapshot08(kAdmin)->credential_cache_ttl == std::chrono::hours(1));
    CHECK(test::snapshot08(std::string(kAdmin) + "[cache.session]\nttl = \"90s\"\n")
              ->credential_cache_ttl == std::chrono::seconds(90));
    // Stalwart's duration parser rejects zero and unknown units; the default stays.
    CHECK(test::snapshot08(std::string(kAdmin) + "[cache.session]\nttl = \"0s\"\n")
              ->credential_cache_ttl == std::chrono::hours(1));
    CHECK(test::snapshot08(std::string(kAdmin) + "[cache.session]\nttl = \"5 fortnights\"\n")
              ->credential_cache_ttl == std::chrono::hours(1));
}

TEST_CASE("the credential cache keys by a digest and honours expiry", "[auth][cache]") {
    server::CredentialCache cache;
    const auto t0 = std::chrono::steady_clock::time_point(std::chrono::hours(5));
    server::AuthenticatedUser user;
    user.login = "admin";
    user.name = "Fallback Administrator";
    user.account_id = 7;
    user.superuser = true;
    cache.store("Basic YWRtaW46cHc=", user, t0 + std::chrono::seconds(10));
    const auto hit = cache.find("Basic YWRtaW46cHc=", t0);
    REQUIRE(hit);
    CHECK(hit->login == "admin");
    CHECK(hit->account_id == 7);
    CHECK(hit->superuser);
    // The exact value only.
    CHECK_FALSE(cache.find("basic YWRtaW46cHc=", t0));
    CHECK_FALSE(cache.find("Basic YWRtaW46cHc= ", t0));
    CHECK(cache.find("Basic YWRtaW46cHc=", t0 + std::chrono::seconds(9)));
    CHECK_FALSE(cache.find("Basic YWRtaW46cHc=", t0 + std::chrono::seconds(10)));
}

TEST_CASE("a bounded cache never grows past its size", "[cache]") {
    server::BoundedCache<int, int> cache(3);
    for (int i = 0; i < 100; ++i) {
        cache.store(i, i * 2);
        CHECK(cache.size() <= 3);
        CHECK(cache.find(i) == i * 2);  // the newest entry is always kept
    }
    cache.store(99, 5);
    CHECK(cache.find(99) == 5);
    CHECK(cache.size() == 3);
}

TEST_CASE("the caches answer right under concurrent requests", "[router][cache]") {
    const server::Router router;
    const auto snapshot =
        test::snapshot08(std::string(kAdmin) + directory(principal("jane", "pw")) +
                         "[server.http]\nurl = \"'http://' + remote_ip\"\n"
                         "[authentication]\nrate-limit = \"disable\"\n"
                         "[jmap.rate-limit]\nanonymous = \"disable\"\n");
    std::atomic<int> wrong{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 300; ++i) {
                const bool jane = (i + t) % 2 == 0;
                const std::string ip = "10.1." + std::to_string(t) + "." + std::to_string(i % 7);
                const auto response = well_known(
                    router, *snapshot,
                    jane ? test::basic("jane", "pw") : test::basic("admin", i % 5 ? "pw" : "no"),
                    ip);
                if (!jane && i % 5 == 0) {
                    if (response.status != 401) ++wrong;
                    continue;
                }
                const Json body = Json::parse(response.body, nullptr, false);
                if (response.status != 200 || body.is_discarded() ||
                    body["username"] != (jane ? "jane" : "admin") ||
                    body["apiUrl"] != "http://" + ip + "/jmap/") {
                    ++wrong;
                }
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    CHECK(wrong == 0);
    CHECK(caches_of(*snapshot).credentials.size() == 2);
    CHECK(caches_of(*snapshot).sessions.size() == 4 * 7 * 2);
}

TEST_CASE("answers_at_once: only requests that verify no secret and touch no disk",
          "[router][cache]") {
    const server::Router router;
    const auto v08 =
        test::snapshot08(std::string(kAdmin) + directory(principal("jane", kBcryptUU)));
    const auto v012 = test::snapshot012(std::string(kAdmin));
    const auto quick = [&](const server::ConfigSnapshot& snapshot, std::string method,
                           std::string target, std::string authorization = {}) {
        test::RequestSpec spec;
        spec.method = std::move(method);
        spec.target = std::move(target);
        if (!authorization.empty()) spec.headers = {{"Authorization", authorization}};
        return router.answers_at_once(request(spec), snapshot);
    };
    // No credentials, or a scheme that is never verified: nothing to wait for.
    CHECK(quick(*v08, "GET", "/.well-known/jmap"));
    CHECK(quick(*v08, "GET", "/.well-known/jmap", "Bearer abc"));
    CHECK(quick(*v08, "GET", "/robots.txt"));
    CHECK(quick(*v08, "GET", "/healthz/live"));
    CHECK(quick(*v08, "GET", "/nowhere"));
    CHECK(quick(*v08, "OPTIONS", "/api/settings"));
    CHECK(quick(*v08, "GET", "/.well-known/oauth-authorization-server"));
    CHECK(quick(*v012, "GET", "/.well-known/jmap", test::basic("admin", "pw")));  // a redirect
    CHECK(quick(*v012, "OPTIONS", "/jmap/upload/x", test::basic("admin", "pw")));
    // The disk, bodies and streams: always a worker.
    CHECK_FALSE(quick(*v08, "GET", "/api/reload"));
    CHECK_FALSE(quick(*v08, "GET", "/api/settings/list"));
    CHECK_FALSE(quick(*v08, "GET", "/jmap/download/a/b/c"));
    CHECK_FALSE(quick(*v08, "GET", "/jmap/eventsource/"));
    CHECK_FALSE(quick(*v08, "GET", "/jmap/ws"));
    test::RequestSpec with_body;
    with_body.target = "/robots.txt";
    auto body_request = request(with_body);
    body_request.body = "x";
    CHECK_FALSE(router.answers_at_once(body_request, *v08));

    // Basic credentials: a worker until a verification succeeded, then from the cache.
    const std::string jane = test::basic("jane", "U*U");
    CHECK_FALSE(quick(*v08, "GET", "/.well-known/jmap", jane));
    CHECK_FALSE(quick(*v08, "OPTIONS", "/jmap", jane));  // 0.8 authenticates OPTIONS /jmap
    CHECK(well_known(router, *v08, jane).status == 200);
    CHECK(quick(*v08, "GET", "/.well-known/jmap", jane));
    CHECK(quick(*v08, "OPTIONS", "/jmap", jane));
    // A wrong secret is never cached, so it never skips the worker.
    const std::string wrong = test::basic("jane", "nope");
    CHECK(well_known(router, *v08, wrong).status == 401);
    CHECK_FALSE(quick(*v08, "GET", "/.well-known/jmap", wrong));
    // Another snapshot (a reload) starts without the cache.
    const auto reloaded =
        test::snapshot08(std::string(kAdmin) + directory(principal("jane", kBcryptUU)));
    CHECK_FALSE(quick(*reloaded, "GET", "/.well-known/jmap", jane));
}
