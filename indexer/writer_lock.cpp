#include "writer_lock.h"

#include <fahras/error.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace fahras {

namespace {

std::string read_holder(int fd) {
    char buffer[64] = {};
    const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
    std::string holder(buffer, n > 0 ? static_cast<std::size_t>(n) : 0);
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    return holder;
}

}  // namespace

WriterLock::WriterLock(const std::string& db_path, double wait_seconds) {
    const std::string path = lock_path(db_path);
    fd_ = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0) {
        const int err = errno;
        // A full disk (or quota) is an I/O condition to retry after freeing
        // space, as when the database itself cannot be written (74); said
        // in English whatever the locale, as the indexer says it.
        if (err == ENOSPC || err == EDQUOT) {
            throw Error(EXIT_IO_ERROR, "cannot create lock file " + path + ": No space left on device" +
                                           (err == EDQUOT ? " (disk quota exceeded): free space within the quota"
                                                          : ": the disk is full; free space on it") +
                                           " (or move the database to a larger disk), then run again");
        }
        // A path or permission problem: the database cannot be created here.
        throw Error(EXIT_CANT_CREATE, "cannot create lock file " + path + ": " + std::strerror(err));
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    while (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            const int err = errno;
            close(fd_);
            throw Error(EXIT_CANT_CREATE, "cannot lock " + path + ": " + std::strerror(err));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            const std::string holder = read_holder(fd_);
            close(fd_);
            fd_ = -1;
            throw Error(EXIT_TEMP_FAIL, "another fahras-index" + (holder.empty() ? "" : " (pid " + holder + ")") +
                                            " is writing " + db_path + (wait_seconds > 0 ? "; gave up waiting" : "") +
                                            "; try again later, or wait with --wait-lock SECONDS");
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    // Record who holds it, for the message a second indexer prints.
    const std::string pid = std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) == 0) {
        [[maybe_unused]] const ssize_t written = pwrite(fd_, pid.data(), pid.size(), 0);
    }
}

WriterLock::~WriterLock() {
    if (fd_ >= 0) close(fd_);  // closing releases the flock
}

}  // namespace fahras
