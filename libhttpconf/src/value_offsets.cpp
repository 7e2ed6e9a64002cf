#include "value_offsets.hpp"

#include <string>

namespace httpctl::conf {
namespace {

struct Mapping {
    std::string text;
    std::vector<std::uint32_t> raw_offsets;
    void add(char c, std::size_t raw_offset) {
        text += c;
        raw_offsets.push_back(static_cast<std::uint32_t>(raw_offset));
    }
};

// spec http.md §2.4: `"""`/`'''` strings are raw apart from dropped CRs, and one LF right
// after the opening quotes is removed (a CR before it hides it, §2.9).
void map_multi_line(std::string_view raw, Mapping& out) {
    std::size_t i = 3;
    if (i < raw.size() && raw[i] == '\n') ++i;
    const std::size_t end = raw.size() >= 6 ? raw.size() - 3 : raw.size();
    for (; i < end; ++i) {
        if (raw[i] != '\r') out.add(raw[i], i);
    }
    out.raw_offsets.push_back(static_cast<std::uint32_t>(end));
}

// spec http.md §2.4, §2.9: both quote styles process escapes; backslashes right after the
// first are literal and keep the escape open; CRs are dropped; there is no \u.
void map_escaped(std::string_view raw, Mapping& out) {
    const std::size_t end = raw.size() >= 2 ? raw.size() - 1 : raw.size();
    for (std::size_t i = 1; i < end; ++i) {
        const char c = raw[i];
        if (c == '\r') continue;
        if (c != '\\') {
            out.add(c, i);
            continue;
        }
        const std::size_t escape_start = i;
        for (++i; i < end && (raw[i] == '\\' || raw[i] == '\r'); ++i) {
            if (raw[i] == '\\') out.add('\\', i);
        }
        if (i == end) break;
        switch (raw[i]) {
            case 't':
                out.add('\t', escape_start);
                break;
            case 'r':
                out.add('\r', escape_start);
                break;
            case 'n':
                out.add('\n', escape_start);
                break;
            default:
                out.add(raw[i], escape_start);
                break;
        }
    }
    out.raw_offsets.push_back(static_cast<std::uint32_t>(end));
}

}  // namespace

std::optional<std::vector<std::uint32_t>> map_decoded_to_raw(std::string_view raw,
                                                             std::string_view decoded) {
    Mapping mapping;
    if (raw.starts_with("\"\"\"") || raw.starts_with("'''")) {
        map_multi_line(raw, mapping);
    } else if (!raw.empty() && (raw.front() == '"' || raw.front() == '\'')) {
        map_escaped(raw, mapping);
    } else {
        // A bare scalar is stored exactly as written.
        for (std::size_t i = 0; i < raw.size(); ++i)
            mapping.add(raw[i], i);
        mapping.raw_offsets.push_back(static_cast<std::uint32_t>(raw.size()));
    }
    if (mapping.text != decoded) return std::nullopt;
    return std::move(mapping.raw_offsets);
}

}  // namespace httpctl::conf
