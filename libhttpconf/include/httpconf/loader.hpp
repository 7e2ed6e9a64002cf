// Stalwart's configuration-file loader (spec http.md §2): its TOML-like dialect flattened into a
// FlatConfig, with Stalwart's acceptance rules and first-error behaviour, plus exact positions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "httpconf/diagnostic.hpp"
#include "httpconf/flat_config.hpp"

namespace httpctl::conf {

struct LoadOptions {
    // Larger files are refused (positions are kept as 32-bit byte offsets).
    std::uint32_t max_bytes = 0xFFFFFFF0U;
};

struct LoadResult {
    std::optional<FlatConfig> config;     // set when the file was accepted
    std::vector<Diagnostic> diagnostics;  // the first error when it was not (Stalwart stops there)
    // The message Stalwart's own loader gives for the same error, verbatim (e.g.
    // "Unexpected EOF at line: 3"); empty when the file was accepted.
    std::string stalwart_message;

    [[nodiscard]] bool ok() const noexcept { return config.has_value(); }
};

// Never throws (an allocation failure aside). Macros are left as written; see macros.hpp.
[[nodiscard]] LoadResult load_config(std::string_view text, std::string file_name,
                                     const LoadOptions& options = {});

}  // namespace httpctl::conf
