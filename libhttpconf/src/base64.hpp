// The base64 variants the secret formats and HTTP Basic credentials use (spec http.md §9,
// §10.2). Internal to the library.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace httpctl::conf::base64 {

// Standard alphabet with `=` padding (what `{SHA}`-style secrets store).
[[nodiscard]] std::string encode_padded(std::string_view bytes);

// Stalwart's lenient reader: standard alphabet, ASCII white space skipped, a `=` ends the
// current group and emits the bytes it holds, a trailing group without `=` is dropped. Any other
// character makes the whole text undecodable (nullopt).
[[nodiscard]] std::optional<std::string> decode_lenient(std::string_view text);

// The PHC string format's "B64": standard alphabet, no padding, no white space, and the unused
// bits of the last character must be zero (a canonical encoding only).
[[nodiscard]] std::optional<std::string> decode_phc(std::string_view text);

}  // namespace httpctl::conf::base64
