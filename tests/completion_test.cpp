// The completion index (searcher/completion.h) over a spelling table built
// here: which words a prefix matches, with or without their article, and
// in which order.
#include "completion.h"
#include "test_support.h"

#include <fahras/document.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

using fahras::CompletionIndex;
using Words = std::vector<std::pair<std::string, Xapian::doccount>>;

namespace {

// A database whose spelling table holds @a words, each with its frequency.
Xapian::Database with_spellings(const fahras::test::TempDir& dir, const Words& words) {
    Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OPEN);
    for (const auto& [word, frequency] : words) db.add_spelling(word, frequency);
    db.commit();
    return Xapian::Database(dir.file("db"));
}

}  // namespace

TEST_CASE("completion: a prefix matches a word, or the word after its article, once, most frequent first") {
    fahras::test::TempDir dir;
    const CompletionIndex index(with_spellings(dir, {{"الاقتصاد", 5}, {"اقتصادي", 7}, {"الاقتصادي", 5}, {"اقتراح", 1},
                                                     {"والاقتصاد", 9}, {"الف", 3}, {"امس", 2}}));
    CHECK(index.words() == 7);
    CHECK(index.complete("اقتص", 10) == Words{{"اقتصادي", 7}, {"الاقتصاد", 5}, {"الاقتصادي", 5}});
    CHECK(index.complete("الاقتص", 10) == Words{{"الاقتصاد", 5}, {"الاقتصادي", 5}});
    CHECK(index.complete("اقت", 10) == Words{{"اقتصادي", 7}, {"الاقتصاد", 5}, {"الاقتصادي", 5}, {"اقتراح", 1}});
    CHECK(index.complete("وال", 10) == Words{{"والاقتصاد", 9}});  // only ال is taken off
    CHECK(index.complete("ف", 10).empty());  // الف: one letter after ال is no article
    // ا matches الاقتصاد by both its keys: listed once.
    const Words all = index.complete("ا", 10);
    CHECK(all == Words{{"اقتصادي", 7}, {"الاقتصاد", 5}, {"الاقتصادي", 5}, {"الف", 3}, {"امس", 2}, {"اقتراح", 1}});
    CHECK(index.complete("ا", 2) == Words{{"اقتصادي", 7}, {"الاقتصاد", 5}});
    CHECK(index.complete("", 10).empty());
    CHECK(index.complete("اقتص", 0).empty());
}

TEST_CASE("completion: function words are not offered") {
    fahras::test::TempDir dir;
    Xapian::SimpleStopper stopper;
    stopper.add("الي");
    const CompletionIndex index(with_spellings(dir, {{"الي", 90}, {"الملك", 5}}), &stopper);
    CHECK(index.words() == 1);
    CHECK(index.complete("ال", 10) == Words{{"الملك", 5}});
}

TEST_CASE("completion: the query's last word is normalized and completed, the words before it kept as typed") {
    fahras::test::TempDir dir;
    CompletionIndex index(with_spellings(dir, {{"الحكومه", 4}, {"حكومه", 2}, {"الاقتصاد", 1}}));
    const auto page = fahras::complete_query(index, "وزير الحكومة", 8);
    CHECK(page.prefix == "الحكومه");
    REQUIRE(page.completions.size() == 1);
    CHECK(page.completions[0].text == "وزير الحكومه");
    CHECK(page.completions[0].word == "الحكومه");
    CHECK(page.completions[0].frequency == 4);
    CHECK(fahras::complete_query(index, "حكومَة", 8).completions.size() == 2);
    CHECK(fahras::complete_query(index, "وزير ", 8).completions.empty());  // no last word
    CHECK(fahras::complete_query(index, "وزير ", 8).prefix.empty());
    CHECK(fahras::complete_query(index, "وزير،الإقت", 8).prefix == "الاقت");  // ، ends a word
    // Query syntax opening the word stays, before the completed word.
    const auto quoted = fahras::complete_query(index, "وزير \"(الحكو", 8);
    CHECK(quoted.prefix == "الحكو");
    REQUIRE(quoted.completions.size() == 1);
    CHECK(quoted.completions[0].text == "وزير \"(الحكومه");
    CHECK(fahras::complete_query(index, "-حكو", 8).completions.at(0).text == "-الحكومه");  // the more frequent
}

TEST_CASE("completion: words are offered as most titles using them write them") {
    fahras::test::TempDir dir;
    {
        Xapian::WritableDatabase db(dir.file("db"), Xapian::DB_CREATE_OR_OPEN);
        // Titles holding the index's الحكومه: twice as الحكومة (once with a
        // damma, once with a tatweel), once as الحكومه.
        for (const std::string title : {"الحكومةُ تعلن", "قالت الحكومه", "الحـكومة والشعب", "خبر آخر"}) {
            fahras::StoredArticle article;
            article.title = title;
            Xapian::Document doc;
            doc.set_data(fahras::encode_stored_article(article));
            if (title != "خبر آخر") doc.add_term("Sالحكومه");
            db.add_document(doc);
        }
        db.add_spelling("الحكومه", 3);
        db.add_spelling("الشعب", 1);  // a word of the table no title term has
        db.commit();
    }
    const Xapian::Database db(dir.file("db"));
    CHECK(fahras::published_spelling(db, "الحكومه") == "الحكومة");
    CHECK(fahras::published_spelling(db, "الحكومه", 2) == "الحكومة");  // a tie: the first seen
    CHECK(fahras::published_spelling(db, "الحكومه", 1) == "الحكومة");
    CHECK(fahras::published_spelling(db, "الشعب") == "الشعب");  // no title: as the index has it
    CompletionIndex index(db);
    const auto page = fahras::complete_query(index, "وزير حكو", 8, &db);
    REQUIRE(page.completions.size() == 1);
    CHECK(page.completions[0].word == "الحكومه");
    CHECK(page.completions[0].published == "الحكومة");
    CHECK(page.completions[0].text == "وزير الحكومة");
    // Without the database: as the index has it.
    CHECK(fahras::complete_query(index, "حكو", 8).completions.at(0).text == "الحكومه");
}
