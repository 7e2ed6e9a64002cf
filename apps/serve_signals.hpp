// The signals `serve` reacts to (SIGHUP: reload; SIGINT, SIGTERM: graceful stop), received
// through a signalfd owned by this object instead of handlers writing to global state. Create it
// before any thread starts: the signals are blocked in the creating thread and every thread
// started afterwards inherits that, so they are only ever delivered to the signalfd.
#pragma once

#include <signal.h>

namespace httpctl::app {

class ServeSignals {
  public:
    ServeSignals();
    ~ServeSignals();  // restores the signal mask
    ServeSignals(const ServeSignals&) = delete;
    ServeSignals& operator=(const ServeSignals&) = delete;

    [[nodiscard]] bool ok() const noexcept { return fd_ >= 0; }
    // Blocks until one of the signals arrives and returns its number (0 on error).
    int wait();

  private:
    sigset_t previous_mask_{};
    int fd_ = -1;
};

}  // namespace httpctl::app
