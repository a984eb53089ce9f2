// Nightly reindexing, unattended: snapshots, deletions, rebuilds, the
// writer lock, kills at random moments, searches during writes, hostile
// input and a full disk.  Everything runs the real binaries.
#include "e2e_support.h"
#include "test_support.h"

#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "indexer.h"
#include "writer_lock.h"

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::count;
using fahras::test::index_into;
using fahras::test::Process;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

nlohmann::json index_json(const std::string& db, std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = index_into(db, args);
    CAPTURE(result.err);
    return nlohmann::json::parse(result.out.empty() ? "{}" : result.out);
}

// A search through the binary: 0 (found) and 1 (nothing) are both fine.
int search_exit(const std::string& db, const std::string& query) {
    return run_command({FAHRAS_SEARCH_BIN, "--db", db, "--snippet-length", "0", query}).exit_code;
}

// A small file system of its own (a tmpfs: needs root), unmounted at the end.
class SmallDisk {
  public:
    SmallDisk(const std::string& path, const std::string& options) : path_(path) {
        fs::create_directories(path);
        const CommandResult mounted = run_command({"/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", path});
        mounted_ = mounted.exit_code == 0;
        error_ = mounted.err;
    }
    ~SmallDisk() {
        if (mounted_) run_command({"/bin/umount", "-l", path_});
    }
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;
    bool mounted() const { return mounted_; }
    const std::string& error() const { return error_; }
    /// What is on it, but @a keep (space left taken by failed runs shows here).
    std::vector<std::string> others(const std::vector<std::string>& keep) const {
        std::vector<std::string> names;
        for (const auto& entry : fs::directory_iterator(path_)) {
            const std::string name = entry.path().filename().string();
            if (std::find(keep.begin(), keep.end(), name) == keep.end()) names.push_back(name);
        }
        return names;
    }
    void clear() const {
        for (const auto& entry : fs::directory_iterator(path_)) fs::remove_all(entry.path());
    }

  private:
    std::string path_, error_;
    bool mounted_ = false;
};

// What a run that met a full disk must leave: its documented exit and
// message, never an abort, and a database that checks clean and answers.
void check_failed_cleanly(const CommandResult& run, const std::string& db, const std::string& kept) {
    CAPTURE(run.err);
    CHECK(run.exit_code == 74);
    CHECK(run.err.find("terminate called") == std::string::npos);
    CHECK(run.err.find("No space left on device") != std::string::npos);
    CHECK(run.err.find("free space") != std::string::npos);
    CHECK(run.err.find(kept) != std::string::npos);
    std::ostringstream problems;
    CHECK(Xapian::Database::check(db, 0, &problems) == 0);  // what xapian-check runs
    CAPTURE(problems.str());
    const int searched = search_exit(db, "الحكومة");
    CHECK((searched == 0 || (searched == 1 && count(db) == 0)));
}

}  // namespace

TEST_CASE("snapshot mode deletes what the archive no longer holds, within a safety limit") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("all.jsonl"), fahras::test::synthetic_articles(100));
    write_file(dir.file("most.jsonl"), fahras::test::synthetic_articles(90));
    write_file(dir.file("half.jsonl"), fahras::test::synthetic_articles(50));
    REQUIRE(index_into(db, {dir.file("all.jsonl")}).exit_code == 0);

    // 10% missing: within the default 20% limit.
    auto summary = index_json(db, {"--snapshot", dir.file("most.jsonl")});
    CHECK(summary["deleted"] == 10);
    CHECK(summary["unchanged"] == 90);
    CHECK(summary["exit_code"] == 0);
    CHECK(count(db) == 90);
    CHECK(Xapian::Database(db).get_termfreq("Qa95") == 0);

    // 40 of 90 missing: refused, exit 3, nothing deleted, and it says why.
    const CommandResult refused = index_into(db, {"--snapshot", dir.file("half.jsonl")});
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("more than --max-delete 20%") != std::string::npos);
    CHECK(count(db) == 90);
    summary = index_json(db, {"--snapshot", "--max-delete", "50", dir.file("half.jsonl")});
    CHECK(summary["deleted"] == 40);
    CHECK(count(db) == 50);

    // Unreadable input: no deletions, however few.
    write_file(dir.file("broken.jsonl"), fahras::test::synthetic_articles(49) + "{broken\n");
    const CommandResult careful = index_into(db, {"--snapshot", dir.file("broken.jsonl")});
    CHECK(careful.exit_code == 3);
    CHECK(careful.err.find("could not be read") != std::string::npos);
    CHECK(count(db) == 50);
    CHECK(index_json(db, {"--snapshot", "--force-delete", dir.file("broken.jsonl")})["deleted"] == 1);
}

TEST_CASE("--delete and --delete-from remove articles by id") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(10));
    REQUIRE(index_into(db, {dir.file("a.jsonl")}).exit_code == 0);
    write_file(dir.file("gone.txt"), "# retracted\na3\n\na4\r\n");
    const CommandResult result = index_into(db, {"--delete", "a1", "a2", "nope", "--delete-from", dir.file("gone.txt")});
    CHECK(result.exit_code == 0);
    CHECK(result.err.find("--delete nope: no such article") != std::string::npos);
    CHECK(result.out.find("4 deleted") != std::string::npos);
    CHECK(count(db) == 6);
}

TEST_CASE("--rebuild builds beside the live database and switches atomically") {
    TempDir dir;
    const std::string db = dir.file("news");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(200));
    REQUIRE(index_into(db, {dir.file("a.jsonl")}).exit_code == 0);  // a plain directory first

    auto summary = index_json(db, {"--rebuild", "--stemmer", "snowball", dir.file("a.jsonl")});
    CHECK(summary["rebuilt"] == true);
    CHECK(summary["total"] == 200);
    CHECK(fs::is_symlink(db));
    CHECK(Xapian::Database(db).get_metadata("fahras.stemmer") == "snowball");  // a rebuild may change it
    CHECK(search_exit(db, "حلب") == 0);

    summary = index_json(db, {"--rebuild", dir.file("a.jsonl")});
    CHECK(summary["rebuilt"] == true);
    CHECK(Xapian::Database(db).get_metadata("fahras.stemmer") == "snowball");  // kept when not asked
    // Only the live generation is left beside the link (plus the lock file).
    std::vector<std::string> beside;
    for (const auto& entry : fs::directory_iterator(dir.path()))
        if (entry.path().filename().string().rfind("news", 0) == 0) beside.push_back(entry.path().filename().string());
    CHECK(beside.size() == 3);  // news, news.gen-…, news.lock

    // A rebuild that would lose most of the archive is not switched to.
    write_file(dir.file("few.jsonl"), fahras::test::synthetic_articles(20));
    const CommandResult refused = index_into(db, {"--rebuild", dir.file("few.jsonl")});
    CHECK(refused.exit_code == 3);
    CHECK(refused.err.find("live database was kept") != std::string::npos);
    CHECK(count(db) == 200);

    // Incremental runs keep working on the rebuilt database.
    write_file(dir.file("more.jsonl"), fahras::test::synthetic_articles(5, 9, 200));
    CHECK(index_json(db, {dir.file("more.jsonl")})["added"] == 5);
    CHECK(count(db) == 205);
}

TEST_CASE("--stats and --check report the database") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(30));
    REQUIRE(index_into(db, {dir.file("a.jsonl")}).exit_code == 0);
    const CommandResult stats = index_into(db, {"--stats", "--json"});
    CHECK(stats.exit_code == 0);
    const auto report = nlohmann::json::parse(stats.out);
    CHECK(report["articles"] == 30);
    CHECK(report["first_date"] == "2015-01-01");
    CHECK(report["last_date"] == "2015-12-24");
    CHECK(report["sources"].size() == 5);
    CHECK(report["stemmer"] == std::string(fahras::DEFAULT_STEMMER));
    CHECK(report["compatible"] == true);
    CHECK_FALSE(report["last_update"].get<std::string>().empty());
    const CommandResult check = index_into(db, {"--check"});
    CHECK(check.exit_code == 0);
    CHECK(check.out.find("articles:     30") != std::string::npos);
    CHECK(index_into(dir.file("missing"), {"--stats"}).exit_code == 66);
}

TEST_CASE("only one writer at a time: exit 75 at once, or wait with --wait-lock") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(10));
    {
        const fahras::WriterLock held(db, 0);
        const auto start = std::chrono::steady_clock::now();
        const CommandResult second = index_into(db, {dir.file("a.jsonl")});
        CHECK(second.exit_code == 75);
        CHECK(second.err.find("another fahras-index (pid ") != std::string::npos);
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    }
    // The lock is released while the second indexer waits: it then works.
    auto held = std::make_unique<fahras::WriterLock>(db, 0);
    Process waiting({FAHRAS_INDEX_BIN, "--db", db, "--wait-lock", "20", dir.file("a.jsonl")});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    CHECK(waiting.running());
    held.reset();
    CHECK(waiting.wait().exit_code == 0);
    CHECK(count(db) == 10);
}

TEST_CASE("two indexers started together: one works, the other exits 75") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("big.jsonl"), fahras::test::synthetic_articles(3000));
    Process first({FAHRAS_INDEX_BIN, "--db", db, dir.file("big.jsonl")});
    Process second({FAHRAS_INDEX_BIN, "--db", db, dir.file("big.jsonl")});
    const int a = first.wait().exit_code, b = second.wait().exit_code;
    CAPTURE(a);
    CAPTURE(b);
    CHECK(((a == 0 && b == 75) || (a == 75 && b == 0)));
    CHECK(count(db) == 3000);
}

TEST_CASE("SIGKILL at random moments never breaks the database, and the next run converges") {
    TempDir dir;
    const std::string db = dir.file("db");
    const std::size_t total = 4000;
    write_file(dir.file("archive.jsonl"), fahras::test::synthetic_articles(total));
    std::mt19937 rng(7);
    Xapian::doccount previous = 0;
    int kills = 0;
    for (int round = 0; round < 20; ++round) {
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--batch", "150", dir.file("archive.jsonl")});
        std::this_thread::sleep_for(std::chrono::milliseconds(30 + rng() % 400));
        if (indexer.running()) {
            indexer.signal(SIGKILL);
            ++kills;
        }
        indexer.wait();
        if (!fs::exists(db)) continue;  // killed before the first commit created it
        CAPTURE(round);
        const Xapian::doccount now = count(db);  // opens: the last commit is intact
        CHECK(now >= previous);                   // commits are never lost
        CHECK(now <= total);
        previous = now;
        const int searched = search_exit(db, "الحكومة");
        CHECK((searched == 0 || searched == 1));
    }
    MESSAGE("killed " << kills << " of 20 runs part-way");
    CHECK(kills >= 10);
    const auto summary = index_json(db, {dir.file("archive.jsonl")});
    CHECK(summary["failed"] == 0);
    CHECK(count(db) == total);
    CHECK(summary["total"] == total);
    CHECK(Xapian::Database::check(db) == 0);
    // A parallel first build killed part-way leaves its shards behind; the
    // next run removed them.
    CHECK_FALSE(fs::exists(db + ".shards"));
    CHECK_FALSE(fs::exists(db + ".creating"));
}

TEST_CASE("SIGKILL during parallel incremental runs: commits are kept and the next run converges") {
    TempDir dir;
    const std::string db = dir.file("db");
    const std::size_t total = 4000;
    write_file(dir.file("start.jsonl"), fahras::test::synthetic_articles(500));
    write_file(dir.file("archive.jsonl"), fahras::test::synthetic_articles(total));
    REQUIRE(index_into(db, {"--threads", "1", dir.file("start.jsonl")}).exit_code == 0);
    std::mt19937 rng(11);
    Xapian::doccount previous = count(db);
    int kills = 0;
    for (int round = 0; round < 12; ++round) {
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--threads", "3", "--batch", "150", dir.file("archive.jsonl")});
        std::this_thread::sleep_for(std::chrono::milliseconds(100 + rng() % 1000));
        if (indexer.running()) {
            indexer.signal(SIGKILL);
            ++kills;
        }
        indexer.wait();
        CAPTURE(round);
        const Xapian::doccount now = count(db);
        CHECK(now >= previous);
        CHECK(now <= total);
        previous = now;
    }
    MESSAGE("killed " << kills << " of 12 parallel runs part-way");
    const auto summary = index_json(db, {"--threads", "3", dir.file("archive.jsonl")});
    CHECK(summary["failed"] == 0);
    CHECK(count(db) == total);
    CHECK(Xapian::Database::check(db) == 0);
}

TEST_CASE("SIGTERM stops a parallel run with a beginning of the inputs committed") {
    TempDir dir;
    const std::size_t total = 12000;
    write_file(dir.file("archive.jsonl"), fahras::test::synthetic_articles(total));
    write_file(dir.file("start.jsonl"), fahras::test::synthetic_articles(300));
    std::mt19937 rng(5);
    int interrupted = 0;
    for (int round = 0; round < 4; ++round) {
        // Even rounds build a new database (shards); odd rounds update one
        // that holds the first 300 articles (analysis threads, one writer).
        const std::string db = dir.file("db" + std::to_string(round));
        if (round % 2) REQUIRE(index_into(db, {dir.file("start.jsonl")}).exit_code == 0);
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--threads", "2", "--json", dir.file("archive.jsonl")});
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 900));
        indexer.signal(SIGTERM);
        const CommandResult result = indexer.wait();
        CAPTURE(round);
        CAPTURE(result.err);
        if (result.exit_code == 128 + SIGTERM) {
            MESSAGE("the signal came before fahras-index was ready for it");
        } else if (result.exit_code == 130) {
            ++interrupted;
            const Xapian::doccount now = count(db);
            const auto summary = nlohmann::json::parse(result.out);
            CHECK(summary["interrupted"] == true);
            CHECK(summary["total"] == now);
            // Everything read is committed.  An update can be stopped before
            // it has read the 300 articles the database starts with (a slow
            // start, under the sanitizers or on a busy machine): it then
            // keeps those 300.
            CHECK(now == std::max<std::size_t>(summary["read"].get<std::size_t>(), round % 2 ? 300 : 0));
            // Exactly the first articles of the input, without a gap.
            const Xapian::Database check(db);
            for (std::size_t i = 0; i < now; ++i) {
                if (check.get_termfreq("Qa" + std::to_string(i)) != 1) {
                    FAIL_CHECK("article a" << i << " of the first " << now << " is missing");
                    break;
                }
            }
        } else {
            CHECK(result.exit_code == 0);  // finished before the signal
        }
        CHECK_FALSE(fs::exists(db + ".shards"));
        CHECK_FALSE(fs::exists(db + ".creating"));
        // The next run finishes the job (checked once for each kind of run).
        if (round < 2) CHECK(index_json(db, {dir.file("archive.jsonl")})["total"] == total);
    }
    MESSAGE("interrupted " << interrupted << " of 4 runs part-way");
    CHECK(interrupted >= 1);
}

TEST_CASE("parallel and serial indexing answer every search the same") {
    TempDir dir;
    const std::string corpus = fahras::test::source_dir() + "/corpus";
    // The corpus and enough synthetic articles for three shards.
    write_file(dir.file("in/synthetic.jsonl"), fahras::test::synthetic_articles(4500));
    fs::copy(corpus, dir.file("in/corpus"), fs::copy_options::recursive);
    const std::string serial = dir.file("serial"), parallel = dir.file("parallel");
    const auto serial_summary = index_json(serial, {"--threads", "1", dir.file("in")});
    const auto parallel_summary = index_json(parallel, {"--threads", "2", dir.file("in")});
    for (const char* key : {"files", "read", "added", "replaced", "unchanged", "failed", "warnings", "total"}) {
        CAPTURE(key);
        CHECK(serial_summary[key] == parallel_summary[key]);
    }
    CHECK(parallel_summary["total"] == 4552);
    const auto results = [](const std::string& db, const std::vector<std::string>& args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--limit", "30"};
        argv.insert(argv.end(), args.begin(), args.end());
        const CommandResult result = run_command(argv);
        std::string out = std::to_string(result.exit_code) + "\n";
        std::istringstream lines(result.out);
        for (std::string line; std::getline(lines, line);) {
            auto object = nlohmann::json::parse(line);
            object.erase("elapsed_ms");
            out += object.dump() + "\n";
        }
        return out;
    };
    for (const std::vector<std::string>& query :
         {std::vector<std::string>{"الحكومة"}, {"اعلن وزير الاقتصاد"}, {"\"مجلس الوزراء\""}, {"title:حلب"},
          {"الأمطار", "--sort", "date"}, {"القدس", "--facets"}, {"place:حلب"}, {"حلب", "--all"},
          {"source:s3", "--from", "2015-03"}, {"الحكومه دمشق", "--explain"}, {"الحكومة", "--offset", "4000"}}) {
        CAPTURE(query[0]);
        const std::string expected = results(serial, query);
        CHECK(expected.size() > 20);
        CHECK(results(parallel, query) == expected);
    }
}

TEST_CASE("searches keep working throughout a rebuild and an incremental run") {
    TempDir dir;
    const std::string db = dir.file("news");
    write_file(dir.file("day1.jsonl"), fahras::test::synthetic_articles(3000));
    write_file(dir.file("all.jsonl"),
               fahras::test::synthetic_articles(3000) + fahras::test::synthetic_articles(3000, 5, 3000));
    REQUIRE(index_into(db, {dir.file("day1.jsonl")}).exit_code == 0);

    for (const std::vector<std::string>& run :
         {std::vector<std::string>{"--rebuild", dir.file("all.jsonl")},
          std::vector<std::string>{"--batch", "200", dir.file("all.jsonl")},
          std::vector<std::string>{"--rebuild", dir.file("all.jsonl")}}) {
        std::vector<std::string> argv = {FAHRAS_INDEX_BIN, "--db", db};
        argv.insert(argv.end(), run.begin(), run.end());
        Process writer(argv);
        int searches = 0, errors = 0;
        while (writer.running()) {
            const CommandResult found = run_command({FAHRAS_SEARCH_BIN, "--db", db, "--json", "--snippet-length", "0", "الحكومة"});
            ++searches;
            // Never an error, never an empty archive.
            if (found.exit_code != 0) {
                ++errors;
                MESSAGE("search failed during " << run[0] << ": exit " << found.exit_code << ": " << found.err);
            }
        }
        CAPTURE(run[0]);
        CHECK(writer.wait().exit_code == 0);
        CHECK(errors == 0);
        CHECK(searches >= 3);
    }
    CHECK(count(db) == 6000);
}

TEST_CASE("hostile input: a clear message each, nothing lost, the good articles indexed") {
    TempDir dir;
    const std::string good = fahras::test::synthetic_articles(3);
    // Binary garbage, with the good articles after it.
    std::string garbage;
    std::mt19937 rng(3);
    for (int i = 0; i < 4096; ++i) garbage += static_cast<char>(rng() % 256);
    write_file(dir.file("in/garbage.jsonl"), garbage + "\n" + good);
    // A 50 MB single line: a valid article, and one cut off (no closing quote).
    write_file(dir.file("in/huge.jsonl"), "{\"id\":\"huge\",\"body\":\"" + std::string(50u << 20, 'x') + "\"}\n" +
                                              "{\"id\":\"cut\",\"body\":\"" + std::string(50u << 20, 'y') + "\n" +
                                              fahras::test::synthetic_articles(2, 1, 10));
    // Deep nesting, wrong field types, non-UTF-8, an empty file.
    write_file(dir.file("in/nested.jsonl"), std::string(100000, '[') + "\n" + fahras::test::synthetic_articles(1, 1, 20));
    write_file(dir.file("in/types.jsonl"), "{\"id\":\"t1\",\"title\":[1,2],\"body\":\"x\"}\n{\"id\":{},\"body\":\"x\"}\n" +
                                               fahras::test::synthetic_articles(1, 1, 30));
    write_file(dir.file("in/latin1.jsonl"), "{\"id\":\"l1\",\"body\":\"caf\xE9\"}\n" + fahras::test::synthetic_articles(1, 1, 40));
    write_file(dir.file("in/empty.jsonl"), "");
    // A truncated gzip.
    fahras::test::write_gzip(dir.file("whole.jsonl.gz"), fahras::test::synthetic_articles(500, 1, 100));
    const std::string whole = fahras::test::read_file(dir.file("whole.jsonl.gz"));
    write_file(dir.file("in/cut.jsonl.gz"), whole.substr(0, whole.size() / 2));

    const CommandResult result = index_into(dir.file("db"), {"--json", dir.file("in")});
    CAPTURE(result.err.substr(0, 2000));
    CHECK(result.exit_code == 65);
    for (const std::string expected : {"garbage.jsonl:1: error: invalid UTF-8", "huge.jsonl:2: error: malformed JSON",
                                       "nested.jsonl:1: error: JSON nested deeper", "types.jsonl:1: error: field 'title'",
                                       "types.jsonl:2: error: field 'id'", "latin1.jsonl:1: error: invalid UTF-8",
                                       "cut.jsonl.gz:", "truncated or corrupt"}) {
        CAPTURE(expected);
        CHECK(result.err.find(expected) != std::string::npos);
    }
    // Every good article is in, the 50 MB one included; the gzip keeps what preceded the cut.
    const Xapian::Database db(dir.file("db"));
    for (const char* id : {"Qa0", "Qa1", "Qa2", "Qa10", "Qa11", "Qa20", "Qa30", "Qa40", "Qhuge"}) {
        CAPTURE(id);
        CHECK(db.get_termfreq(id) == 1);
    }
    int from_cut = 0;
    for (int i = 100; i < 600; ++i) from_cut += db.get_termfreq("Qa" + std::to_string(i)) > 0;
    CHECK(from_cut > 0);
    CHECK(from_cut < 500);
    const auto summary = nlohmann::json::parse(result.out);
    CHECK(summary["added"] == 9 + from_cut);
}

TEST_CASE("a directory without read permission is reported, not fatal") {
    TempDir dir;
    write_file(dir.file("in/ok.jsonl"), fahras::test::synthetic_articles(2));
    write_file(dir.file("in/locked/x.jsonl"), fahras::test::synthetic_articles(2, 1, 50));
    fs::permissions(dir.file("in/locked"), fs::perms::none);
    if (fs::exists(dir.file("in/locked/x.jsonl")) && fahras::test::read_file(dir.file("in/locked/x.jsonl")).size() > 0) {
        fahras::test::skip_test("running as root, permissions do not stop reading");
        return;
    }
    const CommandResult result = index_into(dir.file("db"), {dir.file("in")});
    CHECK(result.err.find("locked") != std::string::npos);
    CHECK(count(dir.file("db")) == 2);
}

TEST_CASE("disk full while indexing: a clear error and the previous state intact") {
    TempDir dir;
    const std::string mount_point = dir.file("small");
    const SmallDisk disk(mount_point, "size=4m");
    if (!disk.mounted()) {
        fahras::test::skip_test("cannot mount a small tmpfs here (" + disk.error() + ")");
        return;
    }

    write_file(dir.file("big.jsonl"), fahras::test::synthetic_articles(20000, 3, 1000));
    // Whatever path the write fails on, the message says so plainly and
    // says what to do.
    const auto says_disk_full = [](const std::string& err) {
        CHECK(err.find("No space left on device") != std::string::npos);
        CHECK(err.find("free space") != std::string::npos);
    };

    // A first build in parallel shards: the new database stays empty, and
    // the shards give their space back.  Serially: what was committed.
    for (const std::string threads : {"2", "1"}) {
        CAPTURE(threads);
        const CommandResult fresh = index_into(mount_point + "/fresh", {"--threads", threads, dir.file("big.jsonl")});
        CAPTURE(fresh.err);
        CHECK(fresh.exit_code == 74);
        says_disk_full(fresh.err);
        CHECK(count(mount_point + "/fresh") % 2000 == 0);  // whole --batch commits
        if (threads == "2") CHECK(count(mount_point + "/fresh") == 0);
        CHECK(disk.others({"fresh", "fresh.lock"}).empty());
        fs::remove_all(mount_point + "/fresh");
    }

    const std::string db = mount_point + "/db";
    write_file(dir.file("small.jsonl"), fahras::test::synthetic_articles(50));
    REQUIRE(index_into(db, {dir.file("small.jsonl")}).exit_code == 0);
    // Serial, and with threads (one writer fed by analysis threads).
    for (const std::string threads : {"1", "2"}) {
        CAPTURE(threads);
        const CommandResult full = index_into(db, {"--threads", threads, "--batch", "1000000", dir.file("big.jsonl")});
        CAPTURE(full.err);
        CHECK(full.exit_code == 74);
        CHECK(full.err.find("the database keeps its last commit") != std::string::npos);
        says_disk_full(full.err);
        CHECK(count(db) == 50);  // the state before the failed run
        CHECK(search_exit(db, "الحكومة") == 0);
    }

    // A rebuild that does not fit fails the same way, keeps the live
    // database, and leaves no half-built generation taking the space.
    for (const std::string threads : {"1", "2"}) {
        CAPTURE(threads);
        const CommandResult rebuild = index_into(db, {"--threads", threads, "--rebuild", dir.file("big.jsonl")});
        CAPTURE(rebuild.err);
        CHECK(rebuild.exit_code == 74);
        says_disk_full(rebuild.err);
        CHECK(count(db) == 50);
        CHECK(search_exit(db, "الحكومة") == 0);
        for (const auto& entry : fs::directory_iterator(mount_point)) {
            CAPTURE(entry.path());
            CHECK(entry.path().filename().string().find(".gen-") == std::string::npos);
        }
    }

}

// Xapian 1.4 aborts the process (std::terminate, exit 134) when a commit
// meets the full disk while it merges document values; where the disk fills
// up decides which write fails, so the same runs go on disks of a few sizes
// (each of these sizes, with this archive, hit that merge before the fix:
// serial and parallel first builds, updates and rebuilds).
TEST_CASE("disk full at any point of a run: exit 74, never an abort, a database that checks clean") {
    TempDir dir;
    write_file(dir.file("big.jsonl"), fahras::test::synthetic_articles(20000, 3, 1000));
    write_file(dir.file("small.jsonl"), fahras::test::synthetic_articles(50));
    for (const std::string size : {"5m", "6m", "7m"}) {
        CAPTURE(size);
        const std::string mount_point = dir.file("disk-" + size);
        const SmallDisk disk(mount_point, "size=" + size);
        if (!disk.mounted()) {
            fahras::test::skip_test("cannot mount a small tmpfs here (" + disk.error() + ")");
            return;
        }
        const std::string db = mount_point + "/db";
        for (const std::string threads : {"1", "2"}) {
            CAPTURE(threads);
            // A first build: whole batches committed (serially), or none.
            const CommandResult fresh = index_into(db, {"--threads", threads, dir.file("big.jsonl")});
            check_failed_cleanly(fresh, db, "the database keeps its last commit");
            CHECK(count(db) % 2000 == 0);
            CHECK(disk.others({"db", "db.lock"}).empty());
            disk.clear();

            // An update commits every --batch (2,000) articles: the database
            // keeps the 50 it had and whole batches.
            REQUIRE(index_into(db, {dir.file("small.jsonl")}).exit_code == 0);
            const CommandResult update = index_into(db, {"--threads", threads, dir.file("big.jsonl")});
            check_failed_cleanly(update, db, "the database keeps its last commit");
            CHECK(count(db) >= 50);
            CHECK((count(db) - 50) % 2000 == 0);
            CHECK(disk.others({"db", "db.lock"}).empty());
            disk.clear();

            // A rebuild: the live database as it was, no generation left.
            REQUIRE(index_into(db, {dir.file("small.jsonl")}).exit_code == 0);
            const CommandResult rebuild = index_into(db, {"--threads", threads, "--rebuild", dir.file("big.jsonl")});
            check_failed_cleanly(rebuild, db, "the live database is unchanged");
            CHECK(count(db) == 50);
            CHECK(disk.others({"db", "db.lock"}).empty());
            disk.clear();
        }
    }
}

// The lock file is the first thing a run writes: a disk without room for
// it is a full disk (74, said plainly), not a database that cannot be
// created (73, which path and permission problems keep).
TEST_CASE("creating the writer lock on a full disk gives 74 and a plain message, other failures stay 73") {
    TempDir dir;
    write_file(dir.file("small.jsonl"), fahras::test::synthetic_articles(5));

    write_file(dir.file("a-file"), "not a directory");
    const CommandResult not_dir = index_into(dir.file("a-file/db"), {dir.file("small.jsonl")});
    CAPTURE(not_dir.err);
    CHECK(not_dir.exit_code == 73);
    CHECK(not_dir.err.find("cannot create lock file") != std::string::npos);
    CHECK(not_dir.err.find("No space left on device") == std::string::npos);

    // No inode left: creating any file fails with ENOSPC.
    const std::string full = dir.file("full");
    const SmallDisk disk(full, "size=1m,nr_inodes=2");
    if (!disk.mounted()) {
        fahras::test::skip_test("cannot mount a small tmpfs here (" + disk.error() + ")");
        return;
    }
    for (int i = 0; i < 8; ++i) {
        std::ofstream filler(full + "/filler-" + std::to_string(i));  // until none fits
    }
    const CommandResult no_room = index_into(full + "/db", {dir.file("small.jsonl")});
    CAPTURE(no_room.err);
    CHECK(no_room.exit_code == 74);
    CHECK(no_room.err.find("cannot create lock file " + full + "/db.lock: No space left on device") !=
          std::string::npos);
    CHECK(no_room.err.find("free space") != std::string::npos);
    CHECK_FALSE(fs::exists(full + "/db"));

    // A file system that refuses writes is a place the database cannot be.
    const std::string read_only = dir.file("read-only");
    const SmallDisk locked(read_only, "ro,size=1m");
    REQUIRE(locked.mounted());
    const CommandResult refused = index_into(read_only + "/db", {dir.file("small.jsonl")});
    CAPTURE(refused.err);
    CHECK(refused.exit_code == 73);
    CHECK(refused.err.find("Read-only file system") != std::string::npos);
}

// Monitoring parses these: they must be JSON whatever bytes a path, a
// source name or a notice holds.  Invalid UTF-8 becomes U+FFFD (as in
// fahras-search's --json); valid UTF-8 comes out exactly as before.
TEST_CASE("--json summaries and reports are valid JSON whatever the bytes of the database path") {
    TempDir dir;
    const std::string db = dir.file("news-\xFF\xFE-\xD8");  // not UTF-8 (a Latin-1 name, a cut letter)
    const std::string shown = dir.file("news-\xEF\xBF\xBD\xEF\xBF\xBD-\xEF\xBF\xBD");
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(12));

    const CommandResult run = index_into(db, {"--json", dir.file("a.jsonl")});
    CAPTURE(run.err);
    CHECK(run.exit_code == 0);
    nlohmann::json summary;
    REQUIRE_NOTHROW(summary = nlohmann::json::parse(run.out));
    CHECK(summary["database"] == shown);
    CHECK(summary["added"] == 12);
    CHECK(summary["exit_code"] == 0);

    for (const char* mode : {"--stats", "--check"}) {
        CAPTURE(mode);
        const CommandResult report = index_into(db, {mode, "--json"});
        CAPTURE(report.err);
        CHECK(report.exit_code == 0);
        nlohmann::json parsed;
        REQUIRE_NOTHROW(parsed = nlohmann::json::parse(report.out));
        CHECK(parsed["database"] == shown);
        CHECK(parsed["articles"] == 12);
    }

    // fahras-search: the same database, and a query with stray bytes.
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, {"--explain"}, {"--facets"}, {"--sort", "date"}}) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "الحكومة \xFF title:\xD8 source:\xC3"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        const CommandResult found = run_command(argv);
        CAPTURE(found.err);
        CHECK((found.exit_code == 0 || found.exit_code == 1));
        std::istringstream lines(found.out);
        int parsed_lines = 0;
        for (std::string line; std::getline(lines, line); ++parsed_lines) {
            CAPTURE(line);
            CHECK_NOTHROW(nlohmann::json::parse(line));
        }
        CHECK(parsed_lines >= 1);
    }
}

TEST_CASE("--json summary and report: U+FFFD for invalid bytes, valid UTF-8 byte for byte as before") {
    fahras::IndexStats stats;
    stats.files = 2;
    stats.read = 31;
    stats.added = 30;
    stats.failed = 1;
    stats.commits = 1;
    stats.total_in_db = 30;
    stats.seconds = 1.5;
    stats.notice = "مثال \"quoted\"\n";
    fahras::IndexerOptions opts;
    opts.db_path = "/srv/أخبار";
    opts.json = true;
    CHECK(fahras::format_index_summary(stats, opts) ==
          "{\"database\":\"/srv/أخبار\",\"files\":2,\"read\":31,\"added\":30,\"replaced\":0,\"unchanged\":0,"
          "\"deleted\":0,\"delete_refused\":0,\"failed\":1,\"warnings\":0,\"commits\":1,\"total\":30,"
          "\"seconds\":1.5,\"interrupted\":false,\"rebuilt\":false,\"notice\":\"مثال \\\"quoted\\\"\\n\","
          "\"exit_code\":65}\n");
    opts.db_path = "/srv/\xFF";
    stats.notice = "cut \xD8";
    nlohmann::json summary;
    REQUIRE_NOTHROW(summary = nlohmann::json::parse(fahras::format_index_summary(stats, opts)));
    CHECK(summary["database"] == "/srv/\xEF\xBF\xBD");
    CHECK(summary["notice"] == "cut \xEF\xBF\xBD");

    fahras::DatabaseReport report;
    report.path = "/srv/أخبار";
    report.articles = 3;
    report.first_date = "2015-01-01";
    report.last_date = "2015-02-01";
    report.sources = {{"عكاظ", 2}, {"s1", 1}};
    report.schema_version = "3";
    report.normalizer_version = "2";
    report.stemmer = "fahras-light";
    report.compatible = true;
    report.last_update = "2015-02-02T00:00:00Z";
    CHECK(fahras::format_database_report(report, true) ==
          "{\"database\":\"/srv/أخبار\",\"articles\":3,\"first_date\":\"2015-01-01\",\"last_date\":\"2015-02-01\","
          "\"sources\":{\"عكاظ\":2,\"s1\":1},\"schema_version\":\"3\",\"normalizer_version\":\"2\","
          "\"stemmer\":\"fahras-light\",\"compatible\":true,\"last_update\":\"2015-02-02T00:00:00Z\","
          "\"check_errors\":0}\n");
    report.path = "/srv/\xFF";
    report.sources = {{"bad\xC3", 2}};
    report.stemmer = "\xFE";
    nlohmann::json parsed;
    REQUIRE_NOTHROW(parsed = nlohmann::json::parse(fahras::format_database_report(report, true)));
    CHECK(parsed["database"] == "/srv/\xEF\xBF\xBD");
    CHECK(parsed["sources"]["bad\xEF\xBF\xBD"] == 2);
    CHECK(parsed["stemmer"] == "\xEF\xBF\xBD");
}

TEST_CASE("a --db directory holding other files is refused, untouched; empty directories and real databases work") {
    TempDir dir;
    write_file(dir.file("a.jsonl"), fahras::test::synthetic_articles(10));
    // Someone's folder, or the archive itself, given as --db by mistake.
    const std::string folder = dir.file("home");
    write_file(folder + "/notes.txt", "keep me\n");
    write_file(folder + "/photos/2015.jpg", "jpeg");
    const auto listing = [](const std::string& path) {
        std::vector<std::string> names;
        for (const auto& entry : fs::recursive_directory_iterator(path)) names.push_back(entry.path().string());
        std::sort(names.begin(), names.end());
        return names;
    };
    const auto before = listing(folder);
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{dir.file("a.jsonl")}, {"--snapshot", dir.file("a.jsonl")},
          {"--rebuild", dir.file("a.jsonl")}, {"--delete", "a1"}}) {
        CAPTURE(args[0]);
        const CommandResult refused = index_into(folder, args);
        CAPTURE(refused.err);
        CHECK(refused.exit_code == 73);
        CHECK(refused.err.find("notes.txt") != std::string::npos);  // what was found
        CHECK(refused.err.find("not a Xapian database") != std::string::npos);
        CHECK(refused.err.find("empty directory") != std::string::npos);  // what to do
        CHECK(listing(folder) == before);
        CHECK_FALSE(fs::is_symlink(folder));
        CHECK_FALSE(fs::exists(folder + ".lock"));
    }
    const CommandResult stats = index_into(folder, {"--stats"});
    CHECK(stats.exit_code == 66);
    CHECK(stats.err.find("not a Xapian database") != std::string::npos);

    // An empty directory is where a new database may go.
    fs::create_directories(dir.file("empty"));
    CHECK(index_json(dir.file("empty"), {dir.file("a.jsonl")})["added"] == 10);
    CHECK(count(dir.file("empty")) == 10);

    // Real databases: plain, then rebuilt into the generation layout
    // (a link to news.gen-…), updated, rebuilt again.
    const std::string db = dir.file("news");
    write_file(dir.file("more.jsonl"), fahras::test::synthetic_articles(3, 9, 100));
    CHECK(index_into(db, {dir.file("a.jsonl")}).exit_code == 0);
    CHECK(index_into(db, {dir.file("more.jsonl")}).exit_code == 0);
    CHECK(index_into(db, {"--rebuild", dir.file("a.jsonl"), dir.file("more.jsonl")}).exit_code == 0);
    CHECK(fs::is_symlink(db));
    CHECK(index_into(db, {"--snapshot", dir.file("a.jsonl"), dir.file("more.jsonl")}).exit_code == 0);
    CHECK(index_into(db, {"--delete", "a1"}).exit_code == 0);
    CHECK(index_into(db, {"--rebuild", dir.file("a.jsonl")}).exit_code == 0);
    CHECK(count(db) == 10);
    CHECK(index_into(db, {"--stats"}).exit_code == 0);
}
