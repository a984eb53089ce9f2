/** @file match.h
 *  @brief Stage 2 of a search: run the match.  Xapian ranks what the plan
 *  matches (or sorts it newest first), counts the facets, and the first
 *  results are reordered by the plan's boosts (rerank.h).
 */
#ifndef FAHRAS_MATCH_H
#define FAHRAS_MATCH_H

#include "postings.h"
#include "query_plan.h"
#include "rerank.h"
#include "search_types.h"

#include <fahras/gazetteer.h>

#include <xapian.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** What the match found: the page, in its order, and the counts. */
struct Match {
    /** Xapian's results: the page alone, or from the first result when
     *  they were reordered. */
    Xapian::MSet mset;
    /** The page, in order: (index in mset, weight). */
    std::vector<std::pair<Xapian::doccount, double>> page;
    /** What reordering learnt about the first results (empty when they
     *  were not reordered): the page's matched terms need not read it again. */
    Reranking reranking;
    /** How many articles match: exact when total_is_exact (always when
     *  there are at most EXACT_TOTAL_BOUND), else Xapian's estimate. */
    Xapian::doccount total = 0;
    bool total_is_exact = false;
    /** --facets: the top places, countries and sources of every match. */
    std::optional<Facets> facets;
    /** Whether some shard is remote: each read is then a round trip, and
     *  the page is read as WindowTerms reads it there (postings.h). */
    bool remote_shards = false;
};

/** Run @a plan for the page @a request asks for.  @a gazetteer names the
 *  places and countries of the facets (needed with --facets).  With
 *  @a remote_shards, the match uses only what xapian-tcpsrv can run: the
 *  timeline counts articles (article_date_facet) instead of stories. */
Match run_match(const Xapian::Database& db, const SearchRequest& request, const QueryPlan& plan,
                const Gazetteer* gazetteer, TermFrequencies& frequencies, bool remote_shards = false);

}  // namespace fahras

#endif  // FAHRAS_MATCH_H
