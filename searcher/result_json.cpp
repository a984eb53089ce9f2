// A page of results as JSON fields: what fahras-search --json and
// fahras-serve both write.
#include "result_json.h"

namespace fahras {

namespace {

void write_facets(JsonWriter& json, std::string_view name, const std::vector<FacetCount>& facets, const char* key_name) {
    json.key(name).begin_array();
    for (const auto& facet : facets)
        json.begin_object().field(key_name, facet.key).field("name", facet.name).field("count", facet.count).end_object();
    json.end_array();
}

/** Highlighted spans of @a snippet as [begin, end] pairs of code points. */
void write_spans(JsonWriter& json, std::string_view name, const Snippet& snippet) {
    json.key(name).begin_array();
    for (const auto& [begin, end] : snippet_highlights(snippet)) json.begin_array().value(begin).value(end).end_array();
    json.end_array();
}

}  // namespace

void write_place(JsonWriter& json, const PlaceDetail& place) {
    const auto text_or_null = [&json](const char* name, const std::string& text) {
        json.key(name);
        if (text.empty()) json.null();
        else json.value(text);
    };
    json.begin_object().field("id", place.id).field("name", place.name);
    text_or_null("name_en", place.name_en);
    text_or_null("kind", place.kind);
    text_or_null("country", place.country_code);
    json.key("lat");
    if (place.lat) json.value(*place.lat);
    else json.null();
    json.key("lon");
    if (place.lon) json.value(*place.lon);
    else json.null();
    json.end_object();
}

void write_hit_fields(JsonWriter& json, const Hit& hit) {
    json.field("rank", hit.rank).field("id", hit.id).field("url", hit.url).field("title", snippet_text(hit.title));
    write_spans(json, "title_highlights", hit.title);
    json.field("date", hit.date)
        .field("date_hijri", hit.date_hijri)
        .field("source", hit.source)
        .field("author", hit.author)
        .field("score", hit.score)
        .field("percent", hit.percent)
        .field("snippet", snippet_text(hit.snippet));
    write_spans(json, "highlights", hit.snippet);
    json.key("matched_terms").begin_array();
    for (const auto& term : hit.matched_terms) json.value(term);
    json.end_array().key("places").begin_array();
    for (const auto& place : hit.places) write_place(json, place);
    json.end_array().field("other_count", hit.other_count).key("other_versions").begin_array();
    for (const auto& other : hit.other_versions)
        json.begin_object()
            .field("id", other.id)
            .field("url", other.url)
            .field("source", other.source)
            .field("date", other.date)
            .end_object();
    json.end_array();
}

namespace {

void write_date_facet(JsonWriter& json, const DateFacet& dates) {
    json.key("dates").begin_object()
        .field("interval", interval_name(dates.interval))
        .field("counts", dates.stories ? "stories" : "articles")
        .field("undated", dates.undated);
    json.key("buckets").begin_array();
    for (const auto& bucket : dates.buckets)
        json.begin_object()
            .field("start", bucket.start)
            .field("end", bucket.end)
            .field("start_hijri", bucket.start_hijri)
            .field("end_hijri", bucket.end_hijri)
            .field("count", bucket.count)
            .end_object();
    json.end_array().end_object();
}

}  // namespace

void write_facet_fields(JsonWriter& json, const Facets& facets) {
    if (facets.kinds & FACET_PLACES) write_facets(json, "places", facets.places, "id");
    if (facets.kinds & FACET_COUNTRIES) write_facets(json, "countries", facets.countries, "code");
    if (facets.kinds & FACET_SOURCES) write_facets(json, "sources", facets.sources, "source");
    if (facets.dates) write_date_facet(json, *facets.dates);
}

void write_summary_fields(JsonWriter& json, const ResultPage& results, const SearchRequest& request) {
    json.field("query", request.query);
    // --like: the article whose related articles these are.
    if (request.like) json.field("like", *request.like);
    json.field("parsed_query", results.parsed_query)
        .field("total_estimate", results.total_estimate)
        .field("total_is_exact", results.total_is_exact)
        .field("total_counts", results.collapsed ? "stories" : "articles")
        .field("returned", results.hits.size())
        .field("offset", request.offset)
        .field("limit", request.limit)
        .field("elapsed_ms", results.seconds * 1000.0);
    json.key("did_you_mean");
    if (results.did_you_mean.empty()) json.null();
    else json.value(results.did_you_mean);
    json.field("searched_correction", results.searched_correction)
        .field("syntax_fallback", results.syntax_fallback);
    json.key("capped_prefixes").begin_array();
    for (const auto& prefix : results.capped_prefixes) json.value(prefix);
    json.end_array();
    // Asked for partial results: which remote shards they leave out.
    if (request.partial) {
        json.key("shards_failed").begin_array();
        for (const auto& shard : results.shards_failed) json.value(shard);
        json.end_array();
    }
    if (!request.explain) return;
    json.key("explain").begin_array();
    for (const auto& w : results.explanation) {
        json.begin_object()
            .field("word", w.word)
            .field("normalized", w.normalized)
            .field("stem", w.stem)
            .field("word_frequency", w.word_frequency)
            .field("stem_frequency", w.stem_frequency)
            .field("stopword", w.stopword);
        json.key("past_forms").begin_array();
        for (const auto& stem : w.past_forms) json.value(stem);
        json.end_array().end_object();
    }
    json.end_array();
}

}  // namespace fahras
