#include "page.h"

#include "other_versions.h"
#include "postings.h"
#include "query_analysis.h"

#include <fahras/document.h>
#include <fahras/hijri.h>

#include <algorithm>
#include <set>

namespace fahras {

namespace {

/** The distinct terms of @a query, in the order of their first occurrence. */
std::vector<std::string> distinct_terms(const Xapian::Query& query) {
    std::vector<std::string> terms;
    std::set<std::string> seen;
    for (auto term = query.get_terms_begin(); term != query.get_terms_end(); ++term) {
        // MatchAll's empty term is in no termlist (and every postlist).
        if (!(*term).empty() && seen.insert(*term).second) terms.push_back(*term);
    }
    return terms;
}

/** For each of @a docids, which of @a terms it holds, in their order: what
 *  Enquire::get_matching_terms returns, without reading each article's
 *  whole termlist where the database is local (postings.h).  Terms
 *  @a known read for a window holding all of @a docids are not read again. */
std::vector<std::vector<std::string>> matching_terms(const Xapian::Database& db, const std::vector<std::string>& terms,
                                                     const std::vector<Xapian::docid>& docids, const Reranking& known,
                                                     bool remote_shards) {
    std::vector<std::vector<std::string>> matched(docids.size());
    const bool in_window = std::all_of(docids.begin(), docids.end(), [&](Xapian::docid id) {
        return std::binary_search(known.window.begin(), known.window.end(), id);
    });
    WindowTerms page(db, docids, remote_shards);
    std::vector<std::string> to_read;
    for (const auto& term : terms)
        if (!in_window || known.holders.count(term) == 0) to_read.push_back(term);
    page.know(to_read);
    for (const auto& term : terms) {
        if (const auto held = known.holders.find(term); in_window && held != known.holders.end()) {
            for (std::size_t i = 0; i < docids.size(); ++i)
                if (std::binary_search(held->second.begin(), held->second.end(), docids[i])) matched[i].push_back(term);
            continue;
        }
        page.for_each_holder(term, [&](std::size_t i, Xapian::termcount) { matched[i].push_back(term); });
    }
    return matched;
}

/** The hit at @a position of the page, read from its stored article. */
Hit read_hit(const SearchRequest& request, const Match& match, std::size_t position, std::vector<std::string> matched_terms,
             WordMatcher& matcher) {
    const auto& [index, weight] = match.page[position];
    const Xapian::MSetIterator it = match.mset[index];
    Hit hit;
    hit.rank = request.offset + position + 1;
    hit.score = weight;
    hit.percent = it.get_percent();
    // The body is only read for a snippet.
    const StoredArticle stored = read_stored_article(it.get_document(), request.snippet_chars > 0);
    hit.id = stored.id;
    hit.url = stored.url;
    hit.date = stored.date;
    hit.date_hijri = hijri_date_of(stored.date);
    hit.source = stored.source;
    hit.author = stored.author;
    for (const PlaceRef& place : stored.places) hit.places.push_back(PlaceDetail{place.id, place.name, {}, {}, {}, {}, {}});
    hit.matched_terms = std::move(matched_terms);
    matcher.restrict_to(hit.matched_terms);
    hit.title = highlight_all(stored.title, matcher);
    if (request.snippet_chars > 0) hit.snippet = make_snippet(stored.body, matcher, request.snippet_chars);
    return hit;
}

}  // namespace

ResultPage assemble_page(const Xapian::Database& db, const Analyzer& analyzer, WordCache& words,
                         const SearchRequest& request, const QueryPlan& plan, Match& match) {
    ResultPage results;
    results.facets = std::move(match.facets);
    if (request.explain) results.explanation = explain_query(request.query, analyzer, db, plan.stopper, plan.past_forms);
    // "Did you mean": only when the query finds nothing or little, and
    // only for its words that are in no article (a word the archive
    // holds is no misspelling), from the spelling data the indexer
    // records (the archive's own title words).  The gate matters:
    // Xapian's suggestion costs milliseconds, 91% of the time of
    // bench/perf's phrase queries, and more for long words.
    if (plan.has_words && !request.like && match.total < FEW_RESULTS)
        results.did_you_mean = spelling_correction(plan.query_text, analyzer, db);
    results.total_estimate = match.total;
    results.collapsed = request.collapse;
    results.total_is_exact = match.total_is_exact;
    results.capped_prefixes = plan.capped_prefixes;
    results.syntax_fallback = !plan.syntax_notes.empty();
    for (const auto& note : plan.syntax_notes) results.syntax_note += (results.syntax_note.empty() ? "" : "; ") + note;
    results.parsed_query = plan.ranked.get_description();
    std::vector<Xapian::docid> docids;
    for (const auto& entry : match.page) docids.push_back(*match.mset[entry.first]);
    std::vector<std::string> terms = distinct_terms(plan.ranked);
    for (const auto& word : plan.prefix_words)
        if (std::find(terms.begin(), terms.end(), word) == terms.end()) terms.push_back(word);
    std::vector<std::vector<std::string>> matched = matching_terms(db, terms, docids, match.reranking, match.remote_shards);
    // One matcher for the page: the words of ten articles are analysed once.
    // A prefix's words (word*) are marked as the words they are.
    QueryWords marked = query_words(plan.marked);
    for (const auto& word : plan.prefix_words)
        if (std::find(marked.terms.begin(), marked.terms.end(), word) == marked.terms.end()) marked.terms.push_back(word);
    WordMatcher matcher(analyzer, marked, &words);
    for (std::size_t position = 0; position < match.page.size(); ++position)
        results.hits.push_back(read_hit(request, match, position, std::move(matched[position]), matcher));
    if (request.collapse) {
        std::vector<Xapian::MSetIterator> hits;
        for (const auto& entry : match.page) hits.push_back(match.mset[entry.first]);
        std::vector<OtherVersions> versions = other_versions_of_page(db, plan, hits, match.remote_shards);
        for (std::size_t position = 0; position < match.page.size(); ++position) {
            results.hits[position].other_versions = std::move(versions[position].shown);
            results.hits[position].other_count = versions[position].count;
        }
    }
    return results;
}

}  // namespace fahras
