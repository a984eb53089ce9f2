#include <fahras/dates.h>

#include <doctest/doctest.h>

using namespace fahras;

TEST_CASE("parse_date accepts ISO 8601, SQL-style and RFC 2822 dates") {
    struct Row {
        const char* text;
        const char* iso;
    };
    for (const Row& row : {
             Row{"2015-07-21", "2015-07-21"},
             Row{"2015-07-21T09:30:00", "2015-07-21T09:30:00"},
             Row{"2015-07-21T09:30", "2015-07-21T09:30:00"},
             Row{"2015-07-21T09:30:00Z", "2015-07-21T09:30:00"},
             Row{"2015-07-21T09:30:00.250+03:00", "2015-07-21T09:30:00"},
             Row{"2015-07-21T23:59:59-0500", "2015-07-21T23:59:59"},
             Row{"2015-07-21 02:51:32", "2015-07-21T02:51:32"},
             Row{" 2016-02-29 ", "2016-02-29"},
             Row{"Tue, 21 Jul 2015 09:30:00 +0300", "2015-07-21T09:30:00"},
             Row{"21 Jul 2015 09:30 GMT", "2015-07-21T09:30:00"},
             Row{"Sat, 1 Aug 2015 7:05:00 +0000", nullptr},  // hours must have two digits
             Row{"2015-02-29", nullptr},
             Row{"2015-13-01", nullptr},
             Row{"21/07/2015", nullptr},
             Row{"yesterday", nullptr},
             Row{"", nullptr},
             Row{"2015-07-21T25:00:00", nullptr},
         }) {
        CAPTURE(row.text);
        const auto date = parse_date(row.text);
        if (row.iso) {
            REQUIRE(date);
            CHECK(date->iso() == row.iso);
        } else {
            CHECK_FALSE(date);
        }
    }
    const auto date = parse_date("2015-07-21 02:51:32");
    REQUIRE(date);
    CHECK(date->value_date() == "20150721");
    CHECK(date->timestamp() == "20150721025132");
}

TEST_CASE("parse_date_bound expands partial dates to the first or last day") {
    CHECK(parse_date_bound("2015", false) == std::optional<std::string>("20150101"));
    CHECK(parse_date_bound("2015", true) == std::optional<std::string>("20151231"));
    CHECK(parse_date_bound("2016-02", true) == std::optional<std::string>("20160229"));
    CHECK(parse_date_bound("2015-07-21", true) == std::optional<std::string>("20150721"));
    CHECK_FALSE(parse_date_bound("2015-7", false));
    CHECK_FALSE(parse_date_bound("2015-02-30", false));
    CHECK_FALSE(parse_date_bound("last week", false));
}
