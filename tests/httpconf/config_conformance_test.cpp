// Every case of conformance/config-public.jsonl (produced by Stalwart's own loader) must give
// the same flat map, or be rejected, through the library and through `stalwart-httpctl keys`.
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "httpconf/loader.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

struct LoaderCase {
    std::string id;
    std::string bytes;
    bool expect_error = false;
    std::string expected_tsv;  // when no error is expected
    std::string stalwart_error;
};

std::vector<LoaderCase> read_cases() {
    std::vector<LoaderCase> cases;
    for (const std::string& line :
         read_lines(std::string(HTTPCTL_SHARED_DIR) + "/conformance/config-public.jsonl")) {
        if (line.empty()) continue;
        nlohmann::json j = nlohmann::json::parse(line);
        LoaderCase c;
        c.id = j.at("id").get<std::string>();
        c.bytes = j.contains("toml") ? j.at("toml").get<std::string>()
                                     : base64_decode(j.at("toml_b64").get<std::string>());
        const nlohmann::json& expect = j.at("expect");
        if (expect.contains("error")) {
            c.expect_error = true;
            c.stalwart_error = expect.at("error").get<std::string>();
        } else {
            for (const auto& pair : expect.at("keys")) {
                c.expected_tsv +=
                    tsv_line(pair.at(0).get<std::string>(), pair.at(1).get<std::string>());
            }
        }
        cases.push_back(std::move(c));
    }
    return cases;
}

// Empty when the library agrees with Stalwart on the case, else what went wrong.
std::string library_mismatch(const LoaderCase& c) {
    LoadResult result = load_config(c.bytes, c.id + ".toml");
    if (c.expect_error) {
        if (result.ok()) return "accepted, Stalwart rejects: " + c.stalwart_error;
        return {};
    }
    if (!result.ok()) return "rejected: " + to_compact_text(result.diagnostics.front());
    std::string got = flat_tsv(*result.config);
    if (got != c.expected_tsv) return "map differs:\n" + got + "expected:\n" + c.expected_tsv;
    return {};
}

}  // namespace

TEST_CASE("every public config-loader vector agrees with Stalwart", "[conformance]") {
    std::vector<LoaderCase> cases = read_cases();
    REQUIRE(cases.size() >= 80);
    std::ostringstream mismatches;
    std::size_t agreed = 0;
    for (const LoaderCase& c : cases) {
        std::string problem = library_mismatch(c);
        if (problem.empty()) {
            ++agreed;
        } else {
            mismatches << c.id << ": " << problem << "\n";
        }
    }
    INFO(agreed << "/" << cases.size() << " cases agree\n" << mismatches.str());
    CHECK(agreed == cases.size());
}

TEST_CASE("Stalwart's own message text is reproduced for rejected vectors", "[conformance]") {
    // Not required for conformance (any rejection counts), but the original message is offered
    // to users, so it should be the one Stalwart prints.
    std::ostringstream differences;
    for (const LoaderCase& c : read_cases()) {
        if (!c.expect_error) continue;
        LoadResult result = load_config(c.bytes, c.id + ".toml");
        if (result.stalwart_message != c.stalwart_error) {
            differences << c.id << ": " << result.stalwart_message
                        << " | Stalwart: " << c.stalwart_error << "\n";
        }
    }
    INFO(differences.str());
    CHECK(differences.str().empty());
}

TEST_CASE("the keys command agrees with Stalwart on sample vectors", "[conformance][cli]") {
    const std::vector<std::string> sample = {
        "c-empty-007", "c-empty-008",    "c-header-004", "c-aot-006",    "c-array-006",
        "c-str-011",   "c-ml-017",       "c-eof-005",    "c-utf8-001",   "c-utf8-008",
        "c-crlf-009",  "c-stalwart-006", "c-qkey-020",   "c-header-018", "c-long-007"};
    std::size_t checked = 0;
    for (const LoaderCase& c : read_cases()) {
        if (std::find(sample.begin(), sample.end(), c.id) == sample.end()) continue;
        ++checked;
        TempFile file(c.bytes);
        CommandResult run = run_cli("keys " + shell_quote(file.path()));
        INFO(c.id << "\nstdout:\n" << run.out << "\nstderr:\n" << run.err);
        if (c.expect_error) {
            CHECK(run.exit_code == 1);
            CHECK(run.out.empty());
            CHECK(run.err.find(file.path() + ":") == 0);
            CHECK(run.err.find(": error: ") != std::string::npos);
        } else {
            CHECK(run.exit_code == 0);
            CHECK(run.out == c.expected_tsv);
        }
    }
    CHECK(checked == sample.size());
}
