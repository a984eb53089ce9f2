// The one writer of updates, snapshots and serial rebuilds
// (indexer/article_writer.h): decisions by id and fingerprint, counts,
// batches, prepared documents, failed writes.
#include "test_support.h"

#include "article_writer.h"

#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_set>

using namespace fahras;

namespace {

Article article(const std::string& id, const std::string& body, int line = 1) {
    Article a;
    a.id = id;
    a.title = "عنوان";
    a.body = body;
    a.origin = "in.jsonl:" + std::to_string(line);
    return a;
}

IndexerOptions writer_options(const std::string& db_path, IndexMode mode, std::size_t batch_size) {
    IndexerOptions opts;
    opts.db_path = db_path;
    opts.places = false;
    opts.verbose = true;
    opts.mode = mode;
    opts.batch_size = batch_size;
    return opts;
}

// A writer on a fresh database, with what it needs around it.
struct Fixture {
    explicit Fixture(IndexMode mode = IndexMode::update, std::size_t batch_size = 2000)
        : opts(writer_options(dir.file("db"), mode, batch_size)) {}
    test::TempDir dir;
    IndexerOptions opts;
    std::ostringstream err;
    IndexStats stats;
    PlaceSetup places{opts, err};
    Xapian::WritableDatabase db{opts.db_path, Xapian::DB_CREATE_OR_OPEN};
    ArticleWriter writer{db, std::string(DEFAULT_STEMMER), opts, err, stats, places};
};

std::string counts(const IndexStats& s) {
    return std::to_string(s.read) + " read, " + std::to_string(s.added) + " added, " + std::to_string(s.replaced) +
           " replaced, " + std::to_string(s.unchanged) + " unchanged, " + std::to_string(s.deleted) + " deleted, " +
           std::to_string(s.commits) + " commits";
}

}  // namespace

TEST_CASE("ArticleWriter adds, replaces what changed, skips what did not, and says so with --verbose") {
    Fixture f;
    CHECK(f.db.get_metadata(META_PLACES) == "0");
    std::unordered_set<std::uint64_t> seen;
    f.writer.track_seen(&seen);
    f.writer.index(article("a", "نص أول", 1));
    f.writer.index(article("b", "نص ثان", 2));
    f.writer.index(article("a", "نص أول", 3));
    f.writer.index(article("b", "نص معدل", 4));
    f.writer.commit();
    CHECK(counts(f.stats) == "4 read, 2 added, 1 replaced, 1 unchanged, 0 deleted, 1 commits");
    CHECK(f.err.str() == "in.jsonl:1: added a\nin.jsonl:2: added b\nin.jsonl:3: unchanged a\nin.jsonl:4: replaced b\n");
    CHECK(f.db.get_doccount() == 2);
    CHECK(f.db.get_termfreq("معدل") == 1);
    CHECK(f.db.get_termfreq("ثان") == 0);
    CHECK(seen == std::unordered_set<std::uint64_t>{hash_term(make_id_term("a")), hash_term(make_id_term("b"))});
}

TEST_CASE("ArticleWriter commits every --batch articles and deletions") {
    Fixture f(IndexMode::update, 2);
    for (int i = 0; i < 5; ++i) f.writer.index(article("a" + std::to_string(i), "نص"));
    CHECK(f.stats.commits == 2);
    CHECK_FALSE(f.writer.remove(make_id_term("missing")));
    CHECK(f.writer.remove(make_id_term("a0")));
    CHECK(f.stats.commits == 3);
    CHECK(f.stats.deleted == 1);
    CHECK(f.db.get_doccount() == 4);
}

TEST_CASE("ArticleWriter takes a prepared document, rethrows a failed analysis, and analyses what was judged unchanged") {
    Fixture f;
    PreparedArticle prepared;
    prepared.id_term = make_id_term("p");
    prepared.fingerprint = article_fingerprint(article("p", "نص"), f.places.salt());
    prepared.doc.emplace();
    prepared.doc->add_boolean_term(prepared.id_term);
    prepared.doc->add_term("prepared-by-a-thread");
    f.writer.index(article("p", "نص"), &prepared);
    CHECK(f.db.get_termfreq("prepared-by-a-thread") == 1);
    CHECK_FALSE(prepared.doc);  // moved into the database, not copied

    PreparedArticle failed;
    failed.id_term = make_id_term("q");
    failed.fingerprint = "x";
    failed.error = std::make_exception_ptr(ArticleRejected("cannot analyse this article"));
    CHECK_THROWS_AS(f.writer.index(article("q", "نص"), &failed), ArticleRejected);
    CHECK(counts(f.stats) == "1 read, 1 added, 0 replaced, 0 unchanged, 0 deleted, 0 commits");

    // An analysis thread saw "r" unchanged in the database as it was; the
    // writer finds it changed since, and analyses it itself.
    f.writer.index(article("r", "قديم"));
    PreparedArticle looked_unchanged;
    looked_unchanged.id_term = make_id_term("r");
    looked_unchanged.fingerprint = article_fingerprint(article("r", "جديد"), f.places.salt());
    f.writer.index(article("r", "جديد"), &looked_unchanged);
    CHECK(f.stats.replaced == 1);
    CHECK(f.db.get_termfreq("جديد") == 1);
}

TEST_CASE("a failed write says what the database kept: its last commit, or for a rebuild the live database") {
    for (const IndexMode mode : {IndexMode::update, IndexMode::rebuild}) {
        CAPTURE(static_cast<int>(mode));
        Fixture f(mode);
        f.writer.index(article("a", "نص"));
        f.writer.commit();
        f.db.close();
        try {
            f.writer.index(article("b", "نص"));
            FAIL("expected an error");
        } catch (const Error& e) {
            CHECK(e.code() == EXIT_IO_ERROR);
            const std::string message = e.what();
            CAPTURE(message);
            CHECK(message.rfind("writing " + f.opts.db_path + " failed: ", 0) == 0);
            const std::string kept = mode == IndexMode::rebuild ? "; the live database is unchanged"
                                                                : "; the database keeps its last commit (1 commits this run)";
            CHECK(message.substr(message.size() - kept.size()) == kept);
        }
        CHECK(f.stats.read == 1);
    }
}
