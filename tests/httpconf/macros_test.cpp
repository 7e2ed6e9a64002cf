// Macro expansion (spec http.md §3) against fake environments and files.
#include <map>
#include <string>

#include <catch2/catch.hpp>

#include "httpconf/macros.hpp"
#include "support.hpp"

using namespace httpctl::conf;
using namespace httpctl::conf::test;

namespace {

class FakeSources final : public MacroSources {
  public:
    std::map<std::string, std::string, std::less<>> env;
    std::map<std::string, std::string, std::less<>> files;
    mutable std::vector<std::string> files_read;

    std::optional<std::string> environment_variable(std::string_view name) const override {
        auto it = env.find(name);
        if (it == env.end()) return std::nullopt;
        return it->second;
    }
    FileReadResult read_file(std::string_view path) const override {
        files_read.emplace_back(path);
        auto it = files.find(path);
        if (it == files.end()) return {false, "No such file or directory (os error 2)"};
        return {true, it->second};
    }
};

struct Expanded {
    FlatConfig config;
    std::vector<Diagnostic> diagnostics;
};

Expanded expand(std::string_view text, const FakeSources& sources,
                MacroMode mode = MacroMode::Expand) {
    Expanded out{load_ok(text), {}};
    out.diagnostics = expand_macros(out.config, MacroOptions{mode, &sources});
    return out;
}

}  // namespace

TEST_CASE("env macros are replaced, an unset variable by nothing", "[macros]") {
    FakeSources sources;
    sources.env["STALWART_PATH"] = "/opt/stalwart";
    sources.env[" X"] = "spaced";
    Expanded r = expand(
        "path = \"%{env:STALWART_PATH}%/data\"\nsecret = \"a%{env:ADMIN_SECRET}%b\"\n"
        "s = \"%{env: X}%\"\nwrap = \"%%{env:STALWART_PATH}%%\"\nupper = \"%{ENV:X}%\"\n",
        sources);
    CHECK(r.config.value("path") == "/opt/stalwart/data");
    CHECK(r.config.value("secret") == "ab");
    CHECK(r.config.value("s") == "spaced");
    CHECK(r.config.value("wrap") == "%/opt/stalwart%");
    CHECK(r.config.value("upper") == "%{ENV:X}%");
    REQUIRE(r.diagnostics.size() == 1);
    const Diagnostic& d = r.diagnostics.front();
    CHECK(d.code == "macro.env-unset");
    CHECK((d.line == 2 && d.column == 12 && d.end_column == 32));
    CHECK(d.help ==
          "Stalwart reports: Macro expansion error for setting \"secret\": Failed to obtain "
          "environment variable \"ADMIN_SECRET\"");
}

TEST_CASE("file macros read the whole file, trailing newline included", "[macros]") {
    FakeSources sources;
    sources.files["/etc/cert.pem"] = "CERT\n";
    Expanded r = expand(
        "a = \"%{file:/etc/cert.pem}%\"\nb = \"%{file:///etc/cert.pem}%\"\n"
        "c = \"x %{env:HOME}% %{file:/missing}%\"\n",
        sources);
    CHECK(r.config.value("a") == "CERT\n");
    CHECK(r.config.value("b") == "CERT\n");
    // A failed file leaves the whole value as it was (after the env pass).
    CHECK(r.config.value("c") == "x  %{file:/missing}%");
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].code == "macro.env-unset");
    CHECK(r.diagnostics[1].code == "macro.file-unreadable");
    CHECK(r.diagnostics[1].help.find("Failed to read file \"/missing\": No such file") !=
          std::string::npos);
}

TEST_CASE("a file that is not UTF-8 is a macro error", "[macros]") {
    FakeSources sources;
    sources.files["/bin"] = "ok\xFF";
    Expanded r = expand("a = \"%{file:/bin}%\"\n", sources);
    CHECK(r.config.value("a") == "%{file:/bin}%");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "macro.file-unreadable");
}

TEST_CASE("cfg macros see earlier keys expanded and later keys raw", "[macros]") {
    FakeSources sources;
    Expanded r = expand(
        "a = \"A\"\nn = \"%{cfg:p}%\"\np = \"%{cfg:a}%\"\nq = \"%{cfg:p}%\"\nz = "
        "\"%{cfg:nope}%!\"\n",
        sources);
    CHECK(r.config.value("n") == "%{cfg:a}%");
    CHECK(r.config.value("p") == "A");
    CHECK(r.config.value("q") == "A");
    CHECK(r.config.value("z") == "!");
    REQUIRE(r.diagnostics.size() == 1);
    CHECK(r.diagnostics[0].code == "macro.cfg-unknown-key");
}

TEST_CASE("classes expand in the order env, file, cfg; replacements are not re-scanned",
          "[macros]") {
    FakeSources sources;
    sources.env["E"] = "%{env:E}%";
    sources.env["F"] = "/f";
    sources.files["/f"] = "%{cfg:k}%";
    Expanded r = expand("a = \"%{env:E}%\"\nb = \"%{file:%{env:F}%}%\"\nk = \"K\"\n", sources);
    CHECK(r.config.value("a") == "%{env:E}%");
    CHECK(r.config.value("b") == "K");
}

TEST_CASE("a macro without a closing }% is reported instead of hanging", "[macros]") {
    FakeSources sources;
    sources.env["X"] = "x";
    Expanded r =
        expand("a = \"}% %{env:X\"\nb = \"%{env:X}% %{env:X\"\nc = \"%{env:X\"\n", sources);
    CHECK(r.config.value("a") == "}% %{env:X");
    CHECK(r.config.value("b") == "%{env:X}% %{env:X");
    CHECK(r.config.value("c") == "%{env:X");  // no `}%` at all: never scanned
    REQUIRE(r.diagnostics.size() == 2);
    CHECK(r.diagnostics[0].code == "macro.unterminated");
    CHECK(r.diagnostics[0].column == 9);
}

TEST_CASE("LeaveUnresolved reads nothing and changes nothing", "[macros]") {
    FakeSources sources;
    Expanded r =
        expand("a = \"%{env:NOPE}%\"\nb = \"%{file:/x}%\"\n", sources, MacroMode::LeaveUnresolved);
    CHECK(r.config.value("a") == "%{env:NOPE}%");
    CHECK(r.config.value("b") == "%{file:/x}%");
    CHECK(r.diagnostics.empty());
    CHECK(sources.files_read.empty());
}

TEST_CASE("find_macros lists every macro of a value", "[macros]") {
    std::vector<MacroReference> found = find_macros("%{file:{CERT}}% and %{env:A}%");
    REQUIRE(found.size() == 2);
    CHECK(found[0].macro_class == MacroClass::File);
    CHECK(found[0].argument == "{CERT}");
    CHECK(found[1].macro_class == MacroClass::Env);
    CHECK(found[1].argument == "A");
    CHECK(find_macros("%{env:A").empty());
}

TEST_CASE("the loader itself never expands macros", "[macros]") {
    FlatConfig config = load_ok("a = \"%{env:HOME}%\"\n");
    CHECK(config.value("a") == "%{env:HOME}%");
}
