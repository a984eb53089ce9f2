// fahras-index as a library: incremental updates, ids, errors, metadata.
#include "test_support.h"

#include "indexer.h"

#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <sstream>

using namespace fahras;

namespace {

IndexerOptions options_for(const std::string& db, const std::vector<std::string>& inputs) {
    IndexerOptions opts;
    opts.db_path = db;
    opts.inputs = inputs;
    opts.progress = false;
    return opts;
}

std::string line(const std::string& id, const std::string& body, const std::string& extra = "") {
    return "{\"id\":\"" + id + "\",\"title\":\"عنوان " + id + "\",\"body\":\"" + body + "\"" + extra + "}\n";
}

}  // namespace

TEST_CASE("re-indexing replaces by id, skips unchanged articles, never duplicates") {
    test::TempDir dir;
    const std::string db = dir.file("db");
    test::write_file(dir.file("day1.jsonl"), line("a", "نص أول") + line("b", "نص ثان") + line("a", "نص أول"));
    std::ostringstream err;
    IndexStats first = run_indexer(options_for(db, {dir.file("day1.jsonl")}), err);
    CHECK(first.added == 2);
    CHECK(first.unchanged == 1);  // the repeated line within one run
    CHECK(first.total_in_db == 2);

    test::write_file(dir.file("day2.jsonl"), line("a", "نص أول") + line("b", "نص معدل") + line("c", "جديد"));
    IndexStats second = run_indexer(options_for(db, {dir.file("day2.jsonl")}), err);
    CHECK(second.unchanged == 1);
    CHECK(second.replaced == 1);
    CHECK(second.added == 1);
    CHECK(second.total_in_db == 3);
    CHECK(index_exit_code(second) == EXIT_OK);

    Xapian::Database check(db);
    CHECK(check.get_termfreq(make_id_term("b")) == 1);
    CHECK(check.get_termfreq("معدل") == 1);
    CHECK(check.get_termfreq("ثان") == 0);  // the old text is gone
    CHECK(check.get_metadata(META_SCHEMA_VERSION) == std::to_string(SCHEMA_VERSION));
    CHECK(check.get_metadata(META_STEMMER) == DEFAULT_STEMMER);
    CHECK_FALSE(check.get_metadata(META_LAST_UPDATE).empty());
}

TEST_CASE("ids longer than Xapian's term limit work and stay unique") {
    test::TempDir dir;
    const std::string prefix = "https://news.test/" + std::string(300, 'p');
    test::write_file(dir.file("long.jsonl"), line(prefix + "1", "أ") + line(prefix + "2", "ب") + line(prefix + "1", "ج"));
    std::ostringstream err;
    const IndexStats stats = run_indexer(options_for(dir.file("db"), {dir.file("long.jsonl")}), err);
    CHECK(stats.added == 2);
    CHECK(stats.replaced == 1);
    CHECK(stats.failed == 0);
    CHECK(err.str().empty());
}

TEST_CASE("bad articles are reported as file:line, counted, and the rest is committed") {
    test::TempDir dir;
    test::write_file(dir.file("mixed.jsonl"), line("ok1", "سليم") + "{oops\n" + "{\"id\":\"x\",\"body\":\"\"}\n" +
                                                line("title-only", "") + line("ok2", "سليم"));
    std::ostringstream err;
    const IndexStats stats = run_indexer(options_for(dir.file("db"), {dir.file("mixed.jsonl"), dir.file("nope.jsonl")}), err);
    CHECK(stats.added == 4);
    CHECK(stats.failed == 2);
    CHECK(stats.warnings == 2);
    CHECK(index_exit_code(stats) == EXIT_DATA_ERROR);
    CHECK(err.str().find(dir.file("mixed.jsonl") + ":2: error: malformed JSON") != std::string::npos);
    CHECK(err.str().find(dir.file("mixed.jsonl") + ":3: warning: no title or body") != std::string::npos);
    CHECK(err.str().find(dir.file("mixed.jsonl") + ":4: warning: no body text") != std::string::npos);
    CHECK(err.str().find(dir.file("nope.jsonl") + ": error: no such file") != std::string::npos);
    CHECK(Xapian::Database(dir.file("db")).get_doccount() == 4);
}

TEST_CASE("a database keeps its stemmer and refuses an incompatible analysis") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), line("a", "نص"));
    std::ostringstream err;
    IndexerOptions opts = options_for(dir.file("db"), {dir.file("a.jsonl")});
    opts.stemmer = "snowball";
    run_indexer(opts, err);
    opts.stemmer = "none";
    CHECK_THROWS_AS(run_indexer(opts, err), Error);
    opts.stemmer.reset();
    CHECK(run_indexer(opts, err).unchanged == 1);
    {
        Xapian::WritableDatabase db(dir.file("db"));
        db.set_metadata(META_NORMALIZER_VERSION, "0");
        db.commit();
    }
    try {
        run_indexer(opts, err);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_NO_INPUT);
        CHECK(std::string(e.what()).find("rebuild") != std::string::npos);
    }
}

TEST_CASE("a second writer gets a lock error") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), line("a", "نص"));
    Xapian::WritableDatabase holder(dir.file("db"), Xapian::DB_CREATE_OR_OPEN);
    std::ostringstream err;
    CHECK_THROWS_AS(run_indexer(options_for(dir.file("db"), {dir.file("a.jsonl")}), err), Xapian::DatabaseLockError);
}

TEST_CASE("option parsing: inputs, field mappings and usage errors") {
    const char* argv[] = {"fahras-index", "--db", "x", "--field", "body=article_text", "a.jsonl", "b/", nullptr};
    const IndexerOptions opts = parse_indexer_options(7, argv);
    CHECK(opts.db_path == "x");
    CHECK(opts.inputs == std::vector<std::string>{"a.jsonl", "b/"});
    CHECK(opts.reader.field_names.count("body") == 1);
    const char* bad_field[] = {"fahras-index", "--field", "bogus=x", "a", nullptr};
    CHECK_THROWS(parse_indexer_options(4, bad_field));
    const char* no_input[] = {"fahras-index", "--db", "x", nullptr};
    CHECK_THROWS(parse_indexer_options(3, no_input));
    const char* bad_stemmer[] = {"fahras-index", "--stemmer", "nope", "a", nullptr};
    CHECK_THROWS_AS(parse_indexer_options(4, bad_stemmer), Error);
}

TEST_CASE("--help names every option") {
    const char* argv[] = {"fahras-index", "--help", nullptr};
    const IndexerOptions opts = parse_indexer_options(2, argv);
    for (const char* option : {"--db", "--stemmer", "--field", "--batch", "--max-line-bytes", "--json",
                               "--quiet", "--verbose", "--no-progress", "--version", "--snapshot", "--rebuild",
                               "--delete", "--delete-from", "--max-delete", "--force-delete", "--wait-lock",
                               "--stats", "--check", "--gazetteer", "--geonames", "--no-places", "--no-spelling",
                               "Exit status", "75"}) {
        CAPTURE(option);
        CHECK(opts.help_text.find(option) != std::string::npos);
    }
}
