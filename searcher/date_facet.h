/** @file date_facet.h
 *  @brief --facets dates: a timeline of the matches, counted per day, month
 *  or year, with every bucket from the first match to the last.
 *
 *  A match spy (DateSpy) records each match's day and story; once the
 *  match is over, the interval is chosen from the span of those days
 *  (choose_interval) and the buckets are filled (make_date_facet), zeros
 *  included, so that a chart drawn from them shows the quiet days too.
 *  Collapsed searches count stories: a story counts once in each bucket
 *  holding one of its matching articles (a copy printed the next day
 *  counts on both days of a daily timeline, once in a monthly one).
 */
#ifndef FAHRAS_DATE_FACET_H
#define FAHRAS_DATE_FACET_H

#include <fahras/hijri.h>

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras {

enum class DateInterval { automatic, day, month, year };

/** "day", "month", "year" ("auto" for automatic). */
std::string_view interval_name(DateInterval interval);

/** The interval named @a name (as interval_name() writes it); nullopt for
 *  any other text. */
std::optional<DateInterval> interval_from_name(std::string_view name);

/** @name The interval rule
 *  The automatic interval keeps a timeline between a handful and about a
 *  hundred bars: days while the matches span at most AUTO_MAX_DAYS days
 *  (three months), months while they span at most AUTO_MAX_MONTHS
 *  calendar months (ten years), years beyond.  An interval asked for
 *  (--date-interval) is kept unless it would make more than
 *  MAX_DATE_BUCKETS buckets; then the next coarser one is used (the facet
 *  says which).
 *  @{ */
inline constexpr int AUTO_MAX_DAYS = 92;
inline constexpr int AUTO_MAX_MONTHS = 120;
inline constexpr int MAX_DATE_BUCKETS = 3660;
/// @}

/** Days since 1970-01-01 (negative before) of a proleptic Gregorian day. */
int day_number(const CalendarDate& date);

/** The day @a number days after 1970-01-01. */
CalendarDate date_of_day_number(int number);

/** The day of a VALUE_DATE ("YYYYMMDD"); nullopt when it is no valid day. */
std::optional<int> day_number_of_value(std::string_view yyyymmdd);

/** The interval for matches from day @a first to day @a last (day
 *  numbers, first <= last), when @a asked (automatic: by the rule above). */
DateInterval choose_interval(int first, int last, DateInterval asked);

/** A bucket of the timeline: its first and last days, inclusive. */
struct DateBucket {
    std::string start, end;              ///< "YYYY-MM-DD"
    std::string start_hijri, end_hijri;  ///< the same days in Umm al-Qura (hijri.h); "" outside its table
    std::size_t count = 0;
};

struct DateFacet {
    DateInterval interval = DateInterval::day;
    bool stories = false;  ///< counts stories (collapsed), not articles
    std::vector<DateBucket> buckets;  ///< in date order, from the first match's to the last's; empty when none is dated
    std::size_t undated = 0;  ///< matching articles (or stories) without a date, in no bucket
};

/** One match: its day number and a key of its story (for articles, a key
 *  of its own). */
using DatedMatch = std::pair<std::int32_t, std::uint64_t>;

/** The timeline of @a matches: how many distinct keys each bucket holds.
 *  @a matches is sorted and reused. */
DateFacet make_date_facet(std::vector<DatedMatch>& matches, std::size_t undated, DateInterval asked, bool stories);

/** The timeline counted by a Xapian::ValueCountMatchSpy on VALUE_DATE:
 *  articles, not stories (stories = false).  Xapian's spy is what a remote
 *  shard (xapian-tcpsrv) can run, where DateSpy cannot; its counts are
 *  those of a DateSpy that does not collapse (docs/remote.md). */
DateFacet article_date_facet(const Xapian::ValueCountMatchSpy& spy, DateInterval asked);

/** Records the day (VALUE_DATE) and story (VALUE_GROUP, when @a stories)
 *  of every match: 16 bytes a match, sorted once at the end, so a query
 *  matching the whole archive holds a few hundred kilobytes. */
class DateSpy : public Xapian::MatchSpy {
  public:
    explicit DateSpy(bool stories) : stories_(stories) {}
    void operator()(const Xapian::Document& doc, double weight) override;
    /** The timeline of what was seen (moves the records out). */
    DateFacet facet(DateInterval asked);

  private:
    bool stories_;
    std::vector<DatedMatch> matches_;
    std::vector<std::uint64_t> undated_;
};

}  // namespace fahras

#endif  // FAHRAS_DATE_FACET_H
