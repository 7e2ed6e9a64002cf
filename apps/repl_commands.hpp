// The REPL proper: runs one finished entry (an expression or a `:command`) against the session
// and prints what it gives. Reading lines, history and completion live elsewhere.
#pragma once

#include <initializer_list>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "httpconf/eval_session.hpp"

namespace httpctl::app {

struct ReplCommandInfo {
    std::string_view name;  // with the colon, e.g. ":set"
    std::string_view arguments;
    std::string_view help;
};

// Every command, in the order :help lists them.
[[nodiscard]] std::span<const ReplCommandInfo> repl_commands();

class Repl {
  public:
    Repl(conf::EvalSession& session, std::ostream& out, std::ostream& err, bool color)
        : session_(session), out_(out), err_(err), color_(color) {}

    // Runs one entry; false when it asks to leave (:quit).
    bool run(std::string_view entry);
    // Whether any entry so far failed (the exit status when input is not a terminal).
    [[nodiscard]] bool had_error() const noexcept { return had_error_; }

  private:
    void fail(const std::string& message);
    // Compiles `text` (reporting errors with a caret); nullopt when it does not compile.
    std::optional<expr::Expression> compile(std::string_view text);
    void evaluate(std::string_view text);
    void help();
    void set(std::string_view arguments);
    void unset(std::string_view arguments);
    void vars();
    void ast(std::string_view text);
    void explain(std::string_view text);
    void time(std::string_view text);
    void listener(std::string_view id);
    void request(std::string_view line);
    void header(std::string_view line);
    void load(std::string_view path);
    void key(std::string_view key);
    // Prints `name = value : type` for each named variable.
    void show(std::initializer_list<expr::Variable> variables);

    conf::EvalSession& session_;
    std::ostream& out_;
    std::ostream& err_;
    bool color_;
    bool had_error_ = false;
};

}  // namespace httpctl::app
