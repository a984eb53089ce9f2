// Past-tense readings of headline verbs: the readings letter by letter, the
// present/past pairs that must meet through fahras-light, and the query
// rewrite that searches them (searcher/query_analysis.h).
#include "query_analysis.h"

#include <fahras/analyzer.h>
#include <fahras/normalize.h>
#include <fahras/verb_forms.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <string>
#include <vector>

using namespace fahras;

TEST_CASE("past_tense_readings, letter by letter") {
    struct Row {
        const char* stem;
        std::vector<std::string> readings;
    };
    const std::vector<Row> rows = {
        // ي + three letters: the rest, with alef.
        {"يرفض", {"رفض", "ارفض"}},
        // ت: also with the feminine ت.
        {"تعلن", {"علن", "اعلن", "علنت", "اعلنت"}},
        // Longer verbs: the forms with a prefixed alef.
        {"يستقبل", {"ستقبل", "استقبل"}},
        {"يفتتح", {"فتتح", "افتتح"}},
        // Hollow: و or ي in the middle of three letters → long alef.
        {"يعود", {"عود", "اعود", "عاد", "اعاد"}},
        {"يعيد", {"عيد", "اعيد", "عاد", "اعاد"}},
        {"تقوم", {"قوم", "اقوم", "قومت", "اقومت", "قام", "اقام", "قامت", "اقامت"}},
        // Defective: a final و is an alef in the past.
        {"يدعو", {"دعو", "ادعو", "دعا"}},
        // A final ى is already ي after normalization: بنى is بني.
        {"يبني", {"بني", "ابني"}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.stem);
        CHECK(past_tense_readings(row.stem) == row.readings);
    }
}

TEST_CASE("past_tense_readings: nothing for words that cannot be such a verb") {
    for (const char* stem : {"يوم", "تلك", "يد", "رفض", "استقبل", "وزير", "تفجير", "تطوير", "", "ي", "يabc", "ت123"}) {
        CAPTURE(stem);
        CHECK(past_tense_readings(stem).empty());
    }
}

TEST_CASE("a headline's present tense meets the article's past tense through fahras-light") {
    // (headline word, article word), as published: each article word's stem
    // is the stem of one of the headline word's readings.
    const std::vector<std::pair<const char*, const char*>> pairs = {
        {"يستقبل", "استقبل"}, {"يرفض", "رفض"},     {"تعلن", "أعلنت"},   {"يعلن", "أعلن"},
        {"يفتتح", "افتتح"},   {"يعود", "عاد"},     {"يعيد", "أعاد"},    {"يدعو", "دعا"},
        {"يبني", "بنى"},      {"تغلق", "أغلقت"},   {"يشارك", "شارك"},   {"يواصل", "واصل"},
        {"تستقبل", "استقبلت"}, {"ويستقبل", "واستقبل"}, {"يستقبلون", "استقبلوا"}, {"يلتقي", "التقى"},
    };
    const Analyzer analyzer("fahras-light");
    for (const auto& pair : pairs) {
        const auto& headline = pair.first;  // CAPTURE cannot take a structured binding
        const auto& article = pair.second;
        CAPTURE(headline);
        CAPTURE(article);
        const std::string past = analyzer.stemmer()(normalize_text(article));
        std::vector<std::string> stems;
        for (const auto& reading : past_tense_readings(analyzer.stemmer()(normalize_text(headline))))
            stems.push_back(analyzer.stemmer()(reading));
        CHECK(std::find(stems.begin(), stems.end(), past) != stems.end());
    }
}

namespace {

// A database holding these stemmed terms, one article each.
Xapian::WritableDatabase database_with(const std::vector<std::string>& terms) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& term : terms) {
        Xapian::Document doc;
        doc.add_term(term);
        db.add_document(doc);
    }
    return db;
}

std::string widened(const Xapian::Query& query, const Xapian::Database& db) {
    static const Analyzer analyzer("fahras-light");
    TermFrequencies frequencies(db);
    return with_past_forms(query, analyzer, frequencies).get_description();
}

}  // namespace

TEST_CASE("with_past_forms: a stemmed present tense also searches the past forms the archive holds") {
    const Analyzer analyzer("fahras-light");
    // The archive has استقبل and (in titles) ZSرفض, but no ستقبل.
    const Xapian::WritableDatabase db = database_with({"Zاستقبل", "ZSرفض", "Zرفض", "Zوزير"});
    const Xapian::Query receives("Zيستقبل");
    CHECK(widened(receives, db) == "Query((Zيستقبل SYNONYM Zاستقبل))");
    // Every word of a free-text query, in a field too.
    const Xapian::Query both(Xapian::Query::OP_OR, receives, Xapian::Query("ZSيرفض"));
    CHECK(widened(both, db) == "Query(((Zيستقبل SYNONYM Zاستقبل) OR (ZSيرفض SYNONYM ZSرفض)))");
    // Not what NOT excludes, not a phrase, not an unstemmed form.
    const Xapian::Query excluded(Xapian::Query::OP_AND_NOT, Xapian::Query("Zوزير"), Xapian::Query("Zيرفض"));
    CHECK(widened(excluded, db) == excluded.get_description());
    const std::vector<Xapian::Query> phrase_words = {Xapian::Query("يستقبل"), Xapian::Query("وزير")};
    const Xapian::Query phrase(Xapian::Query::OP_PHRASE, phrase_words.begin(), phrase_words.end());
    CHECK(widened(phrase, db) == phrase.get_description());
    CHECK(widened(Xapian::Query("يستقبل"), db) == "Query(يستقبل)");
    // A reading the archive lacks adds nothing.
    CHECK(widened(Xapian::Query("Zيشارك"), db) == "Query(Zيشارك)");
}
