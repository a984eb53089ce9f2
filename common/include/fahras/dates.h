/** @file dates.h
 *  @brief Parsing the publication dates news archives carry.
 *
 *  Accepted: ISO 8601 dates and date-times (2015-07-21, 2015-07-21T09:30,
 *  2015-07-21T09:30:00.5+03:00, …Z), "YYYY-MM-DD hh:mm:ss" and RFC 2822
 *  ("Tue, 21 Jul 2015 09:30:00 +0300").  The wall-clock date and time as
 *  written are kept: a Riyadh paper's date is the Riyadh date.
 *
 *  Date ranges a user types (read_date_bound) may also be Hijri dates of
 *  the Umm al-Qura calendar (hijri.h).
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

/** A bound of a date range, read from what a user typed. */
struct DateBound {
    std::string day;      ///< "YYYYMMDD", Gregorian (as VALUE_DATE holds it); "" when the text is no date
    std::string problem;  ///< then, when known, what is wrong: "Ramadan 1436 has 29 days"
    bool hijri = false;   ///< the text carries the Hijri marker
};

/** Read a bound of --from/--to, of the API's from/to and of date:FROM..TO.
 *
 *  Gregorian: YYYY, YYYY-MM or YYYY-MM-DD.
 *
 *  Hijri, by the Umm al-Qura calendar (hijri.h): the year, then the month
 *  and the day of one or two digits, joined by - or /, then the marker h,
 *  H, هـ or ه (a space before it allowed): 1436h, 1436-09h, 1436/9/5 هـ.
 *
 *  The text is normalized as a query is (normalize.h): digits may be
 *  Arabic-Indic (١٤٣٦) or Eastern Arabic-Indic (۱۴۳۶), and invisible marks
 *  and spaces around the text are ignored.  A year or a month stands for its
 *  first day, or for its last when @a is_end: 1436-09h is 2015-06-18 as a
 *  start, 2015-07-16 as an end (Ramadan 1436 has 29 days). */
DateBound read_date_bound(std::string_view text, bool is_end);

/** read_date_bound()'s day, nullopt when the text is no date. */
std::optional<std::string> parse_date_bound(std::string_view text, bool is_end);

/** What read_date_bound() accepts, for messages. */
inline constexpr std::string_view DATE_BOUND_FORMS =
    "YYYY, YYYY-MM or YYYY-MM-DD, or a Hijri date with h or هـ after it (1436h, 1436-10h, 1436-10-05h)";

}  // namespace fahras

#endif  // FAHRAS_DATES_H
