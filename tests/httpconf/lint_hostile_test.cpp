// Lint on damaged files: every file of the corpus and of examples/, mutated a few hundred
// ways (deterministically), must lint without a crash, and every finding must name a known
// rule and point inside the file.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "lint_test_support.hpp"
#include "support/process.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;
namespace fs = std::filesystem;

namespace {

// A small fixed-seed generator, so a failure reproduces.
class Lcg {
  public:
    explicit Lcg(std::uint64_t seed) : state_(seed) {}
    std::size_t below(std::size_t bound) {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return bound == 0 ? 0 : static_cast<std::size_t>(state_ >> 33) % bound;
    }

  private:
    std::uint64_t state_;
};

const std::vector<std::string> kFragments = {"[",
                                             "]",
                                             "{",
                                             "}",
                                             "\"",
                                             "'",
                                             "\\",
                                             "\n",
                                             "=",
                                             ".",
                                             "#",
                                             ",",
                                             " ",
                                             "\t",
                                             "'''",
                                             "\"\"\"",
                                             "%{env:",
                                             "}%",
                                             "[[a]]\n",
                                             "[server.http]\n",
                                             "url = \"'https://x/'\"\n",
                                             "headers = {X-A = \"1\"}\n",
                                             "# stalwart-httpctl: allow=",
                                             "hsts = true\n",
                                             "\xC3\xA9"};

std::string mutate(const std::string& text, Lcg& random) {
    std::string out = text;
    const std::size_t edits = 1 + random.below(3);
    for (std::size_t i = 0; i < edits; ++i) {
        const std::size_t at = random.below(out.size() + 1);
        switch (random.below(3)) {
            case 0:
                if (at < out.size()) out.erase(at, 1 + random.below(4));
                break;
            case 1:
                out.insert(at, kFragments[random.below(kFragments.size())]);
                break;
            default: {
                // Repeat a line somewhere else (duplicate keys, stray headers).
                const std::size_t from = random.below(out.size() + 1);
                const std::size_t begin = out.rfind('\n', from == 0 ? 0 : from - 1);
                const std::size_t start = begin == std::string::npos ? 0 : begin + 1;
                const std::size_t end = out.find('\n', start);
                if (end != std::string::npos) out.insert(at, out.substr(start, end - start + 1));
            }
        }
    }
    return out;
}

void check_findings(const std::string& text, const std::vector<Diagnostic>& findings) {
    std::size_t lines = 1;
    for (char c : text)
        lines += c == '\n' ? 1 : 0;
    for (const Diagnostic& d : findings) {
        INFO(to_compact_text(d));
        CHECK(find_lint_rule(d.code) != nullptr);
        CHECK_FALSE(d.message.empty());
        CHECK(d.line <= lines);
        CHECK((d.line == 0 || d.column >= 1));
        CHECK((d.end_line > d.line || (d.end_line == d.line && d.end_column >= d.column)));
    }
}

std::vector<fs::path> seed_files() {
    std::vector<fs::path> files;
    for (const fs::path& folder : {fs::path(HTTPCTL_SHARED_DIR) / "corpus" / "configs",
                                   fs::path(HTTPCTL_SOURCE_DIR) / "examples",
                                   fs::path(HTTPCTL_SOURCE_DIR) / "examples" / "broken"}) {
        for (const auto& item : fs::directory_iterator(folder)) {
            // Large files would make this slow without adding shapes.
            if (item.path().extension() == ".toml" && fs::file_size(item.path()) < 20000)
                files.push_back(item.path());
        }
    }
    return files;
}

}  // namespace

TEST_CASE("lint survives damaged files and keeps its findings well-formed", "[lint][hostile]") {
    Lcg random(20261129);
    std::size_t linted = 0;
    for (const fs::path& path : seed_files()) {
        const std::string original = httpctl::test::read_binary_file(path.string());
        for (int round = 0; round < 12; ++round) {
            const std::string text = mutate(original, random);
            const CheckReport report = check_config_text(text, "damaged.toml");
            const std::vector<Diagnostic> findings = lint_config(report);
            INFO(path.filename().string() << " round " << round << "\n" << text);
            check_findings(text, findings);
            if (report.config) ++linted;
        }
    }
    // Enough of the damaged files still load for the rules to run on them.
    CHECK(linted > 50);
}

TEST_CASE("lint of a file Stalwart rejects is empty (check reports why)", "[lint][hostile]") {
    const CheckReport report = check_config_text("a = 1", "t.toml");  // no final newline
    REQUIRE(report.config == nullptr);
    CHECK(lint_config(report).empty());
}

TEST_CASE("toml-portability does not hand absurdly nested text to the TOML parser",
          "[lint][hostile]") {
    // Stalwart reads the brackets inside the string; a standard reader never gets to see them
    // as structure here, but the guard must hold whatever the text.
    const std::string text = "a = \"" + std::string(5000, '[') + "\"\n";
    const auto found = findings_of(lint_text(text), "toml-portability");
    REQUIRE(found.size() == 1);
    CHECK(found[0].message.find("nest more than 200 levels") != std::string::npos);
}
