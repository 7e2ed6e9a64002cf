// The worker threads shared by every listening socket of a server. cpp-httplib gives each
// listening socket its own unbounded ThreadPool; one bounded pool for all of them keeps the
// thread count and the number of waiting connections fixed however many addresses are bound.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace httpctl::server::detail {

class WorkerPool {
  public:
    // `threads` workers; at most `capacity` jobs running or waiting.
    WorkerPool(std::size_t threads, std::size_t capacity);
    ~WorkerPool();  // joins (after the queued jobs ran)
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // false (and `job` not taken) when the pool is full or shut down.
    [[nodiscard]] bool try_submit(std::function<void()>& job);
    // True when a job waits for a thread (a hint: it may change right after).
    [[nodiscard]] bool has_waiting_jobs() const noexcept { return waiting_.load() > 0; }
    // Waits until no job runs or waits, at most until `deadline`; true when idle.
    bool wait_idle(std::chrono::steady_clock::time_point deadline);
    void shutdown();

  private:
    void work();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::deque<std::function<void()>> jobs_;
    std::size_t running_ = 0;
    std::atomic<std::size_t> waiting_{0};  // jobs_.size(), readable without the lock
    std::size_t capacity_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// What cpp-httplib's accept loop sees as its task queue: forwards to the shared pool. A
// connection the pool cannot take is run right away on the accept thread, where the server
// recognises it and answers 503 without reading (see HttpServer).
class PoolQueue final : public httplib::TaskQueue {
  public:
    explicit PoolQueue(WorkerPool& pool) : pool_(pool) {}
    void enqueue(std::function<void()> fn) override {
        if (!pool_.try_submit(fn)) fn();
    }
    void shutdown() override {}  // the pool outlives every listening socket

  private:
    WorkerPool& pool_;
};

}  // namespace httpctl::server::detail
