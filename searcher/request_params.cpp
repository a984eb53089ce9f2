// Request values read from text: shared by fahras-search's options and
// fahras-serve's query parameters, so both accept and refuse the same.
#include "request_params.h"

#include <fahras/dates.h>
#include <fahras/error.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <optional>
#include <utility>

namespace fahras {

namespace {

// A decimal number, nothing after it, within [-bound, bound].
std::optional<double> decimal(std::string text, double bound) {
    while (!text.empty() && text.back() == ' ') text.pop_back();
    const std::size_t start = std::min(text.find_first_not_of(' '), text.size());
    if (start == text.size() || text.find_first_not_of("0123456789+-.eE", start) != std::string::npos) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str() + start, &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value) || value < -bound || value > bound) return std::nullopt;
    return value;
}

}  // namespace

std::string date_param(const std::string& name, const std::string& value, bool is_end) {
    DateBound bound = read_date_bound(value, is_end);
    if (bound.day.empty())
        throw Error(EXIT_USAGE, name + " expects " + std::string(DATE_BOUND_FORMS) + ", got '" + value + "'" +
                                    (bound.problem.empty() ? "" : ": " + bound.problem));
    return std::move(bound.day);
}

// Boost would read "-1" as 2^64 - 1, and Xapian counts in 32 bits: a value
// read loosely would be cut, silently.
std::size_t count_param(const std::string& name, const std::string& value, std::size_t least, std::size_t most) {
    const std::string range = "from " + std::to_string(least) + " to " + std::to_string(most);
    if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos)
        throw Error(EXIT_USAGE, name + " expects a whole number " + range + ", got '" + value + "'");
    // More digits than the largest bound has is out of range whatever they say.
    const std::size_t digits = value.size() - std::min(value.find_first_not_of('0'), value.size());
    const std::size_t count = digits > std::to_string(most).size() ? most + 1 : std::stoull(value);
    if (count < least || count > most) throw Error(EXIT_USAGE, name + " must be " + range + ", got " + value);
    return count;
}

std::pair<double, double> near_param(const std::string& name, const std::string& value) {
    const std::size_t comma = value.find(',');
    const auto lat = comma == std::string::npos ? std::nullopt : decimal(value.substr(0, comma), 90);
    const auto lon = comma == std::string::npos ? std::nullopt : decimal(value.substr(comma + 1), 180);
    if (!lat || !lon)
        throw Error(EXIT_USAGE, name + " expects LAT,LON in degrees, LAT from -90 to 90 and LON from -180 to 180, e.g. "
                                       "36.20,37.13; got '" + value + "'");
    return {*lat, *lon};
}

double decimal_param(const std::string& name, const std::string& value) {
    const auto number = decimal(value, HUGE_VAL);
    if (!number) throw Error(EXIT_USAGE, name + " expects a number, got '" + value + "'");
    return *number;
}

SortOrder sort_param(const std::string& name, const std::string& value) {
    if (value == "relevance") return SortOrder::relevance;
    if (value == "date") return SortOrder::date;
    throw Error(EXIT_USAGE, name + " expects relevance or date, got '" + value + "'");
}

}  // namespace fahras
