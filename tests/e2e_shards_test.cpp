// fahras-index --shards: a database split into shards by the hash of each
// article's id, searched through its stub as one database
// (docs/scale-out.md, "Building a sharded database").
#include "e2e_support.h"
#include "test_support.h"
#include "writer_lock.h"

#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::count;
using fahras::test::index_into;
using fahras::test::index_json;
using fahras::test::JsonSearch;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

std::string read_text(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::string shard_path(const std::string& db, std::size_t i) { return db + "/shard-" + std::to_string(i); }

// Each shard's id terms, and whether every one is in the shard of its hash.
std::vector<std::set<std::string>> ids_by_shard(const std::string& db, std::size_t shards) {
    std::vector<std::set<std::string>> out(shards);
    const std::string prefix = fahras::id_terms_prefix();
    for (std::size_t i = 0; i < shards; ++i) {
        Xapian::Database shard(shard_path(db, i));
        for (auto it = shard.allterms_begin(prefix); it != shard.allterms_end(prefix); ++it) out[i].insert(*it);
    }
    return out;
}

void check_every_article_in_its_shard(const std::string& db, std::size_t shards) {
    const auto by_shard = ids_by_shard(db, shards);
    std::size_t total = 0;
    for (std::size_t i = 0; i < shards; ++i) {
        for (const auto& term : by_shard[i]) {
            CAPTURE(term);
            CHECK(fahras::shard_of_id_term(term, shards) == i);
        }
        total += by_shard[i].size();
    }
    CHECK(total == count(db));  // no id in two shards, no article without an id
}

// The sample archive (corpus/) as three shards, built once per process.
class ShardedCorpus {
  public:
    ShardedCorpus() {
        const std::string corpus = fahras::test::source_dir() + "/corpus";
        index_result = run_command(
            {FAHRAS_INDEX_BIN, "--db", db(), "--shards", "3", corpus + "/articles.jsonl", corpus + "/text"});
    }
    std::string db() const { return dir_.file("sharded"); }
    CommandResult index_result;

  private:
    TempDir dir_;
};

const ShardedCorpus& sharded_corpus() {
    static const ShardedCorpus instance;
    return instance;
}

JsonSearch search_db(const std::string& db, const std::string& query) {
    const CommandResult result =
        run_command({FAHRAS_SEARCH_BIN, "--db", db, "--json", "--limit", "10", "--snippet-length", "0", query});
    JsonSearch parsed = fahras::test::parse_json_search(result.out);
    parsed.exit_code = result.exit_code;
    return parsed;
}

// Hits as (rank group, id): hits of equal score form one group, whose order
// Xapian breaks by docid, and docids differ between the layouts.
std::vector<std::set<std::string>> tie_groups(const JsonSearch& search) {
    std::vector<std::set<std::string>> groups;
    std::string last_score;
    for (const auto& hit : search.hits) {
        const std::string score = hit.contains("score") ? hit["score"].dump() : hit["rank"].dump();
        if (groups.empty() || score != last_score) groups.emplace_back();
        groups.back().insert(hit["id"].get<std::string>());
        last_score = score;
    }
    return groups;
}

// 30 synthetic articles (a0 … a29, in dir/a.jsonl) as three shards: dir/db.
std::string small_sharded_database(const TempDir& dir) {
    const std::string db = dir.file("db");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(30));
    REQUIRE(index_into(db, {"--shards", "3", "--threads", "2", dir.file("a.jsonl")}).exit_code == 0);
    REQUIRE(count(db) == 30);
    check_every_article_in_its_shard(db, 3);
    return db;
}

}  // namespace

TEST_CASE("--shards 3: each article in the shard of its id, and searches answer as one database") {
    const ShardedCorpus& sharded = sharded_corpus();
    REQUIRE(sharded.index_result.exit_code == 0);
    const std::string db = sharded.db();
    CHECK(read_text(db + "/XAPIANDB") == "auto shard-0\nauto shard-1\nauto shard-2\n");
    CHECK(count(db) == count(fahras::test::corpus().db()));
    check_every_article_in_its_shard(db, 3);
    for (std::size_t i = 0; i < 3; ++i) {
        CAPTURE(i);
        Xapian::Database shard(shard_path(db, i));
        CHECK(shard.get_doccount() > 0);
        // Every shard describes itself: a shard server, or --check, opens it alone.
        CHECK(!shard.get_metadata("fahras.schema_version").empty());
        CHECK(shard.get_metadata("fahras.last_update") ==
              Xapian::Database(shard_path(db, 0)).get_metadata("fahras.last_update"));
    }

    // Xapian merges the shards' statistics, so the scores are those of one
    // database; hits of equal score may come in another order (ties go by
    // docid, and a shard's docids are not one database's), so the top ten
    // are compared as groups of equal score.
    for (const std::string query : {"الرياض", "وزير الصحة", "مشروع", "title:السعودية", "الملك سلمان",
                                    "\"خادم الحرمين\"", "التعليم OR المدارس", "أمطار", "النفط -أسعار"}) {
        CAPTURE(query);
        const JsonSearch one = search_db(fahras::test::corpus().db(), query);
        const JsonSearch split = search_db(db, query);
        CHECK(split.exit_code == one.exit_code);
        CHECK(tie_groups(split) == tie_groups(one));
        CHECK(split.summary["total_estimate"] == one.summary["total_estimate"]);
    }
}

TEST_CASE("a sharded database: an update without --shards keeps the shards; changed and new articles go to their id's shard") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    // a3 changed, a30 and a31 new, the rest unchanged.
    write_file(dir.file("b.jsonl"), fahras::test::synthetic_articles(2, 7, 30) +
                                        fahras::test::synthetic_articles(1, 9, 3));
    const auto summary = index_json(db, {"--threads", "1", dir.file("b.jsonl")});
    CHECK(summary["added"] == 2);
    CHECK(summary["replaced"] == 1);
    CHECK(summary["total"] == 32);
    check_every_article_in_its_shard(db, 3);
    const std::string a3 = fahras::make_id_term("a3");
    const auto by_shard = ids_by_shard(db, 3);
    CHECK(by_shard[fahras::shard_of_id_term(a3, 3)].count(a3) == 1);
}

TEST_CASE("a sharded database: --delete finds the article in its shard; a snapshot deletes from every shard") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    const std::string a5 = fahras::make_id_term("a5");
    const std::size_t home = fahras::shard_of_id_term(a5, 3);
    const Xapian::doccount before = Xapian::Database(shard_path(db, home)).get_doccount();
    CHECK(index_json(db, {"--delete", "a5"})["deleted"] == 1);
    CHECK(Xapian::Database(shard_path(db, home)).get_doccount() == before - 1);
    CHECK(count(db) == 29);
    write_file(dir.file("most.jsonl"), fahras::test::synthetic_articles(27));
    const auto snapshot = index_json(db, {"--snapshot", dir.file("most.jsonl")});
    CHECK(snapshot["deleted"] == 3);  // a27, a28, a29
    CHECK(snapshot["added"] == 1);    // a5 again
    CHECK(count(db) == 27);
    check_every_article_in_its_shard(db, 3);
}

TEST_CASE("a sharded database: a shard whose last commits were lost is repaired by the next run over the same input") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    // What a crash between the shards' commits leaves: shard-1 behind
    // the others, each shard consistent by itself.
    {
        Xapian::WritableDatabase shard(shard_path(db, 1));
        std::vector<Xapian::docid> docids;
        for (auto it = shard.postlist_begin(""); it != shard.postlist_end(""); ++it) docids.push_back(*it);
        REQUIRE(!docids.empty());
        for (const Xapian::docid did : docids) shard.delete_document(did);
        shard.commit();
    }
    REQUIRE(count(db) < 30);
    const auto summary = index_json(db, {dir.file("a.jsonl")});
    CHECK(summary["exit_code"] == 0);
    CHECK(count(db) == 30);
    check_every_article_in_its_shard(db, 3);
}

TEST_CASE("a sharded database: --shards other than the database's is refused without --rebuild, and a plain database likewise") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    const CommandResult other = index_into(db, {"--shards", "2", dir.file("a.jsonl")});
    CHECK(other.exit_code == 64);
    CHECK(other.err.find("has 3 shards") != std::string::npos);
    CHECK(other.err.find("--rebuild --shards 2") != std::string::npos);
    const std::string plain = dir.file("plain");
    REQUIRE(index_into(plain, {"--threads", "1", dir.file("a.jsonl")}).exit_code == 0);
    const CommandResult split = index_into(plain, {"--shards", "4", dir.file("a.jsonl")});
    CHECK(split.exit_code == 64);
    CHECK(split.err.find("one (unsharded) database") != std::string::npos);
    CHECK(index_into(db, {"--shards", "3", dir.file("a.jsonl")}).exit_code == 0);  // the same count is fine
    // A stub of remote shards is for searching: nothing is written through it.
    const std::string remote = dir.file("remote");
    fs::create_directory(remote);
    write_file(remote + "/XAPIANDB", "tcp localhost 1\n");
    const CommandResult through = index_into(remote, {dir.file("a.jsonl")});
    CHECK(through.exit_code == 66);
    CHECK(through.err.find("for searching only") != std::string::npos);
    // An empty directory made ready for the database is not a database yet.
    const std::string ready = dir.file("ready");
    fs::create_directory(ready);
    CHECK(index_into(ready, {"--shards", "2", dir.file("a.jsonl")}).exit_code == 0);
    CHECK(read_text(ready + "/XAPIANDB") == "auto shard-0\nauto shard-1\n");
}

TEST_CASE("a sharded database: --rebuild --shards 2 switches to a new generation of two shards at once; --shards 1 makes it one") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    const auto rebuilt = index_json(db, {"--rebuild", "--shards", "2", dir.file("a.jsonl")});
    CHECK(rebuilt["rebuilt"] == true);
    CHECK(fs::is_symlink(db));
    CHECK(read_text(db + "/XAPIANDB") == "auto shard-0\nauto shard-1\n");
    CHECK(count(db) == 30);
    check_every_article_in_its_shard(db, 2);
    // A nightly rebuild (no --shards) keeps the count; nothing is left beside it.
    CHECK(index_json(db, {"--rebuild", dir.file("a.jsonl")})["rebuilt"] == true);
    CHECK(read_text(db + "/XAPIANDB") == "auto shard-0\nauto shard-1\n");
    std::set<std::string> beside;
    for (const auto& entry : fs::directory_iterator(dir.path())) beside.insert(entry.path().filename().string());
    CHECK(beside == std::set<std::string>{"a.jsonl", "db", "db.lock", fs::read_symlink(db).string()});
    CHECK(index_json(db, {"--rebuild", "--shards", "1", dir.file("a.jsonl")})["rebuilt"] == true);
    CHECK(!fs::exists(db + "/XAPIANDB"));
    CHECK(count(db) == 30);
}

TEST_CASE("a sharded database: --stats and --check report every shard and the total") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    const CommandResult text = index_into(db, {"--check"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("articles:     30\n") != std::string::npos);
    CHECK(text.out.find("shards:       3 (shard-0 ") != std::string::npos);
    const auto report = nlohmann::json::parse(index_into(db, {"--stats", "--json"}).out);
    REQUIRE(report["shards"].size() == 3);
    std::size_t total = 0;
    for (std::size_t i = 0; i < 3; ++i) {
        CHECK(report["shards"][i]["name"] == "shard-" + std::to_string(i));
        CHECK(report["shards"][i]["articles"] == Xapian::Database(shard_path(db, i)).get_doccount());
        total += report["shards"][i]["articles"].get<std::size_t>();
    }
    CHECK(total == 30);
    // An article put by hand into another shard than its id's: an
    // update would not find it there, so --check counts it.
    {
        const std::string stray = fahras::make_id_term("stray");
        const std::size_t wrong = (fahras::shard_of_id_term(stray, 3) + 1) % 3;
        Xapian::WritableDatabase shard(shard_path(db, wrong));
        Xapian::Document doc;
        doc.add_boolean_term(stray);
        shard.add_document(doc);
        shard.commit();
    }
    const CommandResult checked = index_into(db, {"--check", "--json"});
    CHECK(checked.exit_code == 65);
    const auto bad = nlohmann::json::parse(checked.out);
    CHECK(bad["check_errors"] == 1);
    std::size_t misplaced = 0;
    for (const auto& shard : bad["shards"]) misplaced += shard["misplaced"].get<std::size_t>();
    CHECK(misplaced == 1);
}

TEST_CASE("a sharded database: the writer lock covers the whole sharded database") {
    TempDir dir;
    const std::string db = small_sharded_database(dir);
    const fahras::WriterLock held(db, 0);
    const CommandResult second = index_into(db, {dir.file("a.jsonl")});
    CHECK(second.exit_code == 75);
    const CommandResult rebuild = index_into(db, {"--rebuild", "--shards", "2", dir.file("a.jsonl")});
    CHECK(rebuild.exit_code == 75);
    CHECK(read_text(db + "/XAPIANDB") == "auto shard-0\nauto shard-1\nauto shard-2\n");
}

TEST_CASE("a sharded database: SIGKILL between commits never breaks it, and the next run converges") {
    // The shards commit one after the other: a kill can fall between two,
    // leaving some shards a batch behind the others.  Each still opens and
    // answers, nothing committed is lost, and the next run completes them.
    // (A first build is written aside and renamed into place: killed, it
    // leaves nothing, so the runs killed here update a database.)
    TempDir dir;
    const std::string db = dir.file("db");
    const std::size_t total = 1500;
    write_file(dir.file("archive.jsonl"), fahras::test::synthetic_articles(total));
    {
        fahras::test::Process first({FAHRAS_INDEX_BIN, "--db", db, "--shards", "3", dir.file("archive.jsonl")});
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        first.signal(SIGKILL);
        first.wait();
        CHECK_FALSE(fs::exists(db));
    }
    write_file(dir.file("first.jsonl"), fahras::test::synthetic_articles(100));
    REQUIRE(index_into(db, {"--shards", "3", dir.file("first.jsonl")}).exit_code == 0);
    std::mt19937 rng(11);
    Xapian::doccount previous = 100;
    int kills = 0;
    for (int round = 0; round < 8; ++round) {
        fahras::test::Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--batch", "100", dir.file("archive.jsonl")});
        std::this_thread::sleep_for(std::chrono::milliseconds(50 + rng() % 300));
        if (indexer.running()) {
            indexer.signal(SIGKILL);
            ++kills;
        }
        indexer.wait();
        CAPTURE(round);
        const Xapian::doccount now = count(db);
        CHECK(now >= previous);
        previous = now;
        const int searched = fahras::test::search_exit(db, "الحكومة");
        CHECK((searched == 0 || searched == 1));
    }
    MESSAGE("killed " << kills << " of 8 runs part-way");
    const auto summary = index_json(db, {dir.file("archive.jsonl")});
    CHECK(summary["exit_code"] == 0);
    CHECK(count(db) == total);
    check_every_article_in_its_shard(db, 3);
    CHECK(index_into(db, {"--check"}).exit_code == 0);
    CHECK_FALSE(fs::exists(db + ".creating.building"));
}
