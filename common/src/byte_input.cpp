// The bytes under the article readers: opened and read without blocking
// for long, and inflated by our own loop when they are gzip.
#include "byte_input_internal.h"

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fahras::detail {

namespace {

// How long one wait for input lasts before the cancel flag is looked at
// again: short enough that SIGTERM is answered at once to a person, long
// enough that an idle wait costs nothing.
constexpr int POLL_MILLISECONDS = 100;

bool is_cancelled(const std::atomic<bool>* cancel) { return cancel && cancel->load(std::memory_order_relaxed); }

}  // namespace

// ---------------------------------------------------------------- RawInput

RawInput::RawInput(const std::string& path, const std::atomic<bool>* cancel) : cancel_(cancel) {
    if (path == "-") {
        // Not ours to close, nor to make non-blocking (that would change
        // the file description the shell shares with us).
        fd_ = STDIN_FILENO;
    } else {
        fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
        if (fd_ < 0) throw OpenError(std::strerror(errno));
        owned_ = true;
    }
    struct stat status {};
    if (::fstat(fd_, &status) != 0) {
        const int err = errno;
        close_owned();
        throw OpenError(std::strerror(err));
    }
    if (S_ISDIR(status.st_mode)) {
        close_owned();
        throw OpenError(std::strerror(EISDIR));
    }
    regular_ = S_ISREG(status.st_mode);
}

std::size_t RawInput::read(unsigned char* out, std::size_t size, InputEnd& end) {
    for (;;) {
        if (is_cancelled(cancel_)) {
            end = InputEnd::cancelled;
            return 0;
        }
        // A regular file is always ready: poll() would only cost time.
        if (!regular_) {
            pollfd wait{fd_, POLLIN, 0};
            const int ready = ::poll(&wait, 1, POLL_MILLISECONDS);
            if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
            if (ready < 0) return failed(errno, end);
            // POLLIN, POLLHUP or POLLERR: read() says which.
        }
        const ssize_t n = ::read(fd_, out, size);
        if (n > 0) {
            consumed_ += static_cast<std::uint64_t>(n);
            return static_cast<std::size_t>(n);
        }
        if (n == 0) {
            end = InputEnd::end;
            return 0;
        }
        if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
        return failed(errno, end);
    }
}

std::size_t RawInput::failed(int err, InputEnd& end) {
    error_ = std::strerror(err);
    end = InputEnd::error;
    return 0;
}

void RawInput::close_owned() {
    if (owned_ && fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

// ---------------------------------------------------------------- ByteInput

std::size_t ByteInput::read(char* out, std::size_t size) {
    if (end_ != InputEnd::none) return 0;
    // Checked here too, not only when the file is read: a small gzip
    // can inflate for a long time without reading anything.
    if (is_cancelled(cancel_)) {
        end_ = InputEnd::cancelled;
        return 0;
    }
    if (!started_ && !start()) return 0;
    return gzip_ ? inflate_into(reinterpret_cast<unsigned char*>(out), size)
                 : copy_into(reinterpret_cast<unsigned char*>(out), size);
}

// Read until there are two bytes to tell gzip from plain text.
bool ByteInput::start() {
    started_ = true;
    while (in_end_ < 2 && more_input()) {
    }
    if (in_end_ >= 2 && in_[0] == 0x1f && in_[1] == 0x8b) {
        gzip_ = true;
        // 15 + 32: a window of up to 32 KiB, gzip or zlib header.
        if (inflateInit2(&stream_, 15 + 32) != Z_OK) return fail("cannot start decompressing (out of memory?)");
        if (end_ == InputEnd::end) end_ = InputEnd::none;  // a tiny file: the rest is still to inflate
    }
    if (in_end_ > 0 && end_ == InputEnd::end) end_ = InputEnd::none;  // one byte to hand out
    return end_ == InputEnd::none;
}

// Append one read of the file after the unused input; false (and end_
// set) when nothing more comes.
bool ByteInput::more_input() {
    if (in_pos_ > 0) {
        std::memmove(in_.data(), in_.data() + in_pos_, in_end_ - in_pos_);
        in_end_ -= in_pos_;
        in_pos_ = 0;
    }
    if (in_end_ == in_.size()) return true;
    InputEnd why = InputEnd::none;
    const std::size_t n = raw_.read(in_.data() + in_end_, in_.size() - in_end_, why);
    if (n == 0) {
        end_ = why;
        if (why == InputEnd::error) error_ = raw_.error();
        return false;
    }
    in_end_ += n;
    return true;
}

std::size_t ByteInput::copy_into(unsigned char* out, std::size_t size) {
    if (in_pos_ < in_end_) {
        const std::size_t n = std::min(size, in_end_ - in_pos_);
        std::memcpy(out, in_.data() + in_pos_, n);
        in_pos_ += n;
        return n;
    }
    InputEnd why = InputEnd::none;
    const std::size_t n = raw_.read(out, size, why);
    if (n == 0) {
        end_ = why;
        if (why == InputEnd::error) error_ = raw_.error();
    }
    return n;
}

std::size_t ByteInput::inflate_into(unsigned char* out, std::size_t size) {
    stream_.next_out = out;
    stream_.avail_out = static_cast<uInt>(size);
    // Until something comes out: the caller takes 0 for the end.
    while (stream_.avail_out == size && end_ == InputEnd::none) {
        if (between_members_) {
            // Another gzip member may follow (concatenated files).
            while (in_end_ - in_pos_ < 2 && more_input()) {
            }
            if (end_ == InputEnd::end && in_pos_ == in_end_) break;  // the clean end
            if (end_ != InputEnd::none && end_ != InputEnd::end) break;
            if (in_end_ - in_pos_ >= 2 && in_[in_pos_] == 0x1f && in_[in_pos_ + 1] == 0x8b) {
                inflateReset(&stream_);
                between_members_ = false;
                end_ = InputEnd::none;
            } else {
                trailing_ = true;
                end_ = InputEnd::end;
                break;
            }
        }
        if (in_pos_ == in_end_ && !more_input()) {
            // The file ended inside a member: it was cut short.
            if (end_ == InputEnd::end) fail("unexpected end of file");
            break;
        }
        stream_.next_in = in_.data() + in_pos_;
        stream_.avail_in = static_cast<uInt>(in_end_ - in_pos_);
        const int rc = inflate(&stream_, Z_NO_FLUSH);
        in_pos_ = in_end_ - stream_.avail_in;
        if (rc == Z_STREAM_END) {
            between_members_ = true;
        } else if (rc == Z_BUF_ERROR && in_pos_ < in_end_) {
            fail("corrupt compressed data");  // no progress with input left: never expected
        } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
            fail(stream_.msg ? stream_.msg : rc == Z_MEM_ERROR ? "out of memory" : "corrupt compressed data");
        }
    }
    return size - stream_.avail_out;
}

bool ByteInput::fail(const std::string& why) {
    error_ = why;
    end_ = InputEnd::error;
    return false;
}

}  // namespace fahras::detail
