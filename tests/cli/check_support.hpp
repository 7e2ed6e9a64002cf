// Running `stalwart-httpctl check|lint` in the tests, and the golden files they compare with.
#pragma once

#include <string>
#include <vector>

#include "support/process.hpp"

namespace httpctl::test::check {

using Run = CommandResult;

// Runs `stalwart-httpctl ARGS...` (each argument quoted here) from `directory` (the current one
// when empty) with `input` on stdin; `environment` is prepended as is (e.g. "NO_COLOR=1").
Run run_httpctl(const std::vector<std::string>& args, const std::string& input = {},
            const std::string& environment = "NO_COLOR=1", const std::string& directory = {});

// tests/cli/golden in the source tree.
std::string golden_dir();

// Compares `actual` with the golden file `name`; with HTTPCTL_UPDATE_GOLDEN=1 in the
// environment, (re)writes the file instead (see tests/cli/golden/README.md).
void check_golden(const std::string& name, const std::string& actual);

bool contains(const std::string& haystack, const std::string& needle);

}  // namespace httpctl::test::check
