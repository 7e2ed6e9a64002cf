#include "report_common.hpp"

#include <cstdint>

namespace httpctl::conf::report {

namespace {

struct Decoded {
    char32_t value = 0;
    std::size_t length = 1;
    bool valid = false;
};

// One code point at `offset`, tolerating invalid input (invalid: one byte, `valid` false).
Decoded decode(std::string_view text, std::size_t offset) noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[offset + i]); };
    const unsigned char lead = byte(0);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t length = 0;
    char32_t value = 0;
    char32_t minimum = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2, value = lead & 0x1FU, minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3, value = lead & 0x0FU, minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4, value = lead & 0x07U, minimum = 0x10000;
    } else {
        return {};
    }
    if (offset + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0U) != 0x80U) return {};
        value = (value << 6U) | (byte(i) & 0x3FU);
    }
    if (value < minimum || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) return {};
    return {value, length, true};
}

bool is_bidi_control(char32_t c) noexcept {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

}  // namespace

SeverityCounts count_severities(std::span<const CheckReport> reports) noexcept {
    SeverityCounts counts;
    for (const CheckReport& report : reports) {
        for (const Diagnostic& d : report.diagnostics) {
            switch (d.severity) {
                case Severity::Error:
                    ++counts.errors;
                    break;
                case Severity::Warning:
                    ++counts.warnings;
                    break;
                case Severity::Note:
                    ++counts.notes;
                    break;
            }
        }
    }
    return counts;
}

std::string target_text(const TargetVersion& target) {
    return std::to_string(target.major) + '.' + std::to_string(target.minor);
}

std::string counted(std::size_t count, std::string_view singular) {
    std::string out = std::to_string(count);
    out += ' ';
    out += singular;
    if (count != 1) out += 's';
    return out;
}

const std::string& diagnostic_file(const CheckReport& report,
                                   const Diagnostic& diagnostic) noexcept {
    return diagnostic.file.empty() ? report.file : diagnostic.file;
}

std::size_t code_point_count(std::string_view text) noexcept {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); i += decode(text, i).length)
        ++count;
    return count;
}

std::string terminal_safe(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const Decoded d = decode(text, i);
        if (!d.valid || is_bidi_control(d.value)) {
            out += "\xEF\xBF\xBD";  // U+FFFD
        } else if (d.value < 0x20 || d.value == 0x7F || (d.value >= 0x80 && d.value <= 0x9F)) {
            out += ' ';
        } else {
            out.append(text.substr(i, d.length));
        }
        i += d.length;
    }
    return out;
}

}  // namespace httpctl::conf::report
