/** @file rerank.h
 *  @brief The top of a ranking, reordered by what costs too much to ask of
 *  the whole match: the exact-form boost and proximity.
 *
 *  Xapian ranks the stemmed query alone; the first results are then
 *  rescored.  Added to the query itself (AND_MAYBE), the exact-form boost
 *  made Xapian score every article holding any of the typed words, which
 *  doubled the cost of a search (bench/eval/latency.sh); here only the
 *  window of first results is scored, by Xapian's own weighting.
 */
#ifndef FAHRAS_RERANK_H
#define FAHRAS_RERANK_H

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** How many first results the boosts reorder: measured with bench/eval
 *  (docs/retrieval.md). */
inline constexpr std::size_t RERANK_WINDOW = 30;

/** The weight @a boost gives each of @a docids, in their order: what
 *  Xapian would add to their weight were @a boost AND_MAYBE'd into the
 *  query (the same weighting scheme and statistics), 0 for an article
 *  it does not match.  Only those articles are looked at. */
std::vector<double> boost_weights(const Xapian::Database& db, const Xapian::Query& boost,
                                  const std::vector<Xapian::docid>& docids);

/** For each of @a docids, how many of @a pairs (first word, second word)
 *  stand next to each other, in that order, somewhere in it. */
std::vector<std::size_t> pairs_together(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                                        const std::vector<std::pair<std::string, std::string>>& pairs);

/** Reorder the first @a window results of @a mset (which starts at the
 *  first result): each gains the weight of @a boost (none when it is
 *  empty), then PROXIMITY_BONUS of its weight per pair of @a pairs standing
 *  together.  The results after the window follow in Xapian's order, so
 *  the first page is the same whatever the page size; boosts only add, so
 *  no result after the window weighs more than one in it.  Returns (index
 *  in @a mset, weight) in the new order; equal weights keep Xapian's order
 *  (lower document id first). */
std::vector<std::pair<Xapian::doccount, double>> rerank_top(
    const Xapian::Database& db, const Xapian::MSet& mset, const Xapian::Query& boost,
    const std::vector<std::pair<std::string, std::string>>& pairs, std::size_t window = RERANK_WINDOW);

}  // namespace fahras

#endif  // FAHRAS_RERANK_H
