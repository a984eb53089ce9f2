/** @file search_types.h
 *  @brief What a search asks (SearchRequest) and what it answers
 *  (ResultPage), and the limits of one request.
 *
 *  Plain values: no Xapian object, no reference into a database.  A
 *  request or a page may be copied, kept, and handed to another thread;
 *  the Searcher that answered it (searcher.h) stays with its own thread.
 *  The search stages (query_plan.h, match.h, page.h) and the helpers
 *  around them include this header, never the facade searcher.h.
 */
#ifndef FAHRAS_SEARCH_TYPES_H
#define FAHRAS_SEARCH_TYPES_H

#include "date_facet.h"
#include "snippet.h"

#include <fahras/document.h>

#include <xapian.h>

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** @name Limits of one search
 *  What one query may ask for.  A query typed by a user costs work per word
 *  (frequencies, variants, verb forms, a spelling suggestion), and Xapian's
 *  spelling suggestion costs about the square of a word's length: without
 *  bounds one request can keep a core busy for minutes.  Requests beyond a
 *  limit are refused with a message, never cut short silently: by
 *  parse_searcher_options (exit 64) and by check_search_request(), which
 *  Searcher::search runs on every request, for callers that fill
 *  SearchRequest themselves (a server).
 *  @{ */
/// Results on one page (--limit).
inline constexpr std::size_t MAX_LIMIT = 10000;
/// --offset: the page must end within what Xapian can count (Xapian::doccount).
inline constexpr std::size_t MAX_OFFSET = std::numeric_limits<Xapian::doccount>::max() - MAX_LIMIT;
/// --snippet-length, in characters.
inline constexpr std::size_t MAX_SNIPPET_CHARS = 10000;
/// The query as given, in bytes of UTF-8 (about 2,000 Arabic letters).
inline constexpr std::size_t MAX_QUERY_BYTES = 4096;
/// Words of the query, counted as the parser reads them: runs of letters
/// and digits after normalization ("حلب،الرقة" is two).
inline constexpr std::size_t MAX_QUERY_WORDS = 100;
/// Longer words get no spelling suggestion (no real word is that long:
/// the longest Arabic words have about 15 letters).
inline constexpr std::size_t MAX_SPELLING_WORD_LETTERS = 40;
/// Unknown words looked up for a spelling suggestion; the others stay as typed.
inline constexpr std::size_t MAX_SPELLED_WORDS = 8;
/// A query that matches fewer articles than this gets a spelling
/// correction (ResultPage::did_you_mean), which is searched instead when
/// it finds more (SearchRequest::correct).
inline constexpr std::size_t FEW_RESULTS = 3;
/// Matches counted exactly (ResultPage::total_is_exact) when there are at
/// most this many, or as many as the page reaches: past it Xapian
/// estimates.  Counting costs a walk of more postings: on bench/perf's
/// queries, 1,000 gives exact totals to 56% of them for 18% more
/// instructions a search, 10,000 to 95% for 88% (docs/retrieval.md).
inline constexpr std::size_t EXACT_TOTAL_BOUND = 1000;
/// Collapsed, stories are counted exactly only up to this many matching
/// articles: counting them reads the story of every match (match.cpp).
inline constexpr std::size_t EXACT_STORIES_BOUND = 200;
/// @}

enum class SortOrder { relevance, date };

/** Which terms of the article a --like search looks for (related.h). */
enum class LikeTerms {
    names,  ///< Xapian's expand set of the body's stems, names and places weighed double, near dates first (the default)
    plain,  ///< Xapian's expand set of all the article's free-text terms, as it comes: the baseline
    title,  ///< the stems of the title's words: the other baseline
};

/** The facets --facets counts: a set of these bits. */
enum FacetKind : unsigned {
    FACET_PLACES = 1,
    FACET_COUNTRIES = 2,
    FACET_SOURCES = 4,
    FACET_DATES = 8,  ///< the timeline (date_facet.h)
};
inline constexpr unsigned ALL_FACETS = FACET_PLACES | FACET_COUNTRIES | FACET_SOURCES | FACET_DATES;

/** One search: the query, its filters, the page wanted and how to rank.
 *  What only fahras-search has (the database path, the output format,
 *  --variants files) is in SearcherOptions (search_cli.h). */
struct SearchRequest {
    std::string query;                ///< as typed (fahras-search joins its words by spaces)
    std::size_t limit = 10;           ///< 1 to MAX_LIMIT
    std::size_t offset = 0;           ///< at most MAX_OFFSET
    SortOrder sort = SortOrder::relevance;
    std::optional<std::string> from;  ///< YYYYMMDD, inclusive
    std::optional<std::string> to;    ///< YYYYMMDD, inclusive
    bool match_all = false;           ///< default operator AND instead of OR
    std::vector<std::string> places;  ///< --place: articles about any of these (or places inside them)
    std::vector<std::string> countries;  ///< --country: name, English name or ISO code
    std::optional<std::pair<double, double>> near;  ///< --near LAT,LON, in [-90, 90] and [-180, 180]
    double near_km = 25;              ///< --km: finite and positive
    bool facets = false;              ///< --facets: count facet_kinds among the matches
    unsigned facet_kinds = ALL_FACETS;  ///< which facets (FacetKind bits): --facets places,dates
    DateInterval date_interval = DateInterval::automatic;  ///< the timeline's buckets (--date-interval)
    bool variants = true;             ///< expand name variants (data/variants_ar.txt)
    bool stopwords = false;           ///< drop stopwords from free text (never inside phrases)
    bool proximity = true;            ///< rank words standing together above scattered ones
    bool exact_forms = true;          ///< rank the forms typed above other forms of their stems
    bool verb_forms = true;           ///< a present-tense verb also finds its past forms (يعلن → أعلن)
    bool explain = false;             ///< show how each query word was analysed
    std::size_t snippet_chars = 200;  ///< at most MAX_SNIPPET_CHARS; 0: no snippet (the body is not read)
    /// Refuse (EXIT_DATA_ERROR) a query of which some syntax cannot be read,
    /// instead of searching what cannot be read as plain words.
    bool strict = false;
    /// When the query finds fewer than FEW_RESULTS articles and its
    /// spelling correction (did_you_mean) finds more, show the
    /// correction's results instead, and say so (searched_correction).
    /// false: search exactly what was typed (--no-correct, correct=0).
    bool correct = true;
    /// Show one article of each story (near-duplicate group, VALUE_GROUP):
    /// the best-ranked, with the others as Hit::other_versions; totals
    /// then count stories.  false: every copy (--no-collapse, collapse=0).
    bool collapse = true;
    /// Search only the articles whose unique id terms (make_id_term) are
    /// these; none when empty.  Not set: every article.  fahras-alerts
    /// searches the articles new since a saved search last ran this way
    /// (alerts/alerts.h); a story's other versions come from them too.
    std::optional<std::vector<std::string>> within_id_terms;
    /// Search the shards that answer when a remote shard does not, and
    /// name it in ResultPage::shards_failed (--partial, partial=1).
    /// false: a shard that does not answer fails the search
    /// (EXIT_UNAVAILABLE, 503).
    bool partial = false;
    /// Related articles (--like ID): the articles about the same story or
    /// subject as the article with this id, its own story left out
    /// (related.h).  The query may then hold filters only (source:,
    /// place:, date:…), which narrow them like --from or --place.
    std::optional<std::string> like;
    LikeTerms like_terms = LikeTerms::names;  ///< what --like looks for (--like-terms: for comparisons)
};

/** Refuse a request beyond the limits above.  Throws fahras::Error:
 *  EXIT_USAGE for --limit, --offset, --snippet-length, --near or --km out
 *  of range (a NaN too), an empty --like or one longer than MAX_QUERY_BYTES, EXIT_DATA_ERROR for a query longer than
 *  MAX_QUERY_BYTES or with more than MAX_QUERY_WORDS words.  Each message
 *  names the limit. */
void check_search_request(const SearchRequest& request);

/// Other versions of a story listed with its hit; Hit::other_count says
/// how many there are in all.
inline constexpr std::size_t MAX_OTHER_VERSIONS = 10;

/** A place an article mentions, as the gazetteer the database was indexed
 *  with describes it (a place no longer in it keeps only its id and name). */
struct PlaceDetail {
    std::string id, name;     ///< as stored with the article
    std::string name_en;      ///< "" when unknown
    std::string kind;         ///< place_kind_name(): "country", "city"…; "" when unknown
    std::string country_code; ///< ISO 3166-1 alpha-2; "" when unknown
    std::optional<double> lat, lon;
};

/** Another article of a hit's story that matches the query too. */
struct OtherVersion {
    std::string id, url, source, date;
};

struct Hit {
    std::size_t rank = 0;
    std::string id, url, date, source, author;
    std::string date_hijri;  ///< date in the Umm al-Qura calendar, "1436-10-05" (hijri.h); "" when none
    double score = 0;
    int percent = 0;
    Snippet title;
    Snippet snippet;
    std::vector<std::string> matched_terms;
    std::vector<PlaceDetail> places;  ///< places the article mentions, described by the gazetteer
    /// Collapsed searches: the other matching articles of its story (at
    /// most MAX_OTHER_VERSIONS, best-ranked first), and how many there are.
    std::vector<OtherVersion> other_versions;
    std::size_t other_count = 0;
};


/** A stored article and its places described. */
struct ArticleDetail {
    StoredArticle article;
    std::vector<PlaceDetail> places;
};

/** A facet value and how many matching articles have it. */
struct FacetCount {
    std::string key;   ///< place id, ISO code or source
    std::string name;  ///< what to show
    std::size_t count = 0;
};

/** What --facets counted: the kinds asked for (FacetKind bits); the
 *  others are left empty and are not written. */
struct Facets {
    unsigned kinds = ALL_FACETS;
    std::vector<FacetCount> places, countries, sources;
    std::optional<DateFacet> dates;  ///< with FACET_DATES
};

/** How one query word was analysed (--explain). */
struct WordAnalysis {
    std::string word;        ///< as typed
    std::string normalized;  ///< after normalization
    std::string stem;
    std::size_t word_frequency = 0;  ///< articles with the exact (normalized) word
    std::size_t stem_frequency = 0;  ///< articles with a word of that stem
    bool stopword = false;
    std::vector<std::string> past_forms;  ///< stems also searched for a present-tense verb (verb_forms.h)
};

/** One page of results and what was learnt about the query. */
struct ResultPage {
    std::vector<Hit> hits;
    std::size_t total_estimate = 0;  ///< exact when total_is_exact, else Xapian's estimate
    /// The hits and the total count stories (one article of each), not
    /// articles (SearchRequest::collapse).  The places, countries and
    /// sources facets count articles; the dates facet counts stories then.
    bool collapsed = false;
    bool total_is_exact = false;     ///< every match counted: at most EXACT_TOTAL_BOUND, or within the page
    std::string parsed_query;  ///< Xapian's description of the query run
    double seconds = 0;
    std::optional<Facets> facets;
    std::vector<WordAnalysis> explanation;  ///< --explain
    std::string did_you_mean;  ///< a correction when few articles matched, else "" (spelling_correction)
    /// The hits and totals are did_you_mean's, not the query's: it found
    /// fewer than FEW_RESULTS and the correction more (SearchRequest::correct).
    bool searched_correction = false;
    /// The prefixes (ال*) that stand for more than MAX_PREFIX_WORDS words
    /// (prefix_search.h): only the most frequent of those were searched.
    std::vector<std::string> capped_prefixes;
    /// Some of the query's syntax could not be read and was searched as
    /// plain words (query_lexer.h: readable_query); syntax_note says what.
    bool syntax_fallback = false;
    std::string syntax_note;  ///< "'..' outside date:FROM..TO; a quote without its pair"
    /// The remote shards left out because they did not answer ("HOST:PORT"):
    /// the results are those of the others (SearchRequest::partial).
    std::vector<std::string> shards_failed;
};

}  // namespace fahras

#endif  // FAHRAS_SEARCH_TYPES_H
