// Mapping positions inside a value's text (after the loader removed quotes and processed
// escapes, spec http.md §2.4) back to byte offsets in the file, so an error found inside an
// expression points at the right character of the source line.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace httpctl::conf {

// For every byte of the decoded value, the offset (relative to the start of `raw`) of the raw
// byte that produced it, plus one final entry for the end of the value (the closing quote).
// `raw` is the value as written, quotes included. Returns nullopt when decoding `raw` does not
// give `decoded` (e.g. a macro was expanded since), so callers fall back to the whole value.
[[nodiscard]] std::optional<std::vector<std::uint32_t>> map_decoded_to_raw(
    std::string_view raw, std::string_view decoded);

}  // namespace httpctl::conf
