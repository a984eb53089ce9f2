// fahras-index as a library: incremental updates, ids, errors, metadata.
#include "test_support.h"

#include "indexer.h"

#include <fahras/database_meta.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <filesystem>
#include <map>
#include <set>
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

// Everything a search can see of a database, as text: counts, metadata (but
// the time of the run), spelling data, every term's frequencies, and every
// document's data, values, terms, wdf and positions, by docid.
std::string database_contents(const std::string& path) {
    const Xapian::Database db(path);
    std::ostringstream out;
    out << "articles " << db.get_doccount() << ", last docid " << db.get_lastdocid() << ", length "
        << db.get_total_length() << '\n';
    for (auto it = db.metadata_keys_begin(); it != db.metadata_keys_end(); ++it)
        if (*it != META_LAST_UPDATE) out << "metadata " << *it << '=' << db.get_metadata(*it) << '\n';
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
        out << "spelling " << *it << ' ' << it.get_termfreq() << '\n';
    for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it)
        out << "term " << *it << ' ' << it.get_termfreq() << ' ' << db.get_collection_freq(*it) << '\n';
    for (auto doc = db.postlist_begin(""); doc != db.postlist_end(""); ++doc) {
        const Xapian::Document d = db.get_document(*doc);
        out << "doc " << *doc << " length " << db.get_doclength(*doc) << ' ' << d.get_data() << '\n';
        for (auto v = d.values_begin(); v != d.values_end(); ++v) out << " value " << v.get_valueno() << '=' << *v << '\n';
        for (auto t = d.termlist_begin(); t != d.termlist_end(); ++t) {
            out << ' ' << *t << ' ' << t.get_wdf() << ':';
            for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos) out << ' ' << *pos;
            out << '\n';
        }
    }
    return out.str();
}

// corpus/articles.jsonl with repeats: changed versions of earlier articles
// (one of them twice), identical repeats and a broken line, spread so that
// small shards see repeats of articles both in their own and in earlier shards.
std::string corpus_with_repeats() {
    std::istringstream in(test::read_file(test::source_dir() + "/corpus/articles.jsonl"));
    std::vector<nlohmann::json> articles;
    for (std::string text; std::getline(in, text);)
        if (!text.empty()) articles.push_back(nlohmann::json::parse(text));
    REQUIRE(articles.size() >= 45);
    const auto changed = [&](std::size_t i, const std::string& field, const std::string& text) {
        nlohmann::json copy = articles[i];
        copy[field] = copy[field].get<std::string>() + " " + text;
        return copy.dump() + "\n";
    };
    std::string out;
    for (std::size_t i = 0; i < articles.size(); ++i) {
        out += articles[i].dump() + "\n";
        if (i == 3) out += changed(2, "body", "تعديل أول");  // same shard, next to it
        if (i == 12) out += changed(2, "body", "نسخة ثانية") + "{broken\n";
        if (i == 30) out += changed(2, "body", "نسخة ثالثة") + articles[20].dump() + "\n" + changed(29, "title", "عاجل");
        if (i == 40) out += changed(38, "body", "نص قصير") + articles[5].dump() + "\n";
    }
    return out;
}

IndexStats index_quietly(IndexerOptions opts) {
    std::ostringstream err;
    return run_indexer(opts, err);
}

std::string counts(const IndexStats& s) {
    return std::to_string(s.read) + " read, " + std::to_string(s.added) + " added, " + std::to_string(s.replaced) +
           " replaced, " + std::to_string(s.unchanged) + " unchanged, " + std::to_string(s.failed) + " failed, " +
           std::to_string(s.warnings) + " warnings, " + std::to_string(s.files) + " files, " +
           std::to_string(s.total_in_db) + " in the database";
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

// Schema 6 stems Latin words as English (elections → elect): a database of
// schema 5 holds other stems and must be rebuilt, and says how.
TEST_CASE("a database of an older schema asks for --rebuild, which brings it up to date") {
    test::TempDir dir;
    test::write_file(dir.file("a.jsonl"), line("a", "نتائج elections في إيران"));
    std::ostringstream err;
    IndexerOptions opts = options_for(dir.file("db"), {dir.file("a.jsonl")});
    run_indexer(opts, err);
    {
        Xapian::WritableDatabase db(dir.file("db"));
        db.set_metadata(META_SCHEMA_VERSION, "5");
        db.commit();
    }
    for (const bool searching : {true, false}) {
        CAPTURE(searching);
        try {
            if (searching) check_analysis_record(Xapian::Database(dir.file("db")), dir.file("db"));
            else run_indexer(opts, err);
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == EXIT_NO_INPUT);
            CHECK(std::string(e.what()).find("schema 5") != std::string::npos);
            CHECK(std::string(e.what()).find("fahras-index --rebuild --db " + dir.file("db")) != std::string::npos);
        }
    }
    opts.mode = IndexMode::rebuild;
    CHECK(run_indexer(opts, err).total_in_db == 1);
    Xapian::Database rebuilt(dir.file("db"));
    CHECK(check_analysis_record(rebuilt, dir.file("db")) == DEFAULT_STEMMER);
    CHECK(rebuilt.get_termfreq("Zelect") == 1);
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
    for (const char* option : {"--db", "--stemmer", "--field", "--batch", "--threads", "--max-line-bytes", "--json",
                               "--quiet", "--verbose", "--no-progress", "--version", "--snapshot", "--rebuild",
                               "--delete", "--delete-from", "--max-delete", "--force-delete", "--wait-lock",
                               "--stats", "--check", "--gazetteer", "--geonames", "--no-places", "--no-spelling",
                               "Exit status"}) {
        CAPTURE(option);
        CHECK(opts.help_text.find(option) != std::string::npos);
    }
}

// The exit statuses fahras-index can return, for the help and the README.
const std::set<int> INDEXER_EXIT_CODES = {EXIT_OK,       EXIT_UNSAFE_DELETE, EXIT_USAGE,    EXIT_DATA_ERROR,
                                          EXIT_NO_INPUT, EXIT_INTERNAL,      EXIT_CANT_CREATE, EXIT_IO_ERROR,
                                          EXIT_TEMP_FAIL, EXIT_INTERRUPTED};

TEST_CASE("--help and the README name every exit status and what it means") {
    const char* argv[] = {"fahras-index", "--help", nullptr};
    const std::string help = parse_indexer_options(2, argv).help_text;
    REQUIRE(help.find("Exit status:\n") != std::string::npos);
    // "  73  text", continued on lines indented by six spaces.
    std::map<int, std::string> meanings;
    std::istringstream lines(help.substr(help.find("Exit status:\n") + 13));
    int current = -1;
    for (std::string row; std::getline(lines, row);) {
        if (row.size() > 6 && row.compare(0, 6, "      ") == 0 && current >= 0) {
            meanings[current] += row.substr(5);
        } else if (row.size() > 6 && row.compare(4, 2, "  ") == 0) {
            current = std::stoi(row.substr(0, 4));
            meanings[current] = row.substr(6);
        }
    }
    std::set<int> named;
    for (const auto& [code, text] : meanings) {
        CAPTURE(code);
        CHECK(text.size() > 10);
        named.insert(code);
    }
    CHECK(named == INDEXER_EXIT_CODES);
    // 73 also refuses a --db directory that holds something else.
    CAPTURE(meanings[EXIT_CANT_CREATE]);
    CHECK(meanings[EXIT_CANT_CREATE].find("cannot be created") != std::string::npos);
    CHECK(meanings[EXIT_CANT_CREATE].find("other files and no Xapian database") != std::string::npos);

    const std::string readme = test::read_file(test::source_dir() + "/README.md");
    const std::size_t table = readme.find("| exit | fahras-index |");
    REQUIRE(table != std::string::npos);
    const std::string rows = readme.substr(table, readme.find("\n\n", table) - table);
    for (const int code : INDEXER_EXIT_CODES) {
        CAPTURE(code);
        CHECK(rows.find("\n| " + std::to_string(code) + " | ") != std::string::npos);
    }
    CHECK(rows.find("other files and no Xapian database") != std::string::npos);
}

TEST_CASE("--threads: a number of threads, 0 for one per core") {
    const char* argv[] = {"fahras-index", "--threads", "3", "a.jsonl", nullptr};
    CHECK(parse_indexer_options(4, argv).threads == 3);
    const char* none[] = {"fahras-index", "a.jsonl", nullptr};
    CHECK(parse_indexer_options(2, none).threads == 0);
    const char* bad[] = {"fahras-index", "--threads", "-2", "a.jsonl", nullptr};
    CHECK_THROWS(parse_indexer_options(4, bad));
}

TEST_CASE("parallel builds write exactly the database a serial run writes") {
    test::TempDir dir;
    test::write_file(dir.file("in/articles.jsonl"), corpus_with_repeats());
    std::filesystem::copy(test::source_dir() + "/corpus/text", dir.file("in/text"));
    IndexerOptions serial = options_for(dir.file("serial"), {dir.file("in")});
    serial.threads = 1;
    const IndexStats expected = index_quietly(serial);
    CHECK(expected.replaced == 5);
    CHECK(expected.unchanged == 2);
    CHECK(expected.failed == 1);
    const std::string contents = database_contents(dir.file("serial"));

    // threads × shard size: one shard, many, one article each, and
    // parallel analysis with a single writer (0: no shards).
    for (const auto& row : std::vector<std::pair<std::size_t, std::size_t>>{
             {2, 2000}, {2, 7}, {3, 3}, {4, 1}, {2, 0}, {0, 5}}) {
        const std::size_t threads = row.first, block_database_size = row.second;  // CAPTURE cannot take a structured binding
        CAPTURE(threads);
        CAPTURE(block_database_size);
        const std::string db = dir.file("db-" + std::to_string(threads) + "-" + std::to_string(block_database_size));
        IndexerOptions parallel = options_for(db, {dir.file("in")});
        parallel.threads = threads;
        parallel.block_database_size = block_database_size;
        CHECK(counts(index_quietly(parallel)) == counts(expected));
        CHECK(database_contents(db) == contents);
        // Nothing is left beside the database but its lock.
        for (const char* leftover : {".shards", ".creating"}) CHECK_FALSE(std::filesystem::exists(db + leftover));
    }
}

TEST_CASE("a repeated id resolves to its last version, under parallelism too") {
    test::TempDir dir;
    // a: three versions, the first and last far apart (other shards), the
    // middle one in the same shard as the first; b: an identical repeat.
    std::string input = line("a", "أول") + line("a", "ثان") + line("b", "باق");
    for (int i = 0; i < 20; ++i) input += line("x" + std::to_string(i), "حشو " + std::to_string(i));
    input += line("a", "أخير") + line("b", "باق");
    test::write_file(dir.file("in.jsonl"), input);
    std::string serial_contents;
    for (const std::size_t threads : {1, 2, 3}) {
        CAPTURE(threads);
        const std::string db = dir.file("db" + std::to_string(threads));
        IndexerOptions opts = options_for(db, {dir.file("in.jsonl")});
        opts.threads = threads;
        opts.block_database_size = 4;
        const IndexStats stats = index_quietly(opts);
        CHECK(stats.added == 22);
        CHECK(stats.replaced == 2);
        CHECK(stats.unchanged == 1);
        const Xapian::Database check(db);
        CHECK(check.get_doccount() == 22);
        CHECK(check.get_termfreq(make_id_term("a")) == 1);
        CHECK(check.get_termfreq("اخير") == 1);  // normalized: the last version
        CHECK(check.get_termfreq("اول") == 0);
        CHECK(check.get_termfreq("ثان") == 0);
        // The first docid, as a serial run gives it.
        CHECK(*check.postlist_begin(make_id_term("a")) == 1);
        if (threads == 1) serial_contents = database_contents(db);
        CHECK(database_contents(db) == serial_contents);
    }
}

TEST_CASE("incremental runs and rebuilds with threads match serial ones") {
    test::TempDir dir;
    test::write_file(dir.file("all.jsonl"), corpus_with_repeats());
    // The first half, with one article that the full input then changes.
    std::istringstream in(corpus_with_repeats());
    std::string first_half;
    std::string text;
    for (int i = 0; i < 25 && std::getline(in, text); ++i) first_half += text + "\n";
    first_half += line("gone", "مقال لم يعد في الأرشيف");
    test::write_file(dir.file("half.jsonl"), first_half);

    std::string serial_update, serial_rebuild;
    for (const std::size_t threads : {1, 2, 3}) {
        CAPTURE(threads);
        const std::string db = dir.file("db" + std::to_string(threads));
        IndexerOptions first = options_for(db, {dir.file("half.jsonl")});
        first.threads = 1;
        index_quietly(first);

        IndexerOptions update = options_for(db, {dir.file("all.jsonl")});
        update.threads = threads;
        update.mode = IndexMode::snapshot;
        update.batch_size = 7;
        const IndexStats updated = index_quietly(update);
        CHECK(updated.unchanged > 20);  // spotted by the analysis threads, confirmed by the writer
        CHECK(updated.deleted == 0);    // an unreadable line: no snapshot deletions
        CHECK(updated.delete_refused == 1);
        if (threads == 1) serial_update = database_contents(db);
        CHECK(database_contents(db) == serial_update);

        IndexerOptions rebuild = options_for(db, {dir.file("all.jsonl")});
        rebuild.threads = threads;
        rebuild.block_database_size = 6;
        rebuild.mode = IndexMode::rebuild;
        rebuild.force_delete = true;
        CHECK(index_quietly(rebuild).switched);
        if (threads == 1) serial_rebuild = database_contents(db);
        CHECK(database_contents(db) == serial_rebuild);
    }
}
