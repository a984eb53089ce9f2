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
