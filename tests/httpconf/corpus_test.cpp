// Every real Stalwart file of corpus/configs must flatten exactly to its golden map in
// corpus/flattened (made by Stalwart's own loader), or be rejected where the golden says ERROR.
#include <filesystem>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "httpconf/loader.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;
namespace fs = std::filesystem;

namespace {

struct CorpusFile {
    std::string name;
    std::string config_path;
    std::string golden;
};

std::vector<CorpusFile> corpus_files() {
    const fs::path corpus = fs::path(HTTPCTL_SHARED_DIR) / "corpus";
    std::vector<CorpusFile> files;
    for (const auto& item : fs::directory_iterator(corpus / "configs")) {
        if (item.path().extension() != ".toml") continue;
        std::string stem = item.path().stem().string();
        files.push_back({stem, item.path().string(),
                         read_binary_file((corpus / "flattened" / (stem + ".flat.tsv")).string())});
    }
    std::sort(files.begin(), files.end(),
              [](const CorpusFile& a, const CorpusFile& b) { return a.name < b.name; });
    return files;
}

// The golden text of a rejected file: `"ERROR"<TAB>"<message>"`.
bool golden_error(const std::string& golden, std::string& message) {
    if (!golden.starts_with("\"ERROR\"\t")) return false;
    std::string quoted = golden.substr(8);
    while (!quoted.empty() && quoted.back() == '\n')
        quoted.pop_back();
    message = nlohmann::json::parse(quoted).get<std::string>();
    return true;
}

}  // namespace

TEST_CASE("the corpus flattens exactly as Stalwart does", "[corpus]") {
    std::vector<CorpusFile> files = corpus_files();
    REQUIRE(files.size() == 22);
    std::size_t agreed = 0;
    std::ostringstream problems;
    for (const CorpusFile& file : files) {
        LoadResult result = load_config(read_binary_file(file.config_path), file.name);
        std::string expected_error;
        if (golden_error(file.golden, expected_error)) {
            if (!result.ok() && result.stalwart_message == expected_error) {
                ++agreed;
            } else {
                problems << file.name << ": expected rejection \"" << expected_error << "\", got "
                         << (result.ok() ? "a map" : result.stalwart_message) << "\n";
            }
        } else if (!result.ok()) {
            problems << file.name << ": " << to_compact_text(result.diagnostics.front()) << "\n";
        } else if (flat_tsv(*result.config) != file.golden) {
            problems << file.name << ": flat map differs from the golden file\n";
        } else {
            ++agreed;
        }
    }
    INFO(agreed << "/" << files.size() << " corpus files agree\n" << problems.str());
    CHECK(agreed == files.size());
}

TEST_CASE("the keys command prints the corpus byte for byte", "[corpus][cli]") {
    for (const CorpusFile& file : corpus_files()) {
        CommandResult run = run_cli("keys " + shell_quote(file.config_path));
        std::string expected_error;
        INFO(file.name << "\n" << run.err);
        if (golden_error(file.golden, expected_error)) {
            CHECK(run.exit_code == 1);
            CHECK(run.out.empty());
        } else {
            CHECK(run.exit_code == 0);
            CHECK(run.out == file.golden);
        }
    }
}

TEST_CASE("the keys command reads standard input and reports unreadable files", "[cli]") {
    CommandResult from_stdin = httpctl::test::run_command(shell_quote(HTTPCTL_CLI) + " keys -",
                                                          "a = 1\n[t]\nb = \"x\"\n");
    CHECK(from_stdin.exit_code == 0);
    CHECK(from_stdin.out == "\"a\"\t\"1\"\n\"t.b\"\t\"x\"\n");

    CommandResult missing = run_cli("keys /nonexistent/dir/config.toml");
    CHECK(missing.exit_code == 2);
    CHECK(missing.out.empty());
    CHECK_FALSE(missing.err.empty());

    TempFile broken("a = 1\nb = [1 2]\n");
    CommandResult rejected = run_cli("keys " + shell_quote(broken.path()));
    CHECK(rejected.exit_code == 1);
    CHECK(rejected.out.empty());
    CHECK(rejected.err.starts_with(broken.path() + ":2:8: error: "));
}
