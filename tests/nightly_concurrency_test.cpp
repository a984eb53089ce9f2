// Nightly runs side by side with others: one writer at a time, runs killed
// at random moments (SIGKILL) or stopped (SIGTERM), parallel runs that
// must answer as serial ones, and searches while the database is written.
#include "e2e_support.h"
#include "test_support.h"
#include "writer_lock.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::count;
using fahras::test::index_into;
using fahras::test::index_json;
using fahras::test::Process;
using fahras::test::run_command;
using fahras::test::search_exit;
using fahras::test::TempDir;
using fahras::test::write_file;

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
    // New articles for the incremental run: after the rebuild, all.jsonl
    // alone would be 6,000 unchanged articles, read and skipped in less
    // time than two searches take on a busy machine.
    write_file(dir.file("more.jsonl"), fahras::test::synthetic_articles(3000, 7, 6000));
    REQUIRE(index_into(db, {dir.file("day1.jsonl")}).exit_code == 0);

    for (const std::vector<std::string>& run :
         {std::vector<std::string>{"--rebuild", dir.file("all.jsonl")},
          std::vector<std::string>{"--batch", "200", dir.file("all.jsonl"), dir.file("more.jsonl")},
          std::vector<std::string>{"--rebuild", dir.file("all.jsonl"), dir.file("more.jsonl")}}) {
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
    CHECK(count(db) == 9000);
}
