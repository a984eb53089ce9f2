/** @file saved_searches.h
 *  @brief The saved searches fahras-alerts runs: a file an editor writes by
 *  hand, one JSON object per line.
 *
 *      # comments and blank lines are allowed
 *      {"name": "aleppo", "query": "حلب", "country": "sy"}
 *      {"name": "opec", "query": "أوبك النفط", "all": true, "source": "aawsat"}
 *
 *  Keys: name (required, unique), query, source, place, country (a string
 *  or a list of strings), from, to, all, collapse, sort, limit,
 *  snippet_length; the same meaning as fahras-search's options.  An unknown
 *  key is an error (a typo would otherwise widen the search silently).
 */
#ifndef FAHRAS_ALERTS_SAVED_SEARCHES_H
#define FAHRAS_ALERTS_SAVED_SEARCHES_H

#include "search_types.h"

#include <cstddef>
#include <iosfwd>
#include <string>
#include <vector>

namespace fahras {

/// Hits listed at most in one alert record when the saved search says no "limit".
inline constexpr std::size_t DEFAULT_ALERT_LIMIT = 100;

/** One saved search: its name (the key of its place in the state file),
 *  the line it was read from, and the request it runs. */
struct SavedSearch {
    std::string name;
    std::size_t line = 0;
    SearchRequest request;
};

/** What a saved-searches file holds: the searches read, and one message
 *  for each line that could not be read ("FILE:LINE: error: why"). */
struct SavedSearches {
    std::vector<SavedSearch> searches;
    std::vector<std::string> errors;
};

/** Read the saved searches from @a in; @a file_name names it in the
 *  messages.  A bad line costs only itself. */
SavedSearches parse_saved_searches(std::istream& in, const std::string& file_name);

/** Read the saved searches file @a path.  Throws fahras::Error
 *  (EXIT_NO_INPUT) when it cannot be read. */
SavedSearches read_saved_searches(const std::string& path);

}  // namespace fahras

#endif  // FAHRAS_ALERTS_SAVED_SEARCHES_H
