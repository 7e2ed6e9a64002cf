#include "support/terminal_session.hpp"

#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace httpctl::test {

namespace {
constexpr int kQuietLimitMs = 20000;
}

TerminalSession::TerminalSession(const std::string& command_line) {
    winsize size{};
    size.ws_row = 24;
    size.ws_col = 80;
    pid_ = forkpty(&master_, nullptr, nullptr, &size);
    if (pid_ == 0) {
        setenv("TERM", "xterm", 1);
        execl("/bin/sh", "sh", "-c", command_line.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
}

TerminalSession::~TerminalSession() {
    if (pid_ > 0 && !reaped_) {
        kill(pid_, SIGKILL);
        waitpid(pid_, nullptr, 0);
    }
    if (master_ >= 0) close(master_);
}

void TerminalSession::send(std::string_view keys) {
    while (!keys.empty() && master_ >= 0) {
        const ssize_t n = write(master_, keys.data(), keys.size());
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return;
        keys.remove_prefix(static_cast<std::size_t>(n));
    }
}

bool TerminalSession::read_some(int timeout_ms) {
    pollfd p{master_, POLLIN, 0};
    const int ready = poll(&p, 1, timeout_ms);
    if (ready <= 0) return false;
    char buf[4096];
    const ssize_t n = read(master_, buf, sizeof buf);
    if (n <= 0) return false;  // EIO once the program has closed the terminal
    output_.append(buf, static_cast<std::size_t>(n));
    return true;
}

bool TerminalSession::wait_for(std::string_view text, std::size_t from) {
    if (pid_ <= 0) return false;
    while (output_.find(text, std::min(from, output_.size())) == std::string::npos) {
        if (!read_some(kQuietLimitMs)) return false;
    }
    return true;
}

int TerminalSession::wait_exit() {
    if (pid_ <= 0) return -1;
    int status = 0;
    // Keep reading (a program blocked on a full terminal never ends) until it can be reaped.
    for (int round = 0; round < kQuietLimitMs / 100; ++round) {
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            reaped_ = true;
            while (read_some(0)) {
            }
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        if (!read_some(100)) usleep(10000);
    }
    // Still running although it was told to end: it hangs.
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
    reaped_ = true;
    return -1;
}

}  // namespace httpctl::test
