/** @file query_string.h
 *  @brief A URL's query string and path segments, percent-decoded.
 */
#ifndef FAHRAS_SERVE_QUERY_STRING_H
#define FAHRAS_SERVE_QUERY_STRING_H

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras::serve {

/** %XX decoded, and '+' read as a space when @a plus_is_space (a query
 *  string's form encoding; a path keeps its '+').  Nothing for a '%' not
 *  followed by two hexadecimal digits.  The bytes decoded are returned as
 *  they are: whether they are UTF-8 is for the reader to judge. */
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

/** name=value pairs of @a query ("a=1&b=x%20y"), decoded, in order; a
 *  name without '=' has an empty value; empty pieces ("a=1&&b=2") are
 *  skipped.  Throws fahras::Error(EXIT_USAGE) for a bad percent-encoding. */
std::vector<std::pair<std::string, std::string>> parse_query_string(std::string_view query);

}  // namespace fahras::serve

#endif  // FAHRAS_SERVE_QUERY_STRING_H
