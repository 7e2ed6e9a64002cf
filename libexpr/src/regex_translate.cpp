// RE2 emission. Everything RE2 would interpret differently from Rust is spelled out explicitly:
// classes become code point ranges (Unicode \w, \d, \s, \p{..} and (?i) folding are already
// resolved by the parser), anchors become \A, \z and (?m:^)/(?m:$), so the RE2 pattern needs no
// flags and RE2's ASCII-only Perl classes and case folding never come into play.
#include "regex_translate.hpp"

#include <algorithm>
#include <cstdio>

namespace httpctl::expr::re {

namespace {

constexpr std::uint32_t kRe2MaxRepeat = 1000;  // RE2 rejects larger counted repetitions

std::size_t sat_add(std::size_t a, std::size_t b) {
    return a > kSizeLimitUnits * 4 - b ? kSizeLimitUnits * 4 : a + b;
}
std::size_t sat_mul(std::size_t a, std::size_t b) {
    if (a == 0 || b == 0) return 0;
    return a > (kSizeLimitUnits * 4) / b ? kSizeLimitUnits * 4 : a * b;
}

void emit_codepoint(std::uint32_t c, std::string& out) {
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
        out += static_cast<char>(c);
        return;
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\x{%X}", c);
    out += buf;
}

void emit_class(const CodepointSet& set, std::string& out) {
    const auto& r = set.ranges();
    if (r.empty()) {
        out += "[^\\x00-\\x{10FFFF}]";  // matches nothing, like Rust's empty class
        return;
    }
    if (r.size() == 1 && r[0].first == r[0].second) {
        emit_codepoint(r[0].first, out);
        return;
    }
    out += '[';
    for (const auto& [lo, hi] : r) {
        emit_codepoint(lo, out);
        if (hi != lo) {
            out += '-';
            emit_codepoint(hi, out);
        }
    }
    out += ']';
}

std::size_t class_cost(const CodepointSet& set) {
    // Non-ASCII ranges compile to several UTF-8 byte-range sequences.
    std::size_t c = 1;
    for (const auto& [lo, hi] : set.ranges())
        c += hi < 0x80 ? 1 : 3;
    return c;
}

void emit(const Node& n, Translation& t, std::string& out) {
    // Past the size limit the regex is rejected anyway: stop building text.
    if (t.cost > kSizeLimitUnits) return;
    switch (n.kind) {
        case Node::Kind::Empty:
            out += "(?:)";
            t.cost = sat_add(t.cost, 1);
            return;
        case Node::Kind::Class:
            emit_class(n.set, out);
            t.cost = sat_add(t.cost, class_cost(n.set));
            return;
        case Node::Kind::Look:
            t.cost = sat_add(t.cost, 1);
            switch (n.look) {
                case Look::StartText:
                    out += "\\A";
                    return;
                case Look::EndText:
                    out += "\\z";
                    return;
                case Look::StartLine:
                    out += "(?m:^)";
                    return;
                case Look::EndLine:
                    out += "(?m:$)";
                    return;
                case Look::WordUnicode:
                case Look::WordAscii:
                    // RE2's \b is ASCII: exact for (?-u)\b, and for \b on ASCII subjects.
                    out += "\\b";
                    t.ascii_subject_only = true;
                    return;
                case Look::NotWordUnicode:
                case Look::NotWordAscii:
                    // RE2 may also report \B inside a multi-byte character, which Rust's
                    // UTF-8 mode never does: ASCII subjects only here too.
                    out += "\\B";
                    t.ascii_subject_only = true;
                    return;
                default:
                    // \<, \>, half boundaries and CRLF-aware anchors need a one-character
                    // look-around RE2 lacks.
                    out += "(?:)";
                    t.re2_unusable = true;
                    return;
            }
        case Node::Kind::Group: {
            out += n.capture > 0 ? "(" : "(?:";
            emit(n.subs.front(), t, out);
            out += ')';
            t.cost = sat_add(t.cost, 2);
            return;
        }
        case Node::Kind::Concat:
            for (const auto& s : n.subs) {
                if (s.kind != Node::Kind::Empty) emit(s, t, out);  // flag items emit nothing
            }
            return;
        case Node::Kind::Alternate:
            out += "(?:";
            for (std::size_t i = 0; i < n.subs.size(); ++i) {
                if (i > 0) out += '|';
                emit(n.subs[i], t, out);
                t.cost = sat_add(t.cost, 2);
            }
            out += ')';
            return;
        case Node::Kind::Repeat: {
            std::size_t before = t.cost;
            t.cost = 0;
            out += "(?:";
            emit(n.subs.front(), t, out);
            out += ')';
            std::size_t body = t.cost;
            std::size_t copies = n.max == kUnbounded ? std::size_t{n.min} + 1 : n.max;
            t.cost = sat_add(before,
                             sat_add(sat_mul(body, std::max<std::size_t>(copies, 1)), copies + 1));
            if (n.min == 0 && n.max == kUnbounded) {
                out += '*';
            } else if (n.min == 1 && n.max == kUnbounded) {
                out += '+';
            } else if (n.min == 0 && n.max == 1) {
                out += '?';
            } else {
                out += '{' + std::to_string(n.min);
                if (n.max == kUnbounded) {
                    out += ',';
                } else if (n.max != n.min) {
                    out += ',' + std::to_string(n.max);
                }
                out += '}';
                if (n.min > kRe2MaxRepeat || (n.max != kUnbounded && n.max > kRe2MaxRepeat)) {
                    t.re2_unusable = true;
                }
            }
            if (!n.greedy) out += '?';
            return;
        }
    }
}

}  // namespace

void translate(const Node& root, Translation& out) {
    out = Translation{};
    emit(root, out, out.re2);
}

}  // namespace httpctl::expr::re
