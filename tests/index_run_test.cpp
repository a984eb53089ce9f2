// What the parts of a run share (indexer/index_run.h): problem reports,
// refusals, threads, the inputs, the stop signals.
#include "test_support.h"

#include "index_run.h"

#include <fahras/error.h>

#include <doctest/doctest.h>

#include <csignal>
#include <sstream>
#include <string>

using namespace fahras;

namespace {

IndexerOptions quiet_options() {
    IndexerOptions opts;
    opts.places = false;
    return opts;
}

std::atomic<int> custom_handler_calls{0};
extern "C" void custom_handler(int) { ++custom_handler_calls; }

}  // namespace

TEST_CASE("IndexRun::report counts errors and warnings, prints what is shown, and never counts a summary") {
    const IndexerOptions opts = quiet_options();
    std::ostringstream err;
    IndexRun run(opts, err);
    run.report({"a.jsonl:2", "malformed JSON"});
    run.report({"a.jsonl:3", "no body text", false});
    run.report({"a.jsonl:30", "malformed JSON", true, false});
    run.report({"a.jsonl", "and 12 more problems", true, false, true});
    run.report({"b\x1b[2J.jsonl:1", "bad \xE2\x80\xAE date"});
    CHECK(run.stats.failed == 3);
    CHECK(run.stats.warnings == 1);
    CHECK(err.str() == "a.jsonl:2: error: malformed JSON\n"
                       "a.jsonl:3: warning: no body text\n"
                       "a.jsonl: note: and 12 more problems\n"
                       "b\\x1b[2J.jsonl:1: error: bad \\u202e date\n");
}

TEST_CASE("IndexRun::refuse keeps the notice for the summary and says it on stderr") {
    const IndexerOptions opts = quiet_options();
    std::ostringstream err;
    IndexRun run(opts, err);
    run.refuse("snapshot: nothing was deleted");
    CHECK(run.stats.notice == "snapshot: nothing was deleted");
    CHECK(err.str() == "fahras-index: snapshot: nothing was deleted\n");
}

TEST_CASE("IndexRun: threads, shards, progress and the notice follow the options") {
    IndexerOptions opts = quiet_options();
    std::ostringstream err;
    const IndexRun run(opts, err);  // holds a reference: later changes to opts show
    CHECK(run.reader.cancel == &stop_requested);
    opts.threads = 3;
    CHECK(run.threads() == 3);
    CHECK(run.use_block_databases());
    opts.block_database_size = 0;
    CHECK_FALSE(run.use_block_databases());
    opts.block_database_size = 4000;
    opts.threads = 1;
    CHECK_FALSE(run.use_block_databases());
    opts.threads = 0;
    CHECK(run.threads() >= 1);

    CHECK(run.show_progress());
    opts.verbose = true;
    CHECK_FALSE(run.show_progress());
    opts.verbose = false;
    opts.quiet = true;
    CHECK_FALSE(run.show_progress());

    for (const IndexMode mode : {IndexMode::update, IndexMode::snapshot}) {
        opts.mode = mode;
        CHECK(run.unchanged_notice() == "the database keeps its last commit");
    }
    opts.mode = IndexMode::rebuild;
    CHECK(run.unchanged_notice() == "the live database is unchanged");
}

TEST_CASE("IndexRun::input_files: the readable files and their size; nothing readable is exit 66") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), "12345");
    test::write_file(dir.file("more/b.jsonl"), "1234567");
    IndexerOptions opts = quiet_options();
    opts.inputs = {dir.file("a.jsonl"), dir.file("missing.jsonl"), dir.file("more")};
    std::ostringstream err;
    IndexRun run(opts, err);
    std::uint64_t total = 0;
    const auto files = run.input_files(total);
    CHECK(files.size() == 2);
    CHECK(total == 12);
    CHECK(run.stats.failed == 1);
    CHECK(err.str() == dir.file("missing.jsonl") + ": error: no such file or directory\n");

    opts.inputs = {dir.file("missing.jsonl")};
    IndexRun nothing(opts, err);
    try {
        nothing.input_files(total);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_NO_INPUT);
        CHECK(std::string(e.what()) == "nothing to index: none of the inputs could be read");
    }
}

TEST_CASE("StopSignals: SIGINT and SIGTERM request a stop while it exists, then the previous handlers are back") {
    std::signal(SIGTERM, custom_handler);
    std::signal(SIGINT, custom_handler);
    stop_requested = true;
    {
        const StopSignals signals;
        CHECK_FALSE(stop_requested);  // a new run starts unstopped
        std::raise(SIGTERM);
        CHECK(stop_requested);
        stop_requested = false;
        std::raise(SIGINT);
        CHECK(stop_requested);
    }
    stop_requested = false;
    CHECK(custom_handler_calls == 0);
    std::raise(SIGTERM);
    CHECK(custom_handler_calls == 1);
    CHECK_FALSE(stop_requested);
    std::signal(SIGTERM, SIG_DFL);
    std::signal(SIGINT, SIG_DFL);
}
