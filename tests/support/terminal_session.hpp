// A program run on a pseudo-terminal, for testing what a user at a terminal sees: keys go in,
// the screen output comes back (escape sequences included).
#pragma once

#include <sys/types.h>

#include <string>
#include <string_view>

namespace httpctl::test {

class TerminalSession {
  public:
    // Runs `command_line` with /bin/sh on a new 80x24 terminal (TERM=xterm).
    explicit TerminalSession(const std::string& command_line);
    ~TerminalSession();
    TerminalSession(const TerminalSession&) = delete;
    TerminalSession& operator=(const TerminalSession&) = delete;

    void send(std::string_view keys);
    // Reads until `text` has appeared in the output after `from` (an offset in output()).
    // False when the program ended or went quiet for a long time without printing it (a guard
    // against hangs, not a measure of speed).
    bool wait_for(std::string_view text, std::size_t from = 0);
    // Waits for the program to end; its exit status, or -1 if it did not exit normally.
    int wait_exit();
    [[nodiscard]] const std::string& output() const noexcept { return output_; }

  private:
    bool read_some(int timeout_ms);

    pid_t pid_ = -1;
    int master_ = -1;
    std::string output_;
    bool reaped_ = false;
};

}  // namespace httpctl::test
