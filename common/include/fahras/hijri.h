/** @file hijri.h
 *  @brief The Umm al-Qura calendar, Saudi Arabia's civil Hijri calendar:
 *  days converted both ways, and the length of a month, by ICU.
 *
 *  Saudi papers date by it (5 Shawwal 1436 is 2015-07-21).  Its months
 *  have 29 or 30 days, set by astronomical rules rather than arithmetic,
 *  so every length and conversion comes from ICU's "islamic-umalqura"
 *  calendar, never from a formula here.  ICU holds the calendar as a table
 *  for the years 1300 to 1600 AH (1882-11-12 to 2174-11-25); outside it,
 *  ICU falls back to an arithmetic Islamic calendar, which is not Umm
 *  al-Qura, so those years are refused here.
 *
 *  Days are civil days: 2015-07-21 is 5 Shawwal 1436 all day, although the
 *  Islamic day begins at sunset.  Umm al-Qura is the printed calendar:
 *  feasts fixed by sighting the moon may fall a day from it (Eid al-Adha
 *  1436 was kept on 2015-09-24; Umm al-Qura has 10 Dhu al-Hijjah 1436 on
 *  2015-09-23).
 */
#ifndef FAHRAS_HIJRI_H
#define FAHRAS_HIJRI_H

#include <optional>
#include <string>
#include <string_view>

namespace fahras {

/** A day of one calendar: months and days count from 1. */
struct CalendarDate {
    int year = 0, month = 0, day = 0;

    bool operator==(const CalendarDate& other) const {
        return year == other.year && month == other.month && day == other.day;
    }
    std::string iso() const;  ///< "YYYY-MM-DD"
};

/// The Hijri years ICU's Umm al-Qura table covers.
inline constexpr int HIJRI_FIRST_YEAR = 1300;
inline constexpr int HIJRI_LAST_YEAR = 1600;

/** The days of Hijri month @a month (1 to 12) of @a year: 29 or 30; 0 for
 *  a month outside the table. */
int hijri_month_days(int year, int month);

/** The Gregorian day of a Hijri day; nullopt when @a hijri is not a day of
 *  the table (month 13, day 30 of a 29-day month, year 1601). */
std::optional<CalendarDate> hijri_to_gregorian(const CalendarDate& hijri);

/** The Hijri day of a (proleptic) Gregorian day; nullopt when @a gregorian
 *  is not a valid day or lies outside the table's years. */
std::optional<CalendarDate> gregorian_to_hijri(const CalendarDate& gregorian);

/** The Hijri day of a stored date ("2015-07-21" or "2015-07-21T09:30:00")
 *  as "1436-10-05"; "" when there is none (no date, outside the table). */
std::string hijri_date_of(std::string_view iso_date);

/** The English name of Hijri month @a month (1 to 12): "Ramadan". */
std::string_view hijri_month_name(int month);

}  // namespace fahras

#endif  // FAHRAS_HIJRI_H
