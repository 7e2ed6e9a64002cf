// Rust `regex` syntax parser. Each rule mirrors regex-syntax 0.8 (the parser behind the regex
// crate Stalwart links); error texts are regex-syntax's so users recognise them (spec §2.13).
#include "regex_parse.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace httpctl::expr::re {

namespace {

// regex-syntax's default nest limit.
constexpr std::uint32_t kNestLimit = 250;

// Characters that always need a backslash to be literal (regex-syntax is_meta_character).
bool is_meta(std::uint32_t c) {
    switch (c) {
        case '\\':
        case '.':
        case '+':
        case '*':
        case '?':
        case '(':
        case ')':
        case '|':
        case '[':
        case ']':
        case '{':
        case '}':
        case '^':
        case '$':
        case '#':
        case '&':
        case '-':
        case '~':
            return true;
        default:
            return false;
    }
}

// regex-syntax is_escapeable_character: any ASCII except letters, digits, `<` and `>` may be
// escaped as a superfluous escape (so `\-`, `\ `, `\<LF>` are literals).
bool is_escapeable(std::uint32_t c) {
    if (is_meta(c)) return true;
    if (c > 0x7F) return false;
    if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) return false;
    return c != '<' && c != '>';
}

bool is_hex(std::uint32_t c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

struct Flags {
    bool i = false;  // case-insensitive
    bool m = false;  // multi-line
    bool s = false;  // dot matches new line
    bool U = false;  // swap greed
    bool u = true;   // Unicode (on by default in Rust)
    bool R = false;  // CRLF-aware line anchors
    bool x = false;  // verbose
};

// A parsed primitive before it is placed (class items accept a subset).
struct Primitive {
    enum class Kind { Literal, Class, Look, Dot } kind = Kind::Literal;
    std::uint32_t c = 0;
    bool byte_escape = false;  // \xNN: a byte when Unicode is off
    CodepointSet set;
    Look look = Look::StartText;
    std::size_t start = 0;
    std::size_t end = 0;
};

class Parser {
  public:
    Parser(std::string_view pattern, ParseError& err) : p_(pattern), err_(err) {}

    bool run(Parsed& out) {
        Node root;
        if (!parse_expr(Flags{}, false, 0, 0, root)) return false;
        out.root = std::move(root);
        out.captures = captures_;
        return true;
    }

  private:
    std::string_view p_;
    ParseError& err_;
    std::size_t pos_ = 0;
    int captures_ = 0;
    std::vector<std::string> names_;

    // ---- low-level cursor -------------------------------------------------------------
    [[nodiscard]] bool eof() const { return pos_ >= p_.size(); }

    // Decodes the scalar at `at`; `len` receives its byte length. Invalid UTF-8 was rejected
    // up front, so this only handles well-formed sequences.
    std::uint32_t decode(std::size_t at, std::size_t* len = nullptr) const {
        auto b = static_cast<unsigned char>(p_[at]);
        std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        std::uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
        for (std::size_t k = 1; k < n; ++k) {
            c = (c << 6) | (static_cast<unsigned char>(p_[at + k]) & 0x3FU);
        }
        if (len != nullptr) *len = n;
        return c;
    }
    [[nodiscard]] std::uint32_t cur() const { return decode(pos_); }
    bool bump() {
        if (eof()) return false;
        std::size_t n = 0;
        decode(pos_, &n);
        pos_ += n;
        return !eof();
    }
    [[nodiscard]] std::optional<std::uint32_t> peek() const {
        if (eof()) return std::nullopt;
        std::size_t n = 0;
        decode(pos_, &n);
        if (pos_ + n >= p_.size()) return std::nullopt;
        return decode(pos_ + n);
    }
    bool bump_if(std::string_view prefix) {
        if (p_.substr(pos_).substr(0, prefix.size()) != prefix) return false;
        pos_ += prefix.size();
        return true;
    }
    [[nodiscard]] bool is_prefix(std::string_view prefix) const {
        return p_.substr(pos_).substr(0, prefix.size()) == prefix;
    }

    // Verbose mode: skip whitespace and `#` comments (regex-syntax bump_space).
    void bump_space(const Flags& f) {
        if (!f.x) return;
        while (!eof()) {
            std::uint32_t c = cur();
            if (is_white_space(c)) {
                bump();
            } else if (c == '#') {
                while (!eof()) {
                    std::uint32_t d = cur();
                    bump();
                    if (d == '\n') break;
                }
            } else {
                break;
            }
        }
    }
    bool bump_and_bump_space(const Flags& f) {
        if (!bump()) return false;
        bump_space(f);
        return !eof();
    }
    // The character after the current one, skipping verbose-mode space.
    std::optional<std::uint32_t> peek_space(const Flags& f) {
        std::size_t saved = pos_;
        bump();
        bump_space(f);
        std::optional<std::uint32_t> r;
        if (!eof()) r = cur();
        pos_ = saved;
        return r;
    }

    bool fail(std::size_t start, std::size_t end, std::string message) {
        err_.start = start;
        err_.end = std::max(start, std::min(end, p_.size()));
        err_.message = std::move(message);
        return false;
    }
    bool fail_here(std::string message) {
        std::size_t n = 0;
        if (!eof()) decode(pos_, &n);
        return fail(pos_, pos_ + n, std::move(message));
    }

    // ---- tree building ----------------------------------------------------------------
    bool checked(Node& n, std::uint32_t depth, std::size_t start) {
        // regex-syntax's NestLimiter: groups, repetitions, concatenations, alternations and
        // bracketed classes each add a level; more than 250 is rejected.
        if (depth > kNestLimit) {
            return fail(start, pos_,
                        "exceed the maximum number of nested parentheses/brackets (250)");
        }
        n.depth = depth;
        return true;
    }

    static Node finish_concat(std::vector<Node>& items) {
        if (items.size() == 1) return std::move(items.front());
        Node n;
        if (items.empty()) return n;
        n.kind = Node::Kind::Concat;
        std::uint32_t d = 0;
        for (const auto& it : items)
            d = std::max(d, it.depth);
        n.depth = d + 1;
        n.subs = std::move(items);
        return n;
    }

    // ---- expressions ------------------------------------------------------------------
    bool parse_expr(Flags flags, bool in_group, std::size_t open_pos, std::uint32_t depth,
                    Node& out) {
        std::vector<Node> alts;
        std::vector<Node> concat;
        for (;;) {
            bump_space(flags);
            if (eof()) break;
            std::uint32_t c = cur();
            if (c == ')') {
                if (!in_group) return fail_here("unopened group");
                break;
            }
            if (c == '|') {
                alts.push_back(finish_concat(concat));
                concat.clear();
                bump();
                continue;
            }
            bool ok = true;
            switch (c) {
                case '(':
                    ok = parse_group(flags, depth, concat);
                    break;
                case '[': {
                    Node n;
                    n.kind = Node::Kind::Class;
                    std::uint32_t nest = 0;
                    std::size_t start = pos_;
                    ok = parse_bracket(flags, depth, n.set, nest) && checked(n, nest, start);
                    if (ok) concat.push_back(std::move(n));
                    break;
                }
                case '?':
                case '*':
                case '+':
                    ok = parse_uncounted(flags, concat);
                    break;
                case '{':
                    ok = parse_counted(flags, concat);
                    break;
                default: {
                    Primitive prim;
                    ok = parse_primitive(flags, prim);
                    if (ok) {
                        Node n;
                        ok = primitive_to_node(flags, prim, n);
                        if (ok) concat.push_back(std::move(n));
                    }
                }
            }
            if (!ok) return false;
        }
        if (in_group && eof()) return fail(open_pos, open_pos + 1, "unclosed group");
        if (alts.empty()) {
            out = finish_concat(concat);
            return true;
        }
        alts.push_back(finish_concat(concat));
        Node n;
        n.kind = Node::Kind::Alternate;
        std::uint32_t d = 0;
        for (const auto& a : alts)
            d = std::max(d, a.depth);
        n.subs = std::move(alts);
        if (!checked(n, d + 1, open_pos)) return false;
        out = std::move(n);
        return true;
    }

    bool repetition_target(std::vector<Node>& concat, Node& target) {
        // A repetition needs an expression; an empty branch or a bare flag group is none.
        if (concat.empty() || concat.back().kind == Node::Kind::Empty) {
            return fail_here("repetition operator missing expression");
        }
        target = std::move(concat.back());
        concat.pop_back();
        return true;
    }

    bool push_repeat(const Flags& flags, std::vector<Node>& concat, Node target, std::uint32_t min,
                     std::uint32_t max, bool lazy, std::size_t start) {
        Node n;
        n.kind = Node::Kind::Repeat;
        n.min = min;
        n.max = max;
        n.greedy = lazy == flags.U;  // (?U) swaps the meaning of `x*` and `x*?`
        std::uint32_t d = target.depth + 1;
        n.subs.push_back(std::move(target));
        if (!checked(n, d, start)) return false;
        concat.push_back(std::move(n));
        return true;
    }

    bool parse_uncounted(const Flags& flags, std::vector<Node>& concat) {
        std::uint32_t op = cur();
        std::size_t start = pos_;
        Node target;
        if (!repetition_target(concat, target)) return false;
        bool lazy = false;
        if (bump() && cur() == '?') {
            lazy = true;
            bump();
        }
        std::uint32_t min = op == '+' ? 1 : 0;
        std::uint32_t max = op == '?' ? 1 : kUnbounded;
        return push_repeat(flags, concat, std::move(target), min, max, lazy, start);
    }

    // regex-syntax parse_decimal: surrounding whitespace is allowed even outside verbose mode.
    bool parse_decimal(const Flags& flags, std::uint32_t& value) {
        while (!eof() && is_white_space(cur()))
            bump();
        std::size_t start = pos_;
        std::uint64_t v = 0;
        bool any = false;
        bool overflow = false;
        while (!eof() && cur() >= '0' && cur() <= '9') {
            v = v * 10 + (cur() - '0');
            if (v > 0xFFFFFFFFULL) overflow = true;
            any = true;
            bump_and_bump_space(flags);
        }
        std::size_t end = pos_;
        while (!eof() && is_white_space(cur()))
            bump_and_bump_space(flags);
        if (!any) return fail(start, end, "repetition quantifier expects a valid decimal");
        if (overflow) return fail(start, end, "decimal literal invalid");
        value = static_cast<std::uint32_t>(v);
        return true;
    }

    bool parse_counted(const Flags& flags, std::vector<Node>& concat) {
        std::size_t start = pos_;
        Node target;
        if (!repetition_target(concat, target)) return false;
        auto unclosed = [&] { return fail(start, pos_, "unclosed counted repetition"); };
        if (!bump_and_bump_space(flags)) return unclosed();
        std::uint32_t min = 0;
        if (!parse_decimal(flags, min)) return false;
        std::uint32_t max = min;
        if (eof()) return unclosed();
        if (cur() == ',') {
            if (!bump_and_bump_space(flags)) return unclosed();
            if (cur() != '}') {
                if (!parse_decimal(flags, max)) return false;
            } else {
                max = kUnbounded;
            }
        }
        if (eof() || cur() != '}') return unclosed();
        bool lazy = false;
        if (bump_and_bump_space(flags) && cur() == '?') {
            lazy = true;
            bump();
        }
        if (max != kUnbounded && min > max) {
            return fail(start, pos_,
                        "invalid repetition count range, the start must be <= the end");
        }
        return push_repeat(flags, concat, std::move(target), min, max, lazy, start);
    }

    // ---- groups and flags -------------------------------------------------------------
    bool parse_flags(Flags& flags, bool& empty) {
        std::string seen;
        bool negate = false;
        bool negation_seen = false;
        std::size_t negation_pos = 0;
        bool last_was_negation = false;
        while (cur() != ':' && cur() != ')') {
            std::uint32_t c = cur();
            if (c == '-') {
                if (negation_seen) return fail_here("flag negation operator repeated");
                negation_seen = true;
                negate = true;
                negation_pos = pos_;
                last_was_negation = true;
            } else {
                last_was_negation = false;
                bool* flag = nullptr;
                switch (c) {
                    case 'i':
                        flag = &flags.i;
                        break;
                    case 'm':
                        flag = &flags.m;
                        break;
                    case 's':
                        flag = &flags.s;
                        break;
                    case 'U':
                        flag = &flags.U;
                        break;
                    case 'u':
                        flag = &flags.u;
                        break;
                    case 'R':
                        flag = &flags.R;
                        break;
                    case 'x':
                        flag = &flags.x;
                        break;
                    default:
                        return fail_here("unrecognized flag");
                }
                if (seen.find(static_cast<char>(c)) != std::string::npos) {
                    return fail_here("duplicate flag");
                }
                seen += static_cast<char>(c);
                *flag = !negate;
            }
            if (!bump()) return fail_here("expected flag but got end of regex");
        }
        if (last_was_negation) {
            return fail(negation_pos, negation_pos + 1, "dangling flag negation operator");
        }
        empty = seen.empty() && !negation_seen;
        return true;
    }

    bool parse_capture_name(std::string& name) {
        if (eof()) return fail_here("unclosed capture group name");
        std::size_t start = pos_;
        for (;;) {
            if (cur() == '>') break;
            std::uint32_t c = cur();
            bool first = pos_ == start;
            bool ok = first ? (c == '_' || is_alphabetic(c))
                            : (c == '_' || c == '.' || c == '[' || c == ']' || is_alphanumeric(c));
            if (!ok) return fail_here("invalid capture group character");
            if (!bump()) break;
        }
        std::size_t end = pos_;
        if (eof()) return fail_here("unclosed capture group name");
        bump();  // '>'
        name.assign(p_.substr(start, end - start));
        if (name.empty()) return fail(start, start, "empty capture group name");
        if (std::find(names_.begin(), names_.end(), name) != names_.end()) {
            return fail(start, end, "duplicate capture group name");
        }
        names_.push_back(name);
        return true;
    }

    bool parse_group(Flags& flags, std::uint32_t depth, std::vector<Node>& concat) {
        std::size_t open = pos_;
        if (depth + 1 > kNestLimit) {
            return fail(open, open + 1,
                        "exceed the maximum number of nested parentheses/brackets (250)");
        }
        bump();
        bump_space(flags);
        if (is_prefix("?=") || is_prefix("?!") || is_prefix("?<=") || is_prefix("?<!")) {
            return fail(open, pos_ + 3,
                        "look-around, including look-ahead and look-behind, is not supported");
        }
        Flags inner = flags;
        int capture = -1;
        // Both `(?P<name>..)` and `(?<name>..)` name a group (regex 1.8+); names do not change
        // numbering, and expressions read captures by number only (spec §5.3).
        if (bump_if("?P<") || bump_if("?<")) {
            capture = ++captures_;
            std::string name;
            if (!parse_capture_name(name)) return false;
        } else if (bump_if("?")) {
            if (eof()) return fail(open, open + 1, "unclosed group");
            std::size_t flags_start = pos_;
            Flags parsed = flags;
            bool empty = false;
            if (!parse_flags(parsed, empty)) return false;
            std::uint32_t end_char = cur();
            bump();
            if (end_char == ')') {
                // `(?)` is read as a repetition operator with nothing to repeat.
                if (empty) {
                    return fail(flags_start, flags_start + 1,
                                "repetition operator missing expression");
                }
                // `(?flags)` changes the flags until the end of the enclosing group.
                flags = parsed;
                concat.emplace_back();  // a Flags item: present, but nothing to repeat
                return true;
            }
            inner = parsed;
        } else {
            capture = ++captures_;
        }
        Node body;
        if (!parse_expr(inner, true, open, depth + 1, body)) return false;
        bump();  // ')'
        Node g;
        g.kind = Node::Kind::Group;
        g.capture = capture;
        std::uint32_t d = body.depth + 1;
        g.subs.push_back(std::move(body));
        if (!checked(g, d, open)) return false;
        concat.push_back(std::move(g));
        return true;
    }

    // ---- primitives -------------------------------------------------------------------
    bool parse_primitive(const Flags& flags, Primitive& prim) {
        prim.start = pos_;
        std::uint32_t c = cur();
        if (c == '\\') return parse_escape(flags, prim);
        bump();
        prim.end = pos_;
        if (c == '.') {
            prim.kind = Primitive::Kind::Dot;
        } else if (c == '^' || c == '$') {
            prim.kind = Primitive::Kind::Look;
            if (c == '^') {
                prim.look = !flags.m  ? Look::StartText
                            : flags.R ? Look::StartLineCrlf
                                      : Look::StartLine;
            } else {
                prim.look = !flags.m ? Look::EndText : flags.R ? Look::EndLineCrlf : Look::EndLine;
            }
        } else {
            prim.kind = Primitive::Kind::Literal;
            prim.c = c;
        }
        return true;
    }

    bool parse_hex(const Flags& flags, Primitive& prim) {
        std::uint32_t kind = cur();
        std::size_t digits = kind == 'x' ? 2 : kind == 'u' ? 4 : 8;
        if (!bump_and_bump_space(flags)) {
            return fail_here("incomplete escape sequence, reached end of pattern prematurely");
        }
        std::uint64_t v = 0;
        bool overflow = false;
        if (cur() == '{') {
            std::size_t brace = pos_;
            std::size_t n = 0;
            while (bump_and_bump_space(flags) && cur() != '}') {
                if (!is_hex(cur())) return fail_here("invalid hexadecimal digit");
                v = v * 16 + (cur() <= '9' ? cur() - '0' : (cur() | 0x20U) - 'a' + 10);
                if (v > 0x10FFFF) overflow = true;
                ++n;
            }
            if (eof()) {
                return fail(brace, pos_,
                            "incomplete escape sequence, reached end of pattern prematurely");
            }
            bump_and_bump_space(flags);
            if (n == 0) return fail(brace, pos_, "hexadecimal literal empty");
        } else {
            for (std::size_t i = 0; i < digits; ++i) {
                if (i > 0 && !bump_and_bump_space(flags)) {
                    return fail_here(
                        "incomplete escape sequence, reached end of pattern prematurely");
                }
                if (!is_hex(cur())) return fail_here("invalid hexadecimal digit");
                v = v * 16 + (cur() <= '9' ? cur() - '0' : (cur() | 0x20U) - 'a' + 10);
            }
            bump_and_bump_space(flags);
            prim.byte_escape = kind == 'x';
        }
        if (overflow || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
            return fail(prim.start, pos_, "hexadecimal literal is not a Unicode scalar value");
        }
        prim.kind = Primitive::Kind::Literal;
        prim.c = static_cast<std::uint32_t>(v);
        prim.end = pos_;
        return true;
    }

    bool parse_unicode_class(const Flags& flags, Primitive& prim) {
        bool negated = cur() == 'P';
        if (!bump_and_bump_space(flags)) {
            return fail_here("incomplete escape sequence, reached end of pattern prematurely");
        }
        std::string name;
        std::string value;
        bool has_value = false;
        if (cur() == '{') {
            std::string text;
            while (bump_and_bump_space(flags) && cur() != '}') {
                std::size_t n = 0;
                decode(pos_, &n);
                text.append(p_.substr(pos_, n));
            }
            if (eof()) {
                return fail_here("incomplete escape sequence, reached end of pattern prematurely");
            }
            bump();
            std::size_t at = text.find("!=");
            std::size_t op_len = 2;
            if (at != std::string::npos) {
                negated = !negated;  // `\p{name!=value}` is the negation of `name=value`
            } else if ((at = text.find(':')) != std::string::npos ||
                       (at = text.find('=')) != std::string::npos) {
                op_len = 1;
            }
            if (at != std::string::npos) {
                has_value = true;
                name = text.substr(0, at);
                value = text.substr(at + op_len);
            } else {
                name = text;
            }
        } else {
            if (cur() == '\\') return fail_here("invalid Unicode character class");
            std::size_t n = 0;
            decode(pos_, &n);
            name.assign(p_.substr(pos_, n));
            bump_and_bump_space(flags);
        }
        prim.end = pos_;
        if (!flags.u) return fail(prim.start, pos_, "Unicode not allowed here");
        PropertyError pe = unicode_property(name, value, has_value, prim.set);
        if (pe == PropertyError::PropertyNotFound) {
            return fail(prim.start, pos_, "Unicode property not found");
        }
        if (pe == PropertyError::ValueNotFound) {
            return fail(prim.start, pos_, "Unicode property value not found");
        }
        // regex-syntax folds a Unicode class before negating it.
        if (flags.i) prim.set.case_fold_unicode();
        if (negated) prim.set.negate();
        prim.kind = Primitive::Kind::Class;
        return true;
    }

    bool perl_class(const Flags& flags, std::uint32_t c, Primitive& prim) {
        std::uint32_t lower = c | 0x20U;
        if (flags.u) {
            prim.set = lower == 'd'   ? unicode_digit()
                       : lower == 's' ? unicode_space()
                                      : unicode_word();
        } else {
            prim.set = lower == 'd' ? ascii_digit() : lower == 's' ? ascii_space() : ascii_word();
        }
        if (c != lower) prim.set.negate();
        prim.kind = Primitive::Kind::Class;
        prim.end = pos_;
        // With Unicode off a negated Perl class would match bytes that are not UTF-8.
        if (!flags.u && !prim.set.is_ascii()) {
            return fail(prim.start, pos_, "pattern can match invalid UTF-8");
        }
        return true;
    }

    bool special_word_boundary(const Flags& flags, Primitive& prim, bool& found) {
        // regex 1.10+: `\b{start}`, `\b{end}`, `\b{start-half}`, `\b{end-half}`; anything
        // else in braces that does not start with [-A-Za-z] is a counted repetition of `\b`.
        std::size_t brace = pos_;
        auto valid = [](std::uint32_t c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
        };
        if (!bump_and_bump_space(flags)) {
            return fail(prim.start, pos_,
                        "found either the beginning of a special word boundary or a bounded "
                        "repetition on a \\b with an opening brace, but no closing brace");
        }
        std::size_t contents = pos_;
        if (!valid(cur())) {
            pos_ = brace;
            found = false;
            return true;
        }
        std::string word;
        while (!eof() && valid(cur())) {
            word += static_cast<char>(cur());
            bump_and_bump_space(flags);
        }
        if (eof() || cur() != '}') {
            return fail(brace, pos_,
                        "special word boundary assertion is either unclosed or contains an "
                        "invalid character");
        }
        std::size_t end = pos_;
        bump();
        bool u = flags.u;
        if (word == "start") {
            prim.look = u ? Look::WordStartUnicode : Look::WordStartAscii;
        } else if (word == "end") {
            prim.look = u ? Look::WordEndUnicode : Look::WordEndAscii;
        } else if (word == "start-half") {
            prim.look = u ? Look::WordStartHalfUnicode : Look::WordStartHalfAscii;
        } else if (word == "end-half") {
            prim.look = u ? Look::WordEndHalfUnicode : Look::WordEndHalfAscii;
        } else {
            return fail(contents, end,
                        "unrecognized special word boundary assertion, valid choices are: "
                        "start, end, start-half or end-half");
        }
        found = true;
        return true;
    }

    bool parse_escape(const Flags& flags, Primitive& prim) {
        prim.start = pos_;
        if (!bump()) {
            return fail(prim.start, pos_,
                        "incomplete escape sequence, reached end of pattern prematurely");
        }
        std::uint32_t c = cur();
        if (c >= '0' && c <= '9') {
            // Octal is off by default, so `\1` reads as an (unsupported) back-reference.
            bump();
            return fail(prim.start, pos_, "backreferences are not supported");
        }
        if (c == 'x' || c == 'u' || c == 'U') return parse_hex(flags, prim);
        if (c == 'p' || c == 'P') return parse_unicode_class(flags, prim);
        if (c == 'd' || c == 's' || c == 'w' || c == 'D' || c == 'S' || c == 'W') {
            bump();
            return perl_class(flags, c, prim);
        }
        bump();
        prim.end = pos_;
        if (is_escapeable(c)) {
            prim.kind = Primitive::Kind::Literal;
            prim.c = c;
            return true;
        }
        prim.kind = Primitive::Kind::Literal;
        switch (c) {
            case 'a':
                prim.c = 0x07;
                return true;
            case 'f':
                prim.c = 0x0C;
                return true;
            case 't':
                prim.c = '\t';
                return true;
            case 'n':
                prim.c = '\n';
                return true;
            case 'r':
                prim.c = '\r';
                return true;
            case 'v':
                prim.c = 0x0B;
                return true;
            default:
                break;
        }
        prim.kind = Primitive::Kind::Look;
        bool u = flags.u;
        switch (c) {
            case 'A':
                prim.look = Look::StartText;
                return true;
            case 'z':
                prim.look = Look::EndText;
                return true;
            case 'B':
                prim.look = u ? Look::NotWordUnicode : Look::NotWordAscii;
                return true;
            case '<':
                prim.look = u ? Look::WordStartUnicode : Look::WordStartAscii;
                return true;
            case '>':
                prim.look = u ? Look::WordEndUnicode : Look::WordEndAscii;
                return true;
            case 'b': {
                prim.look = u ? Look::WordUnicode : Look::WordAscii;
                if (!eof() && cur() == '{') {
                    bool found = false;
                    if (!special_word_boundary(flags, prim, found)) return false;
                    prim.end = pos_;
                }
                return true;
            }
            default:
                return fail(prim.start, pos_, "unrecognized escape sequence");
        }
    }

    // A literal outside a class: folded under (?i) (ASCII-only folding when Unicode is off).
    bool literal_set(const Flags& flags, const Primitive& prim, bool in_class, CodepointSet& set) {
        if (!flags.u && prim.c > 0x7F) {
            if (prim.byte_escape) {
                return fail(prim.start, prim.end, "pattern can match invalid UTF-8");
            }
            if (in_class) return fail(prim.start, prim.end, "Unicode not allowed here");
        }
        set = CodepointSet::single(prim.c);
        if (flags.i) {
            if (flags.u) {
                set.case_fold_unicode();
            } else {
                set.case_fold_ascii();
            }
        }
        return true;
    }

    bool primitive_to_node(const Flags& flags, const Primitive& prim, Node& n) {
        switch (prim.kind) {
            case Primitive::Kind::Literal:
                n.kind = Node::Kind::Class;
                return literal_set(flags, prim, false, n.set);
            case Primitive::Kind::Class:
                n.kind = Node::Kind::Class;
                n.set = prim.set;
                return true;
            case Primitive::Kind::Look:
                n.kind = Node::Kind::Look;
                n.look = prim.look;
                return true;
            case Primitive::Kind::Dot:
                // With Unicode off `.` matches any byte but LF, which str regexes refuse.
                if (!flags.u) return fail(prim.start, prim.end, "pattern can match invalid UTF-8");
                n.kind = Node::Kind::Class;
                n.set = CodepointSet::range(0, kMaxCodepoint);
                if (!flags.s) {
                    CodepointSet nl = CodepointSet::single('\n');
                    if (flags.R) nl.add('\r', '\r');  // CRLF mode: `.` excludes CR too
                    nl.normalize();
                    n.set.subtract(nl);
                }
                n.set.subtract(CodepointSet::range(0xD800, 0xDFFF));
                return true;
        }
        return false;
    }

    // ---- bracketed classes ------------------------------------------------------------
    void fold(const Flags& flags, CodepointSet& set) {
        if (!flags.i) return;
        if (flags.u) {
            set.case_fold_unicode();
        } else {
            set.case_fold_ascii();
        }
    }

    bool maybe_ascii_class(CodepointSet& set) {
        std::size_t start = pos_;
        auto restore = [&] {
            pos_ = start;
            return false;
        };
        if (!bump() || cur() != ':') return restore();
        if (!bump()) return restore();
        bool negated = false;
        if (cur() == '^') {
            negated = true;
            if (!bump()) return restore();
        }
        std::size_t name_start = pos_;
        while (cur() != ':' && bump()) {
        }
        if (eof()) return restore();
        std::string_view name = p_.substr(name_start, pos_ - name_start);
        if (!bump_if(":]")) return restore();
        if (!ascii_class(name, set)) return restore();
        if (negated) set.negate();
        return true;
    }

    // Parses `[...]` at the cursor; `set` receives the folded/negated result.
    bool parse_bracket(const Flags& flags, std::uint32_t depth, CodepointSet& set,
                       std::uint32_t& nest) {
        std::size_t start = pos_;
        if (depth + 1 > kNestLimit) {
            return fail(start, start + 1,
                        "exceed the maximum number of nested parentheses/brackets (250)");
        }
        auto unclosed = [&] { return fail(start, pos_, "unclosed character class"); };
        if (!bump_and_bump_space(flags)) return unclosed();
        bool negated = false;
        if (cur() == '^') {
            negated = true;
            if (!bump_and_bump_space(flags)) return unclosed();
        }
        CodepointSet acc;  // the union being built
        bool have_items = false;
        while (cur() == '-') {
            acc.add('-', '-');
            have_items = true;
            if (!bump_and_bump_space(flags)) return unclosed();
        }
        if (!have_items && cur() == ']') {
            // A `]` first in a class is literal: an empty class cannot be written.
            acc.add(']', ']');
            if (!bump_and_bump_space(flags)) return unclosed();
        }
        acc.normalize();
        std::uint32_t inner_nest = 0;
        std::optional<CodepointSet> lhs;  // pending left operand of a set operation
        char op = 0;
        auto close_operand = [&] {
            if (!lhs) {
                lhs = std::move(acc);
                return;
            }
            // regex-syntax folds both operands of &&, -- and ~~ before combining them.
            fold(flags, *lhs);
            fold(flags, acc);
            if (op == '&') lhs->intersect(acc);
            if (op == '-') lhs->subtract(acc);
            if (op == '~') lhs->symmetric_difference(acc);
        };
        for (;;) {
            bump_space(flags);
            if (eof()) return unclosed();
            std::uint32_t c = cur();
            auto next = peek();
            if (c == '[') {
                CodepointSet item;
                if (maybe_ascii_class(item)) {
                    fold(flags, item);
                    if (!flags.u && !item.is_ascii()) {
                        return fail(start, pos_, "pattern can match invalid UTF-8");
                    }
                    acc.add(item);
                    continue;
                }
                std::uint32_t child = 0;
                if (!parse_bracket(flags, depth + 1, item, child)) return false;
                inner_nest = std::max(inner_nest, child);
                acc.add(item);
                continue;
            }
            if (c == ']') {
                bump();
                break;
            }
            if ((c == '&' || c == '-' || c == '~') && next && *next == c) {
                bump();
                bump();
                close_operand();
                acc = CodepointSet();
                op = static_cast<char>(c);
                inner_nest += 1;
                continue;
            }
            CodepointSet item;
            if (!parse_class_range(flags, item)) return false;
            acc.add(item);
        }
        close_operand();
        set = std::move(*lhs);
        // Rust folds the whole class, then negates it.
        fold(flags, set);
        if (negated) set.negate();
        if (!flags.u && !set.is_ascii())
            return fail(start, pos_, "pattern can match invalid UTF-8");
        nest = inner_nest + 2;  // the bracket and its union
        return true;
    }

    bool parse_class_item(const Flags& flags, Primitive& prim) {
        if (cur() == '\\') return parse_escape(flags, prim);
        prim.start = pos_;
        prim.kind = Primitive::Kind::Literal;
        prim.c = cur();
        bump();
        prim.end = pos_;
        return true;
    }

    bool parse_class_range(const Flags& flags, CodepointSet& out) {
        Primitive a;
        if (!parse_class_item(flags, a)) return false;
        bump_space(flags);
        if (eof()) return fail(a.start, pos_, "unclosed character class");
        auto after = peek_space(flags);
        if (cur() != '-' || (after && (*after == ']' || *after == '-'))) {
            if (a.kind == Primitive::Kind::Literal) return literal_set(flags, a, true, out);
            if (a.kind == Primitive::Kind::Class) {
                out = a.set;
                return true;
            }
            return fail(a.start, a.end, "invalid escape sequence found in character class");
        }
        if (!bump_and_bump_space(flags)) return fail(a.start, pos_, "unclosed character class");
        Primitive b;
        if (!parse_class_item(flags, b)) return false;
        if (a.kind != Primitive::Kind::Literal) {
            return fail(a.start, a.end, "invalid range boundary, must be a literal");
        }
        if (b.kind != Primitive::Kind::Literal) {
            return fail(b.start, b.end, "invalid range boundary, must be a literal");
        }
        if (a.c > b.c) {
            return fail(a.start, b.end,
                        "invalid character class range, the start must be <= the end");
        }
        CodepointSet tmp;
        if (!literal_set(flags, a, true, tmp) || !literal_set(flags, b, true, tmp)) return false;
        out = CodepointSet::range(a.c, b.c);
        fold(flags, out);
        return true;
    }
};

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80         ? 1
                        : (b >> 5) == 6  ? 2
                        : (b >> 4) == 14 ? 3
                        : (b >> 3) == 30 ? 4
                                         : 0;
        if (n == 0 || i + n > s.size()) return false;
        std::uint32_t c = n == 1 ? b : n == 2 ? (b & 0x1FU) : n == 3 ? (b & 0x0FU) : (b & 0x07U);
        for (std::size_t k = 1; k < n; ++k) {
            auto cb = static_cast<unsigned char>(s[i + k]);
            if ((cb & 0xC0) != 0x80) return false;
            c = (c << 6) | (cb & 0x3FU);
        }
        static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
        if (c < kMin[n] || c > kMaxCodepoint || (c >= 0xD800 && c <= 0xDFFF)) return false;
        i += n;
    }
    return true;
}

}  // namespace

bool parse_rust_regex(std::string_view pattern, Parsed& out, ParseError& error) {
    error = ParseError{};
    if (!valid_utf8(pattern)) {
        error.message = "pattern is not valid UTF-8";
        return false;
    }
    Parser parser(pattern, error);
    return parser.run(out);
}

}  // namespace httpctl::expr::re
