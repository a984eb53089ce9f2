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
#include <vector>

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

// The bits of the facets named in @a value, 0 when a name is unknown.
unsigned facet_bits(const std::string& value) {
    static const std::vector<std::pair<std::string, unsigned>> NAMES = {
        {"all", ALL_FACETS}, {"places", FACET_PLACES}, {"countries", FACET_COUNTRIES},
        {"sources", FACET_SOURCES}, {"dates", FACET_DATES}};
    unsigned bits = 0;
    std::size_t start = 0;
    while (start <= value.size()) {
        std::size_t end = value.find(',', start);
        if (end == std::string::npos) end = value.size();
        const std::string name = value.substr(start, end - start);
        const auto known = std::find_if(NAMES.begin(), NAMES.end(), [&](const auto& entry) { return entry.first == name; });
        if (known == NAMES.end()) return 0;
        bits |= known->second;
        start = end + 1;
    }
    return bits;
}

}  // namespace

unsigned facets_param(const std::string& name, const std::string& value) {
    const unsigned bits = facet_bits(value);
    if (bits == 0)
        throw Error(EXIT_USAGE, name + " expects all, or some of places, countries, sources and dates separated by "
                                       "commas, got '" + value + "'");
    return bits;
}

bool names_facets(const std::string& value) { return facet_bits(value) != 0; }

DateInterval interval_param(const std::string& name, const std::string& value) {
    if (const std::optional<DateInterval> interval = interval_from_name(value)) return *interval;
    throw Error(EXIT_USAGE, name + " expects auto, day, month or year, got '" + value + "'");
}

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

std::chrono::milliseconds timeout_param(const std::string& name, const std::string& value) {
    constexpr double MOST = 600;  // ten minutes: past it, no one is waiting
    const auto seconds = decimal(value, MOST);
    if (!seconds || *seconds < 0.001)
        throw Error(EXIT_USAGE, name + " expects seconds, from 0.001 to " + std::to_string(static_cast<int>(MOST)) +
                                    ", got '" + value + "'");
    return std::chrono::milliseconds(static_cast<long long>(*seconds * 1000 + 0.5));
}

SortOrder sort_param(const std::string& name, const std::string& value) {
    if (value == "relevance") return SortOrder::relevance;
    if (value == "date") return SortOrder::date;
    throw Error(EXIT_USAGE, name + " expects relevance or date, got '" + value + "'");
}

}  // namespace fahras
