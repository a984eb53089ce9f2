#include "run_modes.h"

#include "article_writer.h"
#include "database_dir.h"
#include "generations.h"
#include "input_feed.h"
#include "messages.h"
#include "shard_build.h"
#include "sharded_database.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <xapian.h>

#include <filesystem>
#include <ostream>
#include <unordered_set>

namespace fs = std::filesystem;

namespace fahras {

namespace {

// A database keeps the stemmer it was built with; asking for another one
// would silently mix two analyses in one index (a rebuild may change it).
std::string choose_stemmer(Xapian::WritableDatabase& db, const IndexerOptions& opts, const std::string& fallback) {
    const AnalysisRecord record = read_analysis_record(db);
    const bool is_new = record.schema_version.empty() && db.get_doccount() == 0;
    if (is_new) {
        // Committed at once: a run killed before its first batch still
        // leaves a valid, empty Fahras database that searches answer.
        const std::string stemmer = opts.stemmer.value_or(fallback);
        write_analysis_record(db, stemmer);
        db.commit();
        return stemmer;
    }
    const std::string stemmer = check_analysis_record(db, opts.db_path);
    if (opts.stemmer && *opts.stemmer != stemmer) {
        throw Error(EXIT_USAGE, opts.db_path + " was built with stemmer '" + stemmer + "', not '" +
                                    *opts.stemmer + "'; use --rebuild to change it");
    }
    return stemmer;
}

// The database is empty: build the new one beside it in shards, merge
// them (with the empty database's metadata and spelling data), and put
// the result in its place in one step.  Searchers see the empty database
// until then; a run killed on the way leaves it so, and the next run
// removes the leftovers and starts again.  SIGINT and SIGTERM keep what
// was indexed, as always.
void build_fresh(IndexRun& run, const std::string& stemmer, Xapian::docid last_docid) {
    const std::string shards = run.opts.db_path + ".shards";
    const std::string built = run.opts.db_path + ".creating";
    BuildDirs dirs({shards, built});
    const BlockBuild written = build_block_databases(run, stemmer, shards, last_docid);
    merge_block_databases(run, {run.opts.db_path}, written, built, stemmer);
    dirs.remove(shards);
    replace_directory(built, run.opts.db_path);
    dirs.keep();  // it is the database now
}

// A snapshot's inputs are the whole archive: what they no longer hold
// goes, unless that looks like broken input rather than real deletions.
void delete_missing(IndexRun& run, Xapian::WritableDatabase& db, ArticleWriter& writer,
                    const std::unordered_set<std::uint64_t>& seen, Xapian::doccount before) {
    std::vector<std::string> missing;
    const std::string prefix = id_terms_prefix();
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        if (!seen.count(hash_term(*it))) missing.push_back(*it);
    }
    if (missing.empty()) return;
    const double limit = run.opts.max_delete_share * static_cast<double>(before);
    if (!run.opts.force_delete && run.stats.failed > 0) {
        run.stats.delete_refused = missing.size();
        run.refuse("snapshot: " + std::to_string(run.stats.failed) + " inputs or articles could not be read, so " +
                   std::to_string(missing.size()) +
                   " articles missing from the inputs were NOT deleted (an unreadable input would look like "
                   "deleted articles); fix the input, or pass --force-delete");
        return;
    }
    if (!run.opts.force_delete && static_cast<double>(missing.size()) > limit) {
        run.stats.delete_refused = missing.size();
        run.refuse("snapshot: " + std::to_string(missing.size()) + " of " + std::to_string(before) +
                   " articles are missing from the inputs, more than --max-delete " +
                   std::to_string(static_cast<int>(run.opts.max_delete_share * 100)) +
                   "% allows; nothing was deleted (check the inputs, or pass --force-delete)");
        return;
    }
    for (const auto& term : missing) writer.remove(term);
}

// A sharded database: one writer routes each article to its shard in
// @a building (analysis threads ahead of it, as an update has), then each
// shard is compacted into @a generation, which gets the stub last.  A stop
// ends it there (false), unless @a keep_interrupted: what was indexed is
// then compacted all the same.
bool build_sharded_generation(IndexRun& run, const std::string& stemmer, const std::string& building,
                              const std::string& generation, std::size_t count, bool keep_interrupted) {
    create_shards(building, count, stemmer);
    {
        WritableShards db = open_shards_for_writing(building);
        const DiscardOnFailure discard(db.all);
        ArticleWriter writer(db.all, stemmer, run.opts, run.err, run.stats, *run.places, &db.shards);
        read_inputs(run, writer, stemmer, false);
        writer.group_stories();
        writer.set_metadata(META_LAST_UPDATE, now_iso());
        writer.commit();
        run.stats.total_in_db = db.all.get_doccount();
        db.all.close();
    }
    if (stop_requested && !keep_interrupted) return false;
    std::error_code ec;
    fs::create_directories(generation, ec);
    if (ec) throw Error(EXIT_CANT_CREATE, "cannot create " + generation + ": " + ec.message());
    const auto from = shard_paths(building, count), to = shard_paths(generation, count);
    for (std::size_t i = 0; i < count; ++i) {
        try {
            Xapian::Database(from[i]).compact(to[i]);
        } catch (const Xapian::Error& e) {
            throw Error(EXIT_IO_ERROR, "compacting " + shard_name(i) + " of the rebuilt database failed: " +
                                           write_error_text(e) + "; the live database is unchanged");
        }
    }
    write_shard_stub(generation, count);
    return true;
}

// A new sharded database is built as a rebuild's generation is (written
// by one writer, each shard compacted: half the size of the shards as an
// update leaves them) under a temporary name, then put in place of what
// is at the path (nothing, or an empty directory): searchers see no
// database or the complete one.  SIGINT and SIGTERM keep what was indexed.
void create_sharded(IndexRun& run, const std::string& stemmer) {
    const std::string created = run.opts.db_path + ".creating", building = created + ".building";
    BuildDirs dirs({building, created});
    build_sharded_generation(run, stemmer, building, created, run.opts.shards, true);
    dirs.remove(building);
    replace_directory(created, run.opts.db_path);
    dirs.keep();  // it is the database now
}

}  // namespace

// Incremental update, optional explicit deletions, optional snapshot.
void update_database(IndexRun& run) {
    remove_build_leftovers(run.opts.db_path);
    const std::string new_stemmer = run.opts.stemmer.value_or(std::string(DEFAULT_STEMMER));
    if (run.opts.shards > 1 && run.opts.delete_ids.empty() && is_missing_or_empty(run.opts.db_path)) {
        create_sharded(run, new_stemmer);
        return;
    }
    if (run.opts.shards > 1) {
        create_sharded_if_missing(run.opts.db_path, run.opts.shards, new_stemmer);
    } else {
        create_if_missing(run.opts.db_path, new_stemmer);
    }
    WritableShards target = open_shards_for_writing(run.opts.db_path);
    Xapian::WritableDatabase& db = target.all;
    const DiscardOnFailure discard(db);  // every shard: the combined handle holds them all
    const std::string stemmer = choose_stemmer(db, run.opts, std::string(DEFAULT_STEMMER));
    const Xapian::doccount before = db.get_doccount();
    std::error_code ec;
    if (before == 0 && run.opts.delete_ids.empty() && run.use_block_databases() && target.shards.empty() &&
        !fs::is_symlink(run.opts.db_path, ec)) {
        // Nothing to update, delete or keep: build in parallel blocks.
        const Xapian::docid last_docid = db.get_lastdocid();
        db.close();
        build_fresh(run, stemmer, last_docid);
        return;
    }
    ArticleWriter writer(db, stemmer, run.opts, run.err, run.stats, *run.places, &target.shards);

    for (const auto& id : run.opts.delete_ids) {
        if (!writer.remove(make_id_term(id))) run.err << "fahras-index: --delete " << shown(id) << ": no such article\n";
    }
    std::unordered_set<std::uint64_t> seen;
    if (run.opts.mode == IndexMode::snapshot) writer.track_seen(&seen);
    read_inputs(run, writer, stemmer, before > 0);
    if (run.opts.mode == IndexMode::snapshot && !stop_requested) delete_missing(run, db, writer, seen, before);
    writer.group_stories();
    writer.set_metadata(META_LAST_UPDATE, now_iso());
    writer.commit();
    run.stats.total_in_db = db.get_doccount();
}

namespace {

// Never switch searchers to a database that does not open, holds the
// wrong number of articles, or records another analysis.
void check_generation(IndexRun& run, const std::string& generation) {
    try {
        Xapian::Database built(generation);
        check_analysis_record(built, generation);
        if (built.get_doccount() != run.stats.total_in_db) {
            throw Error(EXIT_INTERNAL, "the compacted database holds " + std::to_string(built.get_doccount()) +
                                           " articles, expected " + std::to_string(run.stats.total_in_db));
        }
    } catch (const Xapian::Error& e) {
        throw Error(EXIT_IO_ERROR, "the rebuilt database does not open: " + e.get_msg() +
                                       "; the live database is unchanged");
    }
}

// How many articles the live database holds (0 if it is missing or
// unreadable, which is exactly what a rebuild is for); without --stemmer,
// @a stemmer becomes the one it was built with.
std::size_t read_live_database(const IndexerOptions& opts, std::string& stemmer) {
    std::size_t live_count = 0;
    std::error_code ec;
    if (fs::exists(opts.db_path, ec)) {
        try {
            Xapian::Database live(opts.db_path);
            live_count = live.get_doccount();
            const AnalysisRecord record = read_analysis_record(live);
            if (!opts.stemmer && !record.stemmer.empty()) stemmer = record.stemmer;
        } catch (const Xapian::Error&) {
            // An unreadable live database is exactly what a rebuild is for.
        }
    }
    return live_count;
}

// One writer indexes the inputs into @a building.
void build_serially(IndexRun& run, const std::string& stemmer, const std::string& building) {
    Xapian::WritableDatabase db = open_for_writing(building, Xapian::DB_CREATE_OR_OVERWRITE);
    const DiscardOnFailure discard(db);
    write_analysis_record(db, stemmer);
    ArticleWriter writer(db, stemmer, run.opts, run.err, run.stats, *run.places);
    read_inputs(run, writer, stemmer, false);
    writer.group_stories();
    db.set_metadata(META_LAST_UPDATE, now_iso());
    writer.commit();
    run.stats.total_in_db = db.get_doccount();
}

// How many shards the rebuilt database has: --shards, else as many as the
// live one (1 for one database, or none).
std::size_t rebuilt_shard_count(const IndexerOptions& opts) {
    if (opts.shards > 0) return opts.shards;
    std::error_code ec;
    return fs::exists(opts.db_path, ec) && is_sharded(opts.db_path) ? shard_count(opts.db_path) : 1;
}

// The new database, compacted, as @a generation, built by way of
// @a building; false when a stop interrupted it.
bool build_generation(IndexRun& run, const std::string& stemmer, const std::string& building,
                      const std::string& generation) {
    const std::size_t shards = rebuilt_shard_count(run.opts);
    if (shards > 1) return build_sharded_generation(run, stemmer, building, generation, shards, false);
    if (run.use_block_databases()) {
        // Block databases merged by compaction: the compacted generation comes
        // out of the merge itself.
        const BlockBuild written = build_block_databases(run, stemmer, building, 0);
        if (!stop_requested) merge_block_databases(run, {}, written, generation, stemmer);
        return !stop_requested;
    }
    build_serially(run, stemmer, building);
    if (stop_requested) return false;
    try {
        Xapian::Database(building).compact(generation);
    } catch (const Xapian::Error& e) {
        throw Error(EXIT_IO_ERROR, "compacting the rebuilt database failed: " + write_error_text(e) +
                                       "; the live database is unchanged");
    }
    return true;
}

// A rebuild that lost more than --max-delete of the live database's
// articles looks like broken input: true when it is refused.
bool refuse_shrunk(IndexRun& run, std::size_t live_count) {
    const IndexerOptions& opts = run.opts;
    IndexStats& stats = run.stats;
    if (opts.force_delete || live_count == 0 ||
        !(static_cast<double>(stats.total_in_db) < (1.0 - opts.max_delete_share) * static_cast<double>(live_count)))
        return false;
    stats.delete_refused = live_count - stats.total_in_db;
    run.refuse("rebuild: the new database holds " + std::to_string(stats.total_in_db) + " articles, the live one " +
               std::to_string(live_count) + ": more than --max-delete " +
               std::to_string(static_cast<int>(opts.max_delete_share * 100)) +
               "% fewer, so the live database was kept (check the inputs, or pass --force-delete)");
    stats.total_in_db = live_count;
    return true;
}

}  // namespace

// Build beside the live database, compact, check, switch, clean up.
void rebuild_database(IndexRun& run) {
    clean_stale_generations(run.opts.db_path);
    std::string stemmer = run.opts.stemmer.value_or(std::string(DEFAULT_STEMMER));
    const std::size_t live_count = read_live_database(run.opts, stemmer);
    const std::string generation = new_generation_path(run.opts.db_path);
    const std::string building = generation + ".building";
    // Whatever stops the rebuild before the switch (a failed build, a full
    // disk most likely; an interruption; a refusal) gives its space back at
    // once; the live database is never touched.
    BuildDirs dirs({building, generation});
    const bool complete = build_generation(run, stemmer, building, generation);
    dirs.remove(building);
    if (!complete) {
        run.refuse("rebuild interrupted; the live database is unchanged");
        run.stats.total_in_db = live_count;
        return;
    }
    check_generation(run, generation);
    if (refuse_shrunk(run, live_count)) return;
    dirs.keep();  // from here on the generation is the database
    const std::string previous = switch_generation(run.opts.db_path, generation);
    run.stats.switched = true;
    if (!previous.empty()) remove_database_dir(previous);
}

}  // namespace fahras
