// Input that fails in ways a fuzzer finds (issue 17): each costs only its
// own articles, a snapshot never takes unread input for deleted articles,
// and SIGTERM is answered whatever the input does.  Runs the real binary
// where exit codes and signals are the point.
#include "test_support.h"

#include "indexer.h"

#include <fahras/exit_codes.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

CommandResult index_into(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_INDEX_BIN, "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

Xapian::doccount count(const std::string& db) { return Xapian::Database(db).get_doccount(); }

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
        MESSAGE("SKIPPED: " << nobody.why_not);
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
