// The expression lexer (spec expressions.md §2): byte-oriented and stateful, pulled one token
// at a time by the parser so that errors surface in Stalwart's order.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "expr/ast.hpp"
#include "expr/compiler.hpp"
#include "expr/functions.hpp"
#include "expr/operators.hpp"
#include "expr/regex.hpp"
#include "expr/value.hpp"

namespace httpctl::expr::detail {

struct Token {
    enum class Kind : std::uint8_t {
        Const,     // value
        Var,       // variable
        Capture,   // number
        Global,    // text
        Function,  // function
        Regex,     // regex
        Setting,   // text (config_get key)
        Binary,    // binary
        Unary,     // unary
        LParen,
        RParen,
        LBracket,
        RBracket,
        Comma,
    };
    Kind kind;
    std::uint32_t begin = 0;  // byte range in the text
    std::uint32_t end = 0;
    Value value;
    Variable variable = Variable::Rcpt;
    std::uint32_t number = 0;
    std::string text;
    const FunctionInfo* function = nullptr;
    std::shared_ptr<const Regex> regex;
    BinaryOp binary = BinaryOp::Add;
    UnaryOp unary = UnaryOp::Minus;
};

class Lexer {
public:
    Lexer(std::string_view text, const CompileOptions& options, std::vector<LeniencyNote>& notes);

    // The next token; nullopt at the end of the text (or after `}`), or on error (then error()
    // is set).
    std::optional<Token> next();
    [[nodiscard]] const std::optional<CompileError>& error() const noexcept { return error_; }

private:
    bool is_word_byte(unsigned char c) const;
    std::optional<Token> flush_word();
    std::optional<Token> classify_word(std::string_view word, std::uint32_t begin);
    std::optional<Token> special_form(std::string_view name, std::uint32_t begin);
    std::optional<Token> operator_token(std::uint32_t begin);
    std::optional<Token> string_literal(std::uint32_t begin);
    bool read_string(std::uint32_t at, std::string& out, std::uint32_t& end);
    std::optional<Token> emit(Token t);
    std::optional<Token> fail(std::string code, std::string message, std::size_t begin,
                              std::size_t end, std::string help = {});
    void note(NoteKind kind, std::size_t offset, std::string message);

    std::string_view text_;
    const CompileOptions& options_;
    std::vector<LeniencyNote>& notes_;
    std::size_t pos_ = 0;
    // The word buffer is a byte range of the text (§2.2): words are contiguous.
    std::size_t word_begin_ = 0;
    std::size_t word_len_ = 0;
    bool has_alpha_ = false, has_number_ = false, has_dot_ = false;
    bool at_start_ = true;
    std::uint32_t depth_ = 0;
    std::optional<Token> pending_;
    bool finished_ = false;
    std::optional<CompileError> error_;
};

// Stalwart's Rust debug rendering of a byte as a char literal: '@', '\t', '\\', 'Ã' (§2.14).
std::string rust_char_literal(unsigned char byte);

}  // namespace httpctl::expr::detail
