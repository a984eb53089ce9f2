// The rescoring of the top of a ranking (searcher/rerank.h): the exact-form
// boost scored over a few articles must give what Xapian gives when the
// boost is part of the query, and proximity must count pairs in order.
#include "postings.h"
#include "query_analysis.h"
#include "rerank.h"

#include <fahras/article.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

using namespace fahras;

namespace {

/** A database of @a count articles of made-up words, with positions;
 *  article i holds "w<i % k>" for a few k, so terms differ in frequency
 *  and articles in length. */
Xapian::WritableDatabase small_database(Xapian::docid count) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (Xapian::docid i = 1; i <= count; ++i) {
        Xapian::Document doc;
        Xapian::termpos pos = 0;
        for (unsigned k : {2u, 3u, 5u, 7u}) {
            const std::string word = "w" + std::to_string(k) + "_" + std::to_string(i % k);
            for (unsigned repeat = 0; repeat <= i % k; ++repeat) doc.add_posting(word, ++pos);
        }
        doc.add_posting("common", ++pos);
        db.add_document(doc);
    }
    db.commit();
    return db;
}

bool contains_form(const std::vector<std::string>& forms, const std::string& form) {
    return std::find(forms.begin(), forms.end(), form) != forms.end();
}

/** Add an article of @a words, at positions 1, 2, …, to @a db. */
Xapian::docid add_words(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (const auto& word : words) doc.add_posting(word, ++pos);
    return db.add_document(doc);
}

}  // namespace

TEST_CASE("score_window: the boost adds what AND_MAYBE would add, for the articles asked about only") {
    const Xapian::WritableDatabase db = small_database(60);
    const Xapian::Query base("common");
    // Leaves at two factors, and one term twice (the parser makes a leaf
    // per occurrence).
    const Boost boost = {{"w3_1", 0.5}, {"w5_2", 0.5}, {"w7_0", 0.5}, {"w2_1", 1.0}, {"w3_1", 1.0}};
    const Xapian::Query as_query = boost_query(boost);
    // The reference: both in one query, every article ranked by Xapian.
    Xapian::Enquire with(db), without(db);
    with.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, as_query));
    without.set_query(base);
    std::map<Xapian::docid, double> combined, alone;
    const Xapian::MSet all_with = with.get_mset(0, 100), all_without = without.get_mset(0, 100);
    for (auto it = all_with.begin(); it != all_with.end(); ++it) combined[*it] = it.get_weight();
    for (auto it = all_without.begin(); it != all_without.end(); ++it) alone[*it] = it.get_weight();
    REQUIRE(combined.size() == 60);

    // Asked in no particular order, with one article twice.
    const std::vector<Xapian::docid> asked = {42, 3, 17, 8, 60, 1, 17, 35, 30};
    const std::vector<double> weights = score_window(db, asked, boost, {}).boost;
    REQUIRE(weights.size() == asked.size());
    std::size_t boosted = 0;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        CAPTURE(asked[i]);
        CHECK(alone.at(asked[i]) + weights[i] == doctest::Approx(combined.at(asked[i])).epsilon(1e-12));
        if (weights[i] > 0) ++boosted;
    }
    CHECK(boosted > 0);             // some of them hold a boosted word…
    CHECK(boosted < asked.size());  // …and some hold none
    CHECK(score_window(db, asked, {}, {}).boost == std::vector<double>(asked.size(), 0.0));
}

TEST_CASE("score_window: a term in more than half the articles weighs as Xapian weighs it") {
    // Xapian clamps the idf of very common terms to a small positive value
    // rather than let it go negative; the window's weights must clamp alike.
    const Xapian::WritableDatabase db = small_database(60);
    const Boost boost = {{"common", 1.0}, {"w2_0", 2.0}};
    Xapian::Enquire alone(db);
    alone.set_query(boost_query(boost));
    const Xapian::MSet all = alone.get_mset(0, 100);
    REQUIRE(all.size() == 60);
    std::vector<Xapian::docid> asked;
    std::vector<double> expected;
    for (auto it = all.begin(); it != all.end(); ++it) {
        asked.push_back(*it);
        expected.push_back(it.get_weight());
    }
    const std::vector<double> weights = score_window(db, asked, boost, {}).boost;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        CAPTURE(asked[i]);
        CHECK(weights[i] == doctest::Approx(expected[i]).epsilon(1e-12));
        CHECK(weights[i] > 0);
    }
}

// A variant group's spellings are boosted as one word: each leaf weighs by
// the articles of all of them, so the rarest spelling outweighs no other.
TEST_CASE("score_window: a leaf weighed with others takes the idf of all their articles") {
    const Xapian::WritableDatabase db = small_database(70);
    std::vector<Xapian::docid> asked;
    for (Xapian::docid id = 1; id <= 70; ++id) asked.push_back(id);
    const std::vector<double> alone = score_window(db, asked, {{"w7_0", 1.0}}, {}).boost;
    const std::vector<double> grouped = score_window(db, asked, {{"w7_0", 1.0, {"w7_0", "w7_1"}}}, {}).boost;
    // BM25's idf, as Xapian computes it: 10 articles hold w7_0, 10 w7_1.
    const auto idf = [](double n) { return std::log((70 - n + 0.5) / (n + 0.5)); };
    for (std::size_t i = 0; i < asked.size(); ++i) {
        CAPTURE(asked[i]);
        CHECK((alone[i] > 0) == (asked[i] % 7 == 0));
        CHECK(grouped[i] == doctest::Approx(alone[i] * idf(20) / idf(10)).epsilon(1e-12));
    }
}

TEST_CASE("boost_terms and boost_query: the leaves of the parser's OR, and back") {
    const Xapian::Query parsed(Xapian::Query::OP_OR, Xapian::Query("Zفي", 1, 1), Xapian::Query("Zعلي", 1, 2));
    const Boost leaves = boost_terms(parsed);
    REQUIRE(leaves.size() == 2);
    CHECK(leaves[0].term == "Zفي");
    CHECK(leaves[1].term == "Zعلي");
    CHECK(leaves[0].factor == 1.0);
    CHECK(boost_terms(Xapian::Query()).empty());
    CHECK(boost_query({}).empty());
    CHECK(boost_query({{"a", 0.5}, {"b", 0.5}}).get_description() == "Query(0.5 * (a OR b))");
}

TEST_CASE("score_window: pairs adjacent, in order, per article") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto add = [&](const std::vector<std::string>& words) { return add_words(db, words); };
    const Xapian::docid together = add({"دير", "الزور", "حلب", "ادلب"});
    const Xapian::docid reversed = add({"الزور", "دير", "ادلب", "حلب"});
    const Xapian::docid apart = add({"دير", "و", "الزور", "حلب", "و", "ادلب"});
    const Xapian::docid one_pair = add({"كلام", "دير", "الزور", "ادلب"});
    db.commit();
    const std::vector<std::pair<std::string, std::string>> pairs = {{"دير", "الزور"}, {"حلب", "ادلب"}};
    const WindowScores scores = score_window(db, {one_pair, apart, together, reversed}, {}, pairs);
    CHECK(scores.pairs_together == std::vector<std::size_t>{1, 0, 2, 0});
    CHECK(scores.boost == std::vector<double>(4, 0.0));
    CHECK(score_window(db, {together}, {}, {}).pairs_together == std::vector<std::size_t>{0});
    // A word both boosted and paired is read once, for both.
    const WindowScores both = score_window(db, {together, apart}, {{"دير", 1.0}}, pairs);
    CHECK(both.pairs_together == std::vector<std::size_t>{2, 0});
    CHECK(both.boost[0] > 0);
    CHECK(both.boost[1] > 0);
    // Which of them hold each word it read, for the page's matched terms.
    CHECK(both.holders.at("دير") == std::vector<Xapian::docid>{together, apart});
    CHECK(both.holders.at("حلب") == std::vector<Xapian::docid>{together, apart});
    const WindowScores missing = score_window(db, {one_pair, together}, {{"غائب", 1.0}}, {});
    CHECK(missing.holders.at("غائب").empty());
    CHECK(missing.holders.count("دير") == 0);
}

TEST_CASE("rerank_top: boosts and proximity reorder the window, ties by document id") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto add = [&](const std::vector<std::string>& words) { return add_words(db, words); };
    // Equal for the base query ("a" once, same length); only the boost word
    // or the pair tells them apart.
    const Xapian::docid plain = add({"a", "x", "y", "z"});
    const Xapian::docid pair = add({"a", "b", "y", "z"});
    const Xapian::docid exact = add({"a", "x", "y", "e"});
    for (int i = 0; i < 5; ++i) add({"q", "r", "s", "t"});
    db.commit();
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("a"));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    REQUIRE(mset.size() == 3);
    auto ids = [&](const Reranking& order) {
        std::vector<Xapian::docid> out;
        for (const auto& [index, weight] : order.order) out.push_back(*mset[index]);
        return out;
    };
    CHECK(ids(rerank_top(db, mset, {}, {})) == std::vector<Xapian::docid>{plain, pair, exact});
    CHECK(ids(rerank_top(db, mset, {{"e", 1.0}}, {})) == std::vector<Xapian::docid>{exact, plain, pair});
    CHECK(ids(rerank_top(db, mset, {}, {{"a", "b"}})) == std::vector<Xapian::docid>{pair, plain, exact});
}

TEST_CASE("rerank_top: only the window moves, so the first page does not depend on the page size") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    // Article i holds "a" i times in ten words: the later, the heavier.
    // Only the lightest holds the boosted word.
    for (int i = 1; i <= 6; ++i) {
        Xapian::Document doc;
        Xapian::termpos pos = 0;
        for (int k = 0; k < 10; ++k) doc.add_posting(k < i ? "a" : "x", ++pos);
        if (i == 1) doc.add_posting("e", ++pos);
        db.add_document(doc);
    }
    db.commit();
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("a"));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    REQUIRE(mset.size() == 6);
    REQUIRE(*mset[5] == 1);
    const Boost boost = {{"e", 100.0}};
    // A window of all six lets the boosted article climb to the top…
    CHECK(*mset[rerank_top(db, mset, boost, {}, {}, 6).order.front().first] == 1);
    // …a window of three leaves it where Xapian put it, and the order after
    // the window is Xapian's.
    const auto order = rerank_top(db, mset, boost, {}, {}, 3).order;
    REQUIRE(order.size() == 6);
    for (Xapian::doccount i = 0; i < 6; ++i) CHECK(order[i].first == i);
    for (std::size_t i = 1; i < order.size(); ++i) CHECK(order[i - 1].second >= order[i].second);
}

TEST_CASE("locate: the first positions are the title's, the next the lead's, from the wdf") {
    using R = Region;
    struct Row {
        std::vector<Xapian::termpos> positions;
        Xapian::termcount wdf, title_wdf;
        std::vector<R> regions;
    };
    const Xapian::termcount T = TITLE_WEIGHT, L = LEAD_EXTRA_WEIGHT;
    const std::vector<Row> rows = {
        {{130}, 1, 0, {R::body}},                                          // once, past the lead
        {{105}, 1 + L, 0, {R::lead}},                                      // once, in the lead
        {{3}, T, 1, {R::title}},                                           // once, in the title
        {{3, 105, 190}, T + (1 + L) + 1, 1, {R::title, R::lead, R::body}},  // all three
        {{2, 4, 190, 220}, 2 * T + 2, 2, {R::title, R::title, R::body, R::body}},
        {{105, 110, 150}, 2 * (1 + L) + 1, 0, {R::lead, R::lead, R::body}},
        {{}, 0, 0, {}},
        // A wdf short of what the title and lead would add (another
        // layout): no lead, and never more title than positions.
        {{5, 130}, 2, 3, {R::title, R::title}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.wdf);
        CAPTURE(row.title_wdf);
        const std::vector<Occurrence> found = locate(row.positions, row.wdf, row.title_wdf);
        REQUIRE(found.size() == row.positions.size());
        for (std::size_t k = 0; k < found.size(); ++k) {
            CHECK(found[k].position == row.positions[k]);
            CHECK(found[k].region == row.regions[k]);
        }
    }
}

TEST_CASE("find_phrase: the words in order, one after the other, counted where the first stands") {
    using R = Region;
    struct Row {
        const char* what;
        std::vector<Occurrence> first;
        std::vector<std::vector<Xapian::termpos>> rest;
        PhraseHits hits;
    };
    const std::vector<Row> rows = {
        {"in order", {{10, R::body}}, {{11}, {12}}, {0, 0, 1}},
        {"reversed", {{12, R::body}}, {{11}, {10}}, {0, 0, 0}},
        {"apart", {{10, R::body}}, {{12}, {13}}, {0, 0, 0}},
        {"two of three together (another name)", {{10, R::body}}, {{11}, {20}}, {0, 0, 0}},
        {"the second word before the first", {{10, R::body}}, {{9}}, {0, 0, 0}},
        {"title, lead and body", {{2, R::title}, {104, R::lead}, {150, R::body}, {170, R::body}},
         {{3, 105, 151, 171}}, {1, 1, 2}},
        {"title only", {{2, R::title}, {150, R::body}}, {{3, 160}}, {1, 0, 0}},
        {"one word", {{2, R::title}, {150, R::lead}}, {}, {1, 1, 0}},
        {"nothing", {}, {{3}}, {0, 0, 0}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        const PhraseHits hits = find_phrase(row.first, row.rest);
        CHECK(hits.title == row.hits.title);
        CHECK(hits.lead == row.hits.lead);
        CHECK(hits.body == row.hits.body);
    }
}

TEST_CASE("find_phrase: a name right after an institution noun is the institution's, not the person") {
    using R = Region;
    struct Row {
        const char* what;
        std::vector<Occurrence> first;
        Before before;
        PhraseHits hits;
    };
    // The name's first word at the positions of `first`, its second right
    // after each; `before` holds where the nouns and titles stand.
    const std::vector<Row> rows = {
        {"standalone", {{10, R::body}}, {}, {0, 0, 1}},
        {"after a noun (مركز الملك سلمان)", {{10, R::body}}, {{9}, {}}, {0, 0, 0}},
        {"after a title after a noun (مركز الأمير محمد بن نايف)", {{10, R::body}}, {{8}, {9}}, {0, 0, 0}},
        {"after a title alone (الأمير محمد بن نايف)", {{10, R::body}}, {{}, {9}}, {0, 0, 1}},
        {"a noun two words before, no title between", {{10, R::body}}, {{8}, {}}, {0, 0, 1}},
        {"a noun after the name (الملك سلمان مركز)", {{10, R::body}}, {{12}, {}}, {0, 0, 1}},
        {"both: the institution in the title, the person in the lead", {{3, R::title}, {104, R::lead}},
         {{2}, {}}, {0, 1, 0}},
        {"both in the body", {{150, R::body}, {180, R::body}}, {{179}, {}}, {0, 0, 1}},
        {"at the first position", {{1, R::title}}, {{0}, {}}, {1, 0, 0}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.what);
        std::vector<Xapian::termpos> second;
        for (const Occurrence& o : row.first) second.push_back(o.position + 1);
        CHECK(find_phrase(row.first, {second}, row.before) == row.hits);
    }
}

TEST_CASE("institution_forms: the nouns normalized as indexed, with their proclitics; honorific_forms") {
    const std::vector<std::string>& forms = institution_forms();
    for (const char* form : {"مركز", "ومركز", "بمركز", "لمركز", "مركزي", "بمركزي", "جامعة", "بجامعة", "جائزة",
                             "مستشفى", "بمستشفى", "مؤسسة", "مطار", "ومطار", "قاعة", "بقاعة"}) {
        CAPTURE(form);
        CHECK(contains_form(forms, normalize_text(form)));
    }
    // Not the person's titles and offices, and no ال (a noun in construct has none).
    for (const char* form : {"وزير", "ولي", "الامير", "الملك", "المركز", "الجامعه"}) {
        CAPTURE(form);
        CHECK_FALSE(contains_form(forms, form));
    }
    CHECK(contains_form(honorific_forms(), normalize_text("الأمير")));
    CHECK(contains_form(honorific_forms(), "الملك"));
}

TEST_CASE("phrase_factor: found at all, more in the title and the lead, and for each repetition, up to a bound") {
    const double none = phrase_factor({0, 0, 0});
    const double once = phrase_factor({0, 0, 1});
    const double twice = phrase_factor({0, 0, 2});
    const double lead = phrase_factor({0, 1, 0});
    const double title = phrase_factor({1, 0, 0});
    const double about = phrase_factor({1, 1, 3});
    CHECK(none == 1.0);
    CHECK(once > none);
    CHECK(twice > once);
    CHECK(lead > twice);
    CHECK(title > lead);
    CHECK(about > title);
    CHECK(phrase_factor({1, 1, 40}) == phrase_factor({1, 1, 20}));
}

TEST_CASE("proclitic_forms: a name's first word after و ف ب ل ك, and ل before ال") {
    const std::vector<std::string> malik = proclitic_forms("الملك");
    for (const char* form : {"الملك", "والملك", "بالملك", "للملك", "وللملك", "فللملك", "وبالملك"}) {
        CAPTURE(form);
        CHECK(contains_form(malik, form));
    }
    CHECK_FALSE(contains_form(malik, "لالملك"));
    const std::vector<std::string> muhammad = proclitic_forms("محمد");
    for (const char* form : {"محمد", "ومحمد", "لمحمد", "بمحمد", "ولمحمد"}) {
        CAPTURE(form);
        CHECK(contains_form(muhammad, form));
    }
}
