// The checker end to end (spec http.md §2–§9): loader + macros + model + base URLs, the example
// config, the real corpus, and one broken example per kind of finding.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "expr/compiler.hpp"
#include "httpconf/checker.hpp"
#include "model_test_support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<Diagnostic> at_least(const CheckReport& report, Severity severity) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : report.diagnostics) {
        if (d.severity <= severity) out.push_back(d);
    }
    return out;
}

// The codes a broken example declares on its `# check findings:` line.
std::multiset<std::string> expected_codes(const std::string& text) {
    std::multiset<std::string> out;
    constexpr std::string_view marker = "# check findings:";
    const std::size_t at = text.find(marker);
    if (at == std::string::npos) return out;
    const std::size_t begin = at + marker.size();
    std::istringstream words(text.substr(begin, text.find('\n', at) - begin));
    std::string code;
    while (words >> code)
        out.insert(code);
    return out;
}

// The named constants SMTP settings register (spec expressions.md §7.6). Only compiling is
// tested here, so one table for all settings is enough (where two settings give a name
// different values, the first wins).
std::vector<httpctl::expr::NamedConstant> smtp_constants() {
    return {{"relaxed", 2},        {"strict", 3},        {"disable", 4},
            {"disabled", 4},       {"never", 4},         {"none", 4},
            {"optional", 2},       {"require", 1},       {"required", 1},
            {"ipv4_only", 2},      {"ipv6_only", 3},     {"ipv6_then_ipv4", 4},
            {"ipv4_then_ipv6", 5}, {"hourly", 2},        {"hour", 2},
            {"daily", 3},          {"day", 3},           {"weekly", 4},
            {"week", 4},           {"plain", 1LL << 40}, {"login", 1LL << 39},
            {"xoauth2", 64},       {"oauthbearer", 16},  {"mixer", 2},
            {"stanag4406", 3},     {"nsep", 4}};
}

const char* const kTwoListeners =
    "[server.listener.https]\nprotocol = \"http\"\nbind = [\"[::]:443\", \"0.0.0.0:8443\"]\n"
    "tls.implicit = true\n\n[server.listener.smtp]\nprotocol = \"smtp\"\nbind = \"[::]:25\"\n";

}  // namespace

TEST_CASE("the example config checks clean", "[checker]") {
    const std::string text = read_text(HTTPCTL_SOURCE_DIR "/examples/config.toml");
    CheckReport report = check_config_text(text, "config.toml");
    INFO(describe(report.diagnostics));
    CHECK(at_least(report, Severity::Warning).empty());
    REQUIRE(report.settings != nullptr);
    CHECK(report.target == TargetVersion{0, 8});
    CHECK(report.target_inferred);
    REQUIRE(report.effective_urls.size() == 2);
    CHECK(report.effective_urls[0].listener == "http-internal");
    CHECK(report.effective_urls[0].url == "http://127.0.0.1:8080");
    CHECK(report.effective_urls[1].listener == "https");
    CHECK(report.effective_urls[1].url == "https://mail.example.org");
    CHECK_FALSE(report.effective_urls[1].fallback);
}

TEST_CASE("every corpus file Stalwart accepts checks without errors", "[checker][corpus]") {
    std::size_t accepted = 0;
    for (const auto& entry : fs::directory_iterator(HTTPCTL_SHARED_DIR "/corpus/configs")) {
        const std::string text = read_text(entry.path());
        const std::string name = entry.path().filename().string();
        CheckReport report = check_config_text(text, name);
        INFO(name << "\n" << describe(report.diagnostics));
        if (report.config == nullptr) {
            // Only the loader's own test file, which Stalwart rejects too (corpus README).
            CHECK(name.find("toml-parser") != std::string::npos);
            continue;
        }
        ++accepted;
        CHECK(at_least(report, Severity::Error).empty());
    }
    CHECK(accepted == 20);
}

TEST_CASE("every corpus expression compiles", "[checker][corpus]") {
    std::ifstream in(HTTPCTL_SHARED_DIR "/corpus/expressions.txt");
    std::string line;
    std::size_t count = 0;
    while (std::getline(in, line)) {
        const std::size_t tab = line.rfind('\t');
        REQUIRE(tab != std::string::npos);
        const std::string expression = line.substr(0, tab);
        const std::string origin = line.substr(tab + 1);
        INFO(expression << "  (" << origin << ")");
        httpctl::expr::CompileOptions options;
        options.constants = smtp_constants();
        auto head = httpctl::expr::compile(expression, options);
        CHECK(std::holds_alternative<httpctl::expr::Expression>(head));
        if (origin.starts_with("v0.8.5:")) {
            httpctl::expr::CompileOptions v08;
            v08.dialect = httpctl::expr::Dialect::V08;
            v08.variables = httpctl::expr::VariableSet::all(httpctl::expr::Dialect::V08);
            v08.constants = smtp_constants();
            CHECK(std::holds_alternative<httpctl::expr::Expression>(
                httpctl::expr::compile(expression, v08)));
        }
        ++count;
    }
    CHECK(count == 119);
}

TEST_CASE("each examples/broken check file produces exactly its declared findings", "[checker][examples]") {
    std::size_t files = 0;
    for (const auto& entry : fs::directory_iterator(HTTPCTL_SOURCE_DIR "/examples/broken")) {
        // lint-*.toml show lint findings (lint_examples_test.cpp checks those).
        if (entry.path().filename().string().starts_with("lint-")) continue;
        const std::string text = read_text(entry.path());
        const auto expected = expected_codes(text);
        INFO(entry.path().filename().string());
        REQUIRE_FALSE(expected.empty());
        CheckReport report = check_config_text(text, entry.path().filename().string());
        std::multiset<std::string> found;
        for (const Diagnostic& d : at_least(report, Severity::Warning))
            found.insert(d.code);
        INFO(describe(report.diagnostics));
        CHECK(found == expected);
        ++files;
    }
    CHECK(files >= 8);
}

TEST_CASE("effective URLs: one per bind of each HTTP listener", "[checker][url]") {
    CheckReport report = check_config_text(
        std::string(kTwoListeners) + "\n[server]\nhostname = \"mx.example.org\"\n", "t.toml");
    INFO(describe(report.diagnostics));
    CHECK(report.diagnostics.empty());
    REQUIRE(report.effective_urls.size() == 2);
    CHECK(report.effective_urls[0].bind == "[::]:443");
    CHECK(report.effective_urls[0].url == "https://mx.example.org:443");
    CHECK(report.effective_urls[1].url == "https://mx.example.org:8443");
    CHECK(report.target == TargetVersion{0, 12});
}

TEST_CASE("a URL not starting with http is an error at the url value", "[checker][url]") {
    CheckReport report = check_config_text(
        std::string(kTwoListeners) + "\n[http]\nurl = \"'mail.example.org'\"\n", "t.toml");
    auto bad = with_code(report.diagnostics, "http.url.not-http");
    REQUIRE(bad.size() == 2);
    CHECK(bad[0].message ==
          "the base URL \"mail.example.org\" on listener https ([::]:443) does not start with "
          "http");
    CHECK(bad[0].line == 11);
    CHECK(bad[0].column == 7);
    CHECK(bad[0].severity == Severity::Error);
}

TEST_CASE("a non-string URL warns with the fallback it leads to", "[checker][url]") {
    CheckReport report = check_config_text(
        std::string(kTwoListeners) + "\n[http]\nurl = \"local_port\"\n", "t.toml");
    auto warnings = with_code(report.diagnostics, "http.url.not-string");
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].message ==
          "the url expression does not give a string on listener https ([::]:443), so Stalwart "
          "uses the fallback URL https://:::443");
    CHECK(report.effective_urls[0].fallback);
    CHECK(report.effective_urls[0].url == "https://:::443");
    CHECK(report.effective_urls[1].url == "https://0.0.0.0:8443");
}

TEST_CASE("a URL needing a live look-up cannot be evaluated offline", "[checker][url]") {
    CheckReport report = check_config_text(
        std::string(kTwoListeners) + "\n[http]\nurl = \"'https://' + key_get('sql', 'host')\"\n",
        "t.toml");
    INFO(describe(report.diagnostics));
    CHECK(at_least(report, Severity::Warning).empty());
    auto notes = with_code(report.diagnostics, "http.url.offline");
    REQUIRE(notes.size() == 2);
    CHECK(notes[0].severity == Severity::Note);
    CHECK(report.effective_urls[0].note ==
          "cannot be evaluated offline: key_get needs a live look-up");
}

TEST_CASE("a missing HTTP listener is a finding", "[checker]") {
    CheckReport report = check_config_text(
        "[server.listener.smtp]\nprotocol = \"smtp\"\n"
        "bind = \"[::]:25\"\n",
        "t.toml");
    Diagnostic d = only(report.diagnostics, "listener.no-http");
    CHECK(d.severity == Severity::Warning);
    CHECK(d.message == "no HTTP listener is configured");
    CHECK(d.line == 0);
    CHECK(report.effective_urls.empty());
}

TEST_CASE("diagnostics are sorted by position", "[checker]") {
    CheckReport report = check_config_text(
        "[server.http]\nuse-x-forwarded = 2\nhsts = nope\n\n[server.listener.x]\nprotocol = "
        "\"http\"\nbind = \"host:1\"\n",
        "t.toml");
    REQUIRE(report.diagnostics.size() == 3);
    CHECK(report.diagnostics[0].line == 2);
    CHECK(report.diagnostics[1].line == 3);
    CHECK(report.diagnostics[2].line == 7);
    CHECK(report.diagnostics[2].file == "t.toml");
}

TEST_CASE("a file the loader rejects reports the loader's error only", "[checker]") {
    CheckReport report = check_config_text("[http]\nhsts = true", "-");
    CHECK(report.file == "<stdin>");
    CHECK(report.config == nullptr);
    CHECK(report.settings == nullptr);
    REQUIRE(report.diagnostics.size() == 1);
    CHECK(report.diagnostics[0].severity == Severity::Error);
    REQUIRE(report.source != nullptr);
    CHECK(report.source->line_text(2) == "hsts = true");
}

TEST_CASE("macros stay unresolved unless asked, and then report failures", "[checker][macros]") {
    const std::string text = std::string(kTwoListeners) +
                             "\n[server]\nhostname = \"%{env:STALWART_TEST_UNSET_VARIABLE}%\"\n";
    CheckReport hermetic = check_config_text(text, "t.toml");
    CHECK(hermetic.diagnostics.empty());
    CHECK(hermetic.effective_urls[0].url == "https://%{env:STALWART_TEST_UNSET_VARIABLE}%:443");

    class NoEnvironment final : public MacroSources {
      public:
        std::optional<std::string> environment_variable(std::string_view) const override {
            return std::nullopt;
        }
        FileReadResult read_file(std::string_view) const override { return {false, "no"}; }
    } sources;
    CheckOptions expand;
    expand.macros = MacroMode::Expand;
    expand.macro_sources = &sources;
    CheckReport expanded = check_config_text(text, "t.toml", expand);
    CHECK(expanded.diagnostics.size() == 1);
    CHECK(expanded.effective_urls[0].url == "https://:443");
}

TEST_CASE("a target can be forced", "[checker]") {
    CheckOptions options;
    options.target = TargetVersion{0, 8};
    CheckReport report = check_config_text(std::string(kTwoListeners), "t.toml", options);
    CHECK(report.target == TargetVersion{0, 8});
    CHECK_FALSE(report.target_inferred);
    CHECK(report.effective_urls[0].url == "https://localhost:443");
}

TEST_CASE("hostile input never crashes the checker", "[checker][hostile]") {
    CheckReport invalid_utf8 = check_config_text("[http]\nurl = \"\xff\xfe\"\n", "t.toml");
    CHECK(invalid_utf8.config == nullptr);
    CHECK_FALSE(invalid_utf8.diagnostics.empty());

    std::string many;
    for (int i = 0; i < 2000; ++i) {
        many += "[server.listener.l" + std::to_string(i) +
                "]\nprotocol = \"http\"\nbind = \"[::]:" + std::to_string(i % 65536) + "\"\n";
    }
    many += "[http]\nurl = \"" + std::string(5000, '(') + "\"\nheaders = \"\x01\"\n";
    CheckReport big = check_config_text(many, "t.toml");
    REQUIRE(big.settings != nullptr);
    CHECK(big.settings->listeners.size() == 2000);
    CHECK(with_code(big.diagnostics, "http.url.compile").size() == 1);
    CHECK(big.effective_urls.size() == 2000);
}
