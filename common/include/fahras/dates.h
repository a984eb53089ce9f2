/** @file dates.h
 *  @brief Parsing the publication dates news archives carry.
 *
 *  Accepted: ISO 8601 dates and date-times (2015-07-21, 2015-07-21T09:30,
 *  2015-07-21T09:30:00.5+03:00, …Z), "YYYY-MM-DD hh:mm:ss" and RFC 2822
 *  ("Tue, 21 Jul 2015 09:30:00 +0300").  The wall-clock date and time as
 *  written are kept: a Riyadh paper's date is the Riyadh date.
 */
#ifndef FAHRAS_DATES_H
#define FAHRAS_DATES_H

#include <optional>
#include <string>
#include <string_view>

namespace fahras {

struct DateTime {
    int year = 0, month = 0, day = 0;
    int hour = 0, minute = 0, second = 0;
    bool has_time = false;

    std::string value_date() const;  ///< "YYYYMMDD"
    std::string timestamp() const;   ///< "YYYYMMDDhhmmss"
    std::string iso() const;         ///< "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ss"
};

/** Parse @a text in one of the accepted formats; nullopt when it is none. */
std::optional<DateTime> parse_date(std::string_view text);

/** Parse a date bound for --from/--to: YYYY, YYYY-MM or YYYY-MM-DD.
 *  Returns "YYYYMMDD" for the first (is_end false) or last (is_end true)
 *  day it covers; nullopt if malformed. */
std::optional<std::string> parse_date_bound(std::string_view text, bool is_end);

}  // namespace fahras

#endif  // FAHRAS_DATES_H
