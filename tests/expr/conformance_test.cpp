// Runs every expression conformance vector (produced by Stalwart's own evaluator) through the
// library and requires 100% agreement; one vector file also goes through `eval --jsonl`.
#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "expr/conformance.hpp"
#include "expr/evaluator.hpp"
#include "expr/json_value.hpp"

namespace fs = std::filesystem;
using httpctl::expr::CompileOptions;
using httpctl::expr::ConformanceCase;

namespace {

std::vector<fs::path> expression_vector_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(HTTPCTL_SHARED_DIR) / "conformance")) {
        const auto name = entry.path().filename().string();
        // config-*.jsonl are loader vectors (tests/httpconf); every other *.jsonl is ours.
        if (entry.path().extension() == ".jsonl" && name.rfind("config-", 0) != 0) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

bool result_matches(const nlohmann::json& expect, const nlohmann::json& result) {
    // Cases without an expectation (bench.jsonl) must still evaluate without an error.
    if (expect.is_null()) return !result.contains("error");
    // Any rejection matches an expected error (the message is only a guide).
    if (expect.contains("error")) return result.contains("error");
    if (result.contains("error")) return false;
    auto got = httpctl::expr::value_from_tagged_json(result);
    return got && httpctl::expr::tagged_matches(expect, *got);
}

}  // namespace

TEST_CASE("every expression conformance vector matches Stalwart", "[conformance]") {
    const auto files = expression_vector_files();
    REQUIRE_FALSE(files.empty());
    std::size_t total = 0;
    std::vector<std::string> mismatches;
    for (const fs::path& file : files) {
        std::ifstream in(file);
        REQUIRE(in);
        std::string line;
        std::size_t line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            if (line.empty()) continue;
            auto j = nlohmann::json::parse(line);
            std::string error;
            auto c = ConformanceCase::from_json(j, error);
            INFO(file.filename().string() << ":" << line_no << " " << error);
            REQUIRE(c);
            ++total;
            const nlohmann::json result = c->run(CompileOptions{});
            if (!result_matches(j.value("expect", nlohmann::json()), result)) {
                mismatches.push_back(
                    file.filename().string() + " " + c->id() + ": " +
                    j.value("expr", j.contains("if_block") ? j["if_block"].dump() : "") +
                    "\n    expected " + j["expect"].dump() + "\n    got      " + result.dump());
            }
        }
    }
    std::ostringstream report;
    for (const auto& m : mismatches)
        report << m << "\n";
    INFO(mismatches.size() << " of " << total << " cases differ:\n" << report.str());
    CHECK(total > 300);
    CHECK(mismatches.empty());
}

TEST_CASE("eval --jsonl answers every case of a vector file, in order", "[conformance][cli]") {
    const fs::path file = fs::path(HTTPCTL_SHARED_DIR) / "conformance" / "expr-public.jsonl";
    const fs::path out = fs::temp_directory_path() / "httpctl-jsonl-test.out";
    const std::string command = std::string("\"") + HTTPCTL_CLI + "\" eval --jsonl < \"" +
                                file.string() + "\" > \"" + out.string() + "\"";
    REQUIRE(std::system(command.c_str()) == 0);
    std::ifstream expected_in(file), got_in(out);
    std::string want_line, got_line;
    std::size_t n = 0, bad = 0;
    while (std::getline(expected_in, want_line)) {
        if (want_line.empty()) continue;
        REQUIRE(std::getline(got_in, got_line));
        auto want = nlohmann::json::parse(want_line);
        auto got = nlohmann::json::parse(got_line);
        REQUIRE(got["id"] == want["id"]);
        if (!result_matches(want["expect"], got["result"])) {
            ++bad;
            UNSCOPED_INFO(want["id"] << ": expected " << want["expect"] << ", got "
                                     << got["result"]);
        }
        ++n;
    }
    CHECK_FALSE(std::getline(got_in, got_line));
    CHECK(n > 300);
    CHECK(bad == 0);
    fs::remove(out);
}

namespace {
// Seeing every node's value turns off the evaluator's shortcuts (leaf references, direct store
// look-ups), so running the vectors with an observer checks the plain path against the fast one.
class CountingObserver final : public httpctl::expr::EvalObserver {
  public:
    void on_value(const httpctl::expr::Expression&, std::uint32_t,
                  const httpctl::expr::Value&) override {
        ++seen;
    }
    std::size_t seen = 0;
};
}  // namespace

TEST_CASE("the evaluator's shortcuts change no result", "[conformance]") {
    const fs::path file = fs::path(HTTPCTL_SHARED_DIR) / "conformance" / "expr-public.jsonl";
    std::ifstream in(file);
    REQUIRE(in);
    std::string line;
    std::size_t compared = 0;
    CountingObserver observer;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        std::string error;
        auto c = ConformanceCase::from_json(nlohmann::json::parse(line), error);
        REQUIRE(c);
        auto compiled = c->compile(CompileOptions{});
        if (!std::holds_alternative<httpctl::expr::IfBlock>(compiled)) continue;
        const auto& block = std::get<httpctl::expr::IfBlock>(compiled);
        httpctl::expr::Evaluator fast(c->context());
        httpctl::expr::Evaluator plain(c->context());
        plain.set_observer(&observer);
        httpctl::expr::Value a, b;
        const bool ok_fast = block.evaluate(fast, a);
        const bool ok_plain = block.evaluate(plain, b);
        INFO(c->id());
        CHECK(ok_fast == ok_plain);
        if (ok_fast && ok_plain) {
            CHECK(httpctl::expr::to_tagged_json(a) == httpctl::expr::to_tagged_json(b));
        }
        ++compared;
    }
    CHECK(compared > 200);
    CHECK(observer.seen > compared);
}
