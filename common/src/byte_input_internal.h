/** @file byte_input_internal.h
 *  @brief The input under the article readers: bytes that never block for
 *  long, gzip inflated by a loop of our own, and lines.
 *
 *  Every read waits in short steps and looks at a cancel flag between
 *  them, so that SIGTERM is answered whatever the input does: a FIFO
 *  nobody writes to, standard input that stays open, /dev/zero.
 */
#ifndef FAHRAS_BYTE_INPUT_INTERNAL_H
#define FAHRAS_BYTE_INPUT_INTERNAL_H

#include <zlib.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace fahras::detail {

/// An input that cannot be opened (its what() is strerror's text).
struct OpenError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// Bytes asked of the file at a time, and the size of a line's chunks.
inline constexpr std::size_t READ_BUFFER_BYTES = 1 << 17;

// How a read ended when it brought nothing.
enum class InputEnd { none, end, cancelled, error };

// The raw bytes of a file, a FIFO, a device or standard input.  Opened
// with O_NONBLOCK, so that opening a FIFO that nobody writes to returns at
// once (a blocking open() would wait for a writer, deaf to signals), and
// anything but a regular file is waited on with poll() in short steps, so
// that a cancel is seen whatever the input does.
class RawInput {
  public:
    /** Opens @a path ("-": standard input); throws OpenError. */
    RawInput(const std::string& path, const std::atomic<bool>* cancel);
    ~RawInput() { close_owned(); }
    RawInput(const RawInput&) = delete;
    RawInput& operator=(const RawInput&) = delete;

    /** Up to @a size bytes into @a out; 0 with @a end saying why. */
    std::size_t read(unsigned char* out, std::size_t size, InputEnd& end);

    std::uint64_t consumed() const { return consumed_; }
    const std::string& error() const { return error_; }

  private:
    std::size_t failed(int err, InputEnd& end);
    void close_owned();

    const std::atomic<bool>* cancel_;
    int fd_ = -1;
    bool owned_ = false;
    bool regular_ = false;
    std::uint64_t consumed_ = 0;
    std::string error_;
};

// The bytes of an input, inflated when it starts with gzip's magic bytes
// (whatever its name, as zlib's gzread does), through zlib's inflate and a
// loop of our own: gzread refills by looping in read() until its buffer is
// full, which waits forever on a pipe, and a call of gzread that meets
// damage returns an error instead of the text it inflated before it.
class ByteInput {
  public:
    /** Opens @a path ("-": standard input); throws OpenError. */
    ByteInput(const std::string& path, const std::atomic<bool>* cancel)
        : raw_(path, cancel), cancel_(cancel), in_(READ_BUFFER_BYTES) {}
    ~ByteInput() {
        if (gzip_) inflateEnd(&stream_);
    }
    ByteInput(const ByteInput&) = delete;
    ByteInput& operator=(const ByteInput&) = delete;

    /** Up to @a size bytes into @a out; 0 once the input is over (see
     *  end() for why). */
    std::size_t read(char* out, std::size_t size);

    /// Why reading ended: the end, a cancel, or an error (error() says which).
    InputEnd end() const { return end_; }
    const std::string& error() const { return error_; }
    /// Bytes after the end of the compressed data, ignored (as gzip does).
    bool trailing_data() const { return trailing_; }
    /// Bytes of the file itself used so far (compressed bytes for gzip).
    std::uint64_t offset() const { return raw_.consumed() - (in_end_ - in_pos_); }

  private:
    bool start();
    bool more_input();
    std::size_t copy_into(unsigned char* out, std::size_t size);
    std::size_t inflate_into(unsigned char* out, std::size_t size);
    bool fail(const std::string& why);

    RawInput raw_;
    const std::atomic<bool>* cancel_;
    std::vector<unsigned char> in_;  ///< file bytes not yet used: [in_pos_, in_end_)
    std::size_t in_pos_ = 0, in_end_ = 0;
    z_stream stream_{};
    bool started_ = false, gzip_ = false, between_members_ = false, trailing_ = false;
    InputEnd end_ = InputEnd::none;
    std::string error_;
};

// Reads lines from a ByteInput.  A line cut off by damage, an I/O error or
// a cancel is not returned: it is incomplete.
class LineReader {
  public:
    /** Opens @a path ("-": standard input); throws OpenError.  Lines
     *  longer than @a max_line bytes are not kept (Status::too_long). */
    LineReader(const std::string& path, std::size_t max_line, const std::atomic<bool>* cancel)
        : input_(path, cancel), max_line_(max_line) {}

    enum class Status { line, too_long, end };

    /** Next line into @a line (without "\n" or "\r\n"). */
    Status next(std::string& line);

    /// Lines returned so far: the number of the last one.
    std::size_t line_number() const { return line_number_; }
    /// Bytes consumed from the file itself (compressed bytes for .gz).
    std::uint64_t offset() const { return input_.offset(); }
    bool cancelled() const { return input_.end() == InputEnd::cancelled; }
    /// Set when the input ended in an error (damaged or truncated gzip, I/O).
    std::string error() const { return input_.end() == InputEnd::error ? input_.error() : std::string(); }
    bool trailing_data() const { return input_.trailing_data(); }

  private:
    bool fill();

    ByteInput input_;
    std::size_t max_line_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::size_t line_number_ = 0;
    bool pending_ = false;
};

}  // namespace fahras::detail

#endif  // FAHRAS_BYTE_INPUT_INTERNAL_H
