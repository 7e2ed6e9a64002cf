// The four report renderers (human, JSON, SARIF, GitHub) on hand-built CheckReports: exact
// human and GitHub text, the JSON and SARIF structure, code-point columns on a UTF-8 line,
// colour only when asked, terminal-safe source lines.
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "httpconf/report_format.hpp"

using namespace httpctl::conf;

namespace {

Diagnostic diagnostic(Severity severity, std::string code, std::string message, std::uint32_t line,
                      std::uint32_t column, std::uint32_t end_line, std::uint32_t end_column,
                      std::string help = {}) {
    Diagnostic d;
    d.severity = severity;
    d.code = std::move(code);
    d.message = std::move(message);
    d.file = "conf/app.toml";
    d.line = line;
    d.column = column;
    d.end_line = end_line;
    d.end_column = end_column;
    d.help = std::move(help);
    return d;
}

// Line 2 has two two-byte characters before the value: the value starts at code-point column
// 9 but byte column 11.
constexpr std::string_view kSource =
    "[http]\n"
    "# é ü\turl = x\n"
    "url = \"'https://' + hostnme\"\n"
    "headers = [\"a\",\n"
    "  \"b\"]\n";

CheckReport sample_report() {
    CheckReport report;
    report.file = "conf/app.toml";
    report.source = std::make_shared<const SourceText>(std::string(kSource));
    report.target = TargetVersion{0, 12};
    report.target_inferred = true;
    report.diagnostics = {
        diagnostic(Severity::Warning, "config.tab", "a tab inside a comment", 2, 6, 2, 7),
        diagnostic(Severity::Error, "expr.unknown-name", "unknown variable \"hostnme\"", 3, 21, 3,
                   28, "did you mean `hostname`?"),
        diagnostic(Severity::Note, "headers-split", "the list spans lines", 4, 11, 5, 7),
        diagnostic(Severity::Error, "config.whole", "the file has no listener", 0, 0, 0, 0),
    };
    return report;
}

const LintRule kRules[] = {
    {"headers-split", Severity::Note, "list split over lines", "Why: ... How: join the lines"},
    {"forwarded-ip-spoofable", Severity::Warning, "X-Forwarded-For trusted from anyone",
     "Explanation text"},
};

RenderOptions options_for(std::string command = "check") {
    RenderOptions options;
    options.tool_version = "0.1.0";
    options.command = std::move(command);
    options.rules = kRules;
    return options;
}

}  // namespace

TEST_CASE("human: location line, source line, code-point caret, help, summary", "[report]") {
    const std::vector<CheckReport> reports{sample_report()};
    const std::string out = render_human(reports, options_for());
    CHECK(out ==
          "conf/app.toml:2:6: warning: a tab inside a comment [config.tab]\n"
          "  |\n"
          "2 | # é ü url = x\n"
          "  |      ^\n"
          "\n"
          "conf/app.toml:3:21: error: unknown variable \"hostnme\" [expr.unknown-name]\n"
          "  |\n"
          "3 | url = \"'https://' + hostnme\"\n"
          "  |                     ^^^^^^^\n"
          "  = help: did you mean `hostname`?\n"
          "\n"
          "conf/app.toml:4:11: note: the list spans lines [headers-split]\n"
          "  |\n"
          "4 | headers = [\"a\",\n"
          "  |           ^^^^^\n"
          "\n"
          "conf/app.toml: error: the file has no listener [config.whole]\n"
          "\n"
          "checked 1 file: 2 errors, 1 warning, 1 note\n");
}

TEST_CASE("human: a help of several lines stays aligned", "[report]") {
    CheckReport report;
    report.file = "h.toml";
    report.source = std::make_shared<const SourceText>(std::string("a = 1\n"));
    report.diagnostics = {
        diagnostic(Severity::Error, "c", "m", 1, 5, 1, 6, "first line\nsecond line"),
    };
    report.diagnostics[0].file.clear();
    const std::vector<CheckReport> reports{report};
    CHECK(render_human(reports, options_for()) ==
          "h.toml:1:5: error: m [c]\n"
          "  |\n"
          "1 | a = 1\n"
          "  |     ^\n"
          "  = help: first line\n"
          "          second line\n"
          "\n"
          "checked 1 file: 1 error, 0 warnings, 0 notes\n");
}

TEST_CASE("human: no findings gives only the summary; lint says linted", "[report]") {
    CheckReport a;
    a.file = "a.toml";
    CheckReport b;
    b.file = "b.toml";
    const std::vector<CheckReport> reports{a, b};
    CHECK(render_human(reports, options_for()) == "checked 2 files: no problems\n");
    CHECK(render_human(reports, options_for("lint")) == "linted 2 files: no problems\n");
}

TEST_CASE("human: colour codes only when asked", "[report]") {
    const std::vector<CheckReport> reports{sample_report()};
    RenderOptions options = options_for();
    CHECK(render_human(reports, options).find('\x1b') == std::string::npos);
    options.color = true;
    const std::string colored = render_human(reports, options);
    CHECK(colored.find("\x1b[1;31merror:\x1b[0m") != std::string::npos);
    CHECK(colored.find("\x1b[1;33mwarning:\x1b[0m") != std::string::npos);
}

TEST_CASE("human: control and bidi characters in a source line cannot move the caret", "[report]") {
    CheckReport report;
    report.file = "x.toml";
    // ESC [ 2 J would clear the screen; U+202E reverses the rest of the line.
    report.source =
        std::make_shared<const SourceText>(std::string("a = \"\x1b[2J\xE2\x80\xAE\" b\n"));
    report.diagnostics = {
        diagnostic(Severity::Error, "c", "bad \x1b[31m", 1, 11, 1, 12),
    };
    report.diagnostics[0].file = "x.toml";
    const std::vector<CheckReport> reports{report};
    const std::string out = render_human(reports, options_for());
    CHECK(out.find('\x1b') == std::string::npos);
    CHECK(out.find("1 | a = \" [2J\xEF\xBF\xBD\" b\n") != std::string::npos);
    CHECK(out.find("  |           ^\n") != std::string::npos);
}

TEST_CASE("human -v: the target and the base URL of every HTTP listener", "[report]") {
    CheckReport report;
    report.file = "c.toml";
    report.settings = std::make_shared<const HttpSettings>();
    report.target = TargetVersion{0, 8};
    report.target_inferred = false;
    report.effective_urls = {
        {"https", "[::]:443", "https://mail.example.org", false, ""},
        {"http", "0.0.0.0:8080", "http://0.0.0.0:8080", true, "url evaluated to an empty string"},
    };
    const std::vector<CheckReport> reports{report};
    RenderOptions options = options_for();
    CHECK(render_human(reports, options) == "checked 1 file: no problems\n");
    options.verbose = true;
    CHECK(render_human(reports, options) ==
          "c.toml: target Stalwart 0.8\n"
          "c.toml: listener \"https\" on [::]:443: base URL https://mail.example.org\n"
          "c.toml: listener \"http\" on 0.0.0.0:8080: base URL http://0.0.0.0:8080 (fallback: "
          "url evaluated to an empty string)\n"
          "checked 1 file: no problems\n");
    report.effective_urls.clear();
    const std::vector<CheckReport> none{report};
    CHECK(render_human(none, options) ==
          "c.toml: target Stalwart 0.8\nc.toml: no HTTP listener\nchecked 1 file: no problems\n");
}

TEST_CASE("json: files, diagnostics with code-point columns, URLs and a summary", "[report]") {
    CheckReport report = sample_report();
    report.effective_urls = {{"web", "[::]:443", "https://x.example", false, ""}};
    const std::vector<CheckReport> reports{report};
    const nlohmann::json doc = nlohmann::json::parse(render_json(reports, options_for()));
    CHECK(doc["command"] == "check");
    REQUIRE(doc["files"].size() == 1);
    const nlohmann::json& file = doc["files"][0];
    CHECK(file["file"] == "conf/app.toml");
    CHECK(file["target"] == "0.12");
    CHECK(file["target_inferred"] == true);
    REQUIRE(file["diagnostics"].size() == 4);
    const nlohmann::json& tab = file["diagnostics"][0];
    CHECK(tab["severity"] == "warning");
    CHECK(tab["line"] == 2);
    CHECK(tab["column"] == 6);  // a code-point column: byte column 8
    CHECK(tab["end_column"] == 7);
    CHECK(file["diagnostics"][1]["help"] == "did you mean `hostname`?");
    CHECK_FALSE(file["diagnostics"][0].contains("help"));
    CHECK_FALSE(file["diagnostics"][3].contains("line"));  // whole-file: no position
    CHECK(file["urls"][0]["url"] == "https://x.example");
    CHECK(file["urls"][0]["fallback"] == false);
    CHECK(doc["summary"] ==
          nlohmann::json{{"files", 1}, {"errors", 2}, {"warnings", 1}, {"notes", 1}});
}

TEST_CASE("json: invalid UTF-8 in a message is replaced, not thrown on", "[report]") {
    CheckReport report;
    report.file = "bad\xFF.toml";
    report.diagnostics = {diagnostic(Severity::Error, "c", "byte \xC3 here", 1, 1, 1, 2)};
    const std::vector<CheckReport> reports{report};
    const nlohmann::json doc = nlohmann::json::parse(render_json(reports, options_for()));
    CHECK(doc["files"][0]["file"] == "bad\xEF\xBF\xBD.toml");
}

TEST_CASE("sarif: 2.1.0, code-point columns, lint rules and check codes as rules", "[report]") {
    const std::vector<CheckReport> reports{sample_report()};
    const nlohmann::json doc = nlohmann::json::parse(render_sarif(reports, options_for("lint")));
    CHECK(doc["version"] == "2.1.0");
    REQUIRE(doc["runs"].size() == 1);
    const nlohmann::json& run = doc["runs"][0];
    CHECK(run["columnKind"] == "unicodeCodePoints");
    CHECK(run["tool"]["driver"]["name"] == "stalwart-httpctl");
    CHECK(run["tool"]["driver"]["version"] == "0.1.0");
    const nlohmann::json& rules = run["tool"]["driver"]["rules"];
    // Both lint rules first (in registry order), then the check codes in order of appearance.
    REQUIRE(rules.size() == 5);
    CHECK(rules[0]["id"] == "headers-split");
    CHECK(rules[0]["name"] == "HeadersSplit");
    CHECK(rules[0]["defaultConfiguration"]["level"] == "note");
    CHECK(rules[1]["id"] == "forwarded-ip-spoofable");
    CHECK(rules[2]["id"] == "config.tab");
    CHECK(rules[3]["id"] == "expr.unknown-name");
    CHECK(rules[4]["id"] == "config.whole");
    const nlohmann::json& results = run["results"];
    REQUIRE(results.size() == 4);
    for (const nlohmann::json& result : results) {
        const nlohmann::json& rule = rules[result["ruleIndex"].get<std::size_t>()];
        CHECK(rule["id"] == result["ruleId"]);
    }
    const nlohmann::json& tab = results[0];
    CHECK(tab["level"] == "warning");
    CHECK(tab["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "conf/app.toml");
    CHECK(tab["locations"][0]["physicalLocation"]["region"] ==
          nlohmann::json{{"startLine", 2}, {"startColumn", 6}, {"endLine", 2}, {"endColumn", 7}});
    CHECK(results[1]["message"]["text"] ==
          "unknown variable \"hostnme\". Help: did you mean `hostname`?");
    CHECK(results[2]["ruleIndex"] == 0);
    CHECK(results[2]["locations"][0]["physicalLocation"]["region"]["endLine"] == 5);
    // A whole-file finding covers the whole file.
    CHECK(results[3]["locations"][0]["physicalLocation"]["region"] ==
          nlohmann::json{{"startLine", 1}, {"endLine", 5}});
    CHECK(rules[2]["help"]["text"] == "See the lint section of stalwart-httpctl's manual.");
    CHECK(rules[3]["help"]["text"] == "did you mean `hostname`?");
    CHECK(rules[3]["fullDescription"]["text"] == "unknown variable \"hostnme\".");
}

TEST_CASE("sarif: file names become URI references", "[report]") {
    CheckReport a;
    a.file = "my dir/é.toml";
    a.diagnostics = {diagnostic(Severity::Error, "c", "m", 1, 0, 0, 0)};
    a.diagnostics[0].file.clear();
    CheckReport b;
    b.file = "/etc/stalwart/config.toml";
    b.diagnostics = a.diagnostics;
    const std::vector<CheckReport> reports{a, b};
    const nlohmann::json doc = nlohmann::json::parse(render_sarif(reports, options_for()));
    const nlohmann::json& results = doc["runs"][0]["results"];
    CHECK(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "my%20dir/%C3%A9.toml");
    CHECK(results[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] ==
          "file:///etc/stalwart/config.toml");
    // Column 0 (unknown) is reported as 1: SARIF columns start at 1.
    CHECK(results[0]["locations"][0]["physicalLocation"]["region"] ==
          nlohmann::json{{"startLine", 1}, {"startColumn", 1}});
}

TEST_CASE("github: one workflow command per diagnostic, escaped", "[report]") {
    const std::vector<CheckReport> reports{sample_report()};
    CHECK(render_github(reports, options_for()) ==
          "::warning file=conf/app.toml,line=2,col=6,endColumn=6,title=config.tab::a tab inside "
          "a comment\n"
          "::error file=conf/app.toml,line=3,col=21,endColumn=27,title=expr.unknown-name::"
          "unknown variable \"hostnme\"%0Ahelp: did you mean `hostname`?\n"
          "::notice file=conf/app.toml,line=4,endLine=5,title=headers-split::the list spans "
          "lines\n"
          "::error file=conf/app.toml,title=config.whole::the file has no listener\n");

    CheckReport odd;
    odd.file = "a,b:c%.toml";
    odd.diagnostics = {diagnostic(Severity::Error, "x", "50% of\r\nit: a, b", 1, 1, 1, 1)};
    odd.diagnostics[0].file.clear();
    const std::vector<CheckReport> odd_reports{odd};
    CHECK(render_github(odd_reports, options_for()) ==
          "::error file=a%2Cb%3Ac%25.toml,line=1,col=1,endColumn=1,title=x::50%25 of%0D%0Ait: a, "
          "b\n");
}
