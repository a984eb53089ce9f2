// The facade: a request goes through the three stages (plan, match, page)
// on a database kept open by database.h.
#include "searcher.h"

#include "completion.h"
#include "database.h"
#include "match.h"
#include "page.h"
#include "places.h"
#include "postings.h"
#include "query_analysis.h"
#include "query_plan.h"
#include "request_check.h"

#include <fahras/data_files.h>
#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/variants.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>

namespace fahras {

namespace {

// Xapian's revision of @a database; 0 where it has none to give (a
// database of several shards: Xapian 1.4 calls get_revision experimental
// and refuses it there).
Xapian::rev revision_of(const Xapian::Database& database) {
    try {
        return database.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
        return 0;
    }
}

}  // namespace

struct Searcher::State {
    SearchDatabase db;
    std::vector<std::string> variant_files;
    // The bundled name variants and variant_files, loaded by the first
    // query that expands variants.
    std::optional<VariantTable> variants;
    // Those with the English place names of a gazetteer added, and the
    // content hash of that gazetteer.
    std::optional<VariantTable> variants_with_places;
    std::string places_hash;
    // The title vocabulary in memory, and the database revision it was
    // read from (a commit or a rebuild's switch changes uuid or revision).
    std::unique_ptr<CompletionIndex> completions;
    std::string completions_uuid;
    Xapian::rev completions_revision = 0;

    State(const std::string& path, std::vector<std::string> files, std::chrono::milliseconds remote_timeout)
        : db(path, remote_timeout), variant_files(std::move(files)) {}

    const VariantTable& variant_table() {
        if (!variants) {
            VariantTable table;
            try {
                if (const std::string bundled = bundled_variants_path(); !bundled.empty()) table.load(bundled);
                for (const auto& file : variant_files) table.load(file);
            } catch (const std::runtime_error& e) {
                throw Error(EXIT_USAGE, e.what());
            }
            variants = std::move(table);
        }
        return *variants;
    }

    // The variants with the English place names of the database's
    // gazetteer; the variants alone when there is no gazetteer to read (an
    // installation without one still searches Latin names, place: and
    // --place say what is missing).
    const VariantTable& variant_table_with_places() {
        const Gazetteer* found = nullptr;
        try {
            found = &db.gazetteer();
        } catch (const Error&) {
            return variant_table();
        }
        const Gazetteer& gazetteer = *found;
        if (!variants_with_places || places_hash != gazetteer.content_hash()) {
            VariantTable table = variant_table();
            add_english_place_names(table, gazetteer);
            variants_with_places = std::move(table);
            places_hash = gazetteer.content_hash();
        }
        return *variants_with_places;
    }

    /** One attempt at the search: it starts over if the database changes. */
    ResultPage search_once(const SearchRequest& request, const std::string& normalized_query) {
        const Xapian::Database& database = db.database();
        const PlanNeeds needs = plan_needs(request);
        // The gazetteer and the variants are loaded only when a search needs them.
        const Gazetteer* gazetteer = needs.gazetteer ? &db.gazetteer() : nullptr;
        const VariantTable* table = needs.english_place_names ? &variant_table_with_places()
                                    : needs.variants          ? &variant_table()
                                                              : nullptr;
        TermFrequencies frequencies(database);
        const QueryPlan plan =
            plan_query(request, normalized_query,
                       PlanInputs{database, db.analyzer(), gazetteer, table, frequencies, db.has_remote_shards()});
        Match match = run_match(database, request, plan, gazetteer, frequencies, db.has_remote_shards());
        return assemble_page(database, db.analyzer(), db.words(), request, plan, match);
    }

    /** search_once(), and then its correction's results instead when the
     *  query found little and the correction finds more, as web search
     *  engines do ("results for X; search instead for Y"). */
    ResultPage search_corrected(const SearchRequest& request, const std::string& normalized_query) {
        ResultPage page = search_once(request, normalized_query);
        if (!request.correct || page.did_you_mean.empty()) return page;
        SearchRequest corrected = request;
        corrected.query = page.did_you_mean;  // normalized, read as the parser reads it: no note of its own
        ResultPage other = search_once(corrected, normalize_text(corrected.query, TextRole::query));
        if (other.total_estimate <= page.total_estimate) return page;
        other.did_you_mean = std::move(page.did_you_mean);
        other.searched_correction = true;
        // What was read of the query as typed.
        other.syntax_fallback = page.syntax_fallback;
        other.syntax_note = std::move(page.syntax_note);
        return other;
    }
};

Searcher::Searcher(const std::string& db_path, std::vector<std::string> variant_files,
                   std::chrono::milliseconds remote_timeout)
    : state_(std::make_unique<State>(db_path, std::move(variant_files), remote_timeout)) {}

Searcher::~Searcher() = default;

const std::string& Searcher::db_path() const { return state_->db.path(); }

namespace {

// What the gazetteer knows of @a place (a place dropped from a user
// gazetteer since indexing keeps only its id and name).
PlaceDetail describe_place(const PlaceRef& place, const Gazetteer& gazetteer) {
    PlaceDetail detail{place.id, place.name, {}, {}, {}, {}, {}};
    const PlaceIndex index = gazetteer.find_id(place.id);
    if (index == NO_PLACE) return detail;
    const Place& known = gazetteer.place(index);
    detail.name_en = known.name_en;
    detail.kind = std::string(place_kind_name(known.kind));
    detail.country_code = known.country_code;
    detail.lat = known.lat;
    detail.lon = known.lon;
    return detail;
}

// Each hit's places with their country, kind, English name and
// coordinates, so that a page can draw them on a map.  The gazetteer is
// loaded for it only when a hit has places (it is small: a few ms); when
// it cannot be read (an installed tree without its data), the places keep
// their id and name and the search goes on, as it does without variants.
void describe_places(ResultPage& page, SearchDatabase& db) {
    const Gazetteer* gazetteer = nullptr;
    bool unreadable = false;
    for (Hit& hit : page.hits) {
        for (PlaceDetail& place : hit.places) {
            if (!gazetteer && !unreadable) {
                try {
                    gazetteer = &db.gazetteer();
                } catch (const Error&) {
                    unreadable = true;
                }
            }
            if (gazetteer) place = describe_place(PlaceRef{place.id, place.name}, *gazetteer);
        }
    }
}

}  // namespace

ResultPage Searcher::search(const SearchRequest& request) {
    const auto start = std::chrono::steady_clock::now();
    // The one normalization of the query text: every stage reads this.
    const std::string normalized_query = checked_normalized_query(request);
    ResultPage page;
    state_->db.read_with_retries([&] {
        // Without partial, results must count every shard.
        if (!request.partial) state_->db.require_all_shards();
        page = state_->search_corrected(request, normalized_query);
        describe_places(page, state_->db);
        page.shards_failed.clear();
        for (const auto& shard : state_->db.failed()) page.shards_failed.push_back(shard.address);
    });
    page.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return page;
}


std::optional<ArticleDetail> Searcher::article(const std::string& id) {
    std::optional<ArticleDetail> found;
    state_->db.read_with_retries([&] {
        found.reset();
        state_->db.require_all_shards();  // "no such article" must mean none
        const Xapian::Database& database = state_->db.database();
        const std::string term = make_id_term(id);
        const Xapian::PostingIterator posting = database.postlist_begin(term);
        if (posting == database.postlist_end(term)) return;
        StoredArticle article = read_stored_article(database.get_document(*posting));
        // A hashed id term could be shared by two long ids: the stored id decides.
        if (article.id != id) return;
        ArticleDetail detail;
        if (!article.places.empty()) {
            const Gazetteer& gazetteer = state_->db.gazetteer();
            for (const PlaceRef& place : article.places) detail.places.push_back(describe_place(place, gazetteer));
        }
        detail.article = std::move(article);
        found = std::move(detail);
    });
    return found;
}

CompletionPage Searcher::complete(std::string_view query, std::size_t limit) {
    CompletionPage page;
    state_->db.read_with_retries([&] {
        state_->db.require_all_shards();
        const Xapian::Database& database = state_->db.database();
        const std::string uuid = database.get_uuid();
        const Xapian::rev revision = revision_of(database);
        if (!state_->completions || uuid != state_->completions_uuid || revision != state_->completions_revision) {
            state_->completions.reset();
            state_->completions = std::make_unique<CompletionIndex>(database, &arabic_stopper());
            state_->completions_uuid = uuid;
            state_->completions_revision = revision;
        }
        page = complete_query(*state_->completions, query, limit, &database);
    });
    return page;
}

DatabaseSummary Searcher::summary() {
    DatabaseSummary result;
    state_->db.read_with_retries([&] {
        state_->db.ask_remote_shards();  // a health check fails while a shard is out
        state_->db.require_all_shards();
        const Xapian::Database& database = state_->db.database();
        result.articles = database.get_doccount();
        result.last_update = database.get_metadata(META_LAST_UPDATE);
        result.revision = revision_of(database);
    });
    return result;
}

std::vector<std::string> missing_data_warnings(const SearchRequest& request) {
    std::vector<std::string> warnings;
    // $FAHRAS_VARIANTS naming a missing file is an error when it is loaded.
    if (request.variants && bundled_variants_path().empty()) {
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

}  // namespace fahras
