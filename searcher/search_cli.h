/** @file search_cli.h
 *  @brief fahras-search, the program around the library: its options, one
 *  search per run, its output for people and for scripts.
 */
#ifndef FAHRAS_SEARCH_CLI_H
#define FAHRAS_SEARCH_CLI_H

#include "searcher.h"

#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

namespace fahras {

enum class HighlightStyle { ansi, brackets, none };

/** fahras-search's command line: the request, and what only the program has. */
struct SearcherOptions {
    std::string db_path;
    SearchRequest request;
    std::vector<std::string> variant_files;  ///< --variants: more groups (Searcher's constructor)
    std::chrono::milliseconds remote_timeout = DEFAULT_REMOTE_TIMEOUT;  ///< --remote-timeout (shards.h)
    bool json = false;
    bool bidi_isolates = false;  ///< wrap displayed fields in U+2068…U+2069 (--bidi; on a terminal by default)
    HighlightStyle highlight = HighlightStyle::none;  ///< (--highlight; ansi on a terminal by default)
    bool timeline_bars = false;  ///< draw the timeline's counts as bars (stdout is a terminal)
    bool show_help = false;
    bool show_version = false;
    std::string help_text;
};

/** Parse argv; throws boost::program_options::error or fahras::Error.
 *  What --highlight and --bidi do by default depends on whether standard
 *  output is a terminal. */
SearcherOptions parse_searcher_options(int argc, const char* const argv[]);

/** parse_searcher_options(), told whether standard output is a terminal. */
SearcherOptions parse_searcher_options(int argc, const char* const argv[], bool stdout_is_terminal);

/** Run the search (a Searcher for one query).  Throws fahras::Error as
 *  Searcher does; a request over the limits is refused before the database
 *  is opened.  The time reported includes opening the database. */
ResultPage run_search(const SearcherOptions& opts);

/** The timeline of --facets dates for people: a line a bucket, its days
 *  (Gregorian, then Hijri) and its count, and with @a bars a bar as long
 *  as the count (the longest 40 cells wide). */
void print_timeline_text(const DateFacet& dates, bool bars, std::ostream& out);

/** Human-readable results. */
void print_results_text(const ResultPage& results, const SearcherOptions& opts, std::ostream& out);

/** For people: one line on @a err when some of the query's syntax was
 *  searched as plain words, and one for each prefix* that stands for more
 *  words than were searched (--json says both in its summary instead). */
void print_syntax_notice(const ResultPage& results, std::ostream& err);

/** JSON Lines: one object per hit, then one summary object. */
void print_results_json(const ResultPage& results, const SearcherOptions& opts, std::ostream& out);

}  // namespace fahras

#endif  // FAHRAS_SEARCH_CLI_H
