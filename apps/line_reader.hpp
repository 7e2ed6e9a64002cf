// Where the REPL's input lines come from: a terminal with line editing, history and completion
// (libedit), or any other stream, read plainly.
#pragma once

#include <cstddef>
#include <functional>
#include <istream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace httpctl::app {

struct ReadResult {
    enum class Status { Line, Cancelled, EndOfInput } status = Status::EndOfInput;
    std::string text;  // without the line break
};

// What Tab may put in place of the text from `replace_from` to the cursor.
struct Completion {
    std::size_t replace_from = 0;
    std::vector<std::string> candidates;  // sorted, no duplicates
};
using Completer = std::function<Completion(std::string_view line_before_cursor)>;

class LineReader {
  public:
    virtual ~LineReader() = default;
    virtual ReadResult read(const std::string& prompt) = 0;
    // Records a finished entry (possibly several lines) in the history.
    virtual void remember(const std::string& entry) = 0;
    // A message about the reader itself (e.g. the history file cannot be written), once.
    [[nodiscard]] virtual std::string warning() const { return {}; }
};

// Plain lines from `in`: no prompt, no history.
[[nodiscard]] std::unique_ptr<LineReader> make_stream_reader(std::istream& in);

// libedit on the terminal: emacs key bindings, Tab completion through `completer`, Ctrl-C
// cancels the line, Ctrl-D on an empty line ends input. History is loaded from and saved to
// `history_file` (no history when empty).
[[nodiscard]] std::unique_ptr<LineReader> make_terminal_reader(Completer completer,
                                                               std::string history_file);

}  // namespace httpctl::app
