#include "date_facet.h"

#include <fahras/schema.h>

#include <algorithm>
#include <functional>

namespace fahras {

std::string_view interval_name(DateInterval interval) {
    switch (interval) {
    case DateInterval::automatic: return "auto";
    case DateInterval::day: return "day";
    case DateInterval::month: return "month";
    case DateInterval::year: return "year";
    }
    return "auto";
}

std::optional<DateInterval> interval_from_name(std::string_view name) {
    for (const DateInterval interval :
         {DateInterval::automatic, DateInterval::day, DateInterval::month, DateInterval::year})
        if (interval_name(interval) == name) return interval;
    return std::nullopt;
}

// Days are counted in eras of 400 Gregorian years (146,097 days: the
// calendar repeats after them), each year starting on 1 March so that the
// leap day is the last of its year and a month's first day is a linear
// function of its number (153 days in every 5 months from March).
int day_number(const CalendarDate& date) {
    const int year = date.month <= 2 ? date.year - 1 : date.year;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;                               // 0 to 399
    const int month_from_march = date.month > 2 ? date.month - 3 : date.month + 9;  // 0 to 11
    const int day_of_year = (153 * month_from_march + 2) / 5 + date.day - 1;         // 0 to 365
    const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;  // 719,468 days from 0000-03-01 to 1970-01-01
}

CalendarDate date_of_day_number(int number) {
    const int shifted = number + 719468;
    const int era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    const int day_of_era = shifted - era * 146097;
    const int year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int month_from_march = (5 * day_of_year + 2) / 153;
    CalendarDate date;
    date.day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    date.month = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
    date.year = year_of_era + era * 400 + (date.month <= 2 ? 1 : 0);
    return date;
}

std::optional<int> day_number_of_value(std::string_view yyyymmdd) {
    if (yyyymmdd.size() != 8 || !std::all_of(yyyymmdd.begin(), yyyymmdd.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    auto number = [&](std::size_t from, std::size_t length) {
        int value = 0;
        for (std::size_t i = from; i < from + length; ++i) value = value * 10 + (yyyymmdd[i] - '0');
        return value;
    };
    const CalendarDate date{number(0, 4), number(4, 2), number(6, 2)};
    if (date.month < 1 || date.month > 12 || date.day < 1) return std::nullopt;
    const int day = day_number(date);
    // A day past its month's end (20150231) comes back as another day.
    if (date_of_day_number(day) == date) return day;
    return std::nullopt;
}

namespace {

// Calendar months from the month of @a first to that of @a last, both counted.
int months_spanned(int first, int last) {
    const CalendarDate a = date_of_day_number(first), b = date_of_day_number(last);
    return (b.year - a.year) * 12 + (b.month - a.month) + 1;
}

// The first day of the bucket holding @a day.
int bucket_start(int day, DateInterval interval) {
    if (interval == DateInterval::day) return day;
    CalendarDate date = date_of_day_number(day);
    date.day = 1;
    if (interval == DateInterval::year) date.month = 1;
    return day_number(date);
}

// The first day of the bucket after the one starting on @a start.
int next_bucket_start(int start, DateInterval interval) {
    if (interval == DateInterval::day) return start + 1;
    CalendarDate date = date_of_day_number(start);
    if (interval == DateInterval::year || date.month == 12) {
        ++date.year;
        date.month = 1;
    } else {
        ++date.month;
    }
    return day_number(date);
}

DateBucket bucket(int start, int end) {
    DateBucket out;
    out.start = date_of_day_number(start).iso();
    out.end = date_of_day_number(end).iso();
    out.start_hijri = hijri_date_of(out.start);
    out.end_hijri = hijri_date_of(out.end);
    return out;
}

}  // namespace

DateInterval choose_interval(int first, int last, DateInterval asked) {
    const int days = last - first + 1;
    if (asked == DateInterval::automatic) {
        if (days <= AUTO_MAX_DAYS) return DateInterval::day;
        return months_spanned(first, last) <= AUTO_MAX_MONTHS ? DateInterval::month : DateInterval::year;
    }
    if (asked == DateInterval::day && days > MAX_DATE_BUCKETS) asked = DateInterval::month;
    if (asked == DateInterval::month && months_spanned(first, last) > MAX_DATE_BUCKETS) asked = DateInterval::year;
    return asked;
}

DateFacet make_date_facet(std::vector<DatedMatch>& matches, std::size_t undated, DateInterval asked, bool stories) {
    DateFacet facet;
    facet.stories = stories;
    facet.undated = undated;
    if (matches.empty()) {
        facet.interval = asked == DateInterval::automatic ? DateInterval::day : asked;
        return facet;
    }
    const auto [lowest, highest] = std::minmax_element(matches.begin(), matches.end());
    const int first = lowest->first, last = highest->first;
    facet.interval = choose_interval(first, last, asked);
    // A key counts once a bucket: days become their buckets' first days,
    // then the (bucket, key) pairs are sorted and each distinct pair counted.
    for (auto& match : matches) match.first = bucket_start(match.first, facet.interval);
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    auto next = matches.begin();
    for (int start = bucket_start(first, facet.interval); start <= last;) {
        const int following = next_bucket_start(start, facet.interval);
        DateBucket out = bucket(start, following - 1);
        for (; next != matches.end() && next->first == start; ++next) ++out.count;
        facet.buckets.push_back(std::move(out));
        start = following;
    }
    return facet;
}

void DateSpy::operator()(const Xapian::Document& doc, double) {
    // A story's key is a hash of its name with the top bit set; an
    // article's (not collapsed, or not yet in a story) is its docid, which
    // is below 2^32: the two never meet.
    std::uint64_t key = doc.get_docid();
    if (stories_) {
        const std::string group = doc.get_value(VALUE_GROUP);
        if (!group.empty()) key = std::hash<std::string>{}(group) | (std::uint64_t{1} << 63);
    }
    if (const std::optional<int> day = day_number_of_value(doc.get_value(VALUE_DATE)))
        matches_.emplace_back(*day, key);
    else
        undated_.push_back(key);
}

DateFacet article_date_facet(const Xapian::ValueCountMatchSpy& spy, DateInterval asked) {
    // Each article a key of its own, so that make_date_facet counts them
    // as DateSpy(false) would.
    std::vector<DatedMatch> matches;
    std::uint64_t key = 0;
    for (auto value = spy.values_begin(); value != spy.values_end(); ++value) {
        const std::optional<int> day = day_number_of_value(*value);
        if (!day) continue;
        for (Xapian::doccount i = 0; i < value.get_termfreq(); ++i) matches.emplace_back(*day, key++);
    }
    // The spy counts no empty value: what it saw and did not count (or
    // could not read as a day) is undated.
    const std::size_t undated = spy.get_total() - matches.size();
    return make_date_facet(matches, undated, asked, false);
}

DateFacet DateSpy::facet(DateInterval asked) {
    std::sort(undated_.begin(), undated_.end());
    const auto undated = static_cast<std::size_t>(std::unique(undated_.begin(), undated_.end()) - undated_.begin());
    DateFacet out = make_date_facet(matches_, undated, asked, stories_);
    matches_.clear();
    undated_.clear();
    return out;
}

}  // namespace fahras
