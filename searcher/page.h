/** @file page.h
 *  @brief Stage 3 of a search: assemble the page.  The stored articles of
 *  the page, the terms each matched, their titles and snippets with the
 *  matches marked, and what is said about the query itself: --explain and
 *  "did you mean".
 */
#ifndef FAHRAS_PAGE_H
#define FAHRAS_PAGE_H

#include "match.h"
#include "query_plan.h"
#include "search_types.h"
#include "snippet.h"

#include <fahras/analyzer.h>

#include <xapian.h>

#include <string>

namespace fahras {

/** The page of @a match, for @a request planned as @a plan.  Published
 *  words are analysed through @a words (which belongs to @a analyzer).
 *  The facets are moved out of @a match; the time is left to the caller. */
ResultPage assemble_page(const Xapian::Database& db, const Analyzer& analyzer, WordCache& words,
                         const SearchRequest& request, const QueryPlan& plan, Match& match);

}  // namespace fahras

#endif  // FAHRAS_PAGE_H
