// Input that fails in ways a fuzzer finds (issue 17): each costs only its
// own articles, a snapshot never takes unread input for deleted articles,
// and SIGTERM is answered whatever the input does.  Runs the real binary
// where exit codes and signals are the point.
#include "e2e_support.h"
#include "test_support.h"

#include "indexer.h"

#include <fahras/exit_codes.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::count;
using fahras::test::eventually;
using fahras::test::index_into;
using fahras::test::Process;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

// Whether process @a pid has @a path open.
bool has_open(int pid, const std::string& path) {
    std::error_code ec;
    for (const auto& fd : fs::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec)) {
        std::error_code link_ec;
        if (fs::read_symlink(fd.path(), link_ec).string() == path) return true;
    }
    return false;
}

fahras::IndexerOptions options_for(const std::string& db, const std::vector<std::string>& inputs) {
    fahras::IndexerOptions opts;
    opts.db_path = db;
    opts.inputs = inputs;
    opts.progress = false;
    return opts;
}

// Runs fahras-index as user nobody (65534), or says why it cannot.
struct Unprivileged {
    std::string why_not;
    Unprivileged() {
        if (geteuid() != 0) {
            why_not = "not root, cannot switch to an unprivileged user";
            return;
        }
        if (!fs::exists("/usr/bin/setpriv")) {
            why_not = "no /usr/bin/setpriv";
            return;
        }
        const CommandResult probe = run(FAHRAS_INDEX_BIN, {"--version"});
        if (probe.exit_code != 0) why_not = "fahras-index does not run as nobody here: " + probe.err;
    }
    static CommandResult run(const std::string& program, const std::vector<std::string>& args) {
        std::vector<std::string> argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", program};
        argv.insert(argv.end(), args.begin(), args.end());
        return run_command(argv);
    }
};

}  // namespace

TEST_CASE("a number no double holds fails its article, not the run") {
    TempDir dir;
    write_file(dir.file("n.jsonl"), "{\"url\":\"http://a\",\"title\":\"أ\",\"body\":\"نص\"}\n"
                                    "{\"url\":\"http://n\",\"n\":1e400}\n"
                                    "{\"url\":\"http://c\",\"title\":\"ج\",\"body\":\"نص\"}\n");
    const CommandResult result = index_into(dir.file("db"), {dir.file("n.jsonl")});
    CAPTURE(result.err);
    CHECK(result.exit_code == 65);
    CHECK(result.err.find(dir.file("n.jsonl") + ":2: error: a number too large for a double") != std::string::npos);
    CHECK(count(dir.file("db")) == 2);
}

TEST_CASE("an article Xapian cannot take fails alone, serial, parallel and incremental") {
    // A user gazetteer whose place id is longer than Xapian's term limit:
    // the article that mentions the place has a term Xapian refuses, and a
    // refused add_document() would also drop the batch before it.
    TempDir dir;
    write_file(dir.file("gazetteer.tsv"), "زحلوقستان\t\tZahluqistan\tcountry\tZQ\t33.8\t35.9\t5000000\ttest\t" +
                                              std::string(300, 'x') + "\t\t\n");
    std::string lines;
    for (int i = 0; i < 6; ++i) {
        lines += "{\"id\":\"p" + std::to_string(i) + "\",\"title\":\"خبر\",\"body\":\"" +
                 (i == 2 ? "وصل الوفد إلى زحلوقستان اليوم" : "نص عادي") + "\"}\n";
    }
    write_file(dir.file("in.jsonl"), lines);
    write_file(dir.file("first.jsonl"), "{\"id\":\"q\",\"title\":\"خبر\",\"body\":\"نص\"}\n");
    for (const std::size_t threads : {1, 2}) {
        for (const bool incremental : {false, true}) {
            CAPTURE(threads);
            CAPTURE(incremental);
            const std::string db = dir.file("db-" + std::to_string(threads) + (incremental ? "-update" : "-new"));
            fahras::IndexerOptions opts = options_for(db, {dir.file("first.jsonl")});
            opts.gazetteers = {dir.file("gazetteer.tsv")};
            opts.threads = threads;
            std::ostringstream err;
            if (incremental) REQUIRE(fahras::run_indexer(opts, err).added == 1);
            opts.inputs = {dir.file("in.jsonl")};
            const fahras::IndexStats stats = fahras::run_indexer(opts, err);
            CAPTURE(err.str());
            CHECK(stats.added == 5);
            CHECK(stats.failed == 1);
            CHECK(fahras::index_exit_code(stats) == fahras::EXIT_DATA_ERROR);
            CHECK(err.str().find(dir.file("in.jsonl") + ":3: error: a term of 302 bytes") != std::string::npos);
            const Xapian::Database check(db);
            CHECK(check.get_doccount() == (incremental ? 6 : 5));
            CHECK(check.get_termfreq(fahras::make_id_term("p2")) == 0);
            CHECK(check.get_termfreq(fahras::make_id_term("p5")) == 1);
        }
    }
}

TEST_CASE("a snapshot keeps the articles behind a dangling link") {
    TempDir dir;
    const std::string db = dir.file("db");
    // Few enough articles behind the link that --max-delete would let
    // their deletion through.
    write_file(dir.file("in/a.jsonl"), fahras::test::synthetic_articles(90));
    write_file(dir.file("in/b.jsonl"), fahras::test::synthetic_articles(10, 2, 90));
    REQUIRE(index_into(db, {dir.file("in")}).exit_code == 0);
    // b.jsonl's disk is not mounted: the link to it dangles.
    fs::rename(dir.file("in/b.jsonl"), dir.file("b.jsonl"));
    fs::create_symlink(dir.file("unmounted/b.jsonl"), dir.file("in/b.jsonl"));
    fs::create_symlink(dir.file("unmounted/readme"), dir.file("in/readme"));  // not an archive name: ignored
    const CommandResult snapshot = index_into(db, {"--snapshot", dir.file("in")});
    CAPTURE(snapshot.err);
    CHECK(snapshot.exit_code == 3);
    CHECK(snapshot.err.find(dir.file("in/b.jsonl") + ": error: dangling symbolic link") != std::string::npos);
    CHECK(snapshot.err.find("readme") == std::string::npos);
    CHECK(snapshot.err.find("NOT deleted") != std::string::npos);
    CHECK(count(db) == 100);
}

TEST_CASE("a snapshot keeps the articles of a folder its user cannot read") {
    const Unprivileged nobody;
    if (!nobody.why_not.empty()) {
        fahras::test::skip_test(nobody.why_not);
        return;
    }
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);  // nobody writes the database here
    const std::string db = dir.file("db");
    write_file(dir.file("in/ok.jsonl"), fahras::test::synthetic_articles(45));
    write_file(dir.file("in/locked/x.jsonl"), fahras::test::synthetic_articles(5, 1, 50));
    for (const auto& path : {dir.file("in"), dir.file("in/locked")})
        fs::permissions(path, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                  fs::perms::others_read | fs::perms::others_exec);
    const CommandResult first = Unprivileged::run(FAHRAS_INDEX_BIN, {"--db", db, dir.file("in")});
    CAPTURE(first.err);
    REQUIRE(first.exit_code == 0);
    REQUIRE(count(db) == 50);

    fs::permissions(dir.file("in/locked"), fs::perms::owner_all);  // root's alone now
    const CommandResult snapshot = Unprivileged::run(FAHRAS_INDEX_BIN, {"--db", db, "--snapshot", dir.file("in")});
    CAPTURE(snapshot.err);
    CHECK(snapshot.exit_code == 3);
    CHECK(snapshot.err.find(dir.file("in/locked") + ": error: cannot read the folder: Permission denied") !=
          std::string::npos);
    CHECK(snapshot.err.find("NOT deleted") != std::string::npos);
    CHECK(count(db) == 50);
}

TEST_CASE("a plain-text file past --max-line-bytes is skipped and the rest indexed") {
    TempDir dir;
    // 150 MB: Xapian cannot store such a body (the run used to end in exit
    // 70, "Can't handle insanely large tags", with nothing indexed).
    write_file(dir.file("in/good.jsonl"), fahras::test::synthetic_articles(3));
    {
        std::ofstream big(dir.file("in/big.txt"), std::ios::binary);
        big << "عنوان\n";
        const std::string line = std::string(1000, 'x') + "\n";
        for (int i = 0; i < 150000; ++i) big << line;
        REQUIRE(big.good());
    }
    const CommandResult result = index_into(dir.file("db"), {"--threads", "1", dir.file("in")});
    CAPTURE(result.err);
    CHECK(result.exit_code == 65);
    CHECK(result.err.find(dir.file("in/big.txt") +
                          ": error: text longer than 67108864 bytes; file skipped (raise --max-line-bytes") !=
          std::string::npos);
    CHECK(count(dir.file("db")) == 3);
}

TEST_CASE("past 20 problems in a file the rest are summed up, and every one is counted") {
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 100; ++i) lines += "\x01\x02 binary garbage \xFF\n";
    write_file(dir.file("garbage.jsonl"), lines + fahras::test::synthetic_articles(2));
    for (const std::size_t threads : {1, 2}) {
        CAPTURE(threads);
        fahras::IndexerOptions opts = options_for(dir.file("db" + std::to_string(threads)), {dir.file("garbage.jsonl")});
        opts.threads = threads;
        std::ostringstream err;
        const fahras::IndexStats stats = fahras::run_indexer(opts, err);
        CHECK(stats.failed == 100);
        CHECK(stats.added == 2);
        std::istringstream printed(err.str());
        std::size_t errors = 0, notes = 0;
        for (std::string line; std::getline(printed, line);) {
            errors += line.find(": error: ") != std::string::npos;
            notes += line.find(dir.file("garbage.jsonl") + ": note: ... 80 more problems in this file not shown") == 0;
        }
        CHECK(errors == 20);
        CHECK(notes == 1);
    }
}

TEST_CASE("SIGTERM while the input blocks or never ends: exit 130, what was done committed") {
    TempDir dir;
    write_file(dir.file("good.jsonl"), fahras::test::synthetic_articles(3));

    // Each kind of run once: analysis threads and one writer, serial, and
    // a new database built in shards.
    SUBCASE("a FIFO that nobody writes to") {
        // open() itself would wait for a writer.
        const std::string fifo = dir.file("feed.jsonl");
        REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
        const std::string db = dir.file("db");
        REQUIRE(index_into(db, {dir.file("good.jsonl")}).exit_code == 0);
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--threads", "2", fifo}, Process::OpenStdin{});
        // (If open() blocks, this waits in vain, and the signal below goes
        // unanswered.)
        CHECK(eventually([&] { return has_open(indexer.pid(), fifo); }));
        indexer.signal(SIGTERM);
        CHECK(indexer.exit_code_within(30) == 130);
        CAPTURE(indexer.err());
        CHECK(count(db) == 3);
        CHECK(Xapian::Database::check(db) == 0);
    }
    SUBCASE("standard input from a pipe that stays open") {
        const std::string db = dir.file("db");
        REQUIRE(index_into(db, {dir.file("good.jsonl")}).exit_code == 0);
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "--threads", "1", "--verbose", "-"}, Process::OpenStdin{});
        indexer.write_stdin(fahras::test::synthetic_articles(1, 7, 100));
        // The article from the pipe is written: the reader waits for more.
        CHECK(eventually([&] { return indexer.err().find("<stdin>:1: added a100") != std::string::npos; }));
        indexer.signal(SIGTERM);
        CHECK(indexer.exit_code_within(30) == 130);
        CAPTURE(indexer.err());
        CHECK(count(db) == 4);  // committed
        CHECK(Xapian::Database::check(db) == 0);
    }
    SUBCASE("/dev/zero: no newline ever comes") {
        const std::string db = dir.file("db");
        Process indexer({FAHRAS_INDEX_BIN, "--db", db, "/dev/zero"}, Process::OpenStdin{});
        CHECK(eventually([&] { return has_open(indexer.pid(), "/dev/zero"); }));
        indexer.signal(SIGTERM);
        CHECK(indexer.exit_code_within(30) == 130);
        CHECK(count(db) == 0);  // a valid, empty database
    }
}

TEST_CASE("--max-line-bytes stays below what Xapian can store in one field") {
    const char* fine[] = {"fahras-index", "--max-line-bytes", "104857600", "a.jsonl", nullptr};
    CHECK(fahras::parse_indexer_options(4, fine).reader.max_line_bytes == 100u << 20);
    for (const char* value : {"104857601", "0"}) {
        CAPTURE(value);
        const char* argv[] = {"fahras-index", "--max-line-bytes", value, "a.jsonl", nullptr};
        CHECK_THROWS_WITH(fahras::parse_indexer_options(4, argv), doctest::Contains("--max-line-bytes expects 1 to 104857600"));
    }
}
