// The rescoring of the top of a ranking (searcher/rerank.h): the exact-form
// boost scored over a few articles must give what Xapian gives when the
// boost is part of the query, and proximity must count pairs in order.
#include "rerank.h"

#include <doctest/doctest.h>

#include <xapian.h>

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

/** Add an article of @a words, at positions 1, 2, …, to @a db. */
Xapian::docid add_words(Xapian::WritableDatabase& db, const std::vector<std::string>& words) {
    Xapian::Document doc;
    Xapian::termpos pos = 0;
    for (const auto& word : words) doc.add_posting(word, ++pos);
    return db.add_document(doc);
}

}  // namespace

TEST_CASE("boost_weights: what AND_MAYBE would add, for the articles asked about only") {
    const Xapian::WritableDatabase db = small_database(60);
    const Xapian::Query base("common");
    const std::vector<Xapian::Query> words = {Xapian::Query("w3_1"), Xapian::Query("w5_2"), Xapian::Query("w7_0")};
    const Xapian::Query boost(Xapian::Query::OP_SCALE_WEIGHT,
                              Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()), 0.5);
    // The reference: both in one query, every article ranked.
    Xapian::Enquire with(db), without(db);
    with.set_query(Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, boost));
    without.set_query(base);
    std::map<Xapian::docid, double> combined, alone;
    const Xapian::MSet all_with = with.get_mset(0, 100), all_without = without.get_mset(0, 100);
    for (auto it = all_with.begin(); it != all_with.end(); ++it) combined[*it] = it.get_weight();
    for (auto it = all_without.begin(); it != all_without.end(); ++it) alone[*it] = it.get_weight();
    REQUIRE(combined.size() == 60);

    // Asked in no particular order, with one article twice.
    const std::vector<Xapian::docid> asked = {42, 3, 17, 8, 60, 1, 17, 35};
    const std::vector<double> weights = boost_weights(db, boost, asked);
    REQUIRE(weights.size() == asked.size());
    std::size_t boosted = 0;
    for (std::size_t i = 0; i < asked.size(); ++i) {
        CAPTURE(asked[i]);
        CHECK(alone.at(asked[i]) + weights[i] == doctest::Approx(combined.at(asked[i])));
        if (weights[i] > 0) ++boosted;
    }
    CHECK(boosted > 0);             // some of them hold a boosted word…
    CHECK(boosted < asked.size());  // …and some hold none
    CHECK(boost_weights(db, Xapian::Query(), asked) == std::vector<double>(asked.size(), 0.0));
}

TEST_CASE("pairs_together: adjacent, in order, per article") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    auto add = [&](const std::vector<std::string>& words) { return add_words(db, words); };
    const Xapian::docid together = add({"دير", "الزور", "حلب", "ادلب"});
    const Xapian::docid reversed = add({"الزور", "دير", "ادلب", "حلب"});
    const Xapian::docid apart = add({"دير", "و", "الزور", "حلب", "و", "ادلب"});
    const Xapian::docid one_pair = add({"كلام", "دير", "الزور", "ادلب"});
    db.commit();
    const std::vector<std::pair<std::string, std::string>> pairs = {{"دير", "الزور"}, {"حلب", "ادلب"}};
    const std::vector<std::size_t> counts = pairs_together(db, {one_pair, apart, together, reversed}, pairs);
    CHECK(counts == std::vector<std::size_t>{1, 0, 2, 0});
    CHECK(pairs_together(db, {together}, {}) == std::vector<std::size_t>{0});
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
    auto ids = [&](const std::vector<std::pair<Xapian::doccount, double>>& order) {
        std::vector<Xapian::docid> out;
        for (const auto& [index, weight] : order) out.push_back(*mset[index]);
        return out;
    };
    CHECK(ids(rerank_top(db, mset, Xapian::Query(), {})) == std::vector<Xapian::docid>{plain, pair, exact});
    CHECK(ids(rerank_top(db, mset, Xapian::Query("e"), {})) == std::vector<Xapian::docid>{exact, plain, pair});
    CHECK(ids(rerank_top(db, mset, Xapian::Query(), {{"a", "b"}})) == std::vector<Xapian::docid>{pair, plain, exact});
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
    const Xapian::Query boost(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("e"), 100.0);
    // A window of all six lets the boosted article climb to the top…
    CHECK(*mset[rerank_top(db, mset, boost, {}, 6).front().first] == 1);
    // …a window of three leaves it where Xapian put it, and the order after
    // the window is Xapian's.
    const auto order = rerank_top(db, mset, boost, {}, 3);
    REQUIRE(order.size() == 6);
    for (Xapian::doccount i = 0; i < 6; ++i) CHECK(order[i].first == i);
    for (std::size_t i = 1; i < order.size(); ++i) CHECK(order[i - 1].second >= order[i].second);
}
