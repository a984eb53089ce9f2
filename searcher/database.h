/** @file database.h
 *  @brief The searcher's database: opened once, reopened after a commit,
 *  opened again after a rebuild's switch, and what belongs to it (its
 *  analyzer, its gazetteer, the analyses of its published words).
 */
#ifndef FAHRAS_SEARCH_DATABASE_H
#define FAHRAS_SEARCH_DATABASE_H

#include "snippet.h"

#include <fahras/analyzer.h>
#include <fahras/gazetteer.h>

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <sys/types.h>

namespace fahras {

/** A Xapian database for searching, and the read retried when it changes
 *  underneath.  One thread's, like the Xapian::Database it holds. */
class SearchDatabase {
  public:
    /** Opens @a path and checks its analysis record.  Throws
     *  fahras::Error: EXIT_NO_INPUT when there is no database or it cannot
     *  be read or was built with another analysis, EXIT_INTERNAL when it
     *  kept changing while it was opened. */
    explicit SearchDatabase(std::string path);

    /** Call @a read, retrying while the database changes under it: after
     *  an indexer's commit (Xapian::DatabaseModifiedError) the database is
     *  reopened at its latest revision; after a rebuild switched the path
     *  to a new generation, or removed a file being read, the path is
     *  opened again.  @a read must start over when called again.  Throws
     *  fahras::Error as the constructor does once the attempts run out;
     *  anything else @a read throws goes through. */
    void read_with_retries(const std::function<void()>& read);

    const std::string& path() const { return path_; }
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
    std::optional<Xapian::Database> database_;
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
