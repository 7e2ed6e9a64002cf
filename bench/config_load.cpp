// Loading speed: our Stalwart-dialect loader against toml11 on the same generated Stalwart-style
// files (10,000 and 100,000 flat keys). Each figure is the median wall time of repeated runs of
// "read the file and parse it"; the goal is a ratio of at most 15 % (Stalwart's own loader takes
// about 1/7 of toml11's time on such files).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <toml.hpp>

#include "config_generator.hpp"
#include "httpconf/loader.hpp"

namespace {

template <typename F>
double median_ms(int runs, F&& run) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        auto start = std::chrono::steady_clock::now();
        run();
        std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        times.push_back(elapsed.count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool bench(std::size_t target_keys, int runs) {
    const std::string text = httpctl::bench::generate_config(target_keys);
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("httpctl-bench-" + std::to_string(target_keys) + ".toml"))
                                 .string();
    std::ofstream(path, std::ios::binary) << text;

    httpctl::conf::LoadResult check = httpctl::conf::load_config(text, path);
    if (!check.ok()) {
        std::fprintf(stderr, "generated file rejected: %s\n",
                     httpctl::conf::to_compact_text(check.diagnostics.front()).c_str());
        return false;
    }
    std::size_t keys = check.config->size();

    std::size_t sink = 0;
    double ours = median_ms(runs, [&] {
        httpctl::conf::LoadResult result = httpctl::conf::load_config(read_file(path), path);
        sink += result.config->size();
    });
    double theirs = median_ms(runs, [&] {
        auto value = toml::parse(path);
        sink += value.as_table().size();
    });
    std::printf("%7zu keys (%5.1f MB): ours %8.2f ms, toml11 %8.2f ms, ratio %5.1f %% (%s)\n", keys,
                static_cast<double>(text.size()) / 1e6, ours, theirs, 100.0 * ours / theirs,
                ours <= 0.15 * theirs ? "goal <= 15 % met" : "goal <= 15 % MISSED");
    std::filesystem::remove(path);
    return sink != 0;
}

}  // namespace

int main() {
    bool ok = bench(10000, 15);
    ok = bench(100000, 5) && ok;
    return ok ? 0 : 1;
}
