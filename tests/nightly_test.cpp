// Nightly reindexing, unattended: snapshots, deletions, rebuilds, the
// writer lock, kills at random moments, searches during writes, hostile
// input and a full disk.  Everything runs the real binaries.
#include "test_support.h"

#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <random>
#include <sstream>
#include <thread>

#include "writer_lock.h"

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::Process;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

CommandResult index_into(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_INDEX_BIN, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

nlohmann::json index_json(const std::string& db, std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = index_into(db, args);
    CAPTURE(result.err);
    return nlohmann::json::parse(result.out.empty() ? "{}" : result.out);
}

Xapian::doccount count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

// A search through the binary: 0 (found) and 1 (nothing) are both fine.
int search_exit(const std::string& db, const std::string& query) {
    return run_command({FAHRAS_SEARCH_BIN, "--db", db, "--snippet-length", "0", query}).exit_code;
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
        MESSAGE("skipped: running as root, permissions do not stop reading");
        return;
    }
    const CommandResult result = index_into(dir.file("db"), {dir.file("in")});
    CHECK(result.err.find("locked") != std::string::npos);
    CHECK(count(dir.file("db")) == 2);
}

TEST_CASE("disk full while indexing: a clear error and the previous state intact") {
    TempDir dir;
    const std::string mount_point = dir.file("small");
    fs::create_directories(mount_point);
    const CommandResult mounted = run_command({"/bin/mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", mount_point});
    if (mounted.exit_code != 0) {
        MESSAGE("skipped: cannot mount a small tmpfs here (" << mounted.err << ")");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { run_command({"/bin/umount", "-l", path}); }
    } unmount{mount_point};

    const std::string db = mount_point + "/db";
    write_file(dir.file("small.jsonl"), fahras::test::synthetic_articles(50));
    REQUIRE(index_into(db, {dir.file("small.jsonl")}).exit_code == 0);
    write_file(dir.file("big.jsonl"), fahras::test::synthetic_articles(20000, 3, 1000));
    const CommandResult full = index_into(db, {"--batch", "1000000", dir.file("big.jsonl")});
    CAPTURE(full.err);
    CHECK(full.exit_code == 74);
    CHECK(full.err.find("the database keeps its last commit") != std::string::npos);
    CHECK(count(db) == 50);  // the state before the failed run
    CHECK(search_exit(db, "الحكومة") == 0);

    // A rebuild that does not fit fails the same way, keeps the live
    // database, and leaves no half-built generation taking the space.
    const CommandResult rebuild = index_into(db, {"--rebuild", dir.file("big.jsonl")});
    CAPTURE(rebuild.err);
    CHECK(rebuild.exit_code == 74);
    CHECK(count(db) == 50);
    CHECK(search_exit(db, "الحكومة") == 0);
    for (const auto& entry : fs::directory_iterator(mount_point)) {
        CAPTURE(entry.path());
        CHECK(entry.path().filename().string().find(".gen-") == std::string::npos);
    }
}
