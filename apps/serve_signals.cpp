#include "serve_signals.hpp"

#include <pthread.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>

namespace httpctl::app {

ServeSignals::ServeSignals() {
    sigset_t set;
    ::sigemptyset(&set);
    ::sigaddset(&set, SIGHUP);
    ::sigaddset(&set, SIGINT);
    ::sigaddset(&set, SIGTERM);
    if (::pthread_sigmask(SIG_BLOCK, &set, &previous_mask_) != 0) return;
    fd_ = ::signalfd(-1, &set, SFD_CLOEXEC);
}

ServeSignals::~ServeSignals() {
    if (fd_ >= 0) ::close(fd_);
    ::pthread_sigmask(SIG_SETMASK, &previous_mask_, nullptr);
}

int ServeSignals::wait() {
    for (;;) {
        signalfd_siginfo info{};
        const ssize_t n = ::read(fd_, &info, sizeof info);
        if (n == static_cast<ssize_t>(sizeof info)) return static_cast<int>(info.ssi_signo);
        if (n < 0 && errno == EINTR) continue;
        return 0;
    }
}

}  // namespace httpctl::app
