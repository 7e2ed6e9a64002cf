// `stalwart-httpctl check` end to end (process start included) against a bare toml11 parse of
// the same generated files (10,000 and 100,000 keys). Each figure is the median wall time of
// repeated runs; the goal is check ≤ 15 % of the toml11 parse, and a 100k/10k ratio near 10
// (linear growth).
//
//   check_bench [--cli PATH] [--runs N]
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <toml.hpp>

#include "config_generator.hpp"

extern char** environ;

namespace {

// An HTTP listener and a `http.url` expression, so the check also builds and evaluates the base
// URL, as it does on a real file.
constexpr const char* kHttpSection =
    "\n[server.listener.\"https\"]\n"
    "bind = [\"[::]:443\"]\n"
    "protocol = \"http\"\n"
    "tls.implicit = true\n\n"
    "[http]\n"
    "url = \"protocol + '://' + config_get('server.hostname') + ':' + local_port\"\n"
    "use-x-forwarded = false\n\n"
    "[server]\n"
    "hostname = \"mail.example.org\"\n";

template <typename F>
double median_ms(int runs, F&& run) {
    std::vector<double> times;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        run();
        const std::chrono::duration<double, std::milli> elapsed =
            std::chrono::steady_clock::now() - start;
        times.push_back(elapsed.count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

// Runs `cli check path` with its output discarded; returns its exit status (-1: did not run).
int run_check(const std::string& cli, const std::string& path) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
    std::string check = "check";
    std::string program = cli;
    std::string file = path;
    char* argv[] = {program.data(), check.data(), file.data(), nullptr};
    pid_t pid = 0;
    const int spawned = posix_spawn(&pid, cli.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) return -1;
    int status = 0;
    if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
    return WEXITSTATUS(status);
}

struct Figures {
    double check_ms = 0;
    double toml11_ms = 0;
};

bool bench(const std::string& cli, std::size_t target_keys, int runs, Figures& figures) {
    const std::string text = httpctl::bench::generate_config(target_keys) + kHttpSection;
    const std::string path = (std::filesystem::temp_directory_path() /
                              ("httpctl-check-bench-" + std::to_string(target_keys) + ".toml"))
                                 .string();
    std::ofstream(path, std::ios::binary) << text;

    const int status = run_check(cli, path);
    if (status != 0 && status != 1) {
        std::fprintf(stderr, "%s check %s: exit status %d\n", cli.c_str(), path.c_str(), status);
        return false;
    }
    std::size_t sink = 0;
    figures.check_ms =
        median_ms(runs, [&] { sink += static_cast<std::size_t>(run_check(cli, path)); });
    figures.toml11_ms = median_ms(runs, [&] {
        auto value = toml::parse(path);
        sink += value.as_table().size();
    });
    std::printf(
        "%7zu keys (%5.1f MB): check %8.2f ms, toml11 parse %8.2f ms, ratio %5.1f %% (%s)\n",
        target_keys, static_cast<double>(text.size()) / 1e6, figures.check_ms, figures.toml11_ms,
        100.0 * figures.check_ms / figures.toml11_ms,
        figures.check_ms <= 0.15 * figures.toml11_ms ? "goal <= 15 % met" : "goal <= 15 % MISSED");
    std::filesystem::remove(path);
    return sink != 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::string cli = HTTPCTL_CLI;
    int runs = 11;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--cli") == 0) {
            cli = argv[i + 1];
        } else if (std::strcmp(argv[i], "--runs") == 0) {
            runs = std::max(1, std::atoi(argv[i + 1]));
        } else {
            std::fprintf(stderr, "usage: check_bench [--cli PATH] [--runs N]\n");
            return 2;
        }
    }
    Figures small;
    Figures large;
    if (!bench(cli, 10000, runs, small) || !bench(cli, 100000, std::max(3, runs / 2), large)) {
        return 1;
    }
    std::printf("growth 10k -> 100k keys: check x%.1f, toml11 parse x%.1f (linear: about x10)\n",
                large.check_ms / small.check_ms, large.toml11_ms / small.toml11_ms);
    return 0;
}
