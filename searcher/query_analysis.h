/** @file query_analysis.h
 *  @brief What the searcher adds around Xapian's query parser: stopwords,
 *  a proximity boost, and --explain.
 */
#ifndef FAHRAS_QUERY_ANALYSIS_H
#define FAHRAS_QUERY_ANALYSIS_H

#include "searcher.h"

#include <fahras/analyzer.h>

#include <xapian.h>

#include <string>
#include <vector>

namespace fahras {

/** The bundled stopwords, normalized (data/stopwords_ar.txt). */
const Xapian::SimpleStopper& arabic_stopper();

/** Runs of plain consecutive words in a normalized query: outside quotes,
 *  without operators, prefixes or +/-.  Proximity pairs come from these. */
std::vector<std::vector<std::string>> plain_word_runs(const std::string& normalized_query);

/** Boost for query words standing together: the OR of each adjacent pair
 *  as a phrase, or an empty Query when the query has no such pair. */
Xapian::Query proximity_boost(const std::string& normalized_query, const Xapian::Stopper* stopper);

/** --explain: each word of @a query as typed, normalized, stemmed, with
 *  its frequencies in @a db. */
std::vector<WordAnalysis> explain_query(const std::string& query, const Analyzer& analyzer, const Xapian::Database& db,
                                        const Xapian::Stopper* stopper);

}  // namespace fahras

#endif  // FAHRAS_QUERY_ANALYSIS_H
