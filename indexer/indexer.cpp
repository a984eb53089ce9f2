#include "indexer.h"

#include "database_dir.h"
#include "index_run.h"
#include "run_modes.h"
#include "sharded_database.h"
#include "writer_lock.h"

#include <fahras/error.h>

#include <xapian.h>

#include <chrono>
#include <ostream>

namespace fahras {

// The run's outer scope: nothing is written to a foreign directory, one
// writer at a time, a write failure that ends in std::terminate still
// exits 74, SIGINT/SIGTERM stop it, and a full disk is said plainly.
IndexStats run_indexer(const IndexerOptions& opts, std::ostream& err) {
    IndexRun run(opts, err);
    const auto start = std::chrono::steady_clock::now();
    refuse_foreign_directory(opts.db_path);
    if (opts.mode != IndexMode::stats && opts.mode != IndexMode::check) {
        const std::string conflict = shard_option_conflict(opts.db_path, opts.shards, opts.mode == IndexMode::rebuild);
        if (!conflict.empty()) throw Error(EXIT_USAGE, conflict);
    }
    const WriterLock lock(opts.db_path, opts.wait_lock_seconds);
    const WriteFailureExit write_failure_exit(err, opts.db_path, run.unchanged_notice());
    StopSignals signals;
    run.places.emplace(opts, err);
    try {
        if (opts.mode == IndexMode::rebuild) {
            rebuild_database(run);
        } else {
            update_database(run);
        }
    } catch (const Xapian::DatabaseError& e) {
        // A full disk met outside the writes that report it themselves
        // (creating the database, recording its analysis).
        if (!is_disk_full(e)) throw;
        throw Error(EXIT_IO_ERROR, "writing " + opts.db_path + " failed: " + write_error_text(e) + "; " +
                                       run.unchanged_notice());
    }
    run.stats.interrupted = stop_requested.load();
    run.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return run.stats;
}

}  // namespace fahras
