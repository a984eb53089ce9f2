/** @file progress.h
 *  @brief The progress line fahras-index draws on a terminal.
 */
#ifndef FAHRAS_PROGRESS_H
#define FAHRAS_PROGRESS_H

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace fahras {

/** Redraws "N articles, R/s, P%, ETA" at most a few times a second, and
 *  only when enabled and stderr is a terminal: logs stay clean. */
class Progress {
  public:
    Progress(std::ostream& out, std::uint64_t total_bytes, bool enabled);
    void update(std::size_t articles, std::uint64_t done_bytes);
    void finish();

  private:
    std::ostream& out_;
    std::uint64_t total_bytes_;
    bool enabled_;
    bool drawn_ = false;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace fahras

#endif  // FAHRAS_PROGRESS_H
