// `matches()` regexes (spec §6.7, §5.3): Rust regex-crate syntax parsed by our own parser,
// rewritten for RE2, with an exact fallback matcher where RE2 cannot reproduce Rust.
#include "expr/regex.hpp"

#include <re2/re2.h>

#include <array>
#include <exception>
#include <new>

#include "regex_parse.hpp"
#include "regex_translate.hpp"
#include "regex_vm.hpp"

namespace httpctl::expr {

namespace {

// Groups handled without heap allocation in `search`.
constexpr int kInlineGroups = 16;
// RE2 memory budget per regex (program + DFA cache). Patterns our size estimate accepts but RE2
// cannot fit run on the fallback matcher instead.
constexpr std::int64_t kRe2MaxMem = 32LL << 20;

bool has_non_ascii(std::string_view s) noexcept {
    for (char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return true;
    }
    return false;
}

// regex::Error's layout ("regex parse error:", the pattern, a caret line, "error: ..."), plus
// the column so the position is explicit even when the caret line is lost.
std::string format_error(std::string_view pattern, const re::ParseError& e) {
    std::size_t line = 1;
    std::size_t column = 1;
    std::size_t caret_col = 0;
    std::size_t caret_len = 0;
    for (std::size_t i = 0; i < pattern.size() && i < e.end; ++i) {
        auto b = static_cast<unsigned char>(pattern[i]);
        if ((b & 0xC0) == 0x80) continue;  // count characters, not bytes
        if (i < e.start) {
            if (b == '\n') {
                ++line;
                column = 1;
            } else {
                ++column;
            }
            ++caret_col;
        } else {
            ++caret_len;
        }
    }
    std::string out = "regex parse error:\n";
    if (e.message == "pattern is not valid UTF-8") return out + "error: " + e.message;
    if (pattern.find('\n') == std::string_view::npos) {
        out += "    ";
        out += pattern;
        out += "\n    " + std::string(caret_col, ' ') + std::string(caret_len ? caret_len : 1, '^');
        out += '\n';
    }
    out += "error: " + e.message + " (at line " + std::to_string(line) + ", column " +
           std::to_string(column) + ")";
    return out;
}

}  // namespace

Regex::~Regex() = default;

std::shared_ptr<const Regex> Regex::compile(std::string_view rust_pattern, std::string& error) {
    try {
        re::Parsed parsed;
        re::ParseError perr;
        if (!re::parse_rust_regex(rust_pattern, parsed, perr)) {
            error = format_error(rust_pattern, perr);
            return nullptr;
        }
        re::Translation tr;
        re::translate(parsed.root, tr);
        if (tr.cost > re::kSizeLimitUnits) {
            // Rust: "Compiled regex exceeds size limit of 10485760 bytes."
            error = "Compiled regex exceeds size limit (estimated program size above " +
                    std::to_string(re::kSizeLimitUnits) + " instructions)";
            return nullptr;
        }
        std::shared_ptr<Regex> rx(new Regex());
        rx->pattern_.assign(rust_pattern);
        rx->translated_ = std::move(tr.re2);
        rx->groups_ = parsed.captures;
        if (!tr.re2_unusable) {
            RE2::Options opt;
            opt.set_encoding(RE2::Options::EncodingUTF8);
            opt.set_posix_syntax(false);
            opt.set_longest_match(false);  // Rust is leftmost-first, as is RE2 by default
            opt.set_case_sensitive(true);  // (?i) folding is already spelled out as classes
            opt.set_log_errors(false);
            opt.set_max_mem(kRe2MaxMem);
            auto re = std::make_unique<RE2>(rx->translated_, opt);
            if (re->ok() && re->NumberOfCapturingGroups() == rx->groups_) rx->re_ = std::move(re);
        }
        rx->re2_ascii_only_ = tr.ascii_subject_only;
        if (!rx->re_ || tr.ascii_subject_only) {
            rx->vm_ = std::make_unique<re::Program>(parsed.root, parsed.captures);
        }
        return rx;
    } catch (const std::exception& e) {
        error = std::string("regex compilation failed: ") + e.what();
        return nullptr;
    }
}

bool Regex::uses_fallback(std::string_view subject) const noexcept {
    return !re_ || (re2_ascii_only_ && has_non_ascii(subject));
}

bool Regex::search(std::string_view subject, Captures& captures) const {
    const int n = groups_ + 1;
    try {
        if (!uses_fallback(subject)) {
            std::array<re2::StringPiece, kInlineGroups + 1> inline_groups;
            std::vector<re2::StringPiece> heap_groups;
            re2::StringPiece* groups = inline_groups.data();
            if (n > kInlineGroups + 1) {
                heap_groups.resize(static_cast<std::size_t>(n));
                groups = heap_groups.data();
            }
            const re2::StringPiece text(subject.data(), subject.size());
            if (!re_->Match(text, 0, text.size(), RE2::UNANCHORED, groups, n)) {
                captures.clear();
                return false;
            }
            // resize + assign keeps the strings' buffers from the previous evaluation.
            captures.resize(static_cast<std::size_t>(n));
            for (int i = 0; i < n; ++i) {
                captures[static_cast<std::size_t>(i)].assign(groups[i].data(), groups[i].size());
            }
            return true;
        }
        std::vector<std::size_t> slots;
        if (!vm_->search(subject, slots)) {
            captures.clear();
            return false;
        }
        captures.resize(static_cast<std::size_t>(n));
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            std::size_t b = slots[2 * i];
            std::size_t e = slots[2 * i + 1];
            if (b == re::Program::npos || e == re::Program::npos) {
                captures[i].clear();  // a group that did not participate reads as ""
            } else {
                captures[i].assign(subject.substr(b, e - b));
            }
        }
        return true;
    } catch (const std::bad_alloc&) {
        captures.clear();
        return false;
    }
}

}  // namespace httpctl::expr
