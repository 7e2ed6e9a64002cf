#include "model_test_support.hpp"

#include <catch2/catch.hpp>

namespace httpctl::conf::test {

Built build(std::string_view text, const BuildOptions& options) {
    Built out;
    out.config = std::make_shared<FlatConfig>(load_ok(text));
    out.built = build_http_settings(*out.config, options);
    return out;
}

std::vector<Diagnostic> with_code(const std::vector<Diagnostic>& all, std::string_view code) {
    std::vector<Diagnostic> out;
    for (const Diagnostic& d : all) {
        if (d.code == code) out.push_back(d);
    }
    return out;
}

Diagnostic only(const std::vector<Diagnostic>& all, std::string_view code) {
    INFO("diagnostics: " << describe(all));
    auto found = with_code(all, code);
    REQUIRE(found.size() == 1);
    return found.front();
}

std::string describe(const std::vector<Diagnostic>& all) {
    std::string out;
    for (const Diagnostic& d : all) {
        out += d.code + "@" + std::to_string(d.line) + ":" + std::to_string(d.column) + " " +
               d.message + "\n";
    }
    return out.empty() ? "(none)" : out;
}

}  // namespace httpctl::conf::test
