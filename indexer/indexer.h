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

struct IndexerOptions {
    std::string db_path;
    std::vector<std::string> inputs;
    std::optional<std::string> stemmer;  ///< unset: the database's, or the default for a new one
    ReaderOptions reader;
    std::size_t batch_size = 10000;      ///< articles per commit
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
    std::size_t failed = 0;         ///< articles or files that could not be read
    std::size_t warnings = 0;       ///< problems that did not lose an article
    std::size_t commits = 0;
    std::size_t total_in_db = 0;    ///< articles in the database afterwards
    double seconds = 0;
    bool interrupted = false;
};

/** Parse argv; throws boost::program_options::error on bad usage. */
IndexerOptions parse_indexer_options(int argc, const char* const argv[]);

/** Index opts.inputs into opts.db_path.  Problems go to @a err as
 *  "file:line: error: reason"; throws fahras::Error for fatal ones. */
IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err);

/** The summary line (human) or object (JSON) printed at the end. */
std::string format_index_summary(const IndexStats& stats, const IndexerOptions& opts);

/** Exit code for a finished run. */
int index_exit_code(const IndexStats& stats);

}  // namespace fahras

#endif  // FAHRAS_INDEXER_H
