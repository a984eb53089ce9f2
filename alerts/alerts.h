/** @file alerts.h
 *  @brief fahras-alerts: each saved search run against only the articles
 *  that reached the database since that search last ran, one JSON Lines
 *  record per search with new hits (docs/alerts.md).
 */
#ifndef FAHRAS_ALERTS_ALERTS_H
#define FAHRAS_ALERTS_ALERTS_H

#include "alert_state.h"
#include "saved_searches.h"

#include <iosfwd>
#include <string>

namespace fahras {

/** fahras-alerts' command line. */
struct AlertsOptions {
    std::string db_path;
    std::string saved_path;   ///< --saved
    std::string state_path;   ///< --state; default: the saved searches' path and ".state"
    std::string out_path;     ///< --out: append the records to this file; "": standard output
    double wait_lock = 0;     ///< --wait-lock SECONDS
    bool dry_run = false;     ///< --dry-run: write the records, remember nothing
    bool verbose = false;     ///< --verbose: a line per saved search on stderr
    bool show_help = false;
    bool show_version = false;
    std::string help_text;
};

/** Parse argv; throws boost::program_options::error. */
AlertsOptions parse_alerts_options(int argc, const char* const argv[]);

/** What a run did. */
struct AlertsSummary {
    AlertRun run = 0;
    std::size_t new_articles = 0;   ///< articles first seen by this run
    std::size_t searches_run = 0;   ///< saved searches that searched new articles
    std::size_t started = 0;        ///< saved searches seen for the first time (they start from now)
    std::size_t records = 0;        ///< records written (searches with new hits)
    std::size_t hits = 0;           ///< hits in them
    std::size_t failed = 0;         ///< bad lines and saved searches that could not run
    double seconds = 0;
};

/** Run the saved searches of @a opts: update the ledger from the
 *  database, search each saved search's new articles, write the records
 *  (to @a out, or appended to opts.out_path), then save the state.  The
 *  state is saved only once the records are written: a run that fails
 *  before reports its articles again next time, never loses them.  Bad
 *  lines and saved searches that cannot run are said on @a err
 *  ("FILE:LINE: error: …"), and the others run.  Throws fahras::Error for
 *  what stops the whole run (no database, a damaged state, the lock). */
AlertsSummary run_alerts(const AlertsOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace fahras

#endif  // FAHRAS_ALERTS_ALERTS_H
