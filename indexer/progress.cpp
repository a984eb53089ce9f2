#include "progress.h"

#include <cstdio>
#include <ostream>
#include <unistd.h>

namespace fahras {

Progress::Progress(std::ostream& out, std::uint64_t total_bytes, bool enabled)
    : out_(out), total_bytes_(total_bytes), enabled_(enabled && isatty(STDERR_FILENO)),
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(std::size_t articles, std::uint64_t done_bytes) {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return;
    last_ = now;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    char line[160];
    int n = std::snprintf(line, sizeof line, "\r  %zu articles, %.0f/s", articles, elapsed > 0 ? static_cast<double>(articles) / elapsed : 0.0);
    // ETA only where the size is known (not for stdin).
    if (total_bytes_ > 0 && done_bytes > 0 && n > 0) {
        const double fraction = static_cast<double>(done_bytes) / static_cast<double>(total_bytes_);
        const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
        std::snprintf(line + n, sizeof line - static_cast<std::size_t>(n), ", %3.0f%%, ETA %d:%02d   ",
                      fraction * 100, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
    }
    out_ << line << std::flush;
    drawn_ = true;
}

void Progress::finish() {
    if (drawn_) out_ << "\r\033[K" << std::flush;
    drawn_ = false;
}

}  // namespace fahras
