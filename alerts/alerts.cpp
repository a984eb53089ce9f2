// fahras-alerts' run: the ledger brought up to date, each saved search run
// on its new articles, the records written, then the state saved.
#include "alerts.h"

#include "json_writer.h"
#include "result_json.h"
#include "searcher.h"

#include <fahras/error.h>
#include <fahras/schema.h>

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <ostream>

namespace fahras {

namespace {

std::string utc_time_now() {
    const std::time_t now = std::time(nullptr);
    std::tm parts{};
    gmtime_r(&now, &parts);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
    return text;
}

// The database as the state names it: absolute, not resolved (after a
// rebuild the path is a link to the generation of the day).
std::string database_name(const std::string& path) {
    return std::filesystem::absolute(path).lexically_normal().string();
}

/** Every id term of the database at @a path, given to @a ledger.  Read
 *  before the searcher opens the database: the searches then see at least
 *  these articles (a commit in between only adds to them), so none of them
 *  is counted as searched without having been. */
void read_id_terms(const std::string& path, LedgerUpdate& ledger) {
    const std::string prefix = id_terms_prefix();
    for (int attempt = 1;; ++attempt) {
        try {
            ledger.restart();
            // A stub's remote shards are opened as the searcher opens them;
            // every shard must answer, or articles would go unseen.
            OpenedShards opened = open_shards(path, DEFAULT_REMOTE_TIMEOUT);
            if (!opened.failed.empty())
                throw Error(EXIT_UNAVAILABLE, "a shard of " + path + " does not answer: " + describe_failed(opened.failed) +
                                                  "; start its xapian-tcpsrv and run again");
            const Xapian::Database& db = opened.database;
            for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term) ledger.see(*term);
            return;
        } catch (const Xapian::DatabaseOpeningError& e) {
            if (attempt >= 3)
                throw Error(EXIT_NO_INPUT, "cannot open the database " + path + ": " + e.get_msg() +
                                               " (index it with fahras-index first)");
        } catch (const Xapian::DatabaseModifiedError&) {
            // An indexer committed twice while the ids were read: read them again.
            if (attempt >= 5) throw Error(EXIT_INTERNAL, "the database " + path + " kept changing while it was read");
        } catch (const Xapian::DatabaseError& e) {
            // A rebuild removed the generation being read: open the path again.
            if (attempt >= 3) throw Error(EXIT_NO_INPUT, "cannot read the database " + path + ": " + e.get_msg());
        } catch (const Xapian::NetworkError& e) {
            if (attempt >= 3)
                throw Error(EXIT_UNAVAILABLE, "a shard of " + path + " stopped answering: " + e.get_msg() +
                                                  "; check its xapian-tcpsrv and run again");
        }
    }
}

void write_record(std::string& records, const SavedSearch& saved, const ResultPage& page, AlertRun run,
                  const std::string& time, std::size_t searched) {
    JsonWriter json(records);
    json.begin_object()
        .field("name", saved.name)
        .field("query", saved.request.query)
        .field("run", static_cast<std::size_t>(run))
        .field("time", time)
        .field("new_articles", searched)
        .field("total", page.total_estimate)
        .field("collapsed", page.collapsed)
        .key("hits")
        .begin_array();
    for (const auto& hit : page.hits) {
        json.begin_object();
        write_hit_fields(json, hit);
        json.end_object();
    }
    json.end_array().end_object();
    records += '\n';
}

// What one run has in hand while it goes through the saved searches.
struct RunContext {
    const AlertsOptions& opts;
    const AlertState& old;
    AlertState& next;
    const LedgerUpdate& ledger;
    Searcher& searcher;
    std::string records;
    AlertsSummary summary;
};

/** Run @a saved on the articles it has not seen, and remember how far it
 *  went.  A saved search that cannot run keeps its place, so that its
 *  articles are searched again next time; the others go on. */
void run_saved_search(const SavedSearch& saved, RunContext& run, std::ostream& err) {
    const auto known = run.old.searches.find(saved.name);
    if (known == run.old.searches.end()) {
        // First seen: it starts from now (what the archive held already
        // is a search away, not news).
        run.next.searches[saved.name] = run.next.run;
        ++run.summary.started;
        if (run.opts.verbose) err << "fahras-alerts: " << saved.name << ": new saved search, alerts from the next articles\n";
        return;
    }
    SearchRequest request = saved.request;
    request.within_id_terms = run.ledger.seen_after(known->second);
    const std::size_t searched = request.within_id_terms->size();
    if (searched > 0) {
        try {
            const ResultPage page = run.searcher.search(request);
            ++run.summary.searches_run;
            if (!page.hits.empty()) {
                write_record(run.records, saved, page, run.next.run, run.next.run_time, searched);
                ++run.summary.records;
                run.summary.hits += page.hits.size();
            }
            if (run.opts.verbose)
                err << "fahras-alerts: " << saved.name << ": " << page.hits.size() << " hits among " << searched
                    << " new articles\n";
        } catch (const Error& e) {
            // The database, not this search: stop the run (a shard out would
            // fail every search, and none of them may be counted as run).
            if (e.code() == EXIT_NO_INPUT || e.code() == EXIT_INTERNAL || e.code() == EXIT_UNAVAILABLE) throw;
            err << run.opts.saved_path << ":" << saved.line << ": error: saved search '" << saved.name
                << "' not run: " << e.what() << "; its new articles wait for the next run\n";
            ++run.summary.failed;
            run.next.searches[saved.name] = known->second;
            return;
        }
    }
    run.next.searches[saved.name] = run.next.run;
}

/** The records appended to @a path and flushed to disk, or written to
 *  @a out, before the state moves on. */
void deliver(const std::string& records, const AlertsOptions& opts, std::ostream& out) {
    if (!opts.out_path.empty()) {
        append_durably(opts.out_path, records);
        return;
    }
    out << records;
    out.flush();
    if (!out) throw Error(EXIT_IO_ERROR, "cannot write the alerts to standard output; nothing is marked as reported");
}

}  // namespace

AlertsSummary run_alerts(const AlertsOptions& opts, std::ostream& out, std::ostream& err) {
    const auto start = std::chrono::steady_clock::now();
    const SavedSearches saved = read_saved_searches(opts.saved_path);
    for (const auto& problem : saved.errors) err << problem << '\n';
    const std::string state_path = opts.state_path.empty() ? opts.saved_path + ".state" : opts.state_path;
    std::optional<StateLock> lock;
    if (!opts.dry_run) lock.emplace(state_path, opts.wait_lock);
    const AlertState old = read_state(state_path);
    const std::string db = database_name(opts.db_path);
    if (!old.db.empty() && old.db != db)
        throw Error(EXIT_USAGE, "the alerts state " + state_path + " follows the database " + old.db + ", not " + db +
                                    ": give each database its own --state");
    AlertState next;
    next.db = db;
    next.run = old.run + 1;
    next.run_time = utc_time_now();
    // The ids a saved search still has to see: those first seen after the
    // oldest place a saved search of the file stopped at.
    AlertRun keep_after = next.run;
    for (const auto& search : saved.searches)
        if (const auto known = old.searches.find(search.name); known != old.searches.end())
            keep_after = std::min(keep_after, known->second);
    LedgerUpdate ledger(old, next.run, keep_after);
    read_id_terms(opts.db_path, ledger);
    Searcher searcher(opts.db_path);
    // A line that could not be read may be a saved search being edited:
    // its place is kept until the file reads whole again.
    if (!saved.errors.empty()) next.searches = old.searches;
    RunContext run{opts, old, next, ledger, searcher, {}, {}};
    run.summary.run = next.run;
    run.summary.new_articles = ledger.new_articles();
    run.summary.failed = saved.errors.size();
    for (const auto& search : saved.searches) run_saved_search(search, run, err);
    deliver(run.records, opts, out);
    next.first_seen = std::move(ledger.ledger());
    if (!opts.dry_run) save_state(next, state_path);
    run.summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run.summary;
}

}  // namespace fahras
