/** @file indexer.h
 *  @brief fahras-index as a library: options, the run, and its outcome.
 */
#ifndef FAHRAS_INDEXER_H
#define FAHRAS_INDEXER_H

#include <fahras/article_reader.h>

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace fahras {

/** What a run does. */
enum class IndexMode {
    update,    ///< add new, replace changed, skip unchanged (the default)
    snapshot,  ///< update, then delete articles the inputs no longer hold
    rebuild,   ///< build a fresh database beside the live one and switch to it
    stats,     ///< report on the database; change nothing
    check,     ///< stats plus Xapian's consistency check
};

struct IndexerOptions {
    std::string db_path;
    std::vector<std::string> inputs;
    IndexMode mode = IndexMode::update;
    std::vector<std::string> delete_ids;  ///< --delete, plus the lines of --delete-from
    double max_delete_share = 0.2;        ///< refuse to delete more than this share of the database
    bool force_delete = false;            ///< delete (or switch) even past the limit or after input errors
    double wait_lock_seconds = 0;         ///< wait this long for another writer to finish
    bool places = true;                   ///< recognize places (needs the bundled gazetteer)
    bool spelling = true;                 ///< record the vocabulary for "did you mean"
    std::vector<std::string> gazetteers;  ///< extra TSV gazetteers (same columns as the bundled one)
    std::vector<std::string> geonames;    ///< GeoNames cities*.txt files
    std::optional<std::string> stemmer;  ///< unset: the database's, or the default for a new one
    ReaderOptions reader;
    std::size_t batch_size = 2000;       ///< articles per commit (measured: larger batches cost more)
    /// Threads analysing and writing; 0: one per core; 1: the serial indexer.
    std::size_t threads = 0;
    /// With threads, a new or rebuilt (unsharded) database is written as
    /// temporary block databases of this many articles, merged at the end;
    /// 0: never.
    std::size_t block_database_size = 4000;
    /// --shards: a new or rebuilt database is split into this many shards
    /// (sharded_database.h; 1: one database); 0: not given (a new database
    /// is one, an existing one keeps its shards).
    std::size_t shards = 0;
    bool quiet = false;                  ///< no progress, no summary line
    bool verbose = false;                ///< one line per article on stderr
    bool json = false;                   ///< summary as a JSON object on stdout
    bool progress = true;                ///< progress on stderr when it is a terminal
    bool show_help = false;
    bool show_version = false;
    std::string help_text;
};

/** What a run did; also the --json summary. */
struct IndexStats {
    std::size_t files = 0;          ///< input files opened
    std::size_t read = 0;           ///< articles read successfully
    std::size_t added = 0;
    std::size_t replaced = 0;       ///< same id, changed content
    std::size_t unchanged = 0;      ///< same id, same content: skipped
    std::size_t deleted = 0;        ///< removed by --delete or by a snapshot
    std::size_t delete_refused = 0; ///< deletions the safety limit held back
    std::size_t failed = 0;         ///< articles or files that could not be read
    std::size_t warnings = 0;       ///< problems that did not lose an article
    std::size_t commits = 0;
    std::size_t grouped = 0;        ///< articles given a story (near-duplicate group) this run
    std::size_t total_in_db = 0;    ///< articles in the database afterwards
    double seconds = 0;
    bool interrupted = false;
    bool switched = false;          ///< rebuild: the searchers now see the new database
    std::string notice;             ///< why deletions or a switch were refused
};

/** One shard's part of --stats and --check. */
struct ShardReport {
    std::string name;  ///< "shard-0"
    std::size_t articles = 0;
    std::size_t check_errors = 0;  ///< --check only: Xapian's, plus articles outside their id's shard
    std::size_t misplaced = 0;     ///< --check only: articles whose id hashes to another shard
};

/** What --stats and --check report. */
struct DatabaseReport {
    std::string path;
    std::size_t articles = 0;
    std::string first_date, last_date;  ///< YYYY-MM-DD, empty if no dates
    std::vector<std::pair<std::string, std::size_t>> sources;  ///< by article count, descending
    std::string schema_version, normalizer_version, stemmer, last_update;
    bool compatible = false;
    std::size_t check_errors = 0;  ///< --check only (every shard's, for a sharded database)
    std::vector<ShardReport> shards;  ///< a sharded database's shards; empty for one database
};

/** Parse argv; throws boost::program_options::error on bad usage. */
IndexerOptions parse_indexer_options(int argc, const char* const argv[]);

/** Index opts.inputs into opts.db_path.  Problems go to @a err as
 *  "file:line: error: reason"; throws fahras::Error for fatal ones. */
IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err);

/** Read --stats / --check figures (check also runs Xapian's checker). */
DatabaseReport report_database(const std::string& db_path, bool check);

std::string format_database_report(const DatabaseReport& report, bool json);

/** The summary line (human) or object (JSON) printed at the end. */
std::string format_index_summary(const IndexStats& stats, const IndexerOptions& opts);

/** Exit code for a finished run. */
int index_exit_code(const IndexStats& stats);

}  // namespace fahras

#endif  // FAHRAS_INDEXER_H
