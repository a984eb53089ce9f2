// Related articles (--like): which terms of an article are looked for, how
// names weigh, the query they make, and the closeness in date.
#include <related.h>

#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/variants.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

using namespace fahras;

TEST_CASE("related: the terms the expand set may offer") {
    struct Row {
        const char* term;
        bool body_stem;
        bool free_text;
    };
    const std::vector<Row> rows = {
        {"Zحلب", true, true},           // a stem of the text
        {"Zkerri", true, true},         // a Latin stem
        {"ZSحلب", false, true},         // the title's copy
        {"ZAمحمد", false, true},        // the author's
        {"حلب", false, true},           // the word as written
        {"Sحلب", false, true},          // the title's word
        {"Aمحمد", false, true},
        {"Qhttp://a.test/1", false, false},  // the id
        {"XB01a943e810b2eaac49", false, false},  // a band
        {"XPsy-aleppo", false, false},  // a place: boolean, no weight to rank by
        {"XSOURCEokaz", false, false},
        {"XY2015", false, false},
        {"XM201507", false, false},
        {"Z", false, true},
        {"", false, false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.term);
        CHECK(is_body_stem(row.term) == row.body_stem);
        CHECK(is_free_text_term(row.term) == row.free_text);
    }
}

TEST_CASE("related: names are the stems of the article's places and of the name variants") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    const auto stem = [&](const std::string& word) { return stem_term(analyzer.stemmer()(word)); };
    const std::set<std::string> places = name_stems(analyzer, {PlaceRef{"sy-aleppo", "حلب"}, {"x", "ريف دمشق"}}, nullptr);
    CHECK(places.count(stem("حلب")) == 1);
    CHECK(places.count(stem("ريف")) == 1);
    CHECK(places.count(stem("دمشق")) == 1);
    CHECK(places.size() == 3);
    VariantTable variants;
    variants.add_group({"أوباما", "باراك أوباما"});
    variants.add_group({"Kerry", "كيري"});
    const std::set<std::string> names = name_stems(analyzer, {}, &variants);
    CHECK(names.count(stem("اوباما")) == 1);
    CHECK(names.count(stem("باراك")) == 1);
    CHECK(names.count(stem("كيري")) == 1);
    CHECK(names.count(stem("kerry")) == 1);
    CHECK(names.count("ZOR") == 0);  // group_text()'s operator is no name
    CHECK(names.count(stem("or")) == 0);
}

namespace {

// Article 1 uses two words as often, equally rare in the archive; it also
// has a title, an author, an id, a band, a place and filters.
Xapian::WritableDatabase small_archive() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document first;
    for (const char* term : {"Zحلب", "Zقصف", "Zمدني"}) first.add_term(term, 3);
    first.add_term("Zفي", 9);  // a function word's stem, used most of all, and rare in this small archive
    first.add_term("حلب", 3);
    first.add_term("Sحلب");
    first.add_term("ZSحلب");
    first.add_term("ZSقصف");
    first.add_term("Aمحمد");
    first.add_term("Qfirst");
    first.add_term("XB00aa");
    first.add_boolean_term("XPsy-aleppo");
    first.add_boolean_term("XSOURCEokaz");
    db.add_document(first);
    // Each word of article 1 in one other article, and many articles without.
    for (const char* term : {"Zحلب", "Zقصف", "Zمدني"}) {
        Xapian::Document other;
        other.add_term(term, 1);
        other.add_term("Zغير", 5);
        db.add_document(other);
    }
    for (int i = 0; i < 20; ++i) {
        Xapian::Document other;
        other.add_term("Zغير", 2);
        db.add_document(other);
    }
    return db;
}

std::vector<std::string> terms_of(const std::vector<RelatedTerm>& terms) {
    std::vector<std::string> out;
    for (const auto& term : terms) out.push_back(term.term);
    return out;
}

}  // namespace

TEST_CASE("related: the expand set's body stems, names weighed double") {
    const Xapian::WritableDatabase db = small_archive();
    // Without names the three stems weigh the same; the function word is never offered.
    const std::vector<RelatedTerm> unweighed = related_terms(db, 1, LikeTerms::names, {});
    std::vector<std::string> found = terms_of(unweighed);
    std::sort(found.begin(), found.end());
    CHECK(found == std::vector<std::string>{"Zحلب", "Zقصف", "Zمدني"});
    for (const auto& term : unweighed) {
        CHECK(term.query_weight == 1.0);
        CHECK(term.expand_weight == doctest::Approx(unweighed[0].expand_weight));
    }
    // A name goes first, with twice the weight, in the choice and in the query.
    const std::vector<RelatedTerm> weighed = related_terms(db, 1, LikeTerms::names, {"Zمدني"});
    REQUIRE(weighed.size() == 3);
    CHECK(weighed[0].term == "Zمدني");
    CHECK(weighed[0].query_weight == NAME_WEIGHT);
    CHECK(weighed[0].expand_weight == doctest::Approx(NAME_WEIGHT * weighed[1].expand_weight));
    CHECK(weighed[1].query_weight == 1.0);
    CHECK(weighed[2].query_weight == 1.0);
    CHECK(related_query(weighed).get_description() ==
          "Query((2 * Zمدني OR " + weighed[1].term + " OR " + weighed[2].term + "))");
}

TEST_CASE("related: the baselines: the expand set as it is, and the title's stems") {
    const Xapian::WritableDatabase db = small_archive();
    const std::vector<std::string> plain = terms_of(related_terms(db, 1, LikeTerms::plain, {"Zمدني"}));
    // Every free-text term, function words too, the names not weighed; never the id, the band or the filters.
    for (const char* term : {"Zحلب", "Zقصف", "Zمدني", "Zفي", "حلب", "Sحلب", "ZSحلب", "Aمحمد"}) {
        CAPTURE(term);
        CHECK(std::find(plain.begin(), plain.end(), term) != plain.end());
    }
    for (const char* term : {"Qfirst", "XB00aa", "XPsy-aleppo", "XSOURCEokaz"}) {
        CAPTURE(term);
        CHECK(std::find(plain.begin(), plain.end(), term) == plain.end());
    }
    for (const auto& term : related_terms(db, 1, LikeTerms::plain, {"Zمدني"})) CHECK(term.query_weight == 1.0);
    CHECK(terms_of(related_terms(db, 1, LikeTerms::title, {})) == std::vector<std::string>{"Zحلب", "Zقصف"});
}

TEST_CASE("related: at most RELATED_TERMS terms") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document long_article;
    for (std::size_t i = 0; i < RELATED_CANDIDATES * 2; ++i) long_article.add_term("Zكلمه" + std::to_string(i), 1);
    db.add_document(long_article);
    db.add_document(Xapian::Document());
    CHECK(related_terms(db, 1, LikeTerms::names, {}).size() == RELATED_TERMS);
    CHECK(related_terms(db, 1, LikeTerms::plain, {}).size() == RELATED_TERMS);
}

TEST_CASE("related: the article looked for by its id") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    doc.add_term(make_id_term("a-1"));
    doc.add_value(VALUE_DATE, "20150801");
    db.add_document(doc);
    try {
        find_like_article(db, "a-2");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_UNKNOWN_ARTICLE);
        CHECK(std::string(e.what()).find("'a-2'") != std::string::npos);
    }
}

TEST_CASE("related: days between dates, and the closeness that orders near-equal scores") {
    struct Row {
        const char* date;
        bool valid;
        long days;
    };
    const std::vector<Row> rows = {
        {"19700101", true, 0},       {"19700102", true, 1},     {"19691231", true, -1},
        {"20000229", true, 11016},   {"20000301", true, 11017}, {"20150801", true, 16648},
        {"20160101", true, 16801},   {"2015080", false, 0},     {"2015-08-", false, 0},
        {"20151301", false, 0},      {"20150800", false, 0},    {"", false, 0},
    };
    for (const Row& row : rows) {
        CAPTURE(row.date);
        long days = 0;
        CHECK(day_number(row.date, days) == row.valid);
        if (row.valid) CHECK(days == row.days);
    }
    CHECK(date_closeness(0) == doctest::Approx(1 + DATE_WEIGHT));
    CHECK(date_closeness(static_cast<long>(DATE_HALF_DAYS)) == doctest::Approx(1 + DATE_WEIGHT / 2));
    CHECK(date_closeness(-static_cast<long>(DATE_HALF_DAYS)) == date_closeness(static_cast<long>(DATE_HALF_DAYS)));
    CHECK(date_closeness(3650) < 1.01);
    CHECK(date_closeness(3650) > 1.0);
}
