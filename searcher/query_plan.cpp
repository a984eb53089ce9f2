#include "query_plan.h"

#include "places.h"
#include "related.h"

#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/prefix_search.h>
#include <fahras/query_lexer.h>
#include <fahras/schema.h>

#include <algorithm>
#include <set>

namespace fahras {

namespace {

bool is_blank(const std::string& text) { return text.find_first_not_of(' ') == std::string::npos; }

bool has_place_filters(const SearchRequest& request) {
    return !request.places.empty() || !request.countries.empty() || request.near;
}

// A word a variant or an English place name could start with: in Latin
// letters, and no syntax (source:sabq is a filter).
bool has_latin_word(const std::string& query) {
    const std::string normalized = normalize_text(query, TextRole::query);
    for (const std::string_view word : spaced_words(normalized)) {
        if (is_syntax_word(word)) continue;
        for (const char c : word)
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
    }
    return false;
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
// know (places.h), @a date_problem what is wrong with the first date: range
// that names no day (analyzer.h): the query is refused once the parser has
// returned.
Xapian::QueryParser make_parser(const SearchRequest& request, const PlanInputs& in, bool defer_stopwords,
                                std::string& unknown_place, std::string& date_problem) {
    Xapian::QueryParser parser = in.analyzer.make_query_parser(in.db, &date_problem);
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
    std::vector<Phrase> phrases;
    PastForms past_forms;
    bool syntax_lost = false;  // the parser read the text without its syntax
};

// Whether @a parsed is what @a parser makes of @a text without syntax.
// Without syntax it may refuse what it read with it ("a..b" in a phrase
// is a range then): the syntax was read.
bool read_without_syntax(Xapian::QueryParser& parser, const std::string& text, const Xapian::Query& parsed) {
    try {
        return parser.parse_query(text, 0).get_description() == parsed.get_description();
    } catch (const Xapian::QueryParserError&) {
        return false;
    }
}

/** @a text parsed.  Throws Xapian::QueryParserError for a text the parser
 *  refuses, fahras::Error for an unknown place:.  With @a check_syntax
 *  (has_decisive_syntax), sets syntax_lost when the parser read the text
 *  as it reads it without syntax: after a parse error Xapian parses the
 *  text again with no flags, and says nothing ("a)", "a NEAR \"b c\""). */
ParsedWords parse_words(const SearchRequest& request, const std::string& text, const PlanInputs& in,
                        bool check_syntax) {
    const bool defer_stopwords = defers_stopwords(request, text);
    std::string unknown_place, date_problem;
    Xapian::QueryParser parser = make_parser(request, in, defer_stopwords, unknown_place, date_problem);
    ParsedWords words;
    const std::string expanded = in.analyzer.parser_text(parser, text, in.variants);
    words.query = parser.parse_query(expanded, query_parser_flags());
    if (!unknown_place.empty())
        throw Error(EXIT_DATA_ERROR,
                    "cannot parse query '" + request.query + "': unknown place '" + unknown_place + "'");
    if (!date_problem.empty()) throw Error(EXIT_DATA_ERROR, "cannot parse query '" + request.query + "': " + date_problem);
    // Read before another parse replaces the parser's list.
    const std::string stopped = defer_stopwords ? stopped_words(parser) : std::string();
    if (check_syntax) words.syntax_lost = read_without_syntax(parser, expanded, words.query);
    if (defer_stopwords) {
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
    if (request.exact_forms) words.exact_boost = exact_form_boost(text, stopper, in.variants);
    if (request.proximity && request.sort == SortOrder::relevance) {
        words.proximity = proximity_pairs(text, in.frequencies);
        words.phrases = query_phrases(text, in.frequencies);
    }
    return words;
}

// The runs of word characters of @a text, between spaces, those spelled as
// operators in small letters: what any parser reads as words.
std::string bare_words(const std::string& text) {
    std::string words;
    for (const TextSpan run : word_runs(text)) {
        std::string word = text.substr(run.begin, run.end - run.begin);
        if (operator_spelled(word))
            for (char& c : word) c = static_cast<char>(c - 'A' + 'a');
        words += (words.empty() ? "" : " ") + word;
    }
    return words;
}

Error unreadable(const SearchRequest& request, const std::string& why) {
    return Error(EXIT_DATA_ERROR, "cannot parse query '" + request.query + "': " + why);
}

/** The query's words as the parser can read them: what is not clearly
 *  syntax read as plain words (readable_query), and all of it but its
 *  filters and phrases (plain_words_query) when the parser still refuses
 *  the text or reads it without its syntax.  Each is noted in @a plan;
 *  request.strict refuses the query instead (EXIT_DATA_ERROR). */
ParsedWords parse_readable(const SearchRequest& request, const std::string& normalized_query, const PlanInputs& in,
                           QueryPlan& plan) {
    ReadableQuery readable = readable_query(normalized_query);
    if (request.strict && !readable.notes.empty()) throw unreadable(request, "it has " + readable.notes.front());
    std::string why, note;
    try {
        ParsedWords words = parse_words(request, readable.text, in, has_decisive_syntax(lex_query(readable.text)));
        if (!words.syntax_lost) {
            plan.query_text = std::move(readable.text);
            plan.syntax_notes = std::move(readable.notes);
            return words;
        }
        why = "the parser could not read its syntax";
        note = "syntax the parser could not read";
    } catch (const Xapian::QueryParserError& e) {
        why = e.get_msg();
        note = "what the parser refused (" + why + ")";
    }
    if (request.strict) throw unreadable(request, why);
    plan.syntax_notes = std::move(readable.notes);
    plan.syntax_notes.push_back(note);
    plan.query_text = plain_words_query(readable.text);
    try {
        return parse_words(request, plan.query_text, in, false);
    } catch (const Xapian::QueryParserError&) {
        // A filter's value the parser still cannot take (source:a"b..c): the words alone.
        plan.query_text = bare_words(plan.query_text);
        return parse_words(request, plan.query_text, in, false);
    }
}

// True when @a query weighs some term (or a prefix's words), so that what it matches is ranked:
// not only under the second operand of a filter or an exclusion, a value
// range, or the parser's "0 * …", which it makes of filters alone (Xapian
// 1.4 has no accessor for a scale factor, the description shows it).
bool weighs_terms(const Xapian::Query& query) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
        case Xapian::Query::OP_WILDCARD:  // word*: the words it stands for
            return true;
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
            return weighs_terms(query.get_subquery(0));
        case Xapian::Query::OP_SCALE_WEIGHT:
            return query.get_description().rfind("Query(0 * ", 0) != 0 && weighs_terms(query.get_subquery(0));
        default:
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
                if (weighs_terms(query.get_subquery(i))) return true;
            return false;
    }
}

// The term prefix of the free-text field @a prefix names (none: the unprefixed text).
std::string_view field_term_prefix(const QueryPrefix* prefix) {
    if (!prefix) return {};
    for (const auto& field : query_fields())
        if (field.query_prefix == prefix->name) return field.term_prefix;
    return {};
}

// Fills plan.prefix_words and plan.capped_prefixes for each word* of
// @a text (what the parser was given): the words as indexed that begin
// with it, and past MAX_PREFIX_WORDS the most frequent, as the parser's
// expansion takes them (analyzer.cpp).  A short prefix walks many terms
// ("ال" begins a third of them), as Xapian's own expansion does.
void expand_prefixes(const std::string& text, const Xapian::Database& db, QueryPlan& plan) {
    const std::vector<QueryToken> tokens = lex_query(text);
    for (std::size_t i = 1; i < tokens.size(); ++i) {
        const QueryToken& word = tokens[i - 1];
        if (tokens[i].kind != QueryTokenKind::wildcard || word.kind != QueryTokenKind::word) continue;
        const std::string typed(word.text(text));
        // What the parser expands: the prefix, and in free text the
        // article and it (with_article_prefixes(), prefix_search.h).
        std::vector<std::string> expanded{typed};
        if (prefix_takes_article(tokens, i - 1, text)) expanded.push_back(std::string(ARABIC_ARTICLE) + typed);
        for (const auto& stem : expanded) {
            const std::string prefix = std::string(field_term_prefix(word.prefix)) + stem;
            std::vector<std::pair<Xapian::doccount, std::string>> words;
            for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term)
                words.emplace_back(term.get_termfreq(), *term);
            if (words.size() > MAX_PREFIX_WORDS) {
                const auto most = words.begin() + MAX_PREFIX_WORDS;
                std::partial_sort(words.begin(), most, words.end(),
                                  [](const auto& a, const auto& b) { return a.first > b.first; });
                words.erase(most, words.end());
                const std::string field = word.prefix ? std::string(word.prefix->name) + ":" : std::string();
                plan.capped_prefixes.push_back(field + stem + "*");
            }
            for (auto& [frequency, term] : words) plan.prefix_words.push_back(std::move(term));
        }
    }
}

}  // namespace

PlanNeeds plan_needs(const SearchRequest& request) {
    PlanNeeds needs;
    // As typed: the parser reads place: only there (normalized, Place:x
    // would become place:x).
    const bool place_syntax = uses_prefix(lex_query(request.query), PLACE_QUERY_PREFIX);
    needs.gazetteer = place_syntax || has_place_filters(request) ||
                      (request.facets && (request.facet_kinds & (FACET_PLACES | FACET_COUNTRIES)));
    // --like weighs the names of the variants.
    needs.variants = request.variants && (!is_blank(request.query) || request.like);
    needs.english_place_names = needs.variants && has_latin_word(request.query);
    return needs;
}

QueryPlan plan_query(const SearchRequest& request, const std::string& normalized_query, const PlanInputs& in) {
    QueryPlan plan;
    plan.query_text = normalized_query;
    plan.stopper = request.stopwords ? &arabic_stopper() : nullptr;
    ParsedWords words;
    Xapian::Query like_story;  // --like: the article's own story, left out
    if (!is_blank(request.query)) {
        words = parse_readable(request, normalized_query, in, plan);
        expand_prefixes(plan.query_text, in.db, plan);
        // Filters typed in the query (source:x, place:…, date:…), or only
        // words excluded (-حلب), list articles as the options alone do.
        plan.has_words = weighs_terms(words.query);
    } else {
        words.query = Xapian::Query::MatchAll;
    }
    if (request.like) {
        if (plan.has_words)
            throw Error(EXIT_USAGE, "--like lists the articles related to one article: its query may hold filters "
                                    "(source:, place:, date:…) but no words, got '" + request.query + "'");
        const LikeArticle article = find_like_article(in.db, *request.like);
        const std::set<std::string> names =
            request.like_terms == LikeTerms::names ? name_stems(in.analyzer, article.places, in.variants)
                                                   : std::set<std::string>();
        const Xapian::Query related = related_query(related_terms(in.db, article.docid, request.like_terms, names));
        words.query = is_blank(request.query) ? related : Xapian::Query(Xapian::Query::OP_FILTER, related, words.query);
        if (request.like_terms == LikeTerms::names) plan.like_date = article.date;
        like_story = own_story(in.db, article, in.remote_shards);
        plan.has_words = true;
    }
    plan.newest_first = request.sort == SortOrder::date || !plan.has_words;
    Xapian::Query query = std::move(words.query);
    if (request.from || request.to) query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(request));
    if (has_place_filters(request))
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, place_filter(request, *in.gazetteer));
    if (!like_story.empty()) query = Xapian::Query(Xapian::Query::OP_AND_NOT, query, like_story);
    plan.window_boost = words.exact_boost;
    for (auto& leaf : boost_terms(words.deferred_stopwords)) plan.window_boost.push_back(std::move(leaf));
    const Xapian::Query boost_as_query =
        words.deferred_stopwords.empty() ? boost_query(words.exact_boost)
        : words.exact_boost.empty()      ? words.deferred_stopwords
                                         : Xapian::Query(Xapian::Query::OP_OR, boost_query(words.exact_boost),
                                                         words.deferred_stopwords);
    plan.ranked = plan.window_boost.empty() ? query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, boost_as_query);
    plan.marked = words.deferred_stopwords.empty() ? query
                                                   : Xapian::Query(Xapian::Query::OP_OR, query, words.deferred_stopwords);
    plan.match = std::move(query);
    // The articles searched (fahras-alerts: the new ones), on the match
    // alone: their id terms are no words of the query, to be shown in
    // parsed_query or looked for in each hit's matched terms.
    if (request.within_id_terms) {
        const auto& terms = *request.within_id_terms;
        const Xapian::Query within = terms.empty() ? Xapian::Query::MatchNothing
                                                   : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        plan.match = Xapian::Query(Xapian::Query::OP_FILTER, plan.match, within);
    }
    plan.proximity = std::move(words.proximity);
    plan.phrases = std::move(words.phrases);
    plan.reorder =
        !plan.newest_first && (!plan.window_boost.empty() || !plan.proximity.empty() || !plan.phrases.empty());
    plan.past_forms = std::move(words.past_forms);
    return plan;
}

}  // namespace fahras
