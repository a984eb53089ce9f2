// The rescoring of the top of a ranking (searcher/rerank.h) over articles
// indexed as fahras-index indexes them: the query's words found as a phrase
// in the title, the lead and the body, not inside an institution's name;
// and the window's articles read by their termlists (remote shards) as by
// their postlists.
#include "postings.h"
#include "query_analysis.h"
#include "rerank.h"

#include <fahras/analyzer.h>
#include <fahras/article.h>
#include <fahras/document.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <array>
#include <string>
#include <utility>
#include <vector>

using namespace fahras;

namespace {

/** A database of articles indexed as fahras-index indexes them (title,
 *  lead, body), from (id, title, body). */
Xapian::WritableDatabase indexed(const std::vector<std::array<std::string, 3>>& articles) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    for (const auto& [id, title, body] : articles) {
        Article article;
        article.id = id;
        article.title = title;
        article.body = body;
        db.add_document(make_document(article, generator));
    }
    db.commit();
    return db;
}

std::string filler(int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += " كلام";
    return text;
}

}  // namespace

TEST_CASE("score_window: a phrase found in the title, the lead and the body of indexed articles") {
    const std::string later = filler(40);
    const Xapian::WritableDatabase db = indexed({
        {"about", "ولي العهد محمد بن سلمان يلتقي", "التقى الأمير محمد بن سلمان" + later + " وقال محمد بن سلمان"},
        {"list", "أسماء الحضور", "حضر" + later + " الأمير سلطان بن سلمان والأمير محمد بن نايف والأمير لمحمد بن سلمان"},
        {"other", "سلطان بن سلمان", "الأمير سلطان بن سلمان" + later + " ومحمد بن نايف"},
        {"reversed", "خبر", "سلمان بن محمد" + later},
    });
    TermFrequencies frequencies(db);
    const std::vector<Phrase> phrases = query_phrases("محمد بن سلمان", frequencies);
    REQUIRE(phrases.size() == 1);
    REQUIRE(phrases[0].words.size() == 3);
    // The forms the archive holds.
    CHECK(phrases[0].words[0] == std::vector<std::string>{"محمد", "ومحمد", "لمحمد"});
    const WindowScores scores = score_window(db, {1, 2, 3, 4}, {}, {}, phrases);
    CHECK(scores.phrases[0] == PhraseHits{1, 1, 1});
    CHECK(scores.phrases[1] == PhraseHits{0, 0, 1});  // once, after a proclitic
    CHECK(scores.phrases[2] == PhraseHits{});        // two of its words, in another name
    CHECK(scores.phrases[3] == PhraseHits{});
    CHECK(phrase_factor(scores.phrases[0]) > phrase_factor(scores.phrases[1]));
    // Read with the pairs, the positions are read once and serve both.
    const WindowScores both = score_window(db, {1, 2, 3, 4}, {}, {{"بن", "سلمان"}}, phrases);
    CHECK(both.pairs_together == std::vector<std::size_t>{1, 1, 1, 0});
    CHECK(both.phrases[0] == PhraseHits{1, 1, 1});
}

TEST_CASE("query_phrases: runs of two to six words the archive holds, function words off their ends") {
    const Xapian::WritableDatabase db = indexed({
        {"1", "الملك سلمان", "هيئة كبار العلماء في الرياض وللملك"},
    });
    TermFrequencies frequencies(db);
    // Queries are normalized first, as the index (هيئة → هيئه).
    auto words = [&](const std::string& query) {
        std::vector<std::vector<std::vector<std::string>>> out;
        for (const Phrase& phrase : query_phrases(normalize_text(query, TextRole::query), frequencies))
            out.push_back(phrase.words);
        return out;
    };
    CHECK(words("الملك سلمان") ==
          std::vector<std::vector<std::vector<std::string>>>{{{"الملك", "وللملك"}, {"سلمان"}}});
    REQUIRE(words("في هيئة كبار العلماء في").size() == 1);
    CHECK(words("في هيئة كبار العلماء في")[0].size() == 3);
    CHECK(words("سلمان").empty());                 // one word
    CHECK(words("الملك غائب").empty());             // a word the archive lacks
    CHECK(words("\"الملك سلمان\"").empty());     // the user's own phrase
    CHECK(words("سلمان الملك سلمان الملك سلمان الملك سلمان").empty());  // a headline
}

TEST_CASE("score_window: a name inside an institution's name does not count, the person named alone does") {
    const std::string later = filler(40);
    const Xapian::WritableDatabase db = indexed({
        {"centre", "مركز الملك سلمان للإغاثة يوزع السلال", "وزع مركز الملك سلمان للإغاثة" + later + " ومركز الملك سلمان"},
        {"proclitic", "خبر", "تخرج المستفيدون بمركز محمد بن نايف للمناصحة" + later + " لمركز الأمير محمد بن نايف"},
        {"both", "مركز الملك سلمان للإغاثة", "وجه الملك سلمان" + later + " مركز الملك سلمان"},
        {"person", "الملك سلمان يستقبل", "استقبل الملك سلمان" + later},
    });
    TermFrequencies frequencies(db);
    const std::vector<Phrase> king = query_phrases("الملك سلمان", frequencies);
    const std::vector<Phrase> prince = query_phrases("محمد بن نايف", frequencies);
    REQUIRE(king.size() == 1);
    REQUIRE(prince.size() == 1);
    const WindowScores kings = score_window(db, {1, 2, 3, 4}, {}, {}, king);
    CHECK(kings.phrases[0] == PhraseHits{});
    CHECK(kings.phrases[2] == PhraseHits{0, 1, 0});  // the standalone one in the lead
    CHECK(kings.phrases[3] == PhraseHits{1, 1, 0});
    // After بمركز, and after لمركز الأمير.
    CHECK(score_window(db, {1, 2, 3, 4}, {}, {}, prince).phrases[1] == PhraseHits{});
}

TEST_CASE("WindowTerms: read by termlists (remote shards), the same holders, wdf, lengths and scores as by postlists") {
    const std::string later = filler(40);
    const Xapian::WritableDatabase db = indexed({
        {"centre", "مركز الملك سلمان للإغاثة يوزع السلال", "وزع مركز الملك سلمان للإغاثة" + later + " ومركز الملك سلمان"},
        {"person", "الملك سلمان يستقبل", "استقبل الملك سلمان" + later},
        {"about", "ولي العهد محمد بن سلمان يلتقي", "التقى الأمير محمد بن سلمان" + later + " وقال محمد بن سلمان"},
        {"none", "خبر آخر", "كلام عن شيء آخر تماما"},
    });
    // Out of id order, as a reranked window is.
    const std::vector<Xapian::docid> docids{3, 1, 4, 2};
    WindowTerms by_postlists(db, docids, false);
    // As on remote shards, every term past a limit of 0 articles: all from
    // the termlists (and a term know() was not told of too).
    WindowTerms by_termlists(db, docids, true, 0);
    const auto holders = [](WindowTerms& window, const std::string& term) {
        std::vector<std::pair<std::size_t, Xapian::termcount>> out;
        window.for_each_holder(term, [&](std::size_t i, Xapian::termcount wdf) { out.emplace_back(i, wdf); });
        return out;
    };
    const std::vector<std::string> terms{"سلمان", "الملك", std::string(PREFIX_TITLE) + "الملك", make_id_term("about"),
                                         "غائب", "كلام", "ومركز"};
    for (const auto& term : terms) {
        CAPTURE(term);
        CHECK(holders(by_termlists, term) == holders(by_postlists, term));
    }
    // The holders are found, with a wdf that counts the title's weight.
    REQUIRE(holders(by_postlists, "سلمان").size() == 3);
    // كلام: in every article, in increasing id order; many times in the
    // filler of three, once in the last's lead (index 2).
    const auto filler_word = holders(by_postlists, "كلام");
    REQUIRE(filler_word.size() == 4);
    CHECK(std::vector<std::size_t>{filler_word[0].first, filler_word[1].first, filler_word[2].first,
                                   filler_word[3].first} == std::vector<std::size_t>{1, 3, 0, 2});
    CHECK(filler_word[3].second < filler_word[0].second / 10);
    // A subset, in id order.
    std::vector<std::size_t> among{1, 0};
    CHECK(holders(by_postlists, "سلمان").front().first == 1);
    std::vector<std::size_t> seen;
    by_termlists.for_each_holder("سلمان", among, [&](std::size_t i, Xapian::termcount) { seen.push_back(i); });
    CHECK(seen == among);
    // A length is the sum of the termlist's wdf: what Xapian stores.
    for (std::size_t i = 0; i < docids.size(); ++i) {
        CHECK(by_termlists.length(i) == by_postlists.length(i));
        CHECK(by_termlists.length(i) == db.get_doclength(docids[i]));
        CHECK(by_termlists.positions(i, "سلمان") == by_postlists.positions(i, "سلمان"));
    }
    // And so the scores.
    TermFrequencies frequencies(db);
    const std::vector<Phrase> phrases = query_phrases("الملك سلمان", frequencies);
    REQUIRE(phrases.size() == 1);
    const Boost boost{{"الملك", 1.0}, {"سلمان", 0.5}};
    const std::vector<std::pair<std::string, std::string>> pairs{{"الملك", "سلمان"}};
    const WindowScores local = score_window(db, by_postlists, boost, pairs, phrases);
    const WindowScores remote = score_window(db, by_termlists, boost, pairs, phrases);
    // Terms of at most 2 articles by their postlists, the others by termlists.
    WindowTerms mixed_window(db, docids, true, 2);
    const WindowScores mixed = score_window(db, mixed_window, boost, pairs, phrases);
    for (const WindowScores* other : {&remote, &mixed}) {
        CHECK(other->boost == local.boost);
        CHECK(other->pairs_together == local.pairs_together);
        CHECK(other->phrases == local.phrases);
        CHECK(other->holders == local.holders);
    }
    CHECK(local.boost[0] > 0);
    CHECK(local.pairs_together == std::vector<std::size_t>{0, 1, 0, 1});
}
