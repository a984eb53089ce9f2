// GET /api/search: query parameters into a SearchRequest, checked as
// fahras-search checks its options (request_params.h), and the page as one
// JSON object whose hits are written by the same code as fahras-search --json.
#include "api.h"
#include "query_string.h"

#include <request_params.h>
#include <result_json.h>
#include <searcher.h>

#include <fahras/error.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace fahras::serve {

namespace {

bool flag_param(const std::string& name, const std::string& value) {
    if (value == "1" || value == "true") return true;
    if (value == "0" || value == "false" || value.empty()) return false;
    throw Error(EXIT_USAGE, name + " expects 1 or 0, got '" + value + "'");
}

// facets=1 (or true) counts every facet, as --facets alone; facets=0 none;
// facets=places,dates the facets named, as --facets places,dates.
void facets_choice(const std::string& name, const std::string& value, SearchRequest& request) {
    if (value == "1" || value == "true" || value == "0" || value == "false" || value.empty()) {
        request.facets = flag_param(name, value);
        return;
    }
    if (!names_facets(value))
        throw Error(EXIT_USAGE, name + " expects 1 or 0, or some of places, countries, sources and dates separated by "
                                       "commas, got '" + value + "'");
    request.facets = true;
    request.facet_kinds = facets_param(name, value);
}

// Every parameter /api/search takes; each may be given once, but place and
// country as often as wanted (like --place and --country).
void apply_param(const std::string& name, const std::string& value, SearchRequest& request) {
    if (name == "q") request.query = value;
    else if (name == "place") request.places.push_back(value);
    else if (name == "country") request.countries.push_back(value);
    else if (name == "near") request.near = near_param(name, value);
    else if (name == "km") request.near_km = decimal_param(name, value);
    else if (name == "from") request.from = date_param(name, value, false);
    else if (name == "to") request.to = date_param(name, value, true);
    else if (name == "sort") request.sort = sort_param(name, value);
    else if (name == "limit") request.limit = count_param(name, value, 1, MAX_LIMIT);
    else if (name == "offset") request.offset = count_param(name, value, 0, MAX_OFFSET);
    else if (name == "snippet_length") request.snippet_chars = count_param(name, value, 0, MAX_SNIPPET_CHARS);
    else if (name == "facets") facets_choice(name, value, request);
    else if (name == "date_interval") request.date_interval = interval_param(name, value);
    else if (name == "explain") request.explain = flag_param(name, value);
    else if (name == "all") request.match_all = flag_param(name, value);
    else if (name == "strict") request.strict = flag_param(name, value);
    else if (name == "correct") request.correct = flag_param(name, value);
    else if (name == "collapse") request.collapse = flag_param(name, value);
    else if (name == "like") request.like = value;
    else if (name == "partial") request.partial = flag_param(name, value);
    else
        throw Error(EXIT_USAGE, "unknown parameter '" + name +
                                    "' (known: q, like, place, country, near, km, from, to, source, sort, limit, offset, "
                                    "facets, date_interval, explain, snippet_length, all, strict, correct, collapse, partial)");
}

// source=NAME is the query's own source:NAME filter: one way to filter by
// source, parsed by the library like any other filter.
std::string source_filter(const std::string& source) {
    if (source.empty() || source.find_first_of(" \t\r\n\"()") != std::string::npos)
        throw Error(EXIT_USAGE, "source expects a source name without spaces, quotes or brackets, got '" + source + "'");
    return "source:" + source;
}

SearchRequest search_request(std::string_view query_string) {
    SearchRequest request;
    std::vector<std::string> seen, sources;
    for (const auto& [name, value] : parse_query_string(query_string)) {
        const bool repeatable = name == "place" || name == "country" || name == "source";
        if (!repeatable && std::find(seen.begin(), seen.end(), name) != seen.end())
            throw Error(EXIT_USAGE, "parameter '" + name + "' given twice");
        seen.push_back(name);
        if (name == "source") sources.push_back(source_filter(value));
        else apply_param(name, value, request);
    }
    // source=NAME is source:NAME added to q, as fahras-search users type
    // it: several are alternatives (Xapian ORs filters of one prefix).
    for (const auto& source : sources) request.query += (request.query.empty() ? "" : " ") + source;
    if (request.from && request.to && *request.from > *request.to) throw Error(EXIT_USAGE, "from is after to");
    if (std::find(seen.begin(), seen.end(), "date_interval") != seen.end() &&
        !(request.facets && (request.facet_kinds & FACET_DATES)))
        throw Error(EXIT_USAGE, "date_interval sets the timeline's buckets: give it with facets=1 or facets=dates");
    const bool filters = request.from || request.to || !request.places.empty() || !request.countries.empty() || request.near;
    if (request.query.find_first_not_of(' ') == std::string::npos && !filters && !request.like)
        throw Error(EXIT_USAGE, "no q given (or give from, to, place, country, near or source to list articles by date, "
                                "or like=ID for the articles related to one)");
    return request;
}

}  // namespace

ApiResponse search_endpoint(std::string_view query_string, Searcher& searcher) {
    const SearchRequest request = search_request(query_string);
    const ResultPage page = searcher.search(request);
    ApiResponse response;
    JsonWriter json(response.body);
    json.begin_object();
    write_summary_fields(json, page, request);
    json.key("hits").begin_array();
    for (const auto& hit : page.hits) {
        json.begin_object();
        write_hit_fields(json, hit);
        json.end_object();
    }
    json.end_array();
    if (page.facets) {
        json.key("facets").begin_object();
        write_facet_fields(json, *page.facets);
        json.end_object();
    }
    json.end_object();
    return response;
}

}  // namespace fahras::serve
