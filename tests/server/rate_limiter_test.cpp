// Rate settings (spec http.md §4) and the fixed-window limiter of §6.1/§10.2, driven by an
// injected clock.
#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "server/rate_limiter.hpp"

using namespace httpctl::server;

namespace {

// A clock the test moves by hand.
struct ManualClock {
    std::shared_ptr<std::atomic<std::int64_t>> seconds =
        std::make_shared<std::atomic<std::int64_t>>(0);
    RateLimiter::Clock clock() const {
        return [s = seconds] {
            return std::chrono::steady_clock::time_point(std::chrono::seconds(s->load()));
        };
    }
    void set(std::int64_t value) const { seconds->store(value); }
};

Rate rate_ok(std::string_view text) {
    auto parsed = parse_rate(text);
    INFO(text);
    REQUIRE(std::holds_alternative<std::optional<Rate>>(parsed));
    REQUIRE(std::get<std::optional<Rate>>(parsed).has_value());
    return *std::get<std::optional<Rate>>(parsed);
}

std::string rate_error(std::string_view text) {
    auto parsed = parse_rate(text);
    INFO(text);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    return std::get<std::string>(parsed);
}

bool is_unlimited(std::string_view text) {
    auto parsed = parse_rate(text);
    return std::holds_alternative<std::optional<Rate>>(parsed) &&
           !std::get<std::optional<Rate>>(parsed).has_value();
}

}  // namespace

TEST_CASE("parse_rate reads N/duration", "[rate-limiter]") {
    CHECK(rate_ok("10/1m") == Rate{10, 60});
    CHECK(rate_ok(" 100 / 1 h ") == Rate{100, 3600});
    CHECK(rate_ok("+5/30s") == Rate{5, 30});
    CHECK(rate_ok("1/1d") == Rate{1, 86400});
    CHECK(rate_ok("5/5M") == Rate{5, 300});
    // The period is raised to one second; sub-second parts are dropped.
    CHECK(rate_ok("10/100ms") == Rate{10, 1});
    CHECK(rate_ok("10/1500") == Rate{10, 1});
}

TEST_CASE("parse_rate: words that switch the limit off", "[rate-limiter]") {
    for (const char* off :
         {"false", "FALSE", "disable", "Disabled", "never", "0", "", "none", "unlimited"}) {
        INFO(off);
        CHECK(is_unlimited(off));
    }
    // `none`/`unlimited` are exact words.
    CHECK(rate_error("None") == "Invalid rate value \"None\".");
}

TEST_CASE("parse_rate errors are Stalwart's texts", "[rate-limiter]") {
    CHECK(rate_error("10") == "Invalid rate value \"10\".");
    CHECK(rate_error("0/1m") == "Invalid rate value \"0/1m\".");
    CHECK(rate_error("-1/1m") == "Invalid rate value \"-1/1m\".");
    CHECK(rate_error("ten/1m") == "Invalid rate value \"ten/1m\".");
    CHECK(rate_error("99999999999999999999/1m") ==
          "Invalid rate value \"99999999999999999999/1m\".");
    CHECK(rate_error("10/0s") == "Invalid duration value \"0s\".");
    CHECK(rate_error("10/1w") == "Invalid duration value \"1w\".");
    CHECK(rate_error("a\"b\n") == "Invalid rate value \"a\\\"b\\n\".");
}

TEST_CASE("fixed windows aligned to the period; refused attempts still count", "[rate-limiter]") {
    ManualClock clock;
    clock.set(120);  // the start of a 60 s window
    RateLimiter limiter(Rate{3, 60}, 100, clock.clock());
    CHECK(limiter.hit("192.0.2.1").allowed);
    CHECK(limiter.hit("192.0.2.1").allowed);
    clock.set(150);
    const RateLimiter::Decision third = limiter.hit("192.0.2.1");
    CHECK(third.allowed);
    CHECK(third.count == 3);
    CHECK(third.retry_after_seconds == 0);
    const RateLimiter::Decision fourth = limiter.hit("192.0.2.1");
    CHECK_FALSE(fourth.allowed);
    CHECK(fourth.count == 4);
    CHECK(fourth.retry_after_seconds == 30);  // the window ends at 180
    // Another key has its own budget.
    CHECK(limiter.hit("192.0.2.2").allowed);
    // A refused attempt counts: still refused later in the window.
    clock.set(179);
    const RateLimiter::Decision late = limiter.hit("192.0.2.1");
    CHECK_FALSE(late.allowed);
    CHECK(late.count == 5);
    CHECK(late.retry_after_seconds == 1);
    // The next window starts from zero.
    clock.set(180);
    const RateLimiter::Decision fresh = limiter.hit("192.0.2.1");
    CHECK(fresh.allowed);
    CHECK(fresh.count == 1);
}

TEST_CASE("peek does not count", "[rate-limiter]") {
    ManualClock clock;
    RateLimiter limiter(Rate{1, 10}, 100, clock.clock());
    CHECK(limiter.peek("k").allowed);
    CHECK(limiter.peek("k").allowed);
    CHECK(limiter.tracked_keys() == 0);
    CHECK(limiter.hit("k").allowed);
    const RateLimiter::Decision next = limiter.peek("k");
    CHECK_FALSE(next.allowed);
    CHECK(next.count == 2);
    CHECK(next.retry_after_seconds == 10);
    clock.set(10);
    CHECK(limiter.peek("k").allowed);
}

TEST_CASE("memory stays bounded: the least recently used key is forgotten", "[rate-limiter]") {
    ManualClock clock;
    RateLimiter limiter(Rate{1, 60}, 2, clock.clock());
    CHECK(limiter.hit("a").allowed);
    CHECK(limiter.hit("b").allowed);
    CHECK_FALSE(limiter.hit("a").allowed);  // a is now the most recent
    CHECK(limiter.hit("c").allowed);        // evicts b
    CHECK(limiter.tracked_keys() == 2);
    CHECK_FALSE(limiter.hit("a").allowed);  // a was kept
    CHECK(limiter.hit("b").allowed);        // b starts over
    for (int i = 0; i < 1000; ++i)
        (void)limiter.hit("key" + std::to_string(i));
    CHECK(limiter.tracked_keys() == 2);
    limiter.clear();
    CHECK(limiter.tracked_keys() == 0);
    CHECK(limiter.hit("a").allowed);
}

TEST_CASE("concurrent hits allow exactly N per window", "[rate-limiter]") {
    ManualClock clock;
    RateLimiter limiter(Rate{500, 60}, 1000, clock.clock());
    std::atomic<int> allowed{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 400; ++i) {
                if (limiter.hit("shared").allowed) ++allowed;
                (void)limiter.hit("own" + std::to_string(i % 7));
            }
        });
    }
    for (std::thread& thread : threads)
        thread.join();
    CHECK(allowed.load() == 500);
    CHECK(limiter.hit("shared").count == 1601);
}

TEST_CASE("a zero period or capacity is raised to one", "[rate-limiter]") {
    ManualClock clock;
    RateLimiter limiter(Rate{1, 0}, 0, clock.clock());
    CHECK(limiter.rate().period_seconds == 1);
    CHECK(limiter.hit("a").allowed);
    CHECK(limiter.hit("b").allowed);
    CHECK(limiter.tracked_keys() == 1);
}
