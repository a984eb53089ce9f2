/** @file searcher.h
 *  @brief The search as a library: a database opened once, searched many
 *  times.  What fahras-search and a server call.
 *
 *  A search goes through three stages, each in its own file: plan the
 *  query (query_plan.h), run the match (match.h), assemble the page
 *  (page.h); database.h keeps the database open across an indexer's
 *  commits and a rebuild's switch.  Requests and pages are in
 *  search_types.h.
 *
 *  Threads: a Searcher belongs to one thread at a time.  It holds Xapian
 *  objects (the database, and during a search the query parser, the
 *  enquire and the match set), and Xapian objects are not safe to share
 *  between threads; so do its caches (the gazetteer, the name variants,
 *  the analyses of published words).  A server runs one Searcher per
 *  worker thread, each opening the same database path: Xapian readers do
 *  not lock each other out, and an indexer may write meanwhile.  A
 *  SearchRequest or a ResultPage is a plain value, safe to hand from one
 *  thread to another.  What is shared between Searchers is read-only once
 *  loaded (the stopword list, the normalizer's tables).
 */
#ifndef FAHRAS_SEARCHER_H
#define FAHRAS_SEARCHER_H

#include "completion.h"
#include "search_types.h"
#include "shards.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** The database as a health check reports it. */
struct DatabaseSummary {
    std::size_t articles = 0;
    std::string last_update;  ///< ISO 8601 time of the last indexing run's commit, or "" when none was recorded
    std::uint64_t revision = 0;  ///< Xapian's revision of the database read (one more per commit)
};

/** A database opened once for many searches (a benchmark, a server).
 *
 *  Opens the database and checks its analysis record at construction, and
 *  keeps what every query needs: the analyzer, the name variants and,
 *  loaded the first time a query needs it, the gazetteer.  A commit is
 *  looked for at most once a second before a read (database.h), and when
 *  an indexer commits while a search reads, the database is reopened and
 *  the search retried; when a rebuild has switched the path to a new generation, the
 *  path is opened again (and its analysis record checked again).  Not
 *  thread-safe: one Searcher per thread (see above). */
class Searcher {
  public:
    /** @param variant_files  name variants to add to the bundled ones
     *  (--variants), loaded the first time a query expands variants.
     *  @param remote_timeout  how long a remote shard may take to connect
     *  or answer (--remote-timeout; shards.h).
     *  Throws fahras::Error: EXIT_NO_INPUT for a missing, unreadable or
     *  incompatible database or a bad stub; EXIT_UNAVAILABLE when no shard
     *  answers. */
    explicit Searcher(const std::string& db_path, std::vector<std::string> variant_files = {},
                      std::chrono::milliseconds remote_timeout = DEFAULT_REMOTE_TIMEOUT);
    ~Searcher();
    Searcher(const Searcher&) = delete;
    Searcher& operator=(const Searcher&) = delete;

    /** Run one search.  Throws fahras::Error: EXIT_USAGE for a request out
     *  of range (check_search_request), an unknown --place or --country or
     *  an unreadable variants file; EXIT_DATA_ERROR for a query syntax
     *  error or a query over the limits; EXIT_NO_INPUT when the database
     *  or its gazetteer can no longer be read; EXIT_UNAVAILABLE when a
     *  remote shard does not answer (unless request.partial: the page then
     *  names it in shards_failed). */
    ResultPage search(const SearchRequest& request);

    /** The stored article whose id is @a id (title, date, source, url,
     *  author, the published body) and its places as the database's
     *  gazetteer describes them (names, kind, country, coordinates), or
     *  nothing when no article has it.  Throws fahras::Error(EXIT_NO_INPUT)
     *  as search() does, and EXIT_UNAVAILABLE when a shard does not answer
     *  (so does every call below: their answers need every shard). */
    std::optional<ArticleDetail> article(const std::string& id);

    /** Completions of a partly typed @a query from the archive's title
     *  vocabulary (completion.h), at most @a limit.  The vocabulary is read
     *  into memory the first time and again when the database is at
     *  another revision.  Throws fahras::Error(EXIT_NO_INPUT) as search()
     *  does. */
    CompletionPage complete(std::string_view query, std::size_t limit);

    /** What the database holds now (reopened first if an indexer
     *  committed or a rebuild switched it).  Throws fahras::Error
     *  (EXIT_NO_INPUT) when it can no longer be read. */
    DatabaseSummary summary();

    const std::string& db_path() const;

  private:
    struct State;
    std::unique_ptr<State> state_;
};

/** One line for each data file @a request would use and that cannot be
 *  found (an incomplete installation): name variants, stopwords.
 *  fahras-search prints them and searches on, since nothing it does
 *  outlives the query. */
std::vector<std::string> missing_data_warnings(const SearchRequest& request);

}  // namespace fahras

#endif  // FAHRAS_SEARCHER_H
