// The timeline of --facets dates (searcher/date_facet.h): day numbers, the
// interval rule, buckets filled from the first match to the last with the
// quiet ones at zero, stories counted once a bucket; and how fahras-search
// reads --facets and --date-interval and draws the timeline; the timeline
// of remote shards from Xapian's value counts, and --remote-timeout.
#include "date_facet.h"
#include "request_params.h"
#include "search_cli.h"

#include <fahras/error.h>
#include <fahras/schema.h>

#include <boost/program_options/errors.hpp>
#include <doctest/doctest.h>
#include <xapian.h>

#include <chrono>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using namespace fahras;

namespace {

int day(int year, int month, int day_of_month) { return day_number(CalendarDate{year, month, day_of_month}); }

}  // namespace

TEST_CASE("date facet: day numbers count days from 1970-01-01 both ways, leap days included") {
    struct Row {
        CalendarDate date;
        int number;
    };
    const std::vector<Row> rows = {
        {{1970, 1, 1}, 0},        {{1970, 1, 2}, 1},        {{1969, 12, 31}, -1},     {{2000, 2, 29}, 11016},
        {{2000, 3, 1}, 11017},    {{1900, 3, 1}, -25508},   {{2015, 7, 21}, 16637},   {{2016, 2, 29}, 16860},
        {{1600, 1, 1}, -135140},  {{2100, 3, 1}, 47541},
    };
    for (const auto& row : rows) {
        CAPTURE(row.date.iso());
        CHECK(day_number(row.date) == row.number);
        CHECK(date_of_day_number(row.number) == row.date);
    }
    // Every day of four centuries goes there and back, one day after another.
    for (int n = day(1899, 1, 1); n <= day(2301, 1, 1); ++n) {
        const CalendarDate date = date_of_day_number(n);
        REQUIRE(day_number(date) == n);
        REQUIRE((date.day >= 1 && date.day <= 31 && date.month >= 1 && date.month <= 12));
    }
    CHECK(day_number_of_value("20150721") == day(2015, 7, 21));
    for (const char* bad : {"", "2015072", "201507211", "2015-07-", "20150231", "20151301", "20150700", "20150229", "2015O721"}) {
        CAPTURE(bad);
        CHECK_FALSE(day_number_of_value(bad).has_value());
    }
    CHECK(day_number_of_value("20160229") == day(2016, 2, 29));
}

TEST_CASE("date facet: the interval is chosen by the span of the matches, and one asked for is kept within bounds") {
    struct Row {
        int first, last;
        DateInterval asked, expected;
    };
    const std::vector<Row> rows = {
        {day(2015, 7, 21), day(2015, 7, 21), DateInterval::automatic, DateInterval::day},     // one day
        {day(2015, 7, 1), day(2015, 9, 30), DateInterval::automatic, DateInterval::day},      // 92 days
        {day(2015, 7, 1), day(2015, 10, 1), DateInterval::automatic, DateInterval::month},    // 93 days
        {day(2015, 1, 1), day(2024, 12, 31), DateInterval::automatic, DateInterval::month},   // 120 months
        {day(2015, 1, 1), day(2025, 1, 1), DateInterval::automatic, DateInterval::year},      // 121 months
        {day(2015, 1, 31), day(2025, 1, 1), DateInterval::automatic, DateInterval::year},
        {day(2015, 7, 1), day(2015, 7, 2), DateInterval::month, DateInterval::month},         // asked: kept
        {day(2015, 7, 1), day(2015, 7, 2), DateInterval::year, DateInterval::year},
        {day(1990, 1, 1), day(2015, 7, 2), DateInterval::day, DateInterval::month},           // too many days
        {day(2000, 1, 1), day(2010, 1, 7), DateInterval::day, DateInterval::day},             // 3,660 days
        {day(2000, 1, 1), day(2010, 1, 8), DateInterval::day, DateInterval::month},
        {day(1000, 1, 1), day(2015, 1, 1), DateInterval::month, DateInterval::year},          // too many months
    };
    for (const auto& row : rows) {
        CAPTURE(date_of_day_number(row.first).iso());
        CAPTURE(date_of_day_number(row.last).iso());
        CAPTURE(interval_name(row.asked));
        CHECK(choose_interval(row.first, row.last, row.asked) == row.expected);
    }
}

TEST_CASE("date facet: buckets run from the first match to the last, in order, quiet ones at zero") {
    struct Row {
        std::vector<DatedMatch> matches;
        DateInterval asked;
        DateInterval interval;
        std::vector<std::string> buckets;  // "start end count"
    };
    const std::vector<Row> rows = {
        {{}, DateInterval::automatic, DateInterval::day, {}},
        {{{day(2015, 7, 21), 1}}, DateInterval::automatic, DateInterval::day, {"2015-07-21 2015-07-21 1"}},
        // Days: a gap of two quiet days, and two matches of one key on a day counted once.
        {{{day(2015, 7, 24), 3}, {day(2015, 7, 21), 1}, {day(2015, 7, 21), 2}, {day(2015, 7, 21), 2}},
         DateInterval::automatic,
         DateInterval::day,
         {"2015-07-21 2015-07-21 2", "2015-07-22 2015-07-22 0", "2015-07-23 2015-07-23 0", "2015-07-24 2015-07-24 1"}},
        // A key on two days counts on both days, once in their month.
        {{{day(2015, 7, 31), 5}, {day(2015, 8, 1), 5}}, DateInterval::automatic, DateInterval::day,
         {"2015-07-31 2015-07-31 1", "2015-08-01 2015-08-01 1"}},
        {{{day(2015, 7, 31), 5}, {day(2015, 8, 1), 5}, {day(2015, 7, 2), 6}}, DateInterval::month, DateInterval::month,
         {"2015-07-01 2015-07-31 2", "2015-08-01 2015-08-31 1"}},
        // Months over a year's end, February of a leap year, a quiet month.
        {{{day(2015, 12, 15), 1}, {day(2016, 3, 1), 2}, {day(2016, 3, 31), 3}}, DateInterval::automatic,
         DateInterval::month,
         {"2015-12-01 2015-12-31 1", "2016-01-01 2016-01-31 0", "2016-02-01 2016-02-29 0", "2016-03-01 2016-03-31 2"}},
        {{{day(2001, 6, 1), 1}, {day(2013, 1, 1), 2}, {day(2013, 12, 31), 3}}, DateInterval::automatic,
         DateInterval::year,
         {"2001-01-01 2001-12-31 1", "2002-01-01 2002-12-31 0", "2003-01-01 2003-12-31 0", "2004-01-01 2004-12-31 0",
          "2005-01-01 2005-12-31 0", "2006-01-01 2006-12-31 0", "2007-01-01 2007-12-31 0", "2008-01-01 2008-12-31 0",
          "2009-01-01 2009-12-31 0", "2010-01-01 2010-12-31 0", "2011-01-01 2011-12-31 0", "2012-01-01 2012-12-31 0",
          "2013-01-01 2013-12-31 2"}},
    };
    for (const auto& row : rows) {
        std::vector<DatedMatch> matches = row.matches;
        const DateFacet facet = make_date_facet(matches, 0, row.asked, true);
        CAPTURE(row.buckets.size());
        CHECK(facet.interval == row.interval);
        CHECK(facet.stories);
        std::vector<std::string> buckets;
        for (const auto& bucket : facet.buckets)
            buckets.push_back(bucket.start + " " + bucket.end + " " + std::to_string(bucket.count));
        CHECK(buckets == row.buckets);
    }
}

TEST_CASE("date facet: each bucket has its first and last days in the Umm al-Qura calendar too") {
    std::vector<DatedMatch> matches = {{day(2015, 7, 21), 1}};
    DateFacet facet = make_date_facet(matches, 2, DateInterval::month, false);
    REQUIRE(facet.buckets.size() == 1);
    CHECK(facet.buckets[0].start_hijri == "1436-09-14");  // 2015-07-01
    CHECK(facet.buckets[0].end_hijri == "1436-10-15");    // 2015-07-31
    CHECK(facet.undated == 2);
    CHECK_FALSE(facet.stories);
    // Outside the calendar's table: no Hijri date.
    matches = {{day(1800, 1, 1), 1}};
    facet = make_date_facet(matches, 0, DateInterval::automatic, true);
    REQUIRE(facet.buckets.size() == 1);
    CHECK(facet.buckets[0].start_hijri.empty());
}

TEST_CASE("date facet: --facets names the facets counted, --date-interval the buckets, the API the same values") {
    auto parse = [](std::vector<std::string> args) {
        std::vector<const char*> argv = {"fahras-search"};
        for (const auto& arg : args) argv.push_back(arg.c_str());
        argv.push_back(nullptr);
        return parse_searcher_options(static_cast<int>(argv.size() - 1), argv.data()).request;
    };
    CHECK_FALSE(parse({"حلب"}).facets);
    SearchRequest all = parse({"--facets", "حلب"});
    CHECK(all.facets);
    CHECK(all.facet_kinds == ALL_FACETS);
    CHECK(all.query == "حلب");
    CHECK(all.date_interval == DateInterval::automatic);
    const SearchRequest some = parse({"--facets", "places,dates", "--date-interval", "month", "حلب"});
    CHECK(some.facet_kinds == (FACET_PLACES | FACET_DATES));
    CHECK(some.date_interval == DateInterval::month);
    CHECK(some.query == "حلب");
    CHECK(parse({"--facets=sources", "dates"}).facet_kinds == FACET_SOURCES);  // a query word "dates" after =
    CHECK(parse({"حلب", "--facets"}).facet_kinds == ALL_FACETS);
    CHECK_THROWS_AS(parse({"--facets=weather", "حلب"}), boost::program_options::error);
    CHECK_THROWS_WITH_AS(parse({"--date-interval", "week", "--facets", "حلب"}),
                         "--date-interval expects auto, day, month or year, got 'week'", boost::program_options::error);
    CHECK_THROWS_AS(parse({"--date-interval", "day", "حلب"}), boost::program_options::error);
    CHECK_THROWS_AS(parse({"--facets", "places", "--date-interval", "day", "حلب"}), boost::program_options::error);
    for (const char* value : {"all", "dates", "places,countries,sources,dates", "sources"})
        CHECK(names_facets(value));
    for (const char* value : {"", "places,", ",dates", "date", "Dates", "حلب"}) {
        CAPTURE(value);
        CHECK_FALSE(names_facets(value));
        CHECK_THROWS_AS(facets_param("facets", value), Error);
    }
}

TEST_CASE("date facet: the terminal timeline has a line a bucket with its Hijri days, bars only on a terminal") {
    std::vector<DatedMatch> matches = {{day(2015, 7, 21), 1}, {day(2015, 7, 21), 2}, {day(2015, 7, 23), 3}};
    const DateFacet facet = make_date_facet(matches, 1, DateInterval::automatic, true);
    std::ostringstream plain;
    print_timeline_text(facet, false, plain);
    CHECK(plain.str() == "Timeline (stories a day; 1 undated):\n"
                         "  2015-07-21 / 1436-10-05  2\n"
                         "  2015-07-22 / 1436-10-06  0\n"
                         "  2015-07-23 / 1436-10-07  1\n");
    std::ostringstream bars;
    print_timeline_text(facet, true, bars);
    std::string forty, twenty;
    for (int i = 0; i < 40; ++i) forty += "\u2588";
    for (int i = 0; i < 20; ++i) twenty += "\u2588";
    CHECK(bars.str() == "Timeline (stories a day; 1 undated):\n"
                        "  2015-07-21 / 1436-10-05  2 " + forty + "\n"
                        "  2015-07-22 / 1436-10-06  0\n"
                        "  2015-07-23 / 1436-10-07  1 " + twenty + "\n");
    matches = {{day(2015, 7, 1), 1}, {day(2015, 12, 1), 2}};
    std::ostringstream months;
    print_timeline_text(make_date_facet(matches, 0, DateInterval::automatic, false), false, months);
    CHECK(months.str().rfind("Timeline (articles a month):\n"
                             "  2015-07 / 1436-09-14..1436-10-15  1\n",
                             0) == 0);
}

TEST_CASE("date facet: Xapian's value counts (remote shards) give the timeline of DateSpy without collapsing") {
    // Two articles of one story on a day, one on the next, an undated one
    // and one with a date that is no day.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::vector<std::pair<std::string, std::string>> articles = {
        {"20150721", "story-a"}, {"20150721", "story-a"}, {"20150722", "story-a"}, {"", "story-b"}, {"20150231", ""}};
    for (const auto& [date, group] : articles) {
        Xapian::Document doc;
        doc.add_term("x");
        if (!date.empty()) doc.add_value(VALUE_DATE, date);
        if (!group.empty()) doc.add_value(VALUE_GROUP, group);
        db.add_document(doc);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("x"));
    Xapian::ValueCountMatchSpy counts(VALUE_DATE);
    DateSpy articles_spy(false), stories_spy(true);
    enquire.add_matchspy(&counts);
    enquire.add_matchspy(&articles_spy);
    enquire.add_matchspy(&stories_spy);
    enquire.get_mset(0, 10, db.get_doccount());

    const DateFacet counted = article_date_facet(counts, DateInterval::day);
    const DateFacet spied = articles_spy.facet(DateInterval::day);
    CHECK_FALSE(counted.stories);
    CHECK(counted.undated == 2);
    REQUIRE(counted.buckets.size() == 2);
    CHECK(counted.buckets[0].count == 2);
    CHECK(counted.buckets[1].count == 1);
    CHECK(counted.undated == spied.undated);
    REQUIRE(counted.buckets.size() == spied.buckets.size());
    for (std::size_t i = 0; i < counted.buckets.size(); ++i) {
        CHECK(counted.buckets[i].start == spied.buckets[i].start);
        CHECK(counted.buckets[i].count == spied.buckets[i].count);
    }
    // Collapsed, DateSpy counts the story once a day: what remote shards cannot.
    CHECK(stories_spy.facet(DateInterval::day).buckets[0].count == 1);
}

TEST_CASE("request params: --remote-timeout takes seconds, decimals too, within bounds") {
    CHECK(timeout_param("--remote-timeout", "5") == std::chrono::milliseconds(5000));
    CHECK(timeout_param("--remote-timeout", "0.25") == std::chrono::milliseconds(250));
    CHECK(timeout_param("--remote-timeout", "600") == std::chrono::milliseconds(600000));
    for (const std::string bad : {"0", "-1", "601", "nan", "inf", "", "5s", "0x10"}) {
        CAPTURE(bad);
        CHECK_THROWS_AS(timeout_param("--remote-timeout", bad), Error);
    }
}
