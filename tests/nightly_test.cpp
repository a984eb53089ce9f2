// Nightly reindexing, unattended: snapshots, deletions, rebuilds, the
// reports monitoring reads, and a --db that is no database.  Everything
// runs the real binaries, the --json summaries and reports also in
// process.  Runs that are killed, locked out or searched meanwhile are
// in nightly_concurrency_test.cpp; hostile input and full disks in
// nightly_hostile_test.cpp.
#include "e2e_support.h"
#include "indexer.h"
#include "test_support.h"

#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fahras::test::CommandResult;
using fahras::test::count;
using fahras::test::index_into;
using fahras::test::index_json;
using fahras::test::run_command;
using fahras::test::search_exit;
using fahras::test::TempDir;
using fahras::test::write_file;

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

TEST_CASE("a --db directory holding other files is refused, untouched, while empty directories and real databases work") {
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
