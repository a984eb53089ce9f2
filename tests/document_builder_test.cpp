// Articles into documents (indexer/document_builder.h): places, the checks
// made before Xapian sees a document, and the spelling vocabulary.
#include "test_support.h"

#include "document_builder.h"

#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

namespace {

Article article(const std::string& id, const std::string& title, const std::string& body) {
    Article a;
    a.id = id;
    a.title = title;
    a.body = body;
    a.origin = "in.jsonl:1";
    return a;
}

IndexerOptions no_places() {
    IndexerOptions opts;
    opts.places = false;
    return opts;
}

bool has_term(const Xapian::Document& doc, const std::string& term) {
    auto it = doc.termlist_begin();
    it.skip_to(term);
    return it != doc.termlist_end() && *it == term;
}

// A user gazetteer with one place whose id is @a id.
std::string gazetteer_row(const std::string& name, const std::string& id) {
    return name + "\t\tZahluqistan\tcountry\tZQ\t33.8\t35.9\t5000000\ttest\t" + id + "\t\t\n";
}

}  // namespace

TEST_CASE("check_terms lets Xapian's longest term through and rejects one byte more, saying where it came from") {
    Xapian::Document doc;
    doc.add_term(std::string(XAPIAN_MAX_TERM_BYTES, 'a'));
    CHECK_NOTHROW(check_terms(doc));

    doc.add_term(std::string(XAPIAN_MAX_TERM_BYTES + 1, 'b'));
    try {
        check_terms(doc);
        FAIL("expected ArticleRejected");
    } catch (const ArticleRejected& e) {
        CHECK(std::string(e.what()) == "a term of 246 bytes ('bbbbbbbbbbbbbbbbbbbbbbbb...') is longer than Xapian's "
                                       "245-byte limit; article skipped");
    }
    Xapian::Document place;
    place.add_boolean_term(std::string(PREFIX_PLACE) + std::string(300, 'x'));
    try {
        check_terms(place);
        FAIL("expected ArticleRejected");
    } catch (const ArticleRejected& e) {
        CHECK(std::string(e.what()) == "a term of 302 bytes ('XPxxxxxxxxxxxxxxxxxxxxxx...', from the id of a place "
                                       "in a gazetteer) is longer than Xapian's 245-byte limit; article skipped");
    }
}

TEST_CASE("PlaceSetup: nothing with --no-places; the bundled gazetteer plus the user's, whose problems are warnings") {
    std::ostringstream err;
    const PlaceSetup none(no_places(), err);
    CHECK_FALSE(none.recognizer);
    CHECK(none.salt() == "no-places");
    CHECK(none.record.empty());

    test::TempDir dir;
    const std::string file = dir.file("extra.tsv");
    test::write_file(file, gazetteer_row("زحلوقستان", "test:zq") + "too\tfew\tcolumns\n");
    IndexerOptions opts;
    opts.gazetteers = {file};
    const PlaceSetup places(opts, err);
    CHECK(places.recognizer);
    CHECK(places.record == "tsv:" + std::filesystem::absolute(file).string() + "\n");
    CHECK(err.str() == file + ":2: expected 12 tab-separated columns, found 3: warning: skipped\n");
    CHECK(places.salt() != "no-places");
    CHECK(places.salt() != PlaceSetup(IndexerOptions(), err).salt());  // another gazetteer, another salt

    opts.gazetteers = {dir.file("missing.tsv")};
    try {
        PlaceSetup missing(opts, err);
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_NO_INPUT);
    }
}

TEST_CASE("DocumentBuilder: the document of an article, places included; an article Xapian cannot take is rejected") {
    test::TempDir dir;
    test::write_file(dir.file("extra.tsv"), gazetteer_row("زحلوقستان", std::string(300, 'x')));
    IndexerOptions opts;
    opts.gazetteers = {dir.file("extra.tsv")};
    std::ostringstream err;
    const PlaceSetup places(opts, err);
    DocumentBuilder builder(std::string(DEFAULT_STEMMER), places);

    const Xapian::Document doc = builder.build(article("a1", "زيارة إلى حلب", "وصل الوفد اليوم"));
    CHECK(has_term(doc, make_id_term("a1")));
    CHECK(has_term(doc, std::string(PREFIX_PLACE) + "fahras:sy-aleppo"));
    CHECK(has_term(doc, std::string(PREFIX_PLACE) + "fahras:sy"));  // and what contains it
    CHECK(doc.get_value(VALUE_FINGERPRINT) == article_fingerprint(article("a1", "زيارة إلى حلب", "وصل الوفد اليوم"),
                                                                  places.salt()));

    try {
        builder.build(article("a2", "خبر", "وصل الوفد إلى زحلوقستان اليوم"));
        FAIL("expected ArticleRejected");
    } catch (const ArticleRejected& e) {
        CHECK(std::string(e.what()).rfind("a term of 302 bytes ('XPxxx", 0) == 0);
    }
    // The builder goes on with the next article as if nothing happened.
    const Xapian::Document next = builder.build(article("a3", "خبر", "نص"));
    CHECK(has_term(next, make_id_term("a3")));
    CHECK_FALSE(has_term(next, make_id_term("a1")));

    // Without places: no place terms, and another fingerprint.
    const PlaceSetup none(no_places(), err);
    DocumentBuilder plain(std::string(DEFAULT_STEMMER), none);
    const Xapian::Document without = plain.build(article("a1", "زيارة إلى حلب", "وصل الوفد اليوم"));
    CHECK_FALSE(has_term(without, std::string(PREFIX_PLACE) + "fahras:sy-aleppo"));
    CHECK(without.get_value(VALUE_FINGERPRINT) != doc.get_value(VALUE_FINGERPRINT));
}

TEST_CASE("add_spelling records the title's words of more than four bytes, and no numbers") {
    test::TempDir dir;
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OPEN);
    Xapian::Document doc;
    const std::string title(PREFIX_TITLE);
    for (const char* word : {"وزير", "حلب", "في", "2015", "٢٠١٥x", "abcd", "abcde"}) doc.add_term(title + word);
    doc.add_term("بيروت");  // a body word
    doc.add_term(std::string(PREFIX_SOURCE) + "okazz");
    add_spelling(db, doc);
    add_spelling(db, doc);
    db.commit();
    const auto spelling_frequency = [&](const std::string& word) -> Xapian::doccount {
        for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it)
            if (*it == word) return it.get_termfreq();
        return 0;
    };
    CHECK(spelling_frequency("وزير") == 2);
    CHECK(spelling_frequency("حلب") == 2);  // three letters: six bytes
    CHECK(spelling_frequency("abcde") == 2);
    CHECK(spelling_frequency("٢٠١٥x") == 2);  // only ASCII digits make a number
    for (const std::string& absent : std::vector<std::string>{"في", "2015", "abcd", "بيروت", "okazz", std::string(PREFIX_SOURCE) + "okazz"}) {
        CAPTURE(absent);
        CHECK(spelling_frequency(absent) == 0);
    }
}
