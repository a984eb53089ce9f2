#include <fahras/analyzer.h>
#include <fahras/dates.h>
#include <fahras/hijri.h>
#include <fahras/stemmers.h>

#include <doctest/doctest.h>

#include <string>

using namespace fahras;

namespace {

// Days announced in Saudi Arabia and printed in the Umm al-Qura calendar,
// each checked against ICU 72's islamic-umalqura calendar.
struct KnownDay {
    CalendarDate hijri, gregorian;
    const char* what;
};

constexpr KnownDay KNOWN_DAYS[] = {
    {{1436, 1, 1}, {2014, 10, 25}, "1 Muharram 1436"},
    {{1435, 9, 1}, {2014, 6, 28}, "1 Ramadan 1435"},
    {{1436, 9, 1}, {2015, 6, 18}, "1 Ramadan 1436"},
    {{1436, 10, 1}, {2015, 7, 17}, "1 Shawwal 1436, Eid al-Fitr"},
    {{1436, 10, 5}, {2015, 7, 21}, "5 Shawwal 1436"},
    // Eid al-Adha 1436 was kept on 2015-09-24, by sighting of the moon;
    // the printed calendar has 10 Dhu al-Hijjah a day earlier (hijri.h).
    {{1436, 12, 10}, {2015, 9, 23}, "10 Dhu al-Hijjah 1436 in Umm al-Qura"},
    {{1437, 1, 1}, {2015, 10, 14}, "1 Muharram 1437"},
    {{1444, 10, 1}, {2023, 4, 21}, "1 Shawwal 1444, Eid al-Fitr"},
    {{1445, 9, 1}, {2024, 3, 11}, "1 Ramadan 1445"},
    {{1445, 10, 1}, {2024, 4, 10}, "1 Shawwal 1445, Eid al-Fitr"},
    {{1446, 9, 1}, {2025, 3, 1}, "1 Ramadan 1446"},
    {{1300, 1, 1}, {1882, 11, 12}, "the first day of ICU's table"},
    {{1600, 12, 30}, {2174, 11, 25}, "the last day of ICU's table"},
};

}  // namespace

TEST_CASE("Umm al-Qura days convert both ways as announced") {
    for (const KnownDay& row : KNOWN_DAYS) {
        CAPTURE(row.what);
        const auto gregorian = hijri_to_gregorian(row.hijri);
        REQUIRE(gregorian);
        CHECK(gregorian->iso() == row.gregorian.iso());
        const auto hijri = gregorian_to_hijri(row.gregorian);
        REQUIRE(hijri);
        CHECK(hijri->iso() == row.hijri.iso());
    }
}

TEST_CASE("Umm al-Qura months have 29 or 30 days, as ICU's table says") {
    struct Row {
        int year, month, days;
    };
    for (const Row& row : {
             Row{1435, 9, 30},   // Ramadan 1435: 2014-06-28 to 2014-07-27
             Row{1436, 9, 29},   // Ramadan 1436: 2015-06-18 to 2015-07-16
             Row{1436, 10, 30},  // Shawwal 1436: 2015-07-17 to 2015-08-15
             Row{1437, 9, 30},   // Ramadan 1437: 2016-06-06 to 2016-07-05
             Row{1436, 13, 0},
             Row{1436, 0, 0},
             Row{1299, 12, 0},
             Row{1601, 1, 0},
         }) {
        CAPTURE(row.year);
        CAPTURE(row.month);
        CHECK(hijri_month_days(row.year, row.month) == row.days);
    }
}

TEST_CASE("every day of the table converts and converts back, one Hijri day after another") {
    // The proleptic Gregorian day after @a d.
    const auto next_day = [](CalendarDate d) {
        const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
        const int lengths[] = {31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (++d.day > lengths[d.month - 1]) d = {d.year + (d.month == 12), d.month % 12 + 1, 1};
        return d;
    };
    // Each Hijri day is the next day, or the 1st after a month's last day.
    const auto follows = [](const CalendarDate& day, const CalendarDate& before) {
        if (day.year == before.year && day.month == before.month) return day.day == before.day + 1;
        const bool next_month = day.year == before.year ? day.month == before.month + 1
                                                        : day.year == before.year + 1 && day.month == 1 && before.month == 12;
        return next_month && day.day == 1 && before.day == hijri_month_days(before.year, before.month);
    };
    CalendarDate gregorian{1882, 11, 12};
    CalendarDate previous;
    long days = 0;
    for (auto hijri = gregorian_to_hijri(gregorian); hijri; hijri = gregorian_to_hijri(gregorian)) {
        if (days > 0 && !follows(*hijri, previous)) FAIL(gregorian.iso() << ": " << hijri->iso() << " after " << previous.iso());
        const auto back = hijri_to_gregorian(*hijri);
        if (!back || !(*back == gregorian)) FAIL(hijri->iso() << " does not convert back to " << gregorian.iso());
        previous = *hijri;
        gregorian = next_day(gregorian);
        ++days;
    }
    CHECK(previous.iso() == "1600-12-30");
    CHECK(gregorian.iso() == "2174-11-26");
    CHECK(days == 106'665);
}

TEST_CASE("a day converted again is the same day, remembered or after the memory is full") {
    const auto all_known_convert = [] {
        for (const KnownDay& row : KNOWN_DAYS) {
            CAPTURE(row.what);
            const auto hijri = gregorian_to_hijri(row.gregorian);
            REQUIRE(hijri);
            CHECK(hijri->iso() == row.hijri.iso());
        }
    };
    all_known_convert();
    all_known_convert();  // remembered
    // More distinct days than a thread remembers (hijri.cpp), so that the
    // memory is cleared on the way.
    for (int year = 1900; year < 1960; ++year)
        for (int month = 1; month <= 12; ++month)
            for (int day = 1; day <= 28; ++day) REQUIRE(gregorian_to_hijri({year, month, day}));
    all_known_convert();
    CHECK_FALSE(gregorian_to_hijri({2015, 2, 29}));
    CHECK_FALSE(gregorian_to_hijri({2015, 2, 29}));
}

TEST_CASE("outside the table and days that do not exist convert to nothing") {
    CHECK_FALSE(gregorian_to_hijri({1882, 11, 11}));
    CHECK_FALSE(gregorian_to_hijri({2174, 11, 26}));
    CHECK_FALSE(gregorian_to_hijri({2015, 2, 29}));
    CHECK_FALSE(gregorian_to_hijri({2015, 13, 1}));
    CHECK_FALSE(hijri_to_gregorian({1436, 9, 30}));  // Ramadan 1436 has 29 days
    CHECK_FALSE(hijri_to_gregorian({1436, 13, 1}));
    CHECK_FALSE(hijri_to_gregorian({1436, 1, 0}));
    CHECK_FALSE(hijri_to_gregorian({1601, 1, 1}));
}

TEST_CASE("hijri_date_of reads the day of a stored date") {
    CHECK(hijri_date_of("2015-07-21") == "1436-10-05");
    CHECK(hijri_date_of("2015-07-21T09:30:00") == "1436-10-05");
    CHECK(hijri_date_of("2015-07-21T23:59:59+03:00") == "1436-10-05");
    CHECK(hijri_date_of("1800-01-01") == "");
    CHECK(hijri_date_of("") == "");
    CHECK(hijri_date_of("2015-7-21") == "");
    CHECK(hijri_date_of("2015-02-30") == "");
}

TEST_CASE("date bounds: Hijri markers, digit forms and separators") {
    struct Row {
        const char* text;
        const char* first;
        const char* last;
        bool hijri;
    };
    for (const Row& row : {
             Row{"1436-10-05h", "20150721", "20150721", true},
             Row{"1436-10-05H", "20150721", "20150721", true},
             Row{"1436-10-05هـ", "20150721", "20150721", true},
             Row{"1436-10-05ه", "20150721", "20150721", true},
             Row{"1436-10-05 هـ", "20150721", "20150721", true},
             Row{" 1436-10-05 h ", "20150721", "20150721", true},
             Row{"١٤٣٦-١٠-٠٥هـ", "20150721", "20150721", true},
             Row{"۱۴۳۶-۱۰-۰۵ه", "20150721", "20150721", true},
             Row{"1436/10/5هـ", "20150721", "20150721", true},
             Row{"\u200f1436-10-05\u00a0ھ", "20150721", "20150721", true},  // pasted: RLM, NBSP, Urdu heh
             Row{"1436-10-5h", "20150721", "20150721", true},
             // A month is all its days: Ramadan 1436 has 29, Shawwal 30.
             Row{"1436-09h", "20150618", "20150716", true},
             Row{"1436-9h", "20150618", "20150716", true},
             Row{"1436-10h", "20150717", "20150815", true},
             Row{"1435-09h", "20140628", "20140727", true},
             // A year: 1 Muharram 1436 to the day before 1 Muharram 1437.
             Row{"1436h", "20141025", "20151013", true},
             Row{"١٤٣٦هـ", "20141025", "20151013", true},
             // Gregorian dates are read as before, in any digits.
             Row{"2015", "20150101", "20151231", false},
             Row{"2016-02", "20160201", "20160229", false},
             Row{"٢٠١٥-٠٧-٢١", "20150721", "20150721", false},
         }) {
        CAPTURE(row.text);
        CHECK(parse_date_bound(row.text, false) == std::optional<std::string>(row.first));
        CHECK(parse_date_bound(row.text, true) == std::optional<std::string>(row.last));
        CHECK(read_date_bound(row.text, false).hijri == row.hijri);
    }
}

TEST_CASE("date bounds that are no day say what is wrong") {
    struct Row {
        const char* text;
        const char* problem;  // "" when the text is no date at all
    };
    for (const Row& row : {
             Row{"1436-13h", "there is no Hijri month 13 (months go from 1 to 12)"},
             Row{"1436-00h", "there is no Hijri month 0 (months go from 1 to 12)"},
             Row{"1436-09-30h", "Ramadan 1436 has 29 days in the Umm al-Qura calendar"},
             Row{"1436-09-31h", "Ramadan 1436 has 29 days in the Umm al-Qura calendar"},
             Row{"1436-10-31h", "Shawwal 1436 has 30 days in the Umm al-Qura calendar"},
             Row{"1436-10-00h", "there is no day 0"},
             Row{"1250h", "Hijri year 1250 is outside the Umm al-Qura calendar (years 1300 to 1600)"},
             Row{"1601-01-01h", "Hijri year 1601 is outside the Umm al-Qura calendar (years 1300 to 1600)"},
             Row{"2015-02-29", "February 2015 has 28 days"},
             Row{"2015-13", "there is no month 13 (months go from 1 to 12)"},
             Row{"0000", "there is no year 0"},
             Row{"1436-9", ""},  // one-digit months are Hijri only
             Row{"2015/07/21", ""},
             Row{"1436-10-05hh", ""},
             Row{"h", ""},
             Row{"هـ", ""},
             Row{"1436-10-05x", ""},
             Row{"1436-100h", ""},
             Row{"last week", ""},
         }) {
        CAPTURE(row.text);
        const DateBound bound = read_date_bound(row.text, false);
        CHECK(bound.day.empty());
        CHECK(bound.problem == row.problem);
        CHECK_FALSE(parse_date_bound(row.text, true));
    }
}

TEST_CASE("date: ranges in a query read Hijri ends as --from and --to do") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    std::string problem;
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database(), &problem);
    struct Row {
        const char* query;
        const char* description;
    };
    for (const Row& row : {
             Row{"date:1436-09h..1436-10h", "Query(VALUE_RANGE 0 20150618 20150815)"},
             Row{"date:١٤٣٦-٠٩هـ..", "Query(VALUE_GE 0 20150618)"},
             Row{"date:..1436h", "Query(VALUE_LE 0 20151013)"},
             Row{"date:2015-07-01..1436-10-05h", "Query(VALUE_RANGE 0 20150701 20150721)"},
             // Without a Hijri end, Xapian's DateRangeProcessor reads it, as before.
             Row{"date:2015-07-01..2015-07-31", "Query(VALUE_RANGE 0 20150701 20150731)"},
             Row{"date:1436-09-30h..", "Query()"},
         }) {
        CAPTURE(row.query);
        problem.clear();
        CHECK(analyzer.parse_query(parser, row.query).get_description() == row.description);
        CHECK(problem.empty() == (std::string(row.query).find("-30h") == std::string::npos));
    }
    CHECK(problem == "date: expects " + std::string(DATE_BOUND_FORMS) +
                         ", got '1436-09-30h': Ramadan 1436 has 29 days in the Umm al-Qura calendar");
}
