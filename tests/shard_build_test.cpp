// A new database built in parallel shards and merged (indexer/shard_build.h).
#include "test_support.h"

#include "shard_build.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;
namespace fs = std::filesystem;

namespace {

std::string line(const std::string& id, const std::string& body) {
    return "{\"id\":\"" + id + "\",\"title\":\"عنوان\",\"body\":\"" + body + "\"}\n";
}

IndexerOptions shard_options(const std::vector<std::string>& inputs) {
    IndexerOptions opts;
    opts.inputs = inputs;
    opts.places = false;
    opts.verbose = true;
    opts.threads = 2;
    opts.block_database_size = 3;
    return opts;
}

std::string counts(const IndexStats& s) {
    return std::to_string(s.files) + " files, " + std::to_string(s.read) + " read, " + std::to_string(s.added) +
           " added, " + std::to_string(s.replaced) + " replaced, " + std::to_string(s.unchanged) + " unchanged, " +
           std::to_string(s.failed) + " failed";
}

std::vector<std::string> names(const std::vector<std::string>& paths) {
    std::vector<std::string> out;
    for (const auto& path : paths) out.push_back(fs::path(path).filename().string());
    return out;
}

const std::string STEMMER(DEFAULT_STEMMER);

}  // namespace

TEST_CASE("build_block_databases: a shard per block, fixups for replacements of earlier blocks, counted in input order") {
    test::TempDir dir;
    // Blocks of three new docids: a1-a3, a4-a6, then a7 with a changed a1
    // (a fixup) and an identical a2 (nothing to write).
    std::string input;
    for (int i = 1; i <= 7; ++i) input += line("a" + std::to_string(i), "نص " + std::to_string(i));
    input += line("a1", "نص معدل") + line("a2", "نص 2");
    test::write_file(dir.file("in.jsonl"), input);
    const IndexerOptions opts = shard_options({dir.file("in.jsonl")});
    std::ostringstream err;
    IndexRun run(opts, err);
    run.places.emplace(opts, err);

    const BlockBuild built = build_block_databases(run, STEMMER, dir.file("shards"), 0);
    CHECK(names(built.shards) == std::vector<std::string>{"shard-000000", "shard-000001", "shard-000002"});
    CHECK(names(built.fixups) == std::vector<std::string>{"fixups-000002"});
    CHECK(counts(run.stats) == "1 files, 9 read, 7 added, 1 replaced, 1 unchanged, 0 failed");
    std::string expected;
    for (int i = 1; i <= 7; ++i) expected += dir.file("in.jsonl") + ":" + std::to_string(i) + ": added a" + std::to_string(i) + "\n";
    expected += dir.file("in.jsonl") + ":8: replaced a1\n" + dir.file("in.jsonl") + ":9: unchanged a2\n";
    CHECK(err.str() == expected);

    merge_block_databases(run, {}, built, dir.file("db"), STEMMER);
    CHECK(run.stats.commits == 1);
    CHECK(run.stats.total_in_db == 7);
    const Xapian::Database db(dir.file("db"));
    CHECK(db.get_lastdocid() == 7);
    CHECK(*db.postlist_begin(make_id_term("a1")) == 1);  // the first docid, the last version
    CHECK(db.get_termfreq("معدل") == 1);
    CHECK(db.get_metadata(META_STEMMER) == STEMMER);
    CHECK(db.get_metadata(META_PLACES) == "0");
    CHECK_FALSE(db.get_metadata(META_LAST_UPDATE).empty());
}

TEST_CASE("build_block_databases numbers new articles after the database's last docid, and leaves a rejected article's unused") {
    test::TempDir dir;
    test::write_file(dir.file("gazetteer.tsv"), "زحلوقستان\t\tZahluqistan\tcountry\tZQ\t33.8\t35.9\t5000000\ttest\t" +
                                                    std::string(300, 'x') + "\t\t\n");
    test::write_file(dir.file("in.jsonl"), line("a", "نص") + line("b", "وصل الوفد إلى زحلوقستان") + line("c", "نص"));
    IndexerOptions opts = shard_options({dir.file("in.jsonl")});
    opts.places = true;
    opts.gazetteers = {dir.file("gazetteer.tsv")};
    opts.verbose = false;
    std::ostringstream err;
    IndexRun run(opts, err);
    run.places.emplace(opts, err);
    const BlockBuild built = build_block_databases(run, STEMMER, dir.file("shards"), 10);
    CHECK(counts(run.stats) == "1 files, 2 read, 2 added, 0 replaced, 0 unchanged, 1 failed");
    CHECK(err.str().rfind(dir.file("in.jsonl") + ":2: error: a term of 302 bytes", 0) == 0);
    REQUIRE(built.shards.size() == 1);
    const Xapian::Database shard(built.shards[0]);
    CHECK(*shard.postlist_begin(make_id_term("a")) == 11);
    CHECK(*shard.postlist_begin(make_id_term("c")) == 13);
}

TEST_CASE("a stopped shard build keeps nothing, and merging nothing gives an empty database with its analysis") {
    test::TempDir dir;
    test::write_file(dir.file("in.jsonl"), line("a", "نص") + line("b", "نص"));
    const IndexerOptions opts = shard_options({dir.file("in.jsonl")});
    std::ostringstream err;
    IndexRun run(opts, err);
    run.places.emplace(opts, err);
    BlockBuild built;
    stop_requested = true;
    try {
        built = build_block_databases(run, STEMMER, dir.file("shards"), 0);
    } catch (...) {
        stop_requested = false;
        throw;
    }
    stop_requested = false;
    CHECK(built.shards.empty());
    CHECK(counts(run.stats) == "0 files, 0 read, 0 added, 0 replaced, 0 unchanged, 0 failed");
    CHECK(fs::is_directory(dir.file("shards")));

    merge_block_databases(run, {}, built, dir.file("db"), STEMMER);
    const Xapian::Database db(dir.file("db"));
    CHECK(db.get_doccount() == 0);
    CHECK(db.get_metadata(META_STEMMER) == STEMMER);
}

TEST_CASE("a merge that fails is exit 74 and says what was kept") {
    test::TempDir dir;
    test::write_file(dir.file("plain-file"), "x");
    IndexerOptions opts = shard_options({});
    opts.mode = IndexMode::rebuild;
    std::ostringstream err;
    IndexRun run(opts, err);
    run.places.emplace(opts, err);
    try {
        merge_block_databases(run, {}, BlockBuild{}, dir.file("plain-file/db"), STEMMER);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_IO_ERROR);
        const std::string message = e.what();
        CAPTURE(message);
        CHECK(message.rfind("merging the new database into " + dir.file("plain-file/db") + " failed: ", 0) == 0);
        CHECK(message.substr(message.size() - 32) == "; the live database is unchanged");
    }
}
