// What fahras-index reports (indexer/reports.cpp): the summary line, the
// exit code of a run, and --stats / --check.
#include "test_support.h"

#include "indexer.h"

#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <sstream>
#include <string>

using namespace fahras;

TEST_CASE("index_exit_code: an interruption first, then refused deletions, then bad input") {
    struct Row {
        bool interrupted;
        std::size_t delete_refused, failed, warnings;
        int expected;
    };
    for (const Row& row : {Row{false, 0, 0, 0, EXIT_OK}, Row{false, 0, 0, 5, EXIT_OK},
                           Row{false, 0, 2, 0, EXIT_DATA_ERROR}, Row{false, 3, 2, 0, EXIT_UNSAFE_DELETE},
                           Row{true, 3, 2, 0, EXIT_INTERRUPTED}, Row{true, 0, 0, 0, EXIT_INTERRUPTED}}) {
        IndexStats stats;
        stats.interrupted = row.interrupted;
        stats.delete_refused = row.delete_refused;
        stats.failed = row.failed;
        stats.warnings = row.warnings;
        CAPTURE(row.interrupted);
        CAPTURE(row.delete_refused);
        CAPTURE(row.failed);
        CHECK(index_exit_code(stats) == row.expected);
    }
}

TEST_CASE("the summary line says what happened, and only mentions what did") {
    IndexerOptions opts;
    opts.db_path = "news-db";
    IndexStats s;
    s.files = 1;
    s.read = 3;
    s.added = 2;
    s.unchanged = 1;
    s.seconds = 0.25;
    s.total_in_db = 2;
    CHECK(format_index_summary(s, opts) ==
          "fahras-index: 3 articles from 1 file: 2 added, 0 replaced, 1 unchanged, 0 deleted, 0 failed in 0.2 s; "
          "news-db holds 2 articles\n");
    s.files = 4;
    s.warnings = 7;
    s.delete_refused = 9;
    s.failed = 1;
    s.interrupted = true;
    s.switched = true;
    s.seconds = 12.06;
    opts.db_path = "news\x1b[2J";  // shown, never sent to the terminal
    CHECK(format_index_summary(s, opts) ==
          "fahras-index: interrupted after 3 articles from 4 files: 2 added, 0 replaced, 1 unchanged, 0 deleted, "
          "1 failed, 7 warnings, 9 deletions refused in 12.1 s; news\\x1b[2J holds 2 articles (rebuilt and switched)\n");
}

TEST_CASE("format_database_report: the human form") {
    DatabaseReport r;
    r.path = "/srv/news";
    r.articles = 1234;
    r.schema_version = "7";
    r.normalizer_version = "3";
    r.stemmer = "light";
    CHECK(format_database_report(r, false) == "database:     /srv/news\n"
                                              "articles:     1234\n"
                                              "dates:        none\n"
                                              "sources:      0\n"
                                              "analysis:     schema 7, normalizer 3, stemmer light (INCOMPATIBLE: "
                                              "rebuild with --rebuild)\n"
                                              "last update:  never\n");
    r.compatible = true;
    r.first_date = "2015-01-02";
    r.last_date = "2015-12-30";
    r.last_update = "2016-01-01T02:00:00Z";
    r.sources = {{"okaz", 20}, {"spa\x07", 3}};
    CHECK(format_database_report(r, false) == "database:     /srv/news\n"
                                              "articles:     1234\n"
                                              "dates:        2015-01-02 .. 2015-12-30\n"
                                              "sources:      2 (okaz 20, spa\\x07 3)\n"
                                              "analysis:     schema 7, normalizer 3, stemmer light (compatible)\n"
                                              "last update:  2016-01-01T02:00:00Z\n");
    // The twenty largest sources are named, and an ellipsis says there are more.
    r.sources.clear();
    for (int i = 0; i < 22; ++i) r.sources.emplace_back("s" + std::to_string(i), 22 - i);
    const std::string text = format_database_report(r, false);
    CHECK(text.find("sources:      22 (s0 22, s1 21, ") != std::string::npos);
    CHECK(text.find(", s19 3, ...)\n") != std::string::npos);
    CHECK(text.find("s20") == std::string::npos);
}

TEST_CASE("report_database reads the figures of a database, and refuses what is not one") {
    test::TempDir dir;
    test::write_file(dir.file("in.jsonl"),
                     "{\"id\":\"1\",\"title\":\"أ\",\"body\":\"نص\",\"source\":\"okaz\",\"date\":\"2015-07-21\"}\n"
                     "{\"id\":\"2\",\"title\":\"ب\",\"body\":\"نص\",\"source\":\"spa\",\"date\":\"2014-03-01\"}\n"
                     "{\"id\":\"3\",\"title\":\"ج\",\"body\":\"نص\",\"source\":\"spa\",\"date\":\"2016-11-30\"}\n");
    IndexerOptions opts;
    opts.db_path = dir.file("db");
    opts.inputs = {dir.file("in.jsonl")};
    opts.progress = false;
    std::ostringstream err;
    run_indexer(opts, err);

    const DatabaseReport report = report_database(dir.file("db"), true);
    CHECK(report.path == dir.file("db"));
    CHECK(report.articles == 3);
    CHECK(report.first_date == "2014-03-01");
    CHECK(report.last_date == "2016-11-30");
    REQUIRE(report.sources.size() == 2);
    CHECK(report.sources[0] == std::make_pair(std::string("spa"), std::size_t{2}));
    CHECK(report.sources[1] == std::make_pair(std::string("okaz"), std::size_t{1}));
    CHECK(report.schema_version == std::to_string(SCHEMA_VERSION));
    CHECK(report.stemmer == DEFAULT_STEMMER);
    CHECK(report.compatible);
    CHECK_FALSE(report.last_update.empty());
    CHECK(report.check_errors == 0);

    for (const auto& [path, message] : {std::make_pair(dir.file("missing"), "no database at " + dir.file("missing")),
                                        std::make_pair(dir.path(), dir.path() + " is not a Xapian database: it is a "
                                                                               "directory that holds other files (db, "
                                                                               "db.lock, in.jsonl)")}) {
        CAPTURE(path);
        try {
            report_database(path, false);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == EXIT_NO_INPUT);
            CHECK(std::string(e.what()) == message);
        }
    }
}
