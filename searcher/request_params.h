/** @file request_params.h
 *  @brief The values of a search request read from text, checked the same
 *  way wherever they come from: fahras-search's options and fahras-serve's
 *  query parameters.
 *
 *  Each function names the parameter in its message as it is given (@a name:
 *  "--limit" on the command line, "limit" in a URL) and throws
 *  fahras::Error(EXIT_USAGE) for a value it cannot take.
 */
#ifndef FAHRAS_REQUEST_PARAMS_H
#define FAHRAS_REQUEST_PARAMS_H

#include "search_types.h"

#include <chrono>
#include <cstddef>
#include <string>
#include <utility>

namespace fahras {

/** YYYY, YYYY-MM or YYYY-MM-DD, or a Hijri date (read_date_bound in
 *  dates.h: 1436-10h), as the YYYYMMDD bound of a date range: the first
 *  day of that span, or its last when @a is_end.  The message says what is
 *  wrong with a date that does not exist ("Ramadan 1436 has 29 days…"). */
std::string date_param(const std::string& name, const std::string& value, bool is_end);

/** A count from @a least to @a most, in decimal digits only ("-1" and
 *  "1e3" are refused, and so is a count past @a most however many digits
 *  it has). */
std::size_t count_param(const std::string& name, const std::string& value, std::size_t least, std::size_t most);

/** LAT,LON in degrees, LAT in [-90, 90] and LON in [-180, 180]. */
std::pair<double, double> near_param(const std::string& name, const std::string& value);

/** A finite decimal number (strtod's "nan", "inf" and hex refused). */
double decimal_param(const std::string& name, const std::string& value);

/** Seconds, a decimal number from 0.001 to 600 (--remote-timeout 2.5),
 *  in milliseconds. */
std::chrono::milliseconds timeout_param(const std::string& name, const std::string& value);

/** relevance or date. */
SortOrder sort_param(const std::string& name, const std::string& value);

/** The facets named in @a value: "all", or some of places, countries,
 *  sources and dates separated by commas ("places,dates"); FacetKind bits. */
unsigned facets_param(const std::string& name, const std::string& value);

/** Whether @a value names facets as facets_param() reads them. */
bool names_facets(const std::string& value);

/** auto, day, month or year. */
DateInterval interval_param(const std::string& name, const std::string& value);

}  // namespace fahras

#endif  // FAHRAS_REQUEST_PARAMS_H
