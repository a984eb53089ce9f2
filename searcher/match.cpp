#include "match.h"

#include "places.h"

#include <fahras/schema.h>

#include <algorithm>

namespace fahras {

namespace {

/** The match set, from the first result when the plan reorders the top of
 *  the ranking (the page is cut out of the new order afterwards). */
Xapian::MSet get_mset(Xapian::Enquire& enquire, const Xapian::Database& db, const SearchRequest& request,
                      const QueryPlan& plan) {
    // Facets count every match, so the match must look at every candidate;
    // otherwise it looks at what the page needs, and a page past
    // EXACT_TOTAL_BOUND is counted to its end (count_total() does the rest).
    const Xapian::doccount check_at_least = request.facets
                                                ? db.get_doccount()
                                                : static_cast<Xapian::doccount>(request.offset + request.limit);
    if (!plan.reorder)
        return enquire.get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit),
                                check_at_least);
    const std::size_t window = std::max(RERANK_WINDOW, request.offset + request.limit);
    return enquire.get_mset(0, static_cast<Xapian::doccount>(window), check_at_least);
}

// The total, exact when it is at most EXACT_TOTAL_BOUND.  The ranked match
// stops looking once its top is settled, so its count is often an
// estimate.  Asking it to count on (check_at_least) made it weigh every
// match up to the bound: 1.18× a search's instructions.  Instead, when the
// bounds it found leave the total open below the bound, the same query is
// counted again without weights (BoolWeight), which only walks postings;
// when even the lower bound is past it, the total is no page number
// anyway and stays the estimate.
void count_total(const Xapian::Database& db, const QueryPlan& plan, Match& match) {
    const Xapian::MSet& ranked = match.mset;
    match.total = ranked.get_matches_estimated();
    match.total_is_exact = ranked.get_matches_lower_bound() == ranked.get_matches_upper_bound();
    if (match.total_is_exact || ranked.get_matches_lower_bound() > EXACT_TOTAL_BOUND) return;
    Xapian::Enquire counter(db);
    counter.set_query(plan.match);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_docid_order(Xapian::Enquire::DONT_CARE);
    const Xapian::MSet counted = counter.get_mset(0, 0, static_cast<Xapian::doccount>(EXACT_TOTAL_BOUND));
    if (counted.get_matches_lower_bound() != counted.get_matches_upper_bound()) return;
    match.total = counted.get_matches_estimated();
    match.total_is_exact = true;
}

}  // namespace

Match run_match(const Xapian::Database& db, const SearchRequest& request, const QueryPlan& plan,
                const Gazetteer* gazetteer, TermFrequencies& frequencies) {
    Xapian::Enquire enquire(db);
    enquire.set_query(plan.match);
    // A listing without words (a date or place filter alone) has nothing to
    // rank: newest first.
    if (plan.newest_first) enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
    MultiValueCountSpy place_spy(VALUE_PLACES), country_spy(VALUE_COUNTRIES), source_spy(VALUE_SOURCE);
    if (request.facets) {
        enquire.add_matchspy(&place_spy);
        enquire.add_matchspy(&country_spy);
        enquire.add_matchspy(&source_spy);
    }
    Match match;
    match.mset = get_mset(enquire, db, request, plan);
    count_total(db, plan, match);
    if (!plan.reorder) {
        for (Xapian::doccount i = 0; i < match.mset.size(); ++i) match.page.emplace_back(i, match.mset[i].get_weight());
    } else {
        // The boosts reorder the top of the ranking; the page is cut out of
        // the new order.
        match.reranking = rerank_top(db, match.mset, plan.window_boost, plan.proximity, plan.phrases, RERANK_WINDOW,
                                       &frequencies);
        match.page = std::move(match.reranking.order);
        match.page.erase(match.page.begin(),
                         match.page.begin() + static_cast<std::ptrdiff_t>(std::min(request.offset, match.page.size())));
        if (match.page.size() > request.limit) match.page.resize(request.limit);
    }
    if (request.facets) {
        constexpr std::size_t FACET_LIMIT = 10;
        match.facets = Facets{top_facets(place_spy.counts(), FACET_LIMIT, gazetteer, false),
                              top_facets(country_spy.counts(), FACET_LIMIT, gazetteer, true),
                              top_facets(source_spy.counts(), FACET_LIMIT, nullptr, false)};
    }
    return match;
}

}  // namespace fahras
