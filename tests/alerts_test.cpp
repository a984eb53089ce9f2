// fahras-alerts' library: the saved-searches file, the state file, the
// ledger of articles seen, the lock, and a run in process over nights.
// End to end through the programs: e2e_alerts_test.cpp.
#include "alerts.h"
#include "indexer.h"
#include "searcher.h"
#include "test_support.h"

#include <fahras/error.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;
using fahras::test::TempDir;
using fahras::test::write_file;

namespace {

SavedSearches parse(const std::string& text) {
    std::istringstream in(text);
    return parse_saved_searches(in, "saved.jsonl");
}

void index_synthetic(const std::string& db, const std::string& file, std::size_t count, std::size_t first) {
    write_file(file, fahras::test::synthetic_articles(count, 1, first));
    IndexerOptions opts;
    opts.db_path = db;
    opts.inputs = {file};
    opts.progress = false;
    std::ostringstream err;
    run_indexer(opts, err);
}

}  // namespace

TEST_CASE("a search within some articles (SearchRequest::within_id_terms) finds only them, and says nothing of them") {
    TempDir dir;
    index_synthetic(dir.file("db"), dir.file("a.jsonl"), 20, 0);
    Searcher searcher(dir.file("db"));
    SearchRequest request;
    request.query = "source:s1";
    request.collapse = false;
    CHECK(searcher.search(request).hits.size() == 4);  // a1, a6, a11, a16
    request.within_id_terms = std::vector<std::string>{make_id_term("a6"), make_id_term("a7"), make_id_term("a16")};
    const ResultPage page = searcher.search(request);
    std::set<std::string> ids;
    for (const auto& hit : page.hits) {
        ids.insert(hit.id);
        for (const auto& term : hit.matched_terms) CHECK(term.rfind("Q", 0) != 0);
    }
    CHECK(ids == std::set<std::string>{"a6", "a16"});
    CHECK(page.parsed_query.find("Qa6") == std::string::npos);
    request.within_id_terms->clear();
    CHECK(searcher.search(request).hits.empty());
}

TEST_CASE("saved searches: the keys become the request, as fahras-search's options would") {
    const SavedSearches saved = parse(
        "# a comment\n"
        "\n"
        "{\"name\": \"opec\", \"query\": \"أوبك\", \"all\": true, \"source\": [\"okaz\", \"sabq\"], \"from\": \"2015-07\",\n"
        "   \"to\": \"2015\", \"sort\": \"date\", \"limit\": 5, \"collapse\": false, \"snippet_length\": 0}\n"
        "{\"country\": \"sy\", \"name\": \"syria\", \"place\": [\"حلب\", \"Idlib\"]}\n");
    CHECK(saved.errors.size() == 2);  // the object cut over two lines: each is no object
    REQUIRE(saved.searches.size() == 1);
    const SavedSearch& syria = saved.searches[0];
    CHECK(syria.name == "syria");
    CHECK(syria.line == 5);
    CHECK(syria.request.countries == std::vector<std::string>{"sy"});
    CHECK(syria.request.places == std::vector<std::string>{"حلب", "Idlib"});
    CHECK(syria.request.limit == DEFAULT_ALERT_LIMIT);
    CHECK_FALSE(syria.request.correct);  // what was saved, never a correction
    CHECK(syria.request.collapse);

    const SavedSearches opec = parse(
        "{\"name\": \"opec\", \"query\": \"أوبك\", \"all\": true, \"source\": [\"okaz\", \"sabq\"], \"from\": \"2015-07\", "
        "\"to\": \"2015\", \"sort\": \"date\", \"limit\": 5, \"collapse\": false, \"snippet_length\": 0}\n");
    REQUIRE(opec.searches.size() == 1);
    const SearchRequest& request = opec.searches[0].request;
    CHECK(request.query == "أوبك source:okaz source:sabq");
    CHECK(request.match_all);
    CHECK(request.from == "20150701");
    CHECK(request.to == "20151231");
    CHECK(request.sort == SortOrder::date);
    CHECK(request.limit == 5);
    CHECK_FALSE(request.collapse);
    CHECK(request.snippet_chars == 0);
}

TEST_CASE("saved searches: each bad line is said with its file and line, and costs only itself") {
    struct Row {
        const char* line;
        const char* message;
    };
    const Row rows[] = {
        {"{\"query\": \"حلب\"}", "needs a \"name\""},
        {"[\"a\"]", "not a JSON object"},
        {"{\"name\": \"a\"", "not a JSON object"},
        {"{\"name\": 3}", "\"name\" must be a string"},
        {"{\"name\": \"a\", \"qeury\": \"x\"}", "unknown key \"qeury\""},
        {"{\"name\": \"a\", \"limit\": 0}", "limit"},
        {"{\"name\": \"a\", \"limit\": \"5\"}", "\"limit\" must be a whole number"},
        {"{\"name\": \"a\", \"limit\": 20000}", "limit"},
        {"{\"name\": \"a\", \"all\": \"yes\"}", "\"all\" must be true or false"},
        {"{\"name\": \"a\", \"from\": \"2015-13\"}", "from"},
        {"{\"name\": \"a\", \"from\": \"2016\", \"to\": \"2015\"}", "\"from\" is after \"to\""},
        {"{\"name\": \"a\", \"sort\": \"size\"}", "sort"},
        {"{\"name\": \"a\", \"source\": \"okaz sabq\"}", "without spaces"},
        {"{\"name\": \"a\", \"place\": [1]}", "\"place\" must be a string"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.line);
        const SavedSearches saved = parse(std::string("{\"name\": \"good\"}\n") + row.line + "\n{\"name\": \"after\"}\n");
        REQUIRE(saved.errors.size() == 1);
        CHECK(saved.errors[0].rfind("saved.jsonl:2: error: ", 0) == 0);
        CHECK(saved.errors[0].find(row.message) != std::string::npos);
        CHECK(saved.searches.size() == 2);
    }
    const SavedSearches twice = parse("{\"name\": \"a\"}\n{\"name\": \"a\", \"query\": \"x\"}\n");
    CHECK(twice.searches.size() == 1);
    REQUIRE(twice.errors.size() == 1);
    CHECK(twice.errors[0].find("saved.jsonl:2: error: a second saved search named 'a'") == 0);
}

TEST_CASE("alerts state: written as text and read back, a damaged line named") {
    AlertState state;
    state.db = "/srv/fahras/news db";
    state.run = 17;
    state.run_time = "2015-08-01T02:30:00Z";
    state.searches = {{"aleppo", 16}, {"عنوان \"مقتبس\"", 17}};
    state.first_seen = {{id_term_hash("Qa1"), 1}, {id_term_hash("Qa2"), 17}};
    std::ostringstream text;
    write_state_text(state, text);
    std::istringstream in(text.str());
    const AlertState back = parse_state_text(in, "s");
    CHECK(back.db == state.db);
    CHECK(back.run == 17);
    CHECK(back.run_time == state.run_time);
    CHECK(back.searches == state.searches);
    CHECK(back.first_seen == state.first_seen);

    for (const std::string damage : {"seen zz 1", "run x", "search 3 aleppo", "hello", "seen 0123 1 2"}) {
        CAPTURE(damage);
        std::istringstream damaged(text.str() + damage + "\n");
        try {
            parse_state_text(damaged, "s");
            FAIL("read");
        } catch (const Error& e) {
            CHECK(e.code() == EXIT_DATA_ERROR);
            CHECK(std::string(e.what()).find("s:8: error:") == 0);
        }
    }
    std::istringstream other("fahras-alerts-state 2\n");
    CHECK_THROWS_AS(parse_state_text(other, "s"), Error);
}

TEST_CASE("alerts state: saved atomically, read back; none yet is run 0") {
    TempDir dir;
    const std::string path = dir.file("saved.state");
    CHECK(read_state(path).run == 0);
    AlertState state;
    state.db = "/db";
    state.run = 3;
    state.first_seen = {{7, 1}};
    save_state(state, path);
    state.run = 4;
    save_state(state, path);
    CHECK(read_state(path).run == 4);
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
    CHECK(files == 1);  // no temporary file left beside it
    CHECK_THROWS_AS(save_state(state, dir.file("no/such/dir/state")), Error);
}

TEST_CASE("alerts state: one run at a time per state file") {
    TempDir dir;
    const std::string path = dir.file("saved.state");
    {
        StateLock first(path, 0);
        try {
            StateLock second(path, 0.2);
            FAIL("locked twice");
        } catch (const Error& e) {
            CHECK(e.code() == EXIT_TEMP_FAIL);
        }
    }
    StateLock again(path, 0);  // released with its holder
}

TEST_CASE("the ledger: an id keeps the run that first saw it, a gone id is dropped, the recent ones are kept") {
    AlertState old;
    old.first_seen = {{id_term_hash("Qa"), 1}, {id_term_hash("Qb"), 2}, {id_term_hash("Qgone"), 2}};
    LedgerUpdate update(old, 4, 1);
    for (const char* term : {"Qa", "Qb", "Qc"}) update.see(term);
    CHECK(update.new_articles() == 1);
    CHECK(update.ledger().size() == 3);
    CHECK(update.ledger().at(id_term_hash("Qa")) == 1);
    CHECK(update.ledger().at(id_term_hash("Qc")) == 4);
    CHECK(update.ledger().count(id_term_hash("Qgone")) == 0);
    CHECK(update.seen_after(1) == std::vector<std::string>{"Qb", "Qc"});
    CHECK(update.seen_after(2) == std::vector<std::string>{"Qc"});
    CHECK(update.seen_after(4).empty());
    update.restart();
    CHECK(update.ledger().empty());
    CHECK(update.new_articles() == 0);
    CHECK(id_term_hash("Qa") != id_term_hash("Qb"));
}

TEST_CASE("run_alerts in process: the first run starts from now, the next reports the new matches once") {
    TempDir dir;
    const std::string db = dir.file("db");
    auto index = [&](const std::string& file, std::size_t count, std::size_t first) {
        index_synthetic(db, dir.file(file), count, first);
    };
    index("n0.jsonl", 20, 0);
    write_file(dir.file("saved.jsonl"), "{\"name\": \"s1\", \"source\": \"s1\", \"collapse\": false}\n");
    AlertsOptions opts;
    opts.db_path = db;
    opts.saved_path = dir.file("saved.jsonl");
    std::ostringstream out, err;
    AlertsSummary summary = run_alerts(opts, out, err);
    CHECK(summary.run == 1);
    CHECK(summary.started == 1);
    CHECK(summary.new_articles == 20);
    CHECK(out.str().empty());

    index("n1.jsonl", 10, 20);  // a20…a29: source s(i % 5), so a21 and a26 are s1's
    summary = run_alerts(opts, out, err);
    CHECK(summary.run == 2);
    CHECK(summary.new_articles == 10);
    CHECK(summary.records == 1);
    const auto record = nlohmann::json::parse(out.str());
    CHECK(record["name"] == "s1");
    CHECK(record["run"] == 2);
    CHECK(record["new_articles"] == 10);
    std::set<std::string> ids;
    for (const auto& hit : record["hits"]) ids.insert(hit["id"].get<std::string>());
    CHECK(ids == std::set<std::string>{"a21", "a26"});

    std::ostringstream again;
    opts.dry_run = true;
    index("n2.jsonl", 5, 30);  // a31 is s1's
    CHECK(run_alerts(opts, again, err).records == 1);
    CHECK(run_alerts(opts, again, err).records == 1);  // a dry run remembers nothing
    opts.dry_run = false;
    // The alerts cannot be written: the run stops (73) and nothing is marked reported.
    opts.out_path = dir.file("no/such/dir/alerts.jsonl");
    try {
        run_alerts(opts, again, err);
        FAIL("written");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_CANT_CREATE);
    }
    opts.out_path = dir.file("alerts.jsonl");
    CHECK(run_alerts(opts, again, err).hits == 1);
    CHECK(fahras::test::read_file(opts.out_path).find("\"a31\"") != std::string::npos);
    opts.out_path.clear();
    std::ostringstream last;
    CHECK(run_alerts(opts, last, err).hits == 0);  // reported once
    CHECK(last.str().empty());
}
