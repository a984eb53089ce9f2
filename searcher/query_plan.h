/** @file query_plan.h
 *  @brief Stage 1 of a search: plan the query.  The query text, normalized
 *  once, is parsed once (function words set aside when they can be), name
 *  variants and verb forms added, the boosts that reorder the first
 *  results chosen, and the date and place filters applied.
 */
#ifndef FAHRAS_QUERY_PLAN_H
#define FAHRAS_QUERY_PLAN_H

#include "postings.h"
#include "query_analysis.h"
#include "rerank.h"
#include "search_types.h"

#include <fahras/analyzer.h>
#include <fahras/gazetteer.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** What plan_query() needs loaded for a request, and loaded only then:
 *  the gazetteer (for place:, --place, --country, --near and --facets) and
 *  the name variants (for a query with words, unless --no-variants).  A
 *  query with a word in Latin letters needs the variants with the
 *  gazetteer's English place names added (places.h), unless
 *  --no-variants. */
struct PlanNeeds {
    bool gazetteer = false;
    bool variants = false;
    bool english_place_names = false;
};

PlanNeeds plan_needs(const SearchRequest& request);

/** What the planner reads: the database and its analyzer, and what
 *  plan_needs() asked for (null when not asked for). */
struct PlanInputs {
    const Xapian::Database& db;
    const Analyzer& analyzer;
    const Gazetteer* gazetteer;
    const VariantTable* variants;
    TermFrequencies& frequencies;  ///< the search's memo, shared with the match
    bool remote_shards = false;    ///< some shard is remote: each read a round trip
};

/** A query ready to run. */
struct QueryPlan {
    /** What Xapian matches and ranks: the words (function words set aside
     *  when they only weigh), then the date and place filters, and the
     *  articles of SearchRequest::within_id_terms (on this query only). */
    Xapian::Query match;
    /** The match with the boost it is reordered by: what --json's
     *  parsed_query shows. */
    Xapian::Query ranked;
    /** What snippets mark: the words of the match, and the function words
     *  set aside from it, but not the exact forms the boost adds (a word
     *  of a name variant of several words, بان of «بان كي مون», is no
     *  match alone). */
    Xapian::Query marked;
    /** What the first results are rescored by (rerank.h). */
    Boost window_boost;
    /** Pairs of words to rerank by when they stand together. */
    std::vector<std::pair<std::string, std::string>> proximity;
    /** Runs of words to rerank by when they stand together, in order, and
     *  where (rerank.h: a name in the headline, in the lead, repeated). */
    std::vector<Phrase> phrases;
    /** Rerank the first results: ranked by relevance, with a boost, pairs or phrases. */
    bool reorder = false;
    /** The query has words to rank by; without (no query, filters
     *  alone, only words excluded), the filters list articles. */
    bool has_words = false;
    /** Newest first: --sort date, or a listing without words. */
    bool newest_first = false;
    /** --like: the article's date (YYYYMMDD), by closeness to which the
     *  first results are reordered (related.h); "" otherwise, or for
     *  --like-terms other than names. */
    std::string like_date;
    /** The normalized query as parsed (query_lexer.h: readable_query),
     *  what "did you mean" corrects. */
    std::string query_text;
    /** What of the query was read as plain words, one note per kind
     *  (query_lexer.h); none when all its syntax was read as syntax. */
    std::vector<std::string> syntax_notes;
    /** --stopwords' stopper (null without), for --explain. */
    const Xapian::Stopper* stopper = nullptr;
    /** What the verb forms added, for --explain (filled only then). */
    PastForms past_forms;
    /** The words each prefix* of the query stands for, as Xapian expands
     *  it (the MAX_PREFIX_WORDS most frequent), as terms: for the matched
     *  terms and the marks of each hit, which the query's terms do not
     *  hold (Xapian expands a * only as it matches). */
    std::vector<std::string> prefix_words;
    /** The prefixes that stand for more words than MAX_PREFIX_WORDS, as
     *  the parser read them ("ال*", "title:سع*"). */
    std::vector<std::string> capped_prefixes;
};

/** Plan @a request, whose query normalize_text(…, TextRole::query) made
 *  @a normalized_query.  What the parser cannot read is searched as plain
 *  words (syntax_notes say what).  Throws fahras::Error: EXIT_DATA_ERROR
 *  for an unknown place:, and with request.strict for a query whose
 *  syntax the parser cannot read; EXIT_USAGE for an unknown --place or
 *  --country. */
QueryPlan plan_query(const SearchRequest& request, const std::string& normalized_query, const PlanInputs& in);

}  // namespace fahras

#endif  // FAHRAS_QUERY_PLAN_H
