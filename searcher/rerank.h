/** @file rerank.h
 *  @brief The top of a ranking, reordered by what costs too much to ask of
 *  the whole match: the exact-form boost and proximity.
 *
 *  Xapian ranks the stemmed query alone; the first results are then
 *  rescored.  Added to the query itself (AND_MAYBE), the exact-form boost
 *  made Xapian score every article holding any of the typed words, which
 *  doubled the cost of a search (bench/eval/latency.sh); here only the
 *  window of first results is scored, with Xapian's weighting computed
 *  from the postings of those articles alone.
 */
#ifndef FAHRAS_RERANK_H
#define FAHRAS_RERANK_H

#include "postings.h"

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** How many first results the boosts reorder: measured with bench/eval
 *  (docs/retrieval.md). */
inline constexpr std::size_t RERANK_WINDOW = 30;

/** One leaf of a boost: a term, weighed as Xapian weighs a term of a query
 *  (BM25 with its default parameters) times @a factor, as OP_SCALE_WEIGHT
 *  would scale it. */
struct BoostTerm {
    std::string term;
    double factor = 1.0;
};

/** The OR of these leaves: what the first results are rescored by. */
using Boost = std::vector<BoostTerm>;

/** The leaves of @a query, each at factor 1: for a query that is a term or
 *  an OR of terms, as the query parser makes them, its exact weight. */
Boost boost_terms(const Xapian::Query& query);

/** @a boost as a Xapian query (the OR of its leaves, scaled), for what
 *  --json shows and snippets mark; empty when @a boost is. */
Xapian::Query boost_query(const Boost& boost);

/** Which of a few articles hold a term: term → their ids, increasing. */
using Holders = std::map<std::string, std::vector<Xapian::docid>>;

/** What a few articles earn in the rescoring. */
struct WindowScores {
    /** Per article, what Xapian would add to its weight were the boost
     *  AND_MAYBE'd into the query (the same weighting and statistics), 0
     *  when it holds none of the boost's terms. */
    std::vector<double> boost;
    /** Per article, how many of the pairs (first word, second word) stand
     *  next to each other, in that order, somewhere in it. */
    std::vector<std::size_t> pairs_together;
    /** Which of the articles hold each term of the boost and the pairs:
     *  the matched terms of a page need not read those again. */
    Holders holders;
};

/** Score @a docids by @a boost and @a pairs, reading only what those
 *  articles need: each term's postlist is walked once over them in id
 *  order (which hold it, how often), lengths are read for the articles
 *  holding a boost term, and positions only where both words of a pair
 *  are (most hold one without the other).  Term frequencies come from
 *  @a frequencies when given (the search's own memo), else the database. */
WindowScores score_window(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          TermFrequencies* frequencies = nullptr);

/** A reordered ranking, and what was learnt about its window. */
struct Reranking {
    /** (index in the MSet, weight), in the new order. */
    std::vector<std::pair<Xapian::doccount, double>> order;
    /** The ids of the articles rescored, increasing. */
    std::vector<Xapian::docid> window;
    /** Which of them hold each term of the boost and the pairs. */
    Holders holders;
};

/** Reorder the first @a window results of @a mset (which starts at the
 *  first result): each gains the weight of @a boost (none when it is
 *  empty), then PROXIMITY_BONUS of its weight per pair of @a pairs standing
 *  together.  The results after the window follow in Xapian's order, so
 *  the first page is the same whatever the page size; boosts only add, so
 *  no result after the window weighs more than one in it.  Equal weights
 *  keep Xapian's order (lower document id first). */
Reranking rerank_top(
    const Xapian::Database& db, const Xapian::MSet& mset, const Boost& boost,
    const std::vector<std::pair<std::string, std::string>>& pairs, std::size_t window = RERANK_WINDOW,
    TermFrequencies* frequencies = nullptr);

}  // namespace fahras

#endif  // FAHRAS_RERANK_H
