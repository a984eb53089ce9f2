#include "match.h"

#include "date_facet.h"
#include "places.h"
#include "related.h"

#include <fahras/schema.h>

#include <algorithm>

namespace fahras {

namespace {

// A related search ranked by relevance, from a dated article: its first
// results are reordered by closeness in date (related.h).
bool reorders_by_date(const QueryPlan& plan) { return !plan.like_date.empty() && !plan.newest_first; }

/** The results of @a mset, each score multiplied by date_closeness() to
 *  @a date, best first (ties: Xapian's order). */
std::vector<std::pair<Xapian::doccount, double>> by_date_closeness(const Xapian::MSet& mset, const std::string& date) {
    long day = 0;
    const bool dated = day_number(date, day);
    std::vector<std::pair<Xapian::doccount, double>> order;
    for (Xapian::doccount i = 0; i < mset.size(); ++i) {
        double weight = mset[i].get_weight();
        long other = 0;
        if (dated && day_number(mset[i].get_document().get_value(VALUE_DATE), other)) weight *= date_closeness(other - day);
        order.emplace_back(i, weight);
    }
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return order;
}

/** The match set, from the first result when the plan reorders the top of
 *  the ranking (the page is cut out of the new order afterwards). */
Xapian::MSet get_mset(Xapian::Enquire& enquire, const Xapian::Database& db, const SearchRequest& request,
                      const QueryPlan& plan) {
    // Facets of places, countries and sources count every match, so the
    // match must look at every candidate; otherwise it looks at what the
    // page needs, and a page past EXACT_TOTAL_BOUND is counted to its end
    // (count_total() does the rest).  The timeline is counted apart
    // (count_dates()).
    const bool spies = request.facets && (request.facet_kinds & (FACET_PLACES | FACET_COUNTRIES | FACET_SOURCES));
    const Xapian::doccount check_at_least = spies
                                                ? db.get_doccount()
                                                : static_cast<Xapian::doccount>(request.offset + request.limit);
    if (!plan.reorder && !reorders_by_date(plan))
        return enquire.get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit),
                                check_at_least);
    const std::size_t window =
        std::max(plan.reorder ? RERANK_WINDOW : RELATED_WINDOW, request.offset + request.limit);
    return enquire.get_mset(0, static_cast<Xapian::doccount>(window), check_at_least);
}

// The total, exact when it is at most EXACT_TOTAL_BOUND.  The ranked match
// stops looking once its top is settled, so its count is often an
// estimate.  Asking it to count on (check_at_least) made it weigh every
// match up to the bound: 1.18× a search's instructions.  Instead, when the
// bounds it found leave the total open below the bound, the same query is
// counted again without weights (BoolWeight), which only walks postings;
// when even the lower bound is past it, the total is no page number
// anyway and stays the estimate.  Stories (collapsed, the default) are
// counted so only when at most EXACT_STORIES_BOUND articles can match:
// counting them reads the story of every match, which up to 1,000 took
// 1.7 times a whole collapsed search; past it their total is exact when
// the ranked match settles it (a page counted to its end), else estimated.
void count_total(const Xapian::Database& db, const SearchRequest& request, const QueryPlan& plan, Match& match) {
    const Xapian::MSet& ranked = match.mset;
    match.total = ranked.get_matches_estimated();
    match.total_is_exact = ranked.get_matches_lower_bound() == ranked.get_matches_upper_bound();
    if (match.total_is_exact || ranked.get_matches_lower_bound() > EXACT_TOTAL_BOUND) return;
    Xapian::Enquire counter(db);
    counter.set_query(plan.match);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_docid_order(Xapian::Enquire::DONT_CARE);
    const auto articles_bound = static_cast<Xapian::doccount>(request.collapse ? EXACT_STORIES_BOUND : EXACT_TOTAL_BOUND);
    Xapian::MSet counted = counter.get_mset(0, 0, articles_bound);
    if (request.collapse) {
        // Few enough articles: count their stories (collapsing needs the
        // items it collapses, so they are kept; their weights are all 0).
        if (counted.get_matches_lower_bound() != counted.get_matches_upper_bound()) return;
        counter.set_collapse_key(VALUE_GROUP);
        counted = counter.get_mset(0, articles_bound, articles_bound);
    }
    if (counted.get_matches_lower_bound() != counted.get_matches_upper_bound()) return;
    match.total = counted.get_matches_estimated();
    match.total_is_exact = true;
}

// The timeline alone, in a match of its own: unweighted (BoolWeight), in
// docid order and not collapsed, a walk of the postings that hands every
// match to the date spy, which reads each one's story itself.  Asking the
// ranked match to look at every candidate instead made it weigh and
// collapse them all: on a query matching the whole archive, 4.3 times the
// instructions of the search without facets, against 2.2 times
// (docs/stories.md, Timelines).
// On remote shards, whose servers run only Xapian's own match spies, the
// walk counts days with a ValueCountMatchSpy: articles, not stories.
DateFacet count_dates(const Xapian::Database& db, const SearchRequest& request, const QueryPlan& plan, bool remote_shards) {
    Xapian::Enquire counter(db);
    counter.set_query(plan.match);
    counter.set_weighting_scheme(Xapian::BoolWeight());
    counter.set_docid_order(Xapian::Enquire::DONT_CARE);
    if (remote_shards) {
        Xapian::ValueCountMatchSpy days(VALUE_DATE);
        counter.add_matchspy(&days);
        counter.get_mset(0, 0, db.get_doccount());
        return article_date_facet(days, request.date_interval);
    }
    DateSpy spy(request.collapse);
    counter.add_matchspy(&spy);
    counter.get_mset(0, 0, db.get_doccount());
    return spy.facet(request.date_interval);
}

}  // namespace

Match run_match(const Xapian::Database& db, const SearchRequest& request, const QueryPlan& plan,
                const Gazetteer* gazetteer, TermFrequencies& frequencies, bool remote_shards) {
    Xapian::Enquire enquire(db);
    enquire.set_query(plan.match);
    // A listing without words (a date or place filter alone) has nothing to
    // rank: newest first.
    if (plan.newest_first) enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
    // One article of each story: the best-ranked (or newest) of its copies.
    if (request.collapse) enquire.set_collapse_key(VALUE_GROUP);
    Xapian::ValueCountMatchSpy place_spy(VALUE_PLACES), country_spy(VALUE_COUNTRIES), source_spy(VALUE_SOURCE);
    DateSpy date_spy(request.collapse);
    const unsigned kinds = request.facets ? request.facet_kinds : 0;
    if (kinds & FACET_PLACES) enquire.add_matchspy(&place_spy);
    if (kinds & FACET_COUNTRIES) enquire.add_matchspy(&country_spy);
    if (kinds & FACET_SOURCES) enquire.add_matchspy(&source_spy);
    // With the other facets the ranked match sees every match anyway (its
    // spies see them collapsed or not): the date spy joins them there.
    // (On remote shards, always apart: DateSpy cannot run there.)
    const bool dates_apart =
        (kinds & FACET_DATES) && (remote_shards || !(kinds & (FACET_PLACES | FACET_COUNTRIES | FACET_SOURCES)));
    if ((kinds & FACET_DATES) && !dates_apart) enquire.add_matchspy(&date_spy);
    Match match;
    match.remote_shards = remote_shards;
    match.mset = get_mset(enquire, db, request, plan);
    count_total(db, request, plan, match);
    if (reorders_by_date(plan)) {
        match.page = by_date_closeness(match.mset, plan.like_date);
        match.page.erase(match.page.begin(),
                         match.page.begin() + static_cast<std::ptrdiff_t>(std::min(request.offset, match.page.size())));
        if (match.page.size() > request.limit) match.page.resize(request.limit);
    } else if (!plan.reorder) {
        for (Xapian::doccount i = 0; i < match.mset.size(); ++i) match.page.emplace_back(i, match.mset[i].get_weight());
    } else {
        // The boosts reorder the top of the ranking; the page is cut out of
        // the new order.
        match.reranking = rerank_top(db, match.mset, plan.window_boost, plan.proximity, plan.phrases, RERANK_WINDOW,
                                       &frequencies, remote_shards);
        match.page = std::move(match.reranking.order);
        match.page.erase(match.page.begin(),
                         match.page.begin() + static_cast<std::ptrdiff_t>(std::min(request.offset, match.page.size())));
        if (match.page.size() > request.limit) match.page.resize(request.limit);
    }
    if (request.facets) {
        constexpr std::size_t FACET_LIMIT = 10;
        Facets& facets = match.facets.emplace();
        facets.kinds = kinds;
        facets.places = top_facets(split_value_counts(place_spy), FACET_LIMIT, gazetteer, false);
        facets.countries = top_facets(split_value_counts(country_spy), FACET_LIMIT, gazetteer, true);
        facets.sources = top_facets(split_value_counts(source_spy), FACET_LIMIT, nullptr, false);
        if (kinds & FACET_DATES)
            facets.dates = dates_apart ? count_dates(db, request, plan, remote_shards) : date_spy.facet(request.date_interval);
    }
    return match;
}

}  // namespace fahras
