// Helpers for the HTTP settings, request-context and checker tests.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "httpconf/http_settings.hpp"
#include "support.hpp"

namespace httpctl::conf::test {

// A loaded file and the model built from it (the map is kept alive for the positions).
struct Built {
    std::shared_ptr<FlatConfig> config;
    BuiltSettings built;
    [[nodiscard]] const HttpSettings& settings() const { return *built.settings; }
    [[nodiscard]] const std::vector<Diagnostic>& diagnostics() const { return built.diagnostics; }
};

Built build(std::string_view text, const BuildOptions& options = {});

// The diagnostics with this code.
std::vector<Diagnostic> with_code(const std::vector<Diagnostic>& all, std::string_view code);
// The one diagnostic with this code (fails the test when there is not exactly one).
Diagnostic only(const std::vector<Diagnostic>& all, std::string_view code);
// "code@line:column" of each diagnostic, for readable failure output.
std::string describe(const std::vector<Diagnostic>& all);

}  // namespace httpctl::conf::test
