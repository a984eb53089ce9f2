// Lines of an input, for both article readers: bounded in length, numbered,
// and never a line that damage, an error or a cancel cut off.
#include "byte_input_internal.h"

#include <cstring>

namespace fahras::detail {

LineReader::Status LineReader::next(std::string& line) {
    line.clear();
    bool too_long = false;
    for (;;) {
        if (pos_ == buffer_.size() && !fill()) {
            // Only a clean end completes a last line without "\n".
            if (input_.end() != InputEnd::end || (line.empty() && !too_long && !pending_)) {
                line.clear();
                return Status::end;
            }
            pending_ = false;
            ++line_number_;
            return too_long ? Status::too_long : Status::line;
        }
        pending_ = true;
        const char* begin = buffer_.data() + pos_;
        const char* newline = static_cast<const char*>(std::memchr(begin, '\n', buffer_.size() - pos_));
        const std::size_t chunk = newline ? static_cast<std::size_t>(newline - begin) : buffer_.size() - pos_;
        if (!too_long) {
            if (line.size() + chunk > max_line_) {
                too_long = true;
                line.clear();
                line.shrink_to_fit();
            } else {
                line.append(begin, chunk);
            }
        }
        pos_ += chunk;
        if (newline) {
            ++pos_;
            ++line_number_;
            pending_ = false;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            return too_long ? Status::too_long : Status::line;
        }
    }
}

bool LineReader::fill() {
    buffer_.resize(READ_BUFFER_BYTES);
    const std::size_t n = input_.read(buffer_.data(), buffer_.size());
    buffer_.resize(n);
    pos_ = 0;
    return n > 0;
}

}  // namespace fahras::detail
