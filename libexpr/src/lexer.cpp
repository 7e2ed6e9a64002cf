// The expression lexer (spec expressions.md §2), one token at a time.
#include "lexer.hpp"

#include <algorithm>
#include <cstdio>

#include "expr/variables.hpp"
#include "grammar/expr_lexical.hpp"
#include "suggest.hpp"

namespace httpctl::expr::detail {

namespace {

namespace pegtl = tao::pegtl;
namespace lex = httpctl::grammar::expr;

bool is_separator(unsigned char c) { return c == ' ' || c == '\r' || c == '\n'; }
bool is_ascii_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool valid_utf8(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) {
            ++i;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            extra = 1;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            extra = 2;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            extra = 3;
            cp = c & 0x07;
        } else {
            return false;
        }
        if (i + extra >= s.size()) return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (cc & 0x3F);
        }
        static constexpr std::uint32_t kMin[] = {0, 0x80, 0x800, 0x10000};
        if (cp < kMin[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
        i += extra + 1;
    }
    return true;
}

}  // namespace

std::string rust_char_literal(unsigned char c) {
    switch (c) {
        case '\t': return "'\\t'";
        case '\n': return "'\\n'";
        case '\r': return "'\\r'";
        case '\0': return "'\\0'";
        case '\\': return "'\\\\'";
        case '\'': return "'\\''";
        default: break;
    }
    // Rust's escape_debug also escapes U+00AD (soft hyphen), which is not printable.
    if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xA0) || c == 0xAD) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "'\\u{%x}'", c);
        return buf;
    }
    if (c >= 0x80) {
        // §2.14: a byte >= 0x80 is shown as the Latin-1 character with that code.
        std::string s = "'";
        s += static_cast<char>(0xC0 | (c >> 6));
        s += static_cast<char>(0x80 | (c & 0x3F));
        return s + "'";
    }
    std::string s(3, '\'');
    s[1] = static_cast<char>(c);
    return s;
}

Lexer::Lexer(std::string_view text, const CompileOptions& options,
             std::vector<LeniencyNote>& notes)
    : text_(text), options_(options), notes_(notes) {}

void Lexer::note(NoteKind kind, std::size_t offset, std::string message) {
    notes_.push_back({kind, static_cast<std::uint32_t>(offset), std::move(message)});
}

std::optional<Token> Lexer::fail(std::string code, std::string message, std::size_t begin,
                                 std::size_t end, std::string help) {
    if (!error_) {
        CompileError e;
        e.code = std::move(code);
        e.message = std::move(message);
        e.help = std::move(help);
        e.offset = begin;
        e.end = std::max(end, begin);
        e.column = column_of(text_, begin);
        error_ = std::move(e);
    }
    return std::nullopt;
}

std::optional<Token> Lexer::emit(Token t) {
    // §2.10: `-` is unary right after the start, `(`, `,` or a binary operator.
    at_start_ = t.kind == Token::Kind::LParen || t.kind == Token::Kind::Comma ||
                t.kind == Token::Kind::Binary;
    return t;
}

bool Lexer::is_word_byte(unsigned char c) const {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_' || c == '$' ||
        (c >= '0' && c <= '9') || c == '.') {
        return true;
    }
    // §2.2: `:` joins a word that has a dot; `*` joins right after a dot.
    if (c == ':') return has_dot_;
    if (c == '*') return word_len_ > 0 && text_[word_begin_ + word_len_ - 1] == '.';
    return false;
}

std::optional<Token> Lexer::next() {
    if (pending_) {
        Token t = std::move(*pending_);
        pending_.reset();
        return emit(std::move(t));
    }
    if (error_) return std::nullopt;
    while (!finished_) {
        if (pos_ >= text_.size()) {
            if (word_len_ > 0) return flush_word();
            finished_ = true;
            break;
        }
        const auto c = static_cast<unsigned char>(text_[pos_]);
        if (is_word_byte(c)) {
            if (word_len_ == 0) word_begin_ = pos_;
            ++word_len_;
            if (c >= '0' && c <= '9') {
                has_number_ = true;
            } else if (c == '.') {
                has_dot_ = true;
            } else if (c != ':' && c != '*') {
                has_alpha_ = true;
            }
            ++pos_;
            continue;
        }
        if (c == '(' && word_len_ > 0) {
            std::string_view word = text_.substr(word_begin_, word_len_);
            // §2.13: `matches(` and (Head) `config_get(` are special forms of the lexer.
            if (word == "matches" || (word == "config_get" && options_.dialect == Dialect::Head)) {
                auto begin = static_cast<std::uint32_t>(word_begin_);
                word_len_ = 0;
                has_alpha_ = has_number_ = has_dot_ = false;
                return special_form(word, begin);
            }
        }
        if (is_separator(c)) {
            ++pos_;
            if (word_len_ > 0) return flush_word();
            continue;
        }
        if (c == '}') {
            // §2.12: `}` ends the expression; the rest of the text is ignored.
            if (pos_ + 1 < text_.size()) {
                note(NoteKind::BraceEndsExpression, pos_,
                     "everything after `}` is ignored by Stalwart");
            }
            finished_ = true;
            if (word_len_ > 0) return flush_word();
            break;
        }
        std::optional<Token> word;
        if (word_len_ > 0) {
            word = flush_word();
            if (!word) return std::nullopt;
        }
        std::optional<Token> op = operator_token(static_cast<std::uint32_t>(pos_));
        if (word) {
            if (op) {
                pending_ = std::move(op);
            }
            // An operator error is reported on the next call, after the word (§2.14).
            return word;
        }
        if (!op) return std::nullopt;
        return emit(std::move(*op));
    }
    if (error_) return std::nullopt;
    if (depth_ > 0) {
        return fail("E-UNCLOSED-PAREN", "Unmatched open parenthesis", text_.size(),
                    text_.size(), "add the missing `)`");
    }
    return std::nullopt;
}

std::optional<Token> Lexer::flush_word() {
    std::string_view word = text_.substr(word_begin_, word_len_);
    auto begin = static_cast<std::uint32_t>(word_begin_);
    std::optional<Token> t = classify_word(word, begin);
    word_len_ = 0;
    has_alpha_ = has_number_ = has_dot_ = false;
    at_start_ = false;  // §2.10: flushing a word clears at_start
    if (!t) return std::nullopt;
    return emit(std::move(*t));
}

std::optional<Token> Lexer::classify_word(std::string_view word, std::uint32_t begin) {
    Token t;
    t.begin = begin;
    t.end = begin + static_cast<std::uint32_t>(word.size());
    // §2.3 step 1: numbers.
    if (has_number_ && !has_alpha_) {
        t.kind = Token::Kind::Const;
        if (has_dot_) {
            auto f = parse_rust_float(word);
            if (!f) {
                std::string help;
                if (std::count(word.begin(), word.end(), '.') == 3) {
                    help = "an IP address must be quoted: '" + std::string(word) + "'";
                }
                return fail("E-BAD-NUMBER", "Invalid float value " + std::string(word), t.begin,
                            t.end, help);
            }
            t.value = Value(*f);
        } else {
            auto i = parse_rust_i64(word);
            if (!i) {
                return fail("E-BAD-NUMBER", "Invalid integer value " + std::string(word),
                            t.begin, t.end,
                            "integer literals must fit in a signed 64-bit integer");
            }
            t.value = Value(*i);
        }
        return t;
    }
    // Step 2: booleans are the integers 1 and 0.
    if (!has_number_ && !has_dot_ && (word == "true" || word == "false")) {
        t.kind = Token::Kind::Const;
        t.value = Value(std::int64_t{word == "true" ? 1 : 0});
        return t;
    }
    // Step 3: `$N` captures and (Head) `$name` globals (§2.6).
    if (word.size() > 1 && word[0] == '$') {
        std::string_view rest = word.substr(1);
        bool digits = std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (digits) {
            auto n = parse_rust_u64(rest);
            if (n && *n <= 0xFFFFFFFFull) {
                t.kind = Token::Kind::Capture;
                t.number = static_cast<std::uint32_t>(*n);
                return t;
            }
        }
        if (options_.dialect == Dialect::Head) {
            t.kind = Token::Kind::Global;
            t.text = std::string(rest);
            return t;
        }
        return fail("E-UNKNOWN-NAME", "Invalid variable or constant \"" + std::string(word) + "\"",
                    t.begin, t.end, "`$name` globals need Stalwart 0.12 or later");
    }
    // Steps 4-5: function names shadow variables.
    if (const FunctionInfo* f = find_function(word)) {
        if (f->since == Dialect::V08 || options_.dialect == Dialect::Head) {
            t.kind = Token::Kind::Function;
            t.function = f;
            return t;
        }
    }
    // Step 6: names the setting registers.
    if (auto v = find_variable(word); v && options_.variables.contains(*v)) {
        t.kind = Token::Kind::Var;
        t.variable = *v;
        return t;
    }
    for (const NamedConstant& c : options_.constants) {
        if (c.name == word) {
            t.kind = Token::Kind::Const;
            t.value = Value(c.value);
            return t;
        }
    }
    // Step 7: anything that parses as a duration (`s10`, `5m`).
    if (auto ms = parse_duration(word)) {
        t.kind = Token::Kind::Const;
        t.value = Value(*ms);
        return t;
    }
    return fail("E-UNKNOWN-NAME", "Invalid variable or constant \"" + std::string(word) + "\"",
                t.begin, t.end, suggest_for_unknown_name(word, options_));
}

std::optional<Token> Lexer::special_form(std::string_view name, std::uint32_t begin) {
    ++pos_;  // the `(`
    while (pos_ < text_.size() && is_ascii_space(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    if (pos_ >= text_.size()) {
        return fail("E-UNEXPECTED-END", "Unexpected end of expression", pos_, pos_,
                    "`" + std::string(name) + "(` must be followed by a quoted string");
    }
    auto q = static_cast<unsigned char>(text_[pos_]);
    if (q != '\'' && q != '"') {
        return fail("E-EXPECTED-STRING",
                    "Expected '\"', found invalid character " + rust_char_literal(q), pos_,
                    pos_ + 1,
                    "the first argument of `" + std::string(name) +
                        "` must be a string literal, not an expression");
    }
    std::string body;
    std::uint32_t end = 0;
    auto lit_begin = static_cast<std::uint32_t>(pos_);
    if (!read_string(lit_begin, body, end)) return std::nullopt;
    pos_ = end;
    Token t;
    t.begin = begin;
    t.end = end;
    if (name == "matches") {
        std::string message;
        auto re = Regex::compile(body, message);
        if (!re) {
            return fail("E-BAD-REGEX", "Invalid regular expression \"" + body + "\": " + message,
                        lit_begin, end);
        }
        while (pos_ < text_.size() && is_ascii_space(static_cast<unsigned char>(text_[pos_]))) {
            ++pos_;
        }
        if (pos_ >= text_.size()) {
            return fail("E-UNEXPECTED-END", "Unexpected end of expression", pos_, pos_,
                        "`matches` takes a pattern, a comma and a value");
        }
        if (text_[pos_] != ',') {
            return fail("E-EXPECTED-COMMA",
                        "Expected ',', found invalid character " +
                            rust_char_literal(static_cast<unsigned char>(text_[pos_])),
                        pos_, pos_ + 1, "`matches` takes a pattern, a comma and a value");
        }
        ++pos_;
        t.kind = Token::Kind::Regex;
        t.regex = std::move(re);
        t.text = std::move(body);
    } else {
        t.kind = Token::Kind::Setting;
        t.text = std::move(body);
    }
    // The special form is followed by an ordinary `(` token (§2.13).
    Token paren;
    paren.kind = Token::Kind::LParen;
    paren.begin = begin + static_cast<std::uint32_t>(name.size());
    paren.end = paren.begin + 1;
    ++depth_;
    pending_ = std::move(paren);
    return emit(std::move(t));
}

bool Lexer::read_string(std::uint32_t at, std::string& out, std::uint32_t& end) {
    const char quote = text_[at];
    pegtl::memory_input<pegtl::tracking_mode::lazy, pegtl::eol::lf_crlf, const char*> in(
        text_.data() + at, text_.data() + text_.size(), "");
    bool ok = quote == '\''
                  ? pegtl::parse<lex::quoted<'\''>>(in)
                  : pegtl::parse<lex::quoted<'"'>>(in);
    if (!ok) {
        fail("E-UNTERMINATED-STRING", "Unterminated string", at, text_.size(),
             "a backslash escapes the byte after it, so a string cannot end in a backslash");
        return false;
    }
    end = static_cast<std::uint32_t>(in.current() - text_.data());
    // §2.8: a byte is escaped when the byte before it is a backslash; \n \r \t become control
    // characters, every other escaped byte (and every backslash) is kept as is.
    std::string_view body = text_.substr(at + 1, end - at - 2);
    out.clear();
    out.reserve(body.size());
    bool prev_backslash = false;
    for (char c : body) {
        if (prev_backslash && (c == 'n' || c == 'r' || c == 't')) {
            out += c == 'n' ? '\n' : (c == 'r' ? '\r' : '\t');
        } else {
            out += c;
        }
        prev_backslash = c == '\\';
    }
    if (!valid_utf8(out)) {
        fail("E-INVALID-UTF8", "Invalid UTF-8", at, end, "the string literal is not valid UTF-8");
        return false;
    }
    return true;
}

std::optional<Token> Lexer::string_literal(std::uint32_t begin) {
    Token t;
    t.kind = Token::Kind::Const;
    t.begin = begin;
    std::string body;
    if (!read_string(begin, body, t.end)) return std::nullopt;
    pos_ = t.end;
    t.value = Value(std::string_view(body));
    return t;
}

std::optional<Token> Lexer::operator_token(std::uint32_t begin) {
    const auto c = static_cast<unsigned char>(text_[pos_]);
    const auto peek = [&](std::size_t k) -> int {
        return pos_ + k < text_.size() ? static_cast<unsigned char>(text_[pos_ + k]) : -1;
    };
    Token t;
    t.begin = begin;
    auto binary = [&](BinaryOp op, std::size_t len) {
        t.kind = Token::Kind::Binary;
        t.binary = op;
        pos_ += len;
        t.end = static_cast<std::uint32_t>(pos_);
        return t;
    };
    auto simple = [&](Token::Kind k) {
        t.kind = k;
        ++pos_;
        t.end = static_cast<std::uint32_t>(pos_);
        return t;
    };
    switch (c) {
        case '+': return binary(BinaryOp::Add, 1);
        case '-':
            if (at_start_) {
                t.kind = Token::Kind::Unary;
                t.unary = UnaryOp::Minus;
                return simple(Token::Kind::Unary);
            }
            return binary(BinaryOp::Sub, 1);
        case '*': return binary(BinaryOp::Mul, 1);
        case '/': return binary(BinaryOp::Div, 1);
        case '^': return binary(BinaryOp::Xor, 1);
        case '&': return binary(BinaryOp::And, peek(1) == '&' ? 2 : 1);  // §2.9: `&` is `&&`
        case '|': return binary(BinaryOp::Or, peek(1) == '|' ? 2 : 1);
        case '!':
            if (peek(1) == '=') return binary(BinaryOp::Ne, 2);
            t.unary = UnaryOp::Not;
            return simple(Token::Kind::Unary);
        case '=': {
            int n = peek(1);
            if (n == '=') return binary(BinaryOp::Eq, 2);
            if (n == '>') return binary(BinaryOp::Ge, 2);
            if (n == '<') return binary(BinaryOp::Le, 2);
            if (n < 0) return binary(BinaryOp::Eq, 1);
            // §2.9: a single `=` consumes and discards the byte after it.
            if (!is_separator(static_cast<unsigned char>(n))) {
                note(NoteKind::EqualsSwallowsByte, pos_,
                     "Stalwart reads a single `=` as `==` and discards the character after it "
                     "(here " + rust_char_literal(static_cast<unsigned char>(n)) +
                         "); write `==`");
            }
            return binary(BinaryOp::Eq, 2);
        }
        case '>': return peek(1) == '=' ? binary(BinaryOp::Ge, 2) : binary(BinaryOp::Gt, 1);
        case '<': return peek(1) == '=' ? binary(BinaryOp::Le, 2) : binary(BinaryOp::Lt, 1);
        case '(':
            ++depth_;
            return simple(Token::Kind::LParen);
        case ')':
            if (depth_ == 0) {
                return fail("E-UNMATCHED-PAREN", "Unmatched close parenthesis", pos_, pos_ + 1,
                            "this `)` closes nothing");
            }
            --depth_;
            return simple(Token::Kind::RParen);
        case '[': return simple(Token::Kind::LBracket);
        case ']': return simple(Token::Kind::RBracket);
        case ',': return simple(Token::Kind::Comma);
        case '\'':
        case '"': return string_literal(begin);
        default: break;
    }
    std::string help;
    if (c == '\t') help = "TAB is not whitespace in Stalwart expressions; use spaces";
    if (c >= 0x80) help = "non-ASCII text must be inside a quoted string";
    if (c == '#') help = "expressions have no comments";
    return fail("E-INVALID-CHAR", "Invalid character " + rust_char_literal(c), pos_, pos_ + 1,
                help);
}

}  // namespace httpctl::expr::detail
