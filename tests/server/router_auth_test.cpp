// Authentication on routed requests (spec http.md §9, §10.2): every secret format through the
// fallback admin and an in-memory directory principal, wrong passwords, the per-IP limits.
#include <catch2/catch.hpp>

#include "router_fixture.hpp"

using namespace httpctl;
using httpctl::test::request;

namespace {

// "hunter2" in every stored format of spec §9 (generated with openssl passwd, argon2, Python's
// hashlib; the bcrypt value is OpenBSD's published vector for "U*U").
struct StoredSecret {
    const char* format;
    const char* stored;
    const char* password;
};
const StoredSecret kSecrets[] = {
    {"sha512-crypt",
     "$6$saltsalt$8iYtNHxjWRl.NF6oNZ5tF.iKFlQREaXBLlSmZKP6dy9l5z3vsooWNW0/GZ6Nej73/"
     "TFug6pIPSqbJoCT6dfnj.",
     "hunter2"},
    {"sha256-crypt", "$5$saltsalt$OIdfjX.u4Y3SJ4I2bX8w5BMf1VAUhHABNUirScDzZi3", "hunter2"},
    {"md5-crypt", "$1$saltsalt$ZliGyAN3DciDHEkDboonh/", "hunter2"},
    {"bcrypt", "$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW", "U*U"},
    {"argon2id",
     "$argon2id$v=19$m=1024,t=2,p=1$c2FsdHNhbHQxMjM0$UamdXXUOAjLWHj8tJzERbj2mFDWtaF9XYX4DepiSgmg",
     "hunter2"},
    {"pbkdf2",
     "$pbkdf2-sha256$i=1000$c2FsdHNhbHQxMjM0NTY3OA$8SHM6ONNEJvkfHg76jFBQACm3cC0WgaoM+39XTBZsBc",
     "hunter2"},
    {"scrypt",
     "$scrypt$ln=10,r=8,p=1$c2FsdHNhbHQxMjM0NTY3OA$X56eBapHCMtsfaGleI04Wss+H7oRn1a9QUjcwWvNe3g",
     "hunter2"},
    {"{SHA}", "{SHA}87u9ZqY9S/F0eUBXjsPQEDUw4h0=", "hunter2"},
    {"{SSHA}", "{SSHA}l89FrolYr2NkFhXVyfFDCE1U0YlzYWx0MTIzNA==", "hunter2"},
    {"{SHA256}", "{SHA256}9S+9MrKzuG/4jvbEkGKChfSCrxXdyylUH5S89Saj9sc=", "hunter2"},
    {"{SSHA512}",
     "{SSHA512}R4TZLta49zI+"
     "yOO20esSwC5SlDeiNMvS2dTDTBCvBAGp6B8fZgi67CZosRadmNTzVNUsg62wc7n8kWPxvxy1Q3NhbHQxMjM0",
     "hunter2"},
    {"{MD5}", "{MD5}KrljkMfb40Od500MmwsXZw==", "hunter2"},
    {"{CRYPT} DES", "{CRYPT}ab0ozUNIgzCZ.", "hunter2"},
    {"{PLAIN}", "{PLAIN}hunter2", "hunter2"},
    {"clear text", "hunter2", "hunter2"},
};

std::string fallback_admin(std::string_view secret) {
    return "[authentication.fallback-admin]\nuser = \"admin\"\nsecret = \"" + std::string(secret) +
           "\"\n";
}

std::string memory_principal(std::string_view secret, std::string_view type = "individual") {
    return "[directory.memory]\ntype = \"memory\"\n\n[[directory.memory.principals]]\n"
           "name = \"jane\"\ntype = \"" +
           std::string(type) + "\"\nsecret = \"" + std::string(secret) +
           "\"\nemail = [\"jane@example.org\"]\n";
}

int well_known_status(const server::Router& router, const server::ConfigSnapshot& snapshot,
                      const std::string& user, const std::string& password,
                      const char* client_ip = "192.0.2.10") {
    test::RequestSpec spec;
    spec.target = "/.well-known/jmap";
    spec.client_ip = client_ip;
    spec.headers = {{"Authorization", test::basic(user, password)}};
    return router.handle(request(spec), snapshot).status;
}

struct FakeClock {
    std::chrono::steady_clock::time_point now{std::chrono::hours(1000)};
    server::RouterHooks hooks() {
        server::RouterHooks h;
        h.now = [this] { return now; };
        return h;
    }
};

}  // namespace

TEST_CASE("every secret format authenticates the fallback admin and a directory principal",
          "[router][auth]") {
    for (const StoredSecret& secret : kSecrets) {
        INFO(secret.format);
        const server::Router router;  // fresh limiter per format
        const auto admin = test::snapshot08(fallback_admin(secret.stored));
        CHECK(well_known_status(router, *admin, "admin", secret.password) == 200);
        CHECK(well_known_status(router, *admin, "admin", "wrong password") == 401);

        const auto directory = test::snapshot08(memory_principal(secret.stored));
        const auto ok =
            router.handle(request("GET", "/.well-known/jmap",
                                  {{"Authorization", test::basic("jane", secret.password)}}),
                          *directory);
        CHECK(ok.status == 200);
        if (ok.status == 200) CHECK(nlohmann::json::parse(ok.body)["username"] == "jane");
        CHECK(well_known_status(router, *directory, "jane", "wrong password") == 401);
    }
}

TEST_CASE("Basic logins are trimmed and lower-cased; the fallback admin match is exact",
          "[router][auth]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(fallback_admin("pw"));
    CHECK(well_known_status(router, *snapshot, " ADMIN ", "pw") == 200);
    const auto upper =
        test::snapshot08("[authentication.fallback-admin]\nuser = \"Admin\"\nsecret = \"pw\"\n");
    CHECK(well_known_status(router, *upper, "Admin", "pw") == 401);
    // The secret is used as is.
    CHECK(well_known_status(router, *snapshot, "admin", " pw") == 401);
}

TEST_CASE("unusable Authorization headers leave the request unauthenticated", "[router][auth]") {
    const server::Router router;
    const auto snapshot = test::snapshot08(fallback_admin("pw"));
    for (const char* value :
         {"Basic !!!not-base64!!!", "Basic", "Bearer abc", "Digest x", "basic YWRtaW46cHc="}) {
        INFO(value);
        const auto response = router.handle(
            request("GET", "/.well-known/jmap", {{"Authorization", value}}), *snapshot);
        // The scheme is case-insensitive: "basic YWRtaW46cHc=" is admin:pw.
        CHECK(response.status == (std::string_view(value) == "basic YWRtaW46cHc=" ? 200 : 401));
    }
}

TEST_CASE("a superuser principal may reload, an individual may not", "[router][auth]") {
    const server::Router router;
    const auto superuser = test::snapshot08(memory_principal("pw", "superuser"));
    const auto individual = test::snapshot08(memory_principal("pw"));
    const std::pair<std::string, std::string> auth{"Authorization", test::basic("jane", "pw")};
    CHECK(router.handle(request("GET", "/api/reload", {auth}), *superuser).status == 200);
    CHECK(router.handle(request("GET", "/api/reload", {auth}), *individual).status == 404);
}

TEST_CASE("failed Basic attempts are rate limited per client IP", "[router][auth][rate]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    const auto snapshot =
        test::snapshot08(fallback_admin("pw") + "[authentication]\nrate-limit = \"3/1m\"\n");
    for (int i = 0; i < 3; ++i)
        CHECK(well_known_status(router, *snapshot, "admin", "bad") == 401);
    // Over the limit: even the right password is refused, with the exact problem.
    test::RequestSpec spec;
    spec.target = "/.well-known/jmap";
    spec.headers = {{"Authorization", test::basic("admin", "pw")}};
    const auto limited = router.handle(request(spec), *snapshot);
    CHECK(limited.status == 429);
    CHECK(limited.body == test::kTooManyAuthBody);
    // OPTIONS /jmap with credentials runs the limiter first (spec §10.5).
    spec.method = "OPTIONS";
    spec.target = "/jmap";
    CHECK(router.handle(request(spec), *snapshot).status == 429);
    // Another client is not affected.
    CHECK(well_known_status(router, *snapshot, "admin", "pw", "198.51.100.7") == 200);
    // Once the window has passed, the client may try again.
    clock.now += std::chrono::minutes(2);
    CHECK(well_known_status(router, *snapshot, "admin", "pw") == 200);
}

TEST_CASE("successful logins do not count against the authentication limit",
          "[router][auth][rate]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    const auto snapshot =
        test::snapshot08(fallback_admin("pw") + "[authentication]\nrate-limit = \"2/1m\"\n");
    for (int i = 0; i < 10; ++i)
        CHECK(well_known_status(router, *snapshot, "admin", "pw") == 200);
}

TEST_CASE("anonymous requests are limited per client IP", "[router][auth][rate]") {
    FakeClock clock;
    const server::Router router(clock.hooks());
    const auto snapshot = test::snapshot08("[jmap.rate-limit]\nanonymous = \"2/1m\"\n");
    CHECK(router.handle(request("GET", "/jmap"), *snapshot).status == 401);
    CHECK(router.handle(request("OPTIONS", "/jmap"), *snapshot).status == 204);
    const auto limited = router.handle(request("OPTIONS", "/jmap"), *snapshot);
    CHECK(limited.status == 429);
    CHECK(limited.body == test::kTooManyRequestsBody);
    CHECK(router.handle(request("GET", "/.well-known/oauth-authorization-server"), *snapshot)
              .status == 429);
    // 0.8: robots.txt and /healthz are not limited; /api OPTIONS answers before any limit.
    CHECK(router.handle(request("GET", "/robots.txt"), *snapshot).status == 200);
    CHECK(router.handle(request("GET", "/healthz/live"), *snapshot).status == 200);
    CHECK(router.handle(request("OPTIONS", "/api/x"), *snapshot).status == 204);
    clock.now += std::chrono::minutes(2);
    CHECK(router.handle(request("GET", "/jmap"), *snapshot).status == 401);
}
