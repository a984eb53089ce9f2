#include "rerank.h"

#include "postings.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace fahras {

namespace {

// Per pair of query words found together, of the result's own weight:
// measured with bench/eval (docs/retrieval.md).
constexpr double PROXIMITY_BONUS = 0.05;

// Xapian::BM25Weight's default parameters, which the match ranks by
// (tests/rerank_test.cpp holds the two to the same weights).
constexpr double BM25_K1 = 1.0;
constexpr double BM25_B = 0.5;
constexpr double BM25_MIN_NORMLEN = 0.5;

/** The part of a term's BM25 weight that is the same in every article:
 *  its idf as Xapian computes it, times k1 + 1 and @a factor.  The parser's
 *  leaves have a wqf of 1, for which BM25's k3 factor is 1. */
double term_weight(Xapian::doccount collection_size, Xapian::doccount termfreq, double factor) {
    if (termfreq == 0) return 0;
    double odds = (collection_size - termfreq + 0.5) / (termfreq + 0.5);
    // Xapian's guard for a term in more than about a third of the
    // articles: a small positive weight, never a negative one.
    if (odds < 2) odds = odds * 0.5 + 1;
    return std::log(odds) * factor * (BM25_K1 + 1);
}

/** The share of term_weight an article earns with @a wdf occurrences of
 *  the term in @a length words, when articles average @a average words. */
double length_share(Xapian::termcount wdf, Xapian::termcount length, double average) {
    const double normalized = std::max(average > 0 ? length / average : 0.0, BM25_MIN_NORMLEN);
    const double occurrences = wdf;
    return occurrences / (BM25_K1 * (normalized * BM25_B + (1 - BM25_B)) + occurrences);
}

/** Whether @a second stands right after @a first somewhere: both lists of
 *  positions are sorted, so walk them side by side. */
bool stand_together(const std::vector<Xapian::termpos>& first, const std::vector<Xapian::termpos>& second) {
    auto a = first.begin();
    auto b = second.begin();
    while (a != first.end() && b != second.end()) {
        if (*b == *a + 1) return true;
        if (*b <= *a) ++b;
        else ++a;
    }
    return false;
}

/** What score_window reads of one term. */
struct Need {
    double factor = 0;
    bool paired = false;
    double weight = 0;
    std::vector<Xapian::termcount> wdf;  // per article, 0 where it is not
    std::vector<std::vector<Xapian::termpos>> positions;  // per article, where needed
};

/** Add to @a together, per article, the pairs standing together in it,
 *  from the wdf @a needs holds of each paired word.  Positions are read
 *  only where both words of a pair are: a position lookup costs a B-tree
 *  descent, and most articles hold one word without the other. */
void count_pairs_together(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                          const std::vector<std::size_t>& by_id,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          std::map<std::string, Need>& needs, std::vector<std::size_t>& together) {
    std::map<std::string, std::vector<char>> wanted;  // term → per article, whether its positions are
    for (const auto& [first, second] : pairs) {
        const auto& a = needs.at(first).wdf;
        const auto& b = needs.at(second).wdf;
        for (std::size_t i = 0; i < docids.size(); ++i) {
            if (a[i] == 0 || b[i] == 0) continue;
            for (const std::string* word : {&first, &second}) {
                auto& flags = wanted[*word];
                flags.resize(docids.size(), 0);
                flags[i] = 1;
            }
        }
    }
    for (const auto& [term, flags] : wanted) {
        auto& positions = needs.at(term).positions;
        positions.resize(docids.size());
        for (std::size_t i : by_id)
            if (flags[i]) positions[i].assign(db.positionlist_begin(docids[i], term), db.positionlist_end(docids[i], term));
    }
    for (const auto& [first, second] : pairs) {
        const auto& a = needs.at(first).positions;
        const auto& b = needs.at(second).positions;
        if (a.empty() || b.empty()) continue;
        for (std::size_t i = 0; i < docids.size(); ++i)
            if (stand_together(a[i], b[i])) ++together[i];
    }
}

}  // namespace

Boost boost_terms(const Xapian::Query& query) {
    Boost terms;
    for (auto term = query.get_terms_begin(); term != query.get_terms_end(); ++term)
        if (!(*term).empty()) terms.push_back({*term, 1.0});
    return terms;
}

Xapian::Query boost_query(const Boost& boost) {
    if (boost.empty()) return Xapian::Query();
    // Leaves of the same factor under one OP_SCALE_WEIGHT, in order of
    // first appearance: "0.5 * (a OR b)" rather than "0.5 * a OR 0.5 * b".
    std::vector<std::pair<double, std::vector<Xapian::Query>>> by_factor;
    for (const auto& leaf : boost) {
        auto group = std::find_if(by_factor.begin(), by_factor.end(), [&](const auto& g) { return g.first == leaf.factor; });
        if (group == by_factor.end()) group = by_factor.insert(by_factor.end(), {leaf.factor, {}});
        group->second.emplace_back(leaf.term);
    }
    std::vector<Xapian::Query> scaled;
    for (const auto& [factor, terms] : by_factor) {
        Xapian::Query either(Xapian::Query::OP_OR, terms.begin(), terms.end());
        scaled.push_back(factor == 1.0 ? either : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, either, factor));
    }
    if (scaled.size() == 1) return scaled.front();
    return Xapian::Query(Xapian::Query::OP_OR, scaled.begin(), scaled.end());
}

WindowScores score_window(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          TermFrequencies* frequencies) {
    WindowScores scores{std::vector<double>(docids.size(), 0.0), std::vector<std::size_t>(docids.size(), 0), {}};
    if (docids.empty() || (boost.empty() && pairs.empty())) return scores;
    // What each term is read for: a weight (leaves of the same term weigh
    // alike, so their factors add up) and the positions proximity needs.
    std::map<std::string, Need> needs;
    for (const auto& leaf : boost) needs[leaf.term].factor += leaf.factor;
    for (const auto& [first, second] : pairs) {
        needs[first].paired = true;
        needs[second].paired = true;
    }
    const Xapian::doccount collection_size = db.get_doccount();
    // Every walk goes over the articles in increasing id order, so each list
    // it reads (a postlist, the document lengths, a term's positions) only
    // ever moves forward, within the same few blocks.
    const std::vector<std::size_t> by_id = indices_by_docid(docids);
    std::vector<char> boosted(docids.size(), 0);
    // Not a structured binding: C++17 lets no lambda capture one (clang
    // refuses; GCC lets it pass), and the walk below writes into need.
    for (auto& entry : needs) {
        const std::string& term = entry.first;
        Need& need = entry.second;
        if (need.factor != 0) {
            const Xapian::doccount termfreq = frequencies ? (*frequencies)(term) : db.get_termfreq(term);
            need.weight = term_weight(collection_size, termfreq, need.factor);
        }
        if (need.weight == 0 && !need.paired) continue;
        need.wdf.assign(docids.size(), 0);
        for_each_holder(db, term, docids, by_id, [&](std::size_t i, const Xapian::PostingIterator& post) {
            // A text term occurs at least once; 1 stands in for a term
            // indexed without wdf, so it still counts as held.
            need.wdf[i] = std::max<Xapian::termcount>(post.get_wdf(), 1);
            if (need.weight != 0) boosted[i] = 1;
        });
    }
    for (const auto& [term, need] : needs) {
        auto& ids = scores.holders[term];
        for (std::size_t i : by_id)
            if (!need.wdf.empty() && need.wdf[i] != 0) ids.push_back(docids[i]);
    }
    // Lengths only of the articles a boost term is in: each costs a lookup.
    std::vector<Xapian::termcount> lengths(docids.size(), 0);
    for (std::size_t i : by_id)
        if (boosted[i]) lengths[i] = db.get_doclength(docids[i]);
    const double average_length = db.get_avlength();
    for (const auto& [term, need] : needs) {
        if (need.weight == 0) continue;
        for (std::size_t i = 0; i < docids.size(); ++i)
            if (need.wdf[i] != 0) scores.boost[i] += need.weight * length_share(need.wdf[i], lengths[i], average_length);
    }
    if (!pairs.empty()) count_pairs_together(db, docids, by_id, pairs, needs, scores.pairs_together);
    return scores;
}

Reranking rerank_top(const Xapian::Database& db, const Xapian::MSet& mset, const Boost& boost,
                     const std::vector<std::pair<std::string, std::string>>& pairs, std::size_t window,
                     TermFrequencies* frequencies) {
    const Xapian::doccount reordered = static_cast<Xapian::doccount>(std::min<std::size_t>(window, mset.size()));
    std::vector<Xapian::docid> docids;
    for (Xapian::doccount i = 0; i < reordered; ++i) docids.push_back(*mset[i]);
    WindowScores scores = score_window(db, docids, boost, pairs, frequencies);
    Reranking reranking;
    auto& order = reranking.order;
    for (Xapian::doccount i = 0; i < reordered; ++i) {
        const double weight = mset[i].get_weight() + scores.boost[i];
        order.emplace_back(i, weight * (1 + PROXIMITY_BONUS * static_cast<double>(scores.pairs_together[i])));
    }
    std::sort(order.begin(), order.end(), [&](const auto& a, const auto& b) {
        if (a.second != b.second) return a.second > b.second;
        return docids[a.first] < docids[b.first];
    });
    for (Xapian::doccount i = reordered; i < mset.size(); ++i) order.emplace_back(i, mset[i].get_weight());
    std::sort(docids.begin(), docids.end());
    reranking.window = std::move(docids);
    reranking.holders = std::move(scores.holders);
    return reranking;
}

}  // namespace fahras
