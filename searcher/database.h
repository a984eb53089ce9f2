/** @file database.h
 *  @brief The searcher's database: opened once, reopened after a commit,
 *  opened again after a rebuild's switch, and what belongs to it (its
 *  analyzer, its gazetteer, the analyses of its published words).
 */
#ifndef FAHRAS_SEARCH_DATABASE_H
#define FAHRAS_SEARCH_DATABASE_H

#include "shards.h"
#include "snippet.h"

#include <fahras/analyzer.h>
#include <fahras/gazetteer.h>

#include <xapian.h>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace fahras {

/** A Xapian database for searching, and the read retried when it changes
 *  underneath.  One thread's, like the Xapian::Database it holds.
 *
 *  The path may name a database, a sharded directory or a stub file with
 *  remote shards (shards.h).  A remote shard that does not answer, when
 *  opened or during a read, is left out and named in failed(): the caller
 *  decides whether the others are enough (require_all_shards()).  Those
 *  left out are tried again on a read at least RETRY_FAILED_AFTER later. */
class SearchDatabase {
  public:
    /** Opens @a path and checks its analysis record.  Throws
     *  fahras::Error: EXIT_NO_INPUT when there is no database or it cannot
     *  be read or was built with another analysis, EXIT_INTERNAL when it
     *  kept changing while it was opened. */
    explicit SearchDatabase(std::string path, std::chrono::milliseconds remote_timeout = DEFAULT_REMOTE_TIMEOUT);

    static constexpr std::chrono::seconds RETRY_FAILED_AFTER{2};
    /** How often a read first asks whether an indexer committed (Xapian's
     *  reopen(): a look at the version file of each local shard, a round
     *  trip to each remote one), so that new articles are searched within
     *  a second of a commit, even by reads that would not stumble on it. */
    static constexpr std::chrono::seconds REOPEN_CHECK_EVERY{1};

    /** Call @a read, retrying while the database changes under it: after
     *  an indexer's commit (Xapian::DatabaseModifiedError) the database is
     *  reopened at its latest revision; after a rebuild switched the path
     *  to a new generation, or removed a file being read, the path is
     *  opened again.  @a read must start over when called again.  Throws
     *  fahras::Error as the constructor does once the attempts run out;
     *  a remote shard that stops answering is left out (opened again
     *  without it) and @a read called again; anything else @a read throws
     *  goes through. */
    void read_with_retries(const std::function<void()>& read);

    const std::string& path() const { return path_; }
    /** The database holds remote shards (answering or not): what Fahras
     *  adds to the match must be built from Xapian's own classes then. */
    bool has_remote_shards() const { return !remotes_.empty(); }
    /** The remote shards left out: they did not answer in time. */
    const std::vector<FailedShard>& failed() const { return failed_; }
    /** Throws fahras::Error(EXIT_UNAVAILABLE) naming the shards left out,
     *  if any: for a read that must see every article. */
    void require_all_shards() const;
    /** Asks every remote shard for its latest revision (Xapian's reopen),
     *  so that one that stopped answering is noticed (NetworkError, for
     *  read_with_retries) even by a read that would not reach it. */
    void ask_remote_shards() {
        if (database_ && has_remote_shards()) database_->reopen();
    }
    const Xapian::Database& database() const { return *database_; }
    /** The analysis the database was indexed with (its analysis record). */
    const Analyzer& analyzer() const { return *analyzer_; }

    /** The gazetteers the database was indexed with, loaded the first time
     *  they are asked for and again when a commit changed the list.
     *  Throws fahras::Error(EXIT_NO_INPUT) when one cannot be read. */
    const Gazetteer& gazetteer();

    /** Published words' analyses, for snippets: valid for analyzer(), and
     *  cleared when the database is opened again. */
    WordCache& words() { return words_; }

  private:
    void open();
    bool identity(dev_t& dev, ino_t& ino) const;
    bool switched() const;

    std::string path_;
    std::chrono::milliseconds remote_timeout_;
    std::optional<Xapian::Database> database_;
    std::vector<std::string> remotes_;
    std::vector<FailedShard> failed_;
    std::chrono::steady_clock::time_point opened_at_;
    std::chrono::steady_clock::time_point checked_at_;  ///< the last reopen()
    // The stub files read, and what they were when read (inode and
    // modification time): an edited stub is opened again.
    std::vector<std::string> stubs_;
    std::string stubs_state_;
    std::optional<Analyzer> analyzer_;
    bool identity_known_ = false;
    dev_t device_ = 0;
    ino_t inode_ = 0;
    // The gazetteer the database was indexed with, and the metadata it was
    // loaded from (a commit may change it).
    std::unique_ptr<Gazetteer> gazetteer_;
    std::string gazetteer_meta_;
    WordCache words_;
};

}  // namespace fahras

#endif  // FAHRAS_SEARCH_DATABASE_H
