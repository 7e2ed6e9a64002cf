// Crash safety of the blob store and the settings overlay: a child process writes as fast as
// it can and reports each acknowledged write on a pipe; it is killed with SIGKILL mid-burst. Every
// acknowledged write must be there afterwards and nothing may be half-written.
#include <catch2/catch.hpp>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <string>
#include <vector>

#include "server/blob_store.hpp"
#include "server/settings_store.hpp"
#include "support/process.hpp"
#include "serve_support.hpp"
#include "temp_dir.hpp"

using namespace httpctl::server;
namespace fs = std::filesystem;

namespace {

using httpctl::test::sha256_hex;

// One acknowledgement: the kind ('b' blob, 's' setting), the index, then a newline.
void acknowledge(int fd, char kind, int index) {
    const std::string line = std::string(1, kind) + std::to_string(index) + "\n";
    if (::write(fd, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(3);
}

std::string blob_bytes(int index) {
    // Large enough that a write is interrupted now and then.
    return "blob " + std::to_string(index) + " " + std::string(64 * 1024 + index, 'x');
}

[[noreturn]] void writer(const fs::path& root, const fs::path& config, int ack_fd) {
    std::string error;
    auto blobs = BlobStore::open(root / "blobs", error);
    auto settings = SettingsStore::open(config, {}, error);
    if (!blobs || !settings) ::_exit(2);
    for (int i = 0;; ++i) {
        if (!blobs->put("b", blob_bytes(i)).blob) ::_exit(4);
        acknowledge(ack_fd, 'b', i);
        SettingsChange change;
        change.kind = SettingsChange::Kind::Insert;
        change.values.emplace_back("custom.key" + std::to_string(i), "value " + std::to_string(i));
        if (settings->update({change}).status != SettingsUpdate::Status::Applied) ::_exit(5);
        acknowledge(ack_fd, 's', i);
    }
}

}  // namespace

TEST_CASE("SIGKILL during a burst of uploads and settings updates loses no acknowledged write",
          "[persistence]") {
    httpctl::test::TempDir dir;
    const fs::path config = dir.path() / "config.toml";
    std::ofstream(config) << "[lookup.default]\nhostname = \"mail.example.org\"\n";

    for (int round = 0; round < 3; ++round) {
        std::array<int, 2> pipe_fds{};
        REQUIRE(::pipe(pipe_fds.data()) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(pipe_fds[0]);
            writer(dir.path(), config, pipe_fds[1]);
        }
        ::close(pipe_fds[1]);
        // Let it acknowledge some writes (more each round), then kill it without warning.
        std::string acks;
        std::array<char, 256> buffer{};
        const std::size_t wanted = 10 + 10 * static_cast<std::size_t>(round);
        while (static_cast<std::size_t>(std::count(acks.begin(), acks.end(), '\n')) < wanted) {
            const ssize_t n = ::read(pipe_fds[0], buffer.data(), buffer.size());
            REQUIRE(n > 0);
            acks.append(buffer.data(), static_cast<std::size_t>(n));
        }
        REQUIRE(::kill(child, SIGKILL) == 0);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WIFSIGNALED(status));
        // Whatever it acknowledged before dying.
        for (ssize_t n; (n = ::read(pipe_fds[0], buffer.data(), buffer.size())) > 0;) {
            acks.append(buffer.data(), static_cast<std::size_t>(n));
        }
        ::close(pipe_fds[0]);

        // Reopen as a restarted server would.
        std::string error;
        auto blobs = BlobStore::open(dir.path() / "blobs", error);
        INFO(error);
        REQUIRE(blobs);
        auto settings = SettingsStore::open(config, {}, error);
        REQUIRE(settings);  // the overlay file parses: never half-written
        const SettingsOverlay overlay = settings->overlay();

        std::size_t checked = 0;
        std::size_t start = 0;
        for (auto end = acks.find('\n'); end != std::string::npos;
             start = end + 1, end = acks.find('\n', start)) {
            const std::string line = acks.substr(start, end - start);
            if (line.size() < 2 || (line[0] != 'b' && line[0] != 's')) continue;  // torn last line
            const int index = std::stoi(line.substr(1));
            if (line[0] == 'b') {
                const std::string bytes = blob_bytes(index);
                CHECK(blobs->get("b", "b" + sha256_hex(bytes)) ==
                      std::optional<std::string>(bytes));
            } else {
                const auto it = overlay.set.find("custom.key" + std::to_string(index));
                REQUIRE(it != overlay.set.end());
                CHECK(it->second == "value " + std::to_string(index));
            }
            ++checked;
        }
        CHECK(checked >= wanted);
        // Every stored blob is complete: its name is the hash of its bytes.
        for (const auto& entry : fs::directory_iterator(dir.path() / "blobs" / "blobs")) {
            CHECK(sha256_hex(httpctl::test::read_binary_file(entry.path().string())) ==
                  entry.path().filename().string());
        }
        CHECK(fs::is_empty(dir.path() / "blobs" / "tmp"));
        // No stray temporary files beside the settings file.
        for (const auto& entry : fs::directory_iterator(dir.path())) {
            const std::string name = entry.path().filename().string();
            CHECK(
                (name == "config.toml" || name == "config.toml.settings.json" || name == "blobs"));
        }
    }
}
