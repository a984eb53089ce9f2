/** @file result_json.h
 *  @brief A page of results as JSON: the fields of a hit, of the facets and
 *  of the summary, written once for every caller.
 *
 *  fahras-search --json writes each as a line of its own (output.cpp);
 *  fahras-serve writes them into one object (serve/api_search.cpp).  Both
 *  call these, so a hit has the same fields, names and values in both.
 */
#ifndef FAHRAS_RESULT_JSON_H
#define FAHRAS_RESULT_JSON_H

#include "json_writer.h"
#include "search_types.h"

namespace fahras {

/** One place of an article, as an object: {id, name, name_en, kind,
 *  country, lat, lon}, null where the gazetteer knows nothing (a place
 *  dropped from a user gazetteer since indexing). */
void write_place(JsonWriter& json, const PlaceDetail& place);

/** The fields of @a hit (rank, id, url, title, title_highlights, date,
 *  date_hijri, source, author, score, percent, snippet, highlights, matched_terms,
 *  places (as write_place), other_count, other_versions), into an object
 *  already open. */
void write_hit_fields(JsonWriter& json, const Hit& hit);

/** The facets asked for (Facets::kinds), into an object already open:
 *  "places", "countries" and "sources", arrays of {id|code|source, name,
 *  count}; "dates", the timeline: {interval, counts ("stories" or
 *  "articles"), undated, buckets: [{start, end, start_hijri, end_hijri,
 *  count}]}. */
void write_facet_fields(JsonWriter& json, const Facets& facets);

/** What a page says about the query: query, like (the article of a
 *  related search, only then), parsed_query, total_estimate,
 *  returned, offset, limit, elapsed_ms, did_you_mean (null when none) and,
 *  when @a request asked for it, explain; into an object already open. */
void write_summary_fields(JsonWriter& json, const ResultPage& results, const SearchRequest& request);

}  // namespace fahras

#endif  // FAHRAS_RESULT_JSON_H
