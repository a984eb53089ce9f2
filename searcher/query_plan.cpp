#include "query_plan.h"

#include "places.h"

#include <fahras/error.h>
#include <fahras/query_lexer.h>
#include <fahras/schema.h>

namespace fahras {

namespace {

bool is_blank(const std::string& text) { return text.find_first_not_of(' ') == std::string::npos; }

bool has_place_filters(const SearchRequest& request) {
    return !request.places.empty() || !request.countries.empty() || request.near;
}

Xapian::Query date_filter(const SearchRequest& request) {
    if (request.from && request.to)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, VALUE_DATE, *request.from, *request.to);
    if (request.from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, VALUE_DATE, *request.from);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, VALUE_DATE, *request.to);
}

// Function words are in nearly every article, so walking their postings is
// a large part of the match, yet they only ever decide the order among
// articles the other words found.  In free text ranked by relevance with
// OR, they are left out of the match and scored with the boosts over the
// first results (rerank.h): the same weights there, a fraction of the time
// (docs/retrieval.md).
bool defers_stopwords(const SearchRequest& request, const std::string& normalized_query) {
    return !request.stopwords && !request.match_all && request.sort == SortOrder::relevance &&
           is_plain_text(normalized_query);
}

// @a unknown_place receives the first place: name the gazetteer does not
// know (places.h: the query is refused once the parser has returned).
Xapian::QueryParser make_parser(const SearchRequest& request, const PlanInputs& in, bool defer_stopwords,
                                std::string& unknown_place) {
    Xapian::QueryParser parser = in.analyzer.make_query_parser(in.db);
    if (request.match_all) parser.set_default_op(Xapian::Query::OP_AND);
    if (request.stopwords || defer_stopwords) parser.set_stopper(&arabic_stopper());
    if (in.gazetteer)
        parser.add_boolean_prefix(std::string(PLACE_QUERY_PREFIX),
                                  (new PlaceFieldProcessor(*in.gazetteer, unknown_place))->release());
    return parser;
}

/** The query's words, parsed, and what reorders the top of what they match.
 *  The form typed ranks above other forms of its stem, and words standing
 *  together in an article (a name, a two-word place) rank it above articles
 *  where they are scattered.  Both boosts reorder the top of what the query
 *  matches (rerank.h), never add to it. */
struct ParsedWords {
    Xapian::Query query;
    Xapian::Query deferred_stopwords;  // their terms, as the parser makes them
    Boost exact_boost;
    std::vector<std::pair<std::string, std::string>> proximity;
    PastForms past_forms;
};

ParsedWords parse_words(const SearchRequest& request, const std::string& normalized_query, const PlanInputs& in) {
    const bool defer_stopwords = defers_stopwords(request, normalized_query);
    std::string unknown_place;
    Xapian::QueryParser parser = make_parser(request, in, defer_stopwords, unknown_place);
    ParsedWords words;
    try {
        const std::string expanded = in.variants ? in.variants->expand(normalized_query) : normalized_query;
        words.query = parser.parse_query(expanded, query_parser_flags());
        if (!unknown_place.empty()) throw Xapian::QueryParserError("unknown place '" + unknown_place + "'");
        if (defer_stopwords) {
            const std::string stopped = stopped_words(parser);
            parser.set_stopper(nullptr);
            if (words.query.empty()) {
                // Nothing but function words: they are the query.
                words.query = parser.parse_query(expanded, query_parser_flags());
            } else if (!stopped.empty()) {
                words.deferred_stopwords = in.analyzer.parse_query(parser, stopped);
            }
        }
        // Headlines say يستقبل where the article says استقبل (verb_forms.h).
        if (request.verb_forms)
            words.query = with_past_forms(words.query, in.analyzer, in.frequencies,
                                          request.explain ? &words.past_forms : nullptr);
        // The typed form of a function word earns no boost: its postings
        // are as long as its stem's, for a weight near 0.
        const Xapian::Stopper* stopper = request.stopwords || defer_stopwords ? &arabic_stopper() : nullptr;
        if (request.exact_forms) words.exact_boost = exact_form_boost(normalized_query, stopper);
        if (request.proximity && request.sort == SortOrder::relevance)
            words.proximity = proximity_pairs(normalized_query, in.frequencies);
    } catch (const Xapian::QueryParserError& e) {
        throw Error(EXIT_DATA_ERROR, "cannot parse query '" + request.query + "': " + e.get_msg());
    }
    return words;
}

}  // namespace

PlanNeeds plan_needs(const SearchRequest& request) {
    PlanNeeds needs;
    // As typed: the parser reads place: only there (normalized, Place:x
    // would become place:x).
    const bool place_syntax = uses_prefix(lex_query(request.query), PLACE_QUERY_PREFIX);
    needs.gazetteer = place_syntax || has_place_filters(request) || request.facets;
    needs.variants = request.variants && !is_blank(request.query);
    return needs;
}

QueryPlan plan_query(const SearchRequest& request, const std::string& normalized_query, const PlanInputs& in) {
    QueryPlan plan;
    plan.has_words = !is_blank(request.query);
    plan.newest_first = request.sort == SortOrder::date || !plan.has_words;
    plan.stopper = request.stopwords ? &arabic_stopper() : nullptr;
    ParsedWords words;
    if (plan.has_words) words = parse_words(request, normalized_query, in);
    else words.query = Xapian::Query::MatchAll;
    Xapian::Query query = std::move(words.query);
    if (request.from || request.to) query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(request));
    if (has_place_filters(request))
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, place_filter(request, *in.gazetteer));
    plan.window_boost = words.exact_boost;
    for (auto& leaf : boost_terms(words.deferred_stopwords)) plan.window_boost.push_back(std::move(leaf));
    const Xapian::Query boost_as_query =
        words.deferred_stopwords.empty() ? boost_query(words.exact_boost)
        : words.exact_boost.empty()      ? words.deferred_stopwords
                                         : Xapian::Query(Xapian::Query::OP_OR, boost_query(words.exact_boost),
                                                         words.deferred_stopwords);
    plan.ranked = plan.window_boost.empty() ? query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, boost_as_query);
    plan.match = std::move(query);
    plan.proximity = std::move(words.proximity);
    plan.reorder = request.sort == SortOrder::relevance && (!plan.window_boost.empty() || !plan.proximity.empty());
    plan.past_forms = std::move(words.past_forms);
    return plan;
}

}  // namespace fahras
