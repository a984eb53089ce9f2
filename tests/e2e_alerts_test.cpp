// fahras-alerts through the built programs, on corpus/ split into nights:
// each night's alerts are exactly the new articles that match (computed
// independently, by fahras-search over the whole database, kept to the
// night's ids), none repeated, a missed night caught up, nothing reported
// again after a --rebuild or for a replaced article, nothing for a deleted
// one.  The 18 nights of the real archive: bench/alerts_rehearsal.sh.
#include "alert_state.h"
#include "e2e_support.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::index_into;
using fahras::test::read_file;
using fahras::test::run_command;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

using Alerts = std::map<std::string, std::set<std::string>>;  // saved search name → ids

// The saved searches: words, words with a filter, filters alone; every copy
// listed (collapse false), as the independent count lists them.
const char* const SAVED =
    "# saved searches of the nightly test\n"
    "{\"name\": \"water\", \"query\": \"المياه\", \"collapse\": false, \"limit\": 1000}\n"
    "\n"
    "{\"name\": \"syria\", \"query\": \"السوريين OR السورية\", \"collapse\": false, \"limit\": 1000}\n"
    "{\"name\": \"sahil\", \"source\": \"sahil\", \"collapse\": false, \"limit\": 1000}\n"
    "{\"name\": \"aid\", \"query\": \"مساعدات\", \"from\": \"2016\", \"collapse\": false, \"limit\": 1000}\n";

// The same searches as fahras-search options, for the independent count.
const std::map<std::string, std::vector<std::string>> AS_SEARCHED = {
    {"water", {"المياه"}},
    {"syria", {"السوريين OR السورية"}},
    {"sahil", {"source:sahil"}},
    {"aid", {"مساعدات", "--from", "2016"}},
};

std::vector<std::string> corpus_lines() {
    std::ifstream in(fahras::test::source_dir() + "/corpus/articles.jsonl");
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) lines.push_back(line);
    return lines;
}

std::string id_of(const std::string& line) { return nlohmann::json::parse(line)["id"]; }

// Lines [from, to) of the corpus, written as a night's file; their ids in @a ids.
std::string night_file(const TempDir& dir, const std::string& name, std::size_t from, std::size_t to,
                       std::set<std::string>& ids) {
    const auto lines = corpus_lines();
    std::string text;
    for (std::size_t i = from; i < to; ++i) {
        text += lines[i] + "\n";
        ids.insert(id_of(lines[i]));
    }
    write_file(dir.file(name), text);
    return dir.file(name);
}

CommandResult alerts(const std::string& db, const std::string& saved, std::vector<std::string> more = {}) {
    std::vector<std::string> argv = {FAHRAS_ALERTS_BIN, "--db", db, "--saved", saved};
    argv.insert(argv.end(), more.begin(), more.end());
    return run_command(argv);
}

Alerts parse_alerts(const std::string& out) {
    Alerts found;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
        const auto record = nlohmann::json::parse(line);
        auto& ids = found[record["name"]];
        for (const auto& hit : record["hits"]) CHECK_MESSAGE(ids.insert(hit["id"]).second, "repeated within a record");
    }
    return found;
}

// What each saved search should report: fahras-search over the whole
// database, kept to @a new_ids.
Alerts expected(const std::string& db, const std::set<std::string>& new_ids) {
    Alerts want;
    for (const auto& [name, args] : AS_SEARCHED) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--no-collapse", "--no-correct",
                                         "--limit", "10000", "--snippet-length", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        const auto found = fahras::test::parse_json_search(run_command(argv).out);
        for (const auto& hit : found.hits)
            if (new_ids.count(hit["id"])) want[name].insert(hit["id"]);
    }
    return want;
}

}  // namespace

TEST_CASE("fahras-alerts: each night's alerts are the new articles that match, once, through missed nights, a rebuild, "
          "replacements and deletions") {
    TempDir dir;
    const std::string db = dir.file("db"), saved = dir.file("saved.jsonl");
    write_file(saved, SAVED);
    std::set<std::string> night0, night1, night2, night3;
    std::set<std::pair<std::string, std::string>> reported;
    auto check_night = [&](const CommandResult& run, const std::set<std::string>& new_ids) {
        CAPTURE(run.err);
        REQUIRE(run.exit_code == 0);
        const Alerts got = parse_alerts(run.out);
        CHECK(got == expected(db, new_ids));
        for (const auto& [name, ids] : got)
            for (const auto& id : ids) CHECK_MESSAGE(reported.insert({name, id}).second, (std::string("reported twice: ") + name + " " + id));
        return got;
    };

    // Night 0: the first run reports nothing; every saved search starts from now.
    REQUIRE(index_into(db, {night_file(dir, "n0.jsonl", 0, 15, night0)}).exit_code == 0);
    CommandResult first = alerts(db, saved);
    CHECK(first.exit_code == 0);
    CHECK(first.out.empty());
    CHECK(std::filesystem::exists(saved + ".state"));

    // Night 1: its new articles.
    REQUIRE(index_into(db, {night_file(dir, "n1.jsonl", 15, 30, night1)}).exit_code == 0);
    const Alerts one = check_night(alerts(db, saved), night1);
    CHECK(!one.empty());
    CHECK(alerts(db, saved).out.empty());  // run again: nothing new

    // Night 2 is missed; night 3 brings more, and a changed version of a
    // night-0 article (same id): the run after it reports nights 2 and 3,
    // not the replaced article.
    REQUIRE(index_into(db, {night_file(dir, "n2.jsonl", 30, 40, night2)}).exit_code == 0);
    const auto lines = corpus_lines();
    auto changed = nlohmann::json::parse(lines[1]);  // fahras-002: water in Aleppo
    changed["body"] = changed["body"].get<std::string>() + " وأعلنت مؤسسة المياه موعدا جديدا.";
    write_file(dir.file("changed.jsonl"), changed.dump() + "\n");
    REQUIRE(index_into(db, {night_file(dir, "n3.jsonl", 40, 50, night3), dir.file("changed.jsonl")}).exit_code == 0);
    std::set<std::string> caught_up = night2;
    caught_up.insert(night3.begin(), night3.end());
    const Alerts three = check_night(alerts(db, saved), caught_up);
    CHECK(three.count("water"));
    CHECK(three.at("water").count("fahras-002") == 0);

    // A rebuild renumbers every article: nothing is new.
    REQUIRE(index_into(db, {"--rebuild", dir.file("n0.jsonl"), dir.file("n1.jsonl"), dir.file("n2.jsonl"),
                            dir.file("n3.jsonl"), dir.file("changed.jsonl")})
                .exit_code == 0);
    CHECK(alerts(db, saved).out.empty());

    // Two new articles about water; one is deleted before the alerts run.
    write_file(dir.file("n5.jsonl"),
               "{\"id\": \"late-1\", \"title\": \"انقطاع المياه في حماة\", \"body\": \"انقطعت المياه عن أحياء حماة.\"}\n"
               "{\"id\": \"late-2\", \"title\": \"المياه تعود إلى حمص\", \"body\": \"عادت المياه إلى أحياء حمص.\"}\n");
    REQUIRE(index_into(db, {dir.file("n5.jsonl")}).exit_code == 0);
    REQUIRE(index_into(db, {"--delete", "late-1"}).exit_code == 0);
    const Alerts five = check_night(alerts(db, saved), {"late-2"});
    CHECK(five == Alerts{{"water", {"late-2"}}});
}

TEST_CASE("fahras-alerts: a bad saved search costs only itself, and the exit codes say what happened") {
    TempDir dir;
    const std::string db = dir.file("db"), saved = dir.file("saved.jsonl");
    std::set<std::string> ids;
    REQUIRE(index_into(db, {night_file(dir, "n0.jsonl", 0, 20, ids)}).exit_code == 0);
    write_file(saved,
               "{\"name\": \"water\", \"query\": \"المياه\", \"collapse\": false}\n"
               "{\"name\": \"broken\", \"query\": \"حلب\"\n"
               "{\"name\": \"nowhere\", \"query\": \"حلب\", \"place\": \"Atlantis\"}\n"
               "{\"name\": \"typo\", \"qeury\": \"حلب\"}\n");
    CHECK(alerts(db, saved).exit_code == 65);  // the first run: bad lines said, the others start
    REQUIRE(index_into(db, {night_file(dir, "n1.jsonl", 20, 50, ids)}).exit_code == 0);
    const CommandResult run = alerts(db, saved, {"--out", dir.file("alerts.jsonl")});
    CHECK(run.exit_code == 65);
    CHECK(run.out.empty());
    CHECK(run.err.find(saved + ":2: error: not a JSON object") != std::string::npos);
    CHECK(run.err.find(saved + ":3: error: saved search 'nowhere' not run") != std::string::npos);
    CHECK(run.err.find(saved + ":4: error: unknown key \"qeury\"") != std::string::npos);
    const Alerts written = parse_alerts(read_file(dir.file("alerts.jsonl")));
    CHECK(written.count("water") == 1);
    CHECK(written.size() == 1);

    // Usage, a missing database, a state of another database, a second run at once.
    CHECK(run_command({FAHRAS_ALERTS_BIN, "--db", db}).exit_code == 64);
    CHECK(run_command({FAHRAS_ALERTS_BIN, "--db", db, "--saved", saved, "حلب"}).exit_code == 64);
    const CommandResult help = run_command({FAHRAS_ALERTS_BIN, "--help"});
    CHECK(help.exit_code == 0);
    for (const char* option : {"--db", "--saved", "--state", "--out", "--wait-lock", "--dry-run", "--verbose", " 75 "})
        CHECK_MESSAGE(help.out.find(option) != std::string::npos, option);
    const CommandResult missing = alerts(dir.file("nope"), dir.file("nope.jsonl"));
    CHECK(missing.exit_code == 66);
    CHECK(missing.err.find("cannot read the saved searches") != std::string::npos);
    write_file(dir.file("other.jsonl"), "");
    CHECK(alerts(dir.file("nodb"), dir.file("other.jsonl")).exit_code == 66);
    const CommandResult other = alerts(dir.file("nodb"), saved);
    CHECK(other.exit_code == 64);
    CHECK(other.err.find("give each database its own --state") != std::string::npos);
    {
        fahras::StateLock held(saved + ".state", 0);
        const CommandResult locked = alerts(db, saved);
        CHECK(locked.exit_code == 75);
        CHECK(locked.err.find("another fahras-alerts is running") != std::string::npos);
    }
}

TEST_CASE("fahras-nightly.sh runs the alerts after indexing when FAHRAS_ALERTS_SAVED is set") {
    TempDir dir;
    const std::string db = dir.file("db"), saved = dir.file("saved.jsonl"), logs = dir.file("logs");
    std::filesystem::create_directory(dir.file("archive"));
    write_file(saved, "{\"name\": \"water\", \"query\": \"المياه\", \"collapse\": false}\n");
    auto night = [&]() {
        return run_command({"/usr/bin/env", "FAHRAS_LOG_DIR=" + logs, std::string("FAHRAS_BIN=") + FAHRAS_INDEX_BIN,
                            std::string("FAHRAS_ALERTS_BIN=") + FAHRAS_ALERTS_BIN, "FAHRAS_ALERTS_SAVED=" + saved,
                            "/bin/bash", fahras::test::source_dir() + "/scripts/fahras-nightly.sh", db,
                            dir.file("archive")});
    };
    std::set<std::string> first, second;
    night_file(dir, "archive/n0.jsonl", 0, 25, first);
    const CommandResult one = night();
    CHECK(one.exit_code == 0);
    CHECK(one.err.empty());
    CHECK_FALSE(std::filesystem::exists(logs + "/alerts.jsonl"));  // the saved search starts

    night_file(dir, "archive/n1.jsonl", 25, 50, second);
    const CommandResult two = night();
    CHECK(two.exit_code == 0);
    CHECK(two.err.empty());
    const Alerts got = parse_alerts(read_file(logs + "/alerts.jsonl"));
    REQUIRE(got.count("water"));
    CHECK(got.at("water") == expected(db, second).at("water"));

    // A bad saved search: the night is indexed, the wrapper warns and exits 65.
    write_file(saved, "{\"name\": \"water\", \"query\": \"المياه\"}\n{\"name\": \"typo\", \"qeury\": \"x\"}\n");
    const CommandResult three = night();
    CHECK(three.exit_code == 65);
    CHECK(three.err.find("WARNING: some saved searches could not be read or run") != std::string::npos);
}
