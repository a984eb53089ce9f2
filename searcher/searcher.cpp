#include "searcher.h"

#include "places.h"
#include "postings.h"
#include "query_analysis.h"
#include "rerank.h"

#include <fahras/analyzer.h>
#include <fahras/data_files.h>
#include <fahras/database_meta.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/utf8.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>
#include <chrono>
#include <filesystem>
#include <thread>

#include <sys/stat.h>

namespace fahras {

namespace {

void require_database(const std::string& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) {
        throw Error(EXIT_NO_INPUT, "no database at " + path + ": create one with fahras-index --db " + path +
                                       " INPUT..., or point --db (or $FAHRAS_DB) at one");
    }
}

Xapian::Query date_filter(const SearchOptions& opts) {
    if (opts.from && opts.to) return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, VALUE_DATE, *opts.from, *opts.to);
    if (opts.from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, VALUE_DATE, *opts.from);
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, VALUE_DATE, *opts.to);
}

bool is_blank(const std::string& text) { return text.find_first_not_of(' ') == std::string::npos; }

VariantTable load_variants(const SearchOptions& opts) {
    VariantTable variants;
    if (!opts.variants) return variants;
    try {
        if (const std::string bundled = bundled_variants_path(); !bundled.empty()) variants.load(bundled);
        for (const auto& file : opts.variant_files) variants.load(file);
    } catch (const std::runtime_error& e) {
        throw Error(EXIT_USAGE, e.what());
    }
    return variants;
}

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
 *  whole termlist (postings.h).  Terms @a known read for a window holding
 *  all of @a docids are not read again. */
std::vector<std::vector<std::string>> matching_terms(const Xapian::Database& db, const std::vector<std::string>& terms,
                                                     const std::vector<Xapian::docid>& docids, const Reranking& known) {
    const std::vector<std::size_t> by_id = indices_by_docid(docids);
    std::vector<std::vector<std::string>> matched(docids.size());
    const bool in_window = std::all_of(docids.begin(), docids.end(), [&](Xapian::docid id) {
        return std::binary_search(known.window.begin(), known.window.end(), id);
    });
    for (const auto& term : terms) {
        if (const auto held = known.holders.find(term); in_window && held != known.holders.end()) {
            for (std::size_t i = 0; i < docids.size(); ++i)
                if (std::binary_search(held->second.begin(), held->second.end(), docids[i])) matched[i].push_back(term);
            continue;
        }
        for_each_holder(db, term, docids, by_id, [&](std::size_t i, const Xapian::PostingIterator&) { matched[i].push_back(term); });
    }
    return matched;
}

bool has_place_filters(const SearchOptions& opts) { return !opts.places.empty() || !opts.countries.empty() || opts.near; }

/** Words of @a normalized_query as the query parser reads them: runs of
 *  word characters (letters, digits, marks). */
std::size_t count_words(std::string_view normalized_query) {
    std::size_t words = 0;
    bool in_word = false;
    for (std::size_t pos = 0; pos < normalized_query.size();) {
        const bool word_char = Xapian::Unicode::is_wordchar(static_cast<unsigned>(utf8::decode(normalized_query, pos)));
        if (word_char && !in_word) ++words;
        in_word = word_char;
    }
    return words;
}

}  // namespace

void check_search_options(const SearchOptions& opts) {
    if (opts.limit == 0 || opts.limit > MAX_LIMIT)
        throw Error(EXIT_USAGE, "--limit must be from 1 to " + std::to_string(MAX_LIMIT) + ", got " + std::to_string(opts.limit));
    if (opts.offset > MAX_OFFSET)
        throw Error(EXIT_USAGE, "--offset must be at most " + std::to_string(MAX_OFFSET) + ", got " + std::to_string(opts.offset));
    if (opts.snippet_chars > MAX_SNIPPET_CHARS)
        throw Error(EXIT_USAGE, "--snippet-length must be at most " + std::to_string(MAX_SNIPPET_CHARS) + ", got " +
                                    std::to_string(opts.snippet_chars));
    // Written so that a NaN fails every test.
    if (opts.near && !(opts.near->first >= -90 && opts.near->first <= 90 && opts.near->second >= -180 &&
                       opts.near->second <= 180))
        throw Error(EXIT_USAGE, "--near expects a latitude from -90 to 90 and a longitude from -180 to 180");
    if (!(opts.near_km > 0 && std::isfinite(opts.near_km))) throw Error(EXIT_USAGE, "--km must be a positive number of km");
    if (opts.query.size() > MAX_QUERY_BYTES)
        throw Error(EXIT_DATA_ERROR, "the query is too long: " + std::to_string(opts.query.size()) + " bytes, at most " +
                                         std::to_string(MAX_QUERY_BYTES) + " are searched; shorten it");
    if (const std::size_t words = count_words(normalize_text(opts.query, TextRole::query)); words > MAX_QUERY_WORDS)
        throw Error(EXIT_DATA_ERROR, "the query has too many words: " + std::to_string(words) + ", at most " +
                                         std::to_string(MAX_QUERY_WORDS) + " are searched; shorten it");
}

struct Searcher::State {
    std::string path;
    std::optional<Xapian::Database> database;
    std::optional<Analyzer> analysis;
    bool identity_known = false;
    dev_t device = 0;
    ino_t inode = 0;
    // The gazetteer the database was indexed with, and the metadata it was
    // loaded from (a commit may change it).
    std::unique_ptr<Gazetteer> loaded_gazetteer;
    std::string gazetteer_meta;
    // Name variants for the last set of --variants files asked for.
    std::optional<std::vector<std::string>> variant_files;
    VariantTable variants;
    // Published words' analyses, for snippets: valid for one analyzer.
    WordCache words;

    /** What the path names now: (device, inode) of the directory it leads to. */
    bool identity(dev_t& dev, ino_t& ino) const {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return false;
        dev = st.st_dev;
        ino = st.st_ino;
        return true;
    }

    /** Open (again) from the path: a rebuild may have switched it to a new generation. */
    void open() {
        database.reset();
        loaded_gazetteer.reset();
        identity_known = identity(device, inode);
        Xapian::Database opened(path);
        analysis.emplace(check_analysis_record(opened, path));
        words.clear();
        database = std::move(opened);
    }

    /** True when the path now leads to another database than the one open. */
    bool switched() const {
        dev_t dev = 0;
        ino_t ino = 0;
        if (!identity(dev, ino)) return false;  // gone for now: keep reading what is open
        return !identity_known || dev != device || ino != inode;
    }

    const Gazetteer& database_gazetteer() {
        std::string meta = database->get_metadata(META_GAZETTEERS);
        if (!loaded_gazetteer || meta != gazetteer_meta) {
            loaded_gazetteer.reset();
            loaded_gazetteer = load_database_gazetteer(*database);
            gazetteer_meta = std::move(meta);
        }
        return *loaded_gazetteer;
    }

    const VariantTable& variant_table(const SearchOptions& opts) {
        if (!variant_files || *variant_files != opts.variant_files) {
            variant_files.reset();
            variants = load_variants(opts);
            variant_files = opts.variant_files;
        }
        return variants;
    }

    SearchResults search_once(const SearchOptions& opts) {
        const Xapian::Database& db = *database;
        const Analyzer& analyzer = *analysis;
        // The gazetteer is loaded only when the search needs it.
        const Gazetteer* gazetteer = nullptr;
        const bool place_syntax = opts.query.find("place:") != std::string::npos;
        if (place_syntax || has_place_filters(opts) || opts.facets) gazetteer = &database_gazetteer();

        std::string unknown_place;  // from place: (PlaceFieldProcessor)
        Xapian::QueryParser parser = analyzer.make_query_parser(db);
        TermFrequencies frequencies(db);
        if (opts.match_all) parser.set_default_op(Xapian::Query::OP_AND);
        const Xapian::Stopper* stopper = opts.stopwords ? &arabic_stopper() : nullptr;
        // Function words are in nearly every article, so walking their
        // postings is a large part of the match, yet they only ever decide
        // the order among articles the other words found.  In free text
        // ranked by relevance with OR, they are left out of the match and
        // scored with the boosts over the first results (rerank.h): the same
        // weights there, a fraction of the time (docs/retrieval.md).
        const bool defer_stopwords = !opts.stopwords && !opts.match_all && opts.sort == SortOrder::relevance &&
                                     is_plain_text(normalize_text(opts.query, TextRole::query));
        if (stopper || defer_stopwords) parser.set_stopper(&arabic_stopper());
        if (gazetteer) parser.add_boolean_prefix("place", (new PlaceFieldProcessor(*gazetteer, unknown_place))->release());
        Xapian::Query query;
        // The form typed ranks above other forms of its stem, and words
        // standing together in an article (a name, a two-word place) rank it
        // above articles where they are scattered.  Both boosts reorder the
        // top of what the query matches (rerank.h), never add to it.
        Boost exact_boost;
        PastForms past_forms;  // what the verb forms added, for --explain
        Xapian::Query deferred_stopwords;  // their terms, as the parser makes them
        std::vector<std::pair<std::string, std::string>> proximity;  // pairs to rerank by
        if (is_blank(opts.query)) {
            query = Xapian::Query::MatchAll;
        } else {
            try {
                const VariantTable* table = opts.variants ? &variant_table(opts) : nullptr;
                query = analyzer.parse_query(parser, opts.query, 0, table);
                if (!unknown_place.empty()) throw Xapian::QueryParserError("unknown place '" + unknown_place + "'");
                if (defer_stopwords) {
                    const std::string stopped = stopped_words(parser);
                    parser.set_stopper(nullptr);
                    if (query.empty()) {
                        // Nothing but function words: they are the query.
                        query = analyzer.parse_query(parser, opts.query, 0, table);
                    } else if (!stopped.empty()) {
                        deferred_stopwords = analyzer.parse_query(parser, stopped);
                    }
                }
                // Headlines say يستقبل where the article says استقبل (verb_forms.h).
                if (opts.verb_forms) query = with_past_forms(query, analyzer, frequencies, opts.explain ? &past_forms : nullptr);
                const std::string normalized = normalize_text(opts.query, TextRole::query);
                // The typed form of a function word earns no boost: its
                // postings are as long as its stem's, for a weight near 0.
                if (opts.exact_forms)
                    exact_boost = exact_form_boost(normalized, defer_stopwords ? &arabic_stopper() : stopper);
                if (opts.proximity && opts.sort == SortOrder::relevance) proximity = proximity_pairs(normalized, frequencies);
            } catch (const Xapian::QueryParserError& e) {
                throw Error(EXIT_DATA_ERROR, "cannot parse query '" + opts.query + "': " + e.get_msg());
            }
        }
        if (opts.from || opts.to) query = Xapian::Query(Xapian::Query::OP_FILTER, query, date_filter(opts));
        if (has_place_filters(opts)) query = Xapian::Query(Xapian::Query::OP_FILTER, query, place_filter(opts, *gazetteer));
        // What the first results are rescored by.
        Boost window_boost = exact_boost;
        for (auto& leaf : boost_terms(deferred_stopwords)) window_boost.push_back(std::move(leaf));
        // What is ranked, as --json's parsed_query shows it and as snippets
        // mark it: the query with the boost it is reordered by.
        const Xapian::Query boost_as_query =
            deferred_stopwords.empty() ? boost_query(exact_boost)
            : exact_boost.empty()      ? deferred_stopwords
                                       : Xapian::Query(Xapian::Query::OP_OR, boost_query(exact_boost), deferred_stopwords);
        const Xapian::Query ranked =
            window_boost.empty() ? query : Xapian::Query(Xapian::Query::OP_AND_MAYBE, query, boost_as_query);
        const bool reorder = opts.sort == SortOrder::relevance && (!window_boost.empty() || !proximity.empty());

        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        // A listing without words (a date or place filter alone) has nothing to
        // rank: newest first.
        if (opts.sort == SortOrder::date || is_blank(opts.query))
            enquire.set_sort_by_value_then_relevance(VALUE_TIMESTAMP, true);
        // Facets count every match, so the match must look at every candidate.
        const Xapian::doccount check_at_least =
            opts.facets ? db.get_doccount()
                        : static_cast<Xapian::doccount>(std::max<std::size_t>(100, opts.offset + opts.limit));
        MultiValueCountSpy place_spy(VALUE_PLACES), country_spy(VALUE_COUNTRIES), source_spy(VALUE_SOURCE);
        if (opts.facets) {
            enquire.add_matchspy(&place_spy);
            enquire.add_matchspy(&country_spy);
            enquire.add_matchspy(&source_spy);
        }
        // The boosts reorder the top of the ranking: fetch from the first
        // result, then cut the page out of the new order.
        const std::size_t window = std::max(RERANK_WINDOW, opts.offset + opts.limit);
        const Xapian::MSet mset =
            !reorder ? enquire.get_mset(static_cast<Xapian::doccount>(opts.offset),
                                        static_cast<Xapian::doccount>(opts.limit), check_at_least)
                     : enquire.get_mset(0, static_cast<Xapian::doccount>(window), check_at_least);
        std::vector<std::pair<Xapian::doccount, double>> order;  // (index in mset, weight)
        Reranking reranking;
        if (!reorder) {
            for (Xapian::doccount i = 0; i < mset.size(); ++i) order.emplace_back(i, mset[i].get_weight());
        } else {
            reranking = rerank_top(db, mset, window_boost, proximity, RERANK_WINDOW, &frequencies);
            order = std::move(reranking.order);
            order.erase(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(std::min(opts.offset, order.size())));
            if (order.size() > opts.limit) order.resize(opts.limit);
        }

        SearchResults results;
        if (opts.facets) {
            constexpr std::size_t FACET_LIMIT = 10;
            results.facets = Facets{top_facets(place_spy.counts(), FACET_LIMIT, gazetteer, false),
                                    top_facets(country_spy.counts(), FACET_LIMIT, gazetteer, true),
                                    top_facets(source_spy.counts(), FACET_LIMIT, nullptr, false)};
        }
        if (opts.explain) results.explanation = explain_query(opts.query, analyzer, db, stopper, past_forms);
        // "Did you mean": only when the query finds nothing or little, and
        // only for its words that are in no article (a word the archive
        // holds is no misspelling), from the spelling data the indexer
        // records (the archive's own title words).  The gate matters:
        // Xapian's suggestion costs milliseconds, 91% of the time of
        // bench/perf's phrase queries, and more for long words.
        constexpr Xapian::doccount FEW_RESULTS = 3;
        if (!is_blank(opts.query) && mset.get_matches_estimated() < FEW_RESULTS)
            results.did_you_mean = spelling_correction(normalize_text(opts.query, TextRole::query), analyzer, db);
        results.total_estimate = mset.get_matches_estimated();
        results.parsed_query = ranked.get_description();
        std::vector<Xapian::docid> docids;
        for (const auto& [index, weight] : order) docids.push_back(*mset[index]);
        const std::vector<std::string> terms = distinct_terms(ranked);
        std::vector<std::vector<std::string>> matched = matching_terms(db, terms, docids, reranking);
        // One matcher for the page: the words of ten articles are analysed once.
        WordMatcher matcher(analyzer, terms, &words);
        for (std::size_t position = 0; position < order.size(); ++position) {
            const Xapian::MSetIterator it = mset[order[position].first];
            Hit hit;
            hit.rank = opts.offset + position + 1;
            hit.score = order[position].second;
            hit.percent = it.get_percent();
            // The body is only read for a snippet.
            const StoredArticle stored = read_stored_article(it.get_document(), opts.snippet_chars > 0);
            hit.id = stored.id;
            hit.url = stored.url;
            hit.date = stored.date;
            hit.source = stored.source;
            hit.author = stored.author;
            hit.places = stored.places;
            hit.matched_terms = std::move(matched[position]);
            matcher.restrict_to(hit.matched_terms);
            hit.title = highlight_all(stored.title, matcher);
            if (opts.snippet_chars > 0) hit.snippet = make_snippet(stored.body, matcher, opts.snippet_chars);
            results.hits.push_back(std::move(hit));
        }
        return results;
    }
};

namespace {

// An indexer may commit, or a rebuild switch the database, while we read:
// retry a few times, after a short pause, before giving up.
constexpr int ATTEMPTS = 6;

void pause_before(int attempt) { std::this_thread::sleep_for(std::chrono::milliseconds(20 * attempt)); }

}  // namespace

Searcher::Searcher(const std::string& db_path) : state_(std::make_unique<State>()) {
    state_->path = db_path;
    require_database(db_path);
    for (int attempt = 1;; ++attempt) {
        try {
            state_->open();
            return;
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == ATTEMPTS) throw Error(EXIT_INTERNAL, "the database kept changing during the search: " + e.get_msg());
        } catch (const Xapian::DatabaseError& e) {
            if (attempt == ATTEMPTS) throw Error(EXIT_NO_INPUT, "cannot read database " + db_path + ": " + e.get_msg());
        }
        pause_before(attempt);
    }
}

Searcher::~Searcher() = default;

const std::string& Searcher::db_path() const { return state_->path; }

SearchResults Searcher::search(const SearchOptions& opts) {
    const auto start = std::chrono::steady_clock::now();
    check_search_options(opts);
    State& state = *state_;
    for (int attempt = 1;; ++attempt) {
        try {
            // A rebuild switched the path to a new generation: open that one.
            if (!state.database || state.switched()) state.open();
            SearchResults results = state.search_once(opts);
            results.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            return results;
        } catch (const Xapian::DatabaseModifiedError& e) {
            if (attempt == ATTEMPTS) throw Error(EXIT_INTERNAL, "the database kept changing during the search: " + e.get_msg());
            // A commit: read the latest revision.
            try {
                state.database->reopen();
            } catch (const Xapian::DatabaseError&) {
                state.database.reset();  // open again from the path on the next attempt
            }
        } catch (const Xapian::DatabaseError& e) {
            // Opening, or reading a file a rebuild just removed: the path
            // now names the new database.
            if (attempt == ATTEMPTS) throw Error(EXIT_NO_INPUT, "cannot read database " + state.path + ": " + e.get_msg());
            state.database.reset();
        }
        pause_before(attempt);
    }
}

std::vector<std::string> missing_data_warnings(const SearchOptions& opts) {
    std::vector<std::string> warnings;
    // $FAHRAS_VARIANTS naming a missing file is an error when it is loaded.
    if (opts.variants && bundled_variants_path().empty()) {
        warnings.push_back("warning: no name variants: " + data_file_not_found("variants_ar.txt") +
                           "; searching without them (أمريكا does not find أميركا). Reinstall Fahras, set "
                           "FAHRAS_VARIANTS to the file, or pass --no-variants");
    }
    std::error_code ec;
    if (const std::string stopwords = stopwords_path(); stopwords.empty() || !std::filesystem::is_regular_file(stopwords, ec)) {
        warnings.push_back("warning: no stopwords: " +
                           (stopwords.empty() ? data_file_not_found("stopwords_ar.txt") : "no file " + stopwords) +
                           "; function words (في، من، على…) are searched like any other. Reinstall Fahras or set "
                           "FAHRAS_STOPWORDS to the file");
    }
    return warnings;
}

SearchResults run_search(const SearchOptions& opts) {
    const auto start = std::chrono::steady_clock::now();
    check_search_options(opts);  // before the database is opened
    Searcher searcher(opts.db_path);
    SearchResults results = searcher.search(opts);
    // What fahras-search reports includes opening the database.
    results.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return results;
}

}  // namespace fahras
