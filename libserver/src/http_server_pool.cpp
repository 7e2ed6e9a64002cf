#include "http_server_pool.hpp"

#include <algorithm>

namespace httpctl::server::detail {

WorkerPool::WorkerPool(std::size_t threads, std::size_t capacity)
    : capacity_(std::max(capacity, threads)) {
    threads = std::max<std::size_t>(threads, 1);
    threads_.reserve(threads);
    for (std::size_t i = 0; i < threads; ++i)
        threads_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
    shutdown();
}

bool WorkerPool::try_submit(std::function<void()>& job) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || running_ + jobs_.size() >= capacity_) return false;
        jobs_.push_back(std::move(job));
        waiting_.store(jobs_.size());
    }
    wake_.notify_one();
    return true;
}

bool WorkerPool::wait_idle(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return idle_.wait_until(lock, deadline, [this] { return running_ == 0 && jobs_.empty(); });
}

void WorkerPool::shutdown() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) {
        if (thread.joinable()) thread.join();
    }
    threads_.clear();
}

void WorkerPool::work() {
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (jobs_.empty()) return;  // stopping and drained
            job = std::move(jobs_.front());
            jobs_.pop_front();
            waiting_.store(jobs_.size());
            ++running_;
        }
        job();
        {
            std::lock_guard lock(mutex_);
            --running_;
            if (running_ == 0 && jobs_.empty()) idle_.notify_all();
        }
    }
}

}  // namespace httpctl::server::detail
