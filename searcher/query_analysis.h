/** @file query_analysis.h
 *  @brief What the searcher adds around Xapian's query parser: stopwords,
 *  boosts for exact forms and for words standing together, and --explain.
 */
#ifndef FAHRAS_QUERY_ANALYSIS_H
#define FAHRAS_QUERY_ANALYSIS_H

#include "searcher.h"

#include <fahras/analyzer.h>

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** The bundled stopwords, normalized (data/stopwords_ar.txt). */
const Xapian::SimpleStopper& arabic_stopper();

/** Runs of plain consecutive words in a normalized query: outside quotes,
 *  without operators, prefixes or +/-.  Proximity pairs come from these. */
std::vector<std::vector<std::string>> plain_word_runs(const std::string& normalized_query);

/** Adjacent query words worth checking for proximity, as (first, second)
 *  unstemmed terms: pairs with a stopword or with a word the database
 *  lacks are left out, and at most MAX_PROXIMITY_PAIRS pairs, those with
 *  the rarest words, are kept. */
std::vector<std::pair<std::string, std::string>> proximity_pairs(const std::string& normalized_query,
                                                                 const Xapian::Database& db);

/** How many of @a pairs stand next to each other somewhere in @a did. */
std::size_t pairs_together(const Xapian::Database& db, Xapian::docid did,
                           const std::vector<std::pair<std::string, std::string>>& pairs);

/** Reorder the first results by proximity: each pair standing together
 *  raises a result's weight by PROXIMITY_BONUS of itself.  Only the results
 *  in @a mset (the top of the ranking) are looked at, so the cost is bounded (a phrase query
 *  over the whole match reads positions of every article holding both
 *  words: 300 ms for common words).  Returns (index in @a mset, new
 *  weight) in the new order. */
std::vector<std::pair<Xapian::doccount, double>> rerank_by_proximity(
    const Xapian::Database& db, const Xapian::MSet& mset,
    const std::vector<std::pair<std::string, std::string>>& pairs);

/** Boost for articles holding the words in the form typed, not only another
 *  form of the same stem: the OR of the unstemmed words, scaled down (an
 *  empty Query when there is none).  Skips words @a stopper stops. */
Xapian::Query exact_form_boost(const std::string& normalized_query, const Xapian::Stopper* stopper);

/** --explain: each word of @a query as typed, normalized, stemmed, with
 *  its frequencies in @a db. */
std::vector<WordAnalysis> explain_query(const std::string& query, const Analyzer& analyzer, const Xapian::Database& db,
                                        const Xapian::Stopper* stopper);

}  // namespace fahras

#endif  // FAHRAS_QUERY_ANALYSIS_H
