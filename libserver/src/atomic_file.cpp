#include "atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>
#include <vector>

namespace httpctl::server {
namespace {

std::string os_error(std::string_view what, const std::filesystem::path& path, int code) {
    std::string message(what);
    message += ' ';
    message += path.string();
    message += ": ";
    message += std::strerror(code);
    return message;
}

// Closes the descriptor and removes the temporary file unless `keep()` was called.
class TempFileGuard {
  public:
    TempFileGuard(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
    ~TempFileGuard() {
        if (fd_ >= 0) ::close(fd_);
        if (!kept_) ::unlink(path_.c_str());
    }
    TempFileGuard(const TempFileGuard&) = delete;
    TempFileGuard& operator=(const TempFileGuard&) = delete;
    [[nodiscard]] int fd() const noexcept { return fd_; }
    // Closes now and reports close()'s error (a deferred write error shows up here).
    int close_now() noexcept {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc;
    }
    void keep() noexcept { kept_ = true; }

  private:
    int fd_;
    std::filesystem::path path_;
    bool kept_ = false;
};

}  // namespace

std::string sync_directory(const std::filesystem::path& directory) {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return os_error("cannot open directory", directory, errno);
    const int rc = ::fsync(fd);
    const int code = errno;
    ::close(fd);
    if (rc != 0) return os_error("cannot sync directory", directory, code);
    return {};
}

namespace {

// mkostemp's template: the target's name, a dot and six random characters.
constexpr std::string_view kTemporarySuffix = ".XXXXXX";

}  // namespace

void remove_stale_temporaries(const std::filesystem::path& target,
                              const std::filesystem::path& temp_dir) {
    const std::string prefix = target.filename().string() + ".";
    const std::size_t length = prefix.size() + kTemporarySuffix.size() - 1;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(temp_dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.size() == length && name.starts_with(prefix)) {
            std::error_code ignored;
            std::filesystem::remove(entry.path(), ignored);
        }
    }
}

std::string write_file_atomically(const std::filesystem::path& target, std::string_view bytes,
                                  const std::filesystem::path& temp_dir) {
    const std::string pattern =
        (temp_dir / (target.filename().string() + std::string(kTemporarySuffix))).string();
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return os_error("cannot create a temporary file in", temp_dir, errno);
    TempFileGuard temp(fd, std::filesystem::path(name.data()));

    std::size_t written = 0;
    while (written < bytes.size()) {
        const ssize_t n = ::write(temp.fd(), bytes.data() + written, bytes.size() - written);
        if (n < 0) {
            if (errno == EINTR) continue;
            return os_error("cannot write", name.data(), errno);
        }
        written += static_cast<std::size_t>(n);
    }
    if (::fsync(temp.fd()) != 0) return os_error("cannot sync", name.data(), errno);
    if (temp.close_now() != 0) return os_error("cannot close", name.data(), errno);
    if (::rename(name.data(), target.c_str()) != 0) {
        return os_error("cannot rename into", target, errno);
    }
    temp.keep();
    return sync_directory(target.parent_path().empty() ? std::filesystem::path(".")
                                                       : target.parent_path());
}

FileRead read_whole_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    FileRead result;
    result.bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    result.ok = !in.bad();
    return result;
}

}  // namespace httpctl::server
