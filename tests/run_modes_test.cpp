// What a run does to the database (indexer/run_modes.h): updates with
// --delete, snapshots and their safety limits, rebuilds and what they
// leave behind when they do not switch.
#include "test_support.h"

#include "run_modes.h"

#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;
namespace fs = std::filesystem;

namespace {

std::string line(const std::string& id, const std::string& body = "نص") {
    return "{\"id\":\"" + id + "\",\"title\":\"عنوان\",\"body\":\"" + body + "\"}\n";
}

std::string articles(int first, int last) {
    std::string out;
    for (int i = first; i <= last; ++i) out += line("a" + std::to_string(i), "نص " + std::to_string(i));
    return out;
}

IndexerOptions mode_options(const std::string& db, const std::vector<std::string>& inputs, IndexMode mode,
                            std::size_t threads = 1) {
    IndexerOptions opts;
    opts.db_path = db;
    opts.inputs = inputs;
    opts.mode = mode;
    opts.places = false;
    opts.threads = threads;
    return opts;
}

// One mode run on an IndexRun, as run_indexer does it but without the
// lock and the signals (the tests request stops themselves).
struct ModeRun {
    explicit ModeRun(IndexerOptions options) : opts(std::move(options)), run(opts, err) { run.places.emplace(opts, err); }
    void go() { opts.mode == IndexMode::rebuild ? rebuild_database(run) : update_database(run); }
    IndexerOptions opts;
    std::ostringstream err;
    IndexRun run;
};

// Sets stop_requested for the length of a scope, as SIGTERM would.
struct StopRequested {
    StopRequested() { stop_requested = true; }
    ~StopRequested() { stop_requested = false; }
};

// What lies beside the database db in @a dir, but its lock ("db.gen-*" as
// one name).
std::vector<std::string> beside(const test::TempDir& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir.path())) {
        std::string name = entry.path().filename().string();
        if (name.rfind("db", 0) != 0 || name == "db.lock") continue;
        if (name.rfind("db.gen-", 0) == 0) name = "db.gen-*" + name.substr(name.find('.', 7) == std::string::npos ? name.size() : name.find('.', 7));
        names.push_back(name);
    }
    std::sort(names.begin(), names.end());
    return names;
}

Xapian::doccount count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

}  // namespace

TEST_CASE("update: a new database is created whole, --delete deletes, or says there is no such article") {
    test::TempDir dir;
    test::write_file(dir.file("in.jsonl"), articles(1, 3));
    ModeRun first(mode_options(dir.file("db"), {dir.file("in.jsonl")}, IndexMode::update));
    first.go();
    CHECK(first.run.stats.added == 3);
    CHECK(count(dir.file("db")) == 3);
    CHECK(Xapian::Database(dir.file("db")).get_metadata(META_STEMMER) == DEFAULT_STEMMER);
    CHECK(beside(dir) == std::vector<std::string>{"db"});

    IndexerOptions opts = mode_options(dir.file("db"), {}, IndexMode::update);
    opts.delete_ids = {"a2", "zz"};
    ModeRun deleting(opts);
    deleting.go();
    CHECK(deleting.run.stats.deleted == 1);
    CHECK(deleting.err.str() == "fahras-index: --delete zz: no such article\n");
    CHECK(count(dir.file("db")) == 2);
}

TEST_CASE("update: an empty database is built in parallel shards, and nothing is left beside it") {
    test::TempDir dir;
    test::write_file(dir.file("in.jsonl"), articles(1, 10));
    IndexerOptions opts = mode_options(dir.file("db"), {dir.file("in.jsonl")}, IndexMode::update, 2);
    opts.block_database_size = 3;
    ModeRun run(opts);
    run.go();
    CHECK(run.run.stats.added == 10);
    CHECK(run.run.stats.commits == 1);  // one merge, where a serial run commits once per batch
    CHECK(run.run.stats.total_in_db == 10);
    CHECK(count(dir.file("db")) == 10);
    CHECK(beside(dir) == std::vector<std::string>{"db"});
}

TEST_CASE("update: a database keeps its stemmer") {
    test::TempDir dir;
    test::write_file(dir.file("in.jsonl"), articles(1, 1));
    ModeRun(mode_options(dir.file("db"), {dir.file("in.jsonl")}, IndexMode::update)).go();
    IndexerOptions opts = mode_options(dir.file("db"), {dir.file("in.jsonl")}, IndexMode::update);
    opts.stemmer = "none";
    ModeRun other(opts);
    try {
        other.go();
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_USAGE);
        CHECK(std::string(e.what()) == dir.file("db") + " was built with stemmer '" + std::string(DEFAULT_STEMMER) +
                                           "', not 'none'; use --rebuild to change it");
    }
}

TEST_CASE("snapshot: deletes what the inputs no longer hold, unless input failed, it is too much, or it stopped") {
    test::TempDir dir;
    const std::string db = dir.file("db");
    test::write_file(dir.file("all.jsonl"), articles(1, 10));
    ModeRun(mode_options(db, {dir.file("all.jsonl")}, IndexMode::update)).go();

    // Two of ten missing, but an input could not be read: nothing goes.
    test::write_file(dir.file("most.jsonl"), articles(1, 8));
    ModeRun failed(mode_options(db, {dir.file("most.jsonl"), dir.file("missing.jsonl")}, IndexMode::snapshot));
    failed.go();
    CHECK(failed.run.stats.delete_refused == 2);
    CHECK(failed.run.stats.notice ==
          "snapshot: 1 inputs or articles could not be read, so 2 articles missing from the inputs were NOT deleted "
          "(an unreadable input would look like deleted articles); fix the input, or pass --force-delete");
    CHECK(count(db) == 10);

    // Three of ten is more than the 20% --max-delete allows.
    test::write_file(dir.file("fewer.jsonl"), articles(1, 7));
    ModeRun too_many(mode_options(db, {dir.file("fewer.jsonl")}, IndexMode::snapshot));
    too_many.go();
    CHECK(too_many.run.stats.delete_refused == 3);
    CHECK(too_many.err.str() == "fahras-index: snapshot: 3 of 10 articles are missing from the inputs, more than "
                                "--max-delete 20% allows; nothing was deleted (check the inputs, or pass --force-delete)\n");
    CHECK(count(db) == 10);

    {
        const StopRequested stop;
        ModeRun stopped(mode_options(db, {dir.file("most.jsonl")}, IndexMode::snapshot));
        stopped.go();
        CHECK(stopped.run.stats.deleted == 0);
    }
    CHECK(count(db) == 10);

    ModeRun snapshot(mode_options(db, {dir.file("most.jsonl")}, IndexMode::snapshot));
    snapshot.go();
    CHECK(snapshot.run.stats.deleted == 2);
    CHECK(snapshot.run.stats.notice.empty());
    CHECK(count(db) == 8);
}

TEST_CASE("rebuild: a new generation, switched to, with the live database's stemmer and stale ones removed") {
    test::TempDir dir;
    const std::string db = dir.file("db");
    test::write_file(dir.file("in.jsonl"), articles(1, 5));
    IndexerOptions first = mode_options(db, {dir.file("in.jsonl")}, IndexMode::update);
    first.stemmer = "none";
    ModeRun(first).go();
    test::write_file(dir.file("db.gen-20000101T000000.building/x"), "left by a killed rebuild");
    for (const std::size_t threads : {1, 2}) {
        CAPTURE(threads);
        ModeRun rebuild(mode_options(db, {dir.file("in.jsonl")}, IndexMode::rebuild, threads));
        rebuild.go();
        CHECK(rebuild.run.stats.switched);
        CHECK(rebuild.run.stats.total_in_db == 5);
        CHECK(fs::is_symlink(db));
        CHECK(Xapian::Database(db).get_metadata(META_STEMMER) == "none");
        CHECK(beside(dir) == std::vector<std::string>{"db", "db.gen-*"});
    }
}

TEST_CASE("rebuild: interrupted, or with too few articles, it keeps the live database and leaves nothing beside it") {
    for (const std::size_t threads : {1, 2}) {
        CAPTURE(threads);
        test::TempDir dir;
        const std::string db = dir.file("db");
        test::write_file(dir.file("all.jsonl"), articles(1, 10));
        ModeRun(mode_options(db, {dir.file("all.jsonl")}, IndexMode::update)).go();
        {
            const StopRequested stop;
            ModeRun interrupted(mode_options(db, {dir.file("all.jsonl")}, IndexMode::rebuild, threads));
            interrupted.go();
            CHECK_FALSE(interrupted.run.stats.switched);
            CHECK(interrupted.run.stats.total_in_db == 10);
            CHECK(interrupted.err.str() == "fahras-index: rebuild interrupted; the live database is unchanged\n");
        }
        CHECK(beside(dir) == std::vector<std::string>{"db"});
        CHECK_FALSE(fs::is_symlink(db));

        test::write_file(dir.file("half.jsonl"), articles(1, 5));
        ModeRun shrunk(mode_options(db, {dir.file("half.jsonl")}, IndexMode::rebuild, threads));
        shrunk.go();
        CHECK_FALSE(shrunk.run.stats.switched);
        CHECK(shrunk.run.stats.delete_refused == 5);
        CHECK(shrunk.run.stats.total_in_db == 10);
        CHECK(shrunk.err.str() == "fahras-index: rebuild: the new database holds 5 articles, the live one 10: more "
                                  "than --max-delete 20% fewer, so the live database was kept (check the inputs, or "
                                  "pass --force-delete)\n");
        CHECK(beside(dir) == std::vector<std::string>{"db"});
        CHECK(count(db) == 10);

        IndexerOptions forced = mode_options(db, {dir.file("half.jsonl")}, IndexMode::rebuild, threads);
        forced.force_delete = true;
        ModeRun force(forced);
        force.go();
        CHECK(force.run.stats.switched);
        CHECK(count(db) == 5);
    }
}
