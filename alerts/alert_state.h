/** @file alert_state.h
 *  @brief What fahras-alerts remembers between runs, in one state file:
 *  the ledger of the articles the database has held (when each was first
 *  seen) and, for each saved search, the run it last covered.
 *
 *  Why a ledger of ids, not a docid or a date: a --rebuild renumbers the
 *  docids, a replaced article keeps its id and changes its text, and an
 *  article's date says when it was published, not when it reached the
 *  index (a late file brings last week's articles).  The ledger holds one
 *  entry per article the database holds now (a 64-bit hash of its unique
 *  id term and the run that first saw it), so its size follows the
 *  database, not the number of runs: about 20 bytes an article.  Articles
 *  gone from the database are dropped from it.  docs/alerts.md.
 *
 *  The file is text:
 *      fahras-alerts-state 1
 *      db /srv/fahras/news-db
 *      run 17 2015-08-01T02:30:00Z
 *      search 16 "aleppo"
 *      seen 3f1c9a0b2e4d5f60 1
 */
#ifndef FAHRAS_ALERTS_ALERT_STATE_H
#define FAHRAS_ALERTS_ALERT_STATE_H

#include <cstdint>
#include <iosfwd>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fahras {

/// A run of fahras-alerts, numbered from 1; 0: none yet.
using AlertRun = std::uint64_t;

struct AlertState {
    std::string db;         ///< the database path the ledger follows (absolute, as given)
    AlertRun run = 0;       ///< the last run saved
    std::string run_time;   ///< when it ran, ISO 8601 UTC
    std::map<std::string, AlertRun> searches;  ///< saved search name → the last run it covered
    std::unordered_map<std::uint64_t, AlertRun> first_seen;  ///< id_term_hash() → the run that first saw the article
};

/** A stable 64-bit hash of an article's unique id term (make_id_term). */
std::uint64_t id_term_hash(std::string_view id_term);

/** The state written as text (the layout above); entries in a stable order. */
void write_state_text(const AlertState& state, std::ostream& out);

/** A state read back from text; @a file_name names it in messages.
 *  Throws fahras::Error(EXIT_DATA_ERROR) "FILE:LINE: …" for a line it
 *  cannot read. */
AlertState parse_state_text(std::istream& in, const std::string& file_name);

/** The state file @a path; an empty state (run 0) when there is none.
 *  Throws fahras::Error: EXIT_DATA_ERROR for a damaged file,
 *  EXIT_NO_INPUT for one that cannot be read. */
AlertState read_state(const std::string& path);

/** Write @a state to @a path atomically: into a temporary file beside it,
 *  flushed to disk, then renamed over it, so a crash leaves the old state
 *  or the new one, never half of one.  Throws fahras::Error: EXIT_IO_ERROR
 *  (disk full…), EXIT_CANT_CREATE (no permission). */
void save_state(const AlertState& state, const std::string& path);

/** Append @a text to the file @a path (created if missing) and flush it
 *  to disk.  Throws fahras::Error as save_state() does. */
void append_durably(const std::string& path, const std::string& text);

/** One fahras-alerts at a time per state file: an exclusive flock on
 *  "<state>.lock", released by the kernel if the holder dies. */
class StateLock {
  public:
    /** Throws fahras::Error: EXIT_TEMP_FAIL when another run holds it
     *  (after waiting up to @a wait_seconds), EXIT_CANT_CREATE when the lock
     *  file cannot be created. */
    StateLock(const std::string& state_path, double wait_seconds);
    ~StateLock();
    StateLock(const StateLock&) = delete;
    StateLock& operator=(const StateLock&) = delete;

  private:
    int fd_ = -1;
};

/** The ledger brought up to date with the database's id terms, given one
 *  by one to see().  An id seen before keeps its run; a new one gets
 *  @a run; one no longer seen is left out of ledger().  The terms first
 *  seen after @a keep_after (the oldest run a saved search still needs)
 *  are kept, to be searched. */
class LedgerUpdate {
  public:
    LedgerUpdate(const AlertState& old, AlertRun run, AlertRun keep_after);

    void see(const std::string& id_term);
    /** Forget what was seen, to read the database again from the start. */
    void restart();

    /** The new ledger: every id term seen, with its first run. */
    std::unordered_map<std::uint64_t, AlertRun>& ledger() { return ledger_; }
    /** How many terms were seen for the first time. */
    std::size_t new_articles() const { return new_articles_; }
    /** The id terms first seen after @a since (since >= keep_after). */
    std::vector<std::string> seen_after(AlertRun since) const;

  private:
    const std::unordered_map<std::uint64_t, AlertRun>& old_;
    AlertRun run_, keep_after_;
    std::unordered_map<std::uint64_t, AlertRun> ledger_;
    std::vector<std::pair<AlertRun, std::string>> recent_;
    std::size_t new_articles_ = 0;
};

}  // namespace fahras

#endif  // FAHRAS_ALERTS_ALERT_STATE_H
