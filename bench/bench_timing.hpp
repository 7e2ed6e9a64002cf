// Timing helpers of the micro-benchmarks: a batch grown until it lasts long enough to time, and
// the median of repeated measurements.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <vector>

namespace httpctl::bench {

// Nanoseconds per call of `body`: the batch doubles until one batch lasts at least `min_ms`.
template <typename F>
double ns_per_iteration(F&& body, double min_ms) {
    using Clock = std::chrono::steady_clock;
    std::size_t batch = 16;
    while (true) {
        const auto start = Clock::now();
        for (std::size_t i = 0; i < batch; ++i)
            body();
        const double ns = std::chrono::duration<double, std::nano>(Clock::now() - start).count();
        if (ns >= min_ms * 1e6 || batch > (1u << 30)) return ns / static_cast<double>(batch);
        batch *= 2;
    }
}

inline double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

}  // namespace httpctl::bench
