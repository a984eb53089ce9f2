/** @file request_check.h
 *  @brief A request checked against the limits (search_types.h), and its
 *  query normalized: the one normalization of the query text a search does.
 */
#ifndef FAHRAS_REQUEST_CHECK_H
#define FAHRAS_REQUEST_CHECK_H

#include "search_types.h"

#include <string>

namespace fahras {

/** check_search_request(), returning normalize_text(request.query,
 *  TextRole::query): the words are counted on it, and every stage reads
 *  it rather than normalizing the query again.  The query is normalized
 *  only once its size is known to be within MAX_QUERY_BYTES. */
std::string checked_normalized_query(const SearchRequest& request);

}  // namespace fahras

#endif  // FAHRAS_REQUEST_CHECK_H
