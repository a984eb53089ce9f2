/** @file index_run.h
 *  @brief What the parts of one fahras-index run share: its options, where
 *  its messages go, its counts, its places, and the stop that SIGINT and
 *  SIGTERM request.
 */
#ifndef FAHRAS_INDEX_RUN_H
#define FAHRAS_INDEX_RUN_H

#include "document_builder.h"
#include "indexer.h"

#include <fahras/article_reader.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace fahras {

/** Set by SIGINT/SIGTERM while a StopSignals exists, and read by every
 *  thread of a run; storing to a lock-free atomic is safe in a signal handler. */
extern std::atomic<bool> stop_requested;

/** SIGINT/SIGTERM finish the current article, commit, and stop: a cron job
 *  killed by a timeout keeps everything it indexed.  Clears stop_requested,
 *  and puts the previous handlers back at the end of the scope. */
class StopSignals {
  public:
    StopSignals();
    ~StopSignals();
    StopSignals(const StopSignals&) = delete;
    StopSignals& operator=(const StopSignals&) = delete;

  private:
    void (*previous_int_)(int);
    void (*previous_term_)(int);
};

/** Now, as META_LAST_UPDATE records it. */
std::string now_iso();

/** One run: the modes, the ways of reading and the shard build work on it. */
struct IndexRun {
    IndexRun(const IndexerOptions& opts, std::ostream& err);

    const IndexerOptions& opts;
    std::ostream& err;
    ReaderOptions reader;  ///< opts.reader, cancelled by SIGINT/SIGTERM
    IndexStats stats;
    std::optional<PlaceSetup> places;  ///< loaded once the run holds the lock

    /** Count @a problem and print it as "where: error: reason" (or
     *  warning, or note for a summary, which is not counted). */
    void report(const InputProblem& problem);

    /** Refuse to delete or switch: @a why becomes the notice, and goes to stderr. */
    void refuse(const std::string& why);

    /** The threads to use (--threads, or one per core). */
    std::size_t threads() const;

    bool show_progress() const;

    /** Whether a new database is built in parallel shards. */
    bool use_block_databases() const;

    /** The files to read, and their size in @a total_bytes; unreadable
     *  inputs are reported here.  Throws fahras::Error(EXIT_NO_INPUT) when
     *  none of the inputs could be read. */
    std::vector<InputFile> input_files(std::uint64_t& total_bytes);

    /** What a failed run leaves: the database's last commit, or for a
     *  rebuild the live database untouched. */
    std::string unchanged_notice() const;
};

}  // namespace fahras

#endif  // FAHRAS_INDEX_RUN_H
