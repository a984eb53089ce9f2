#include "request_check.h"

#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/query_lexer.h>

#include <cmath>
#include <string_view>

namespace fahras {

std::string checked_normalized_query(const SearchRequest& request) {
    if (request.limit == 0 || request.limit > MAX_LIMIT)
        throw Error(EXIT_USAGE, "--limit must be from 1 to " + std::to_string(MAX_LIMIT) + ", got " +
                                    std::to_string(request.limit));
    if (request.offset > MAX_OFFSET)
        throw Error(EXIT_USAGE, "--offset must be at most " + std::to_string(MAX_OFFSET) + ", got " +
                                    std::to_string(request.offset));
    if (request.snippet_chars > MAX_SNIPPET_CHARS)
        throw Error(EXIT_USAGE, "--snippet-length must be at most " + std::to_string(MAX_SNIPPET_CHARS) + ", got " +
                                    std::to_string(request.snippet_chars));
    // Written so that a NaN fails every test.
    if (request.near && !(request.near->first >= -90 && request.near->first <= 90 && request.near->second >= -180 &&
                          request.near->second <= 180))
        throw Error(EXIT_USAGE, "--near expects a latitude from -90 to 90 and a longitude from -180 to 180");
    if (!(request.near_km > 0 && std::isfinite(request.near_km)))
        throw Error(EXIT_USAGE, "--km must be a positive number of km");
    if (request.query.size() > MAX_QUERY_BYTES)
        throw Error(EXIT_DATA_ERROR, "the query is too long: " + std::to_string(request.query.size()) + " bytes, at most " +
                                         std::to_string(MAX_QUERY_BYTES) + " are searched; shorten it");
    // An id is at most as long as a query (the longest of SaudiNewsNet's, urls, have about 400 bytes).
    if (request.like && (request.like->empty() || request.like->size() > MAX_QUERY_BYTES))
        throw Error(EXIT_USAGE, "--like expects an article id of 1 to " + std::to_string(MAX_QUERY_BYTES) + " bytes, got " +
                                    std::to_string(request.like->size()));
    std::string normalized = normalize_text(request.query, TextRole::query);
    if (const std::size_t words = word_runs(normalized).size(); words > MAX_QUERY_WORDS)
        throw Error(EXIT_DATA_ERROR, "the query has too many words: " + std::to_string(words) + ", at most " +
                                         std::to_string(MAX_QUERY_WORDS) + " are searched; shorten it");
    return normalized;
}

void check_search_request(const SearchRequest& request) { checked_normalized_query(request); }

}  // namespace fahras
