// Hijri dates end to end, on corpus/: --from/--to, date:FROM..TO and the
// API's from/to take Umm al-Qura dates; results show the Hijri day beside
// the Gregorian one, for people, in --json and in the API.
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::corpus;
using fahras::test::http_get;
using fahras::test::ids;
using fahras::test::search;
using fahras::test::search_json;
using fahras::test::search_target;

namespace {

std::vector<std::string> dates(const fahras::test::JsonSearch& s) {
    std::vector<std::string> out;
    for (const auto& hit : s.hits) out.push_back(hit["date"].get<std::string>().substr(0, 10));
    return out;
}

}  // namespace

TEST_CASE("--from/--to take Hijri dates: a month is all its days") {
    // Ramadan 1436 is 2015-06-18 to 2015-07-16 (29 days): one article of
    // corpus/ (2015-07-09); Shawwal 1436 (30 days) to 2015-08-15 adds two.
    const auto ramadan = search_json({"--from", "1436-09h", "--to", "1436-09h", "--limit", "50"});
    CHECK(dates(ramadan) == std::vector<std::string>{"2015-07-09"});
    const auto to_shawwal = search_json({"--from", "1436-09h", "--to", "1436-10h", "--limit", "50"});
    CHECK(dates(to_shawwal) == std::vector<std::string>{"2015-08-05", "2015-07-21", "2015-07-09"});
    CHECK(ids(to_shawwal) == ids(search_json({"--from", "2015-06-18", "--to", "2015-08-15", "--limit", "50"})));
    // The year 1436: 2014-10-25 to 2015-10-13.
    const auto year = search_json({"--from", "1436h", "--to", "1436h", "--limit", "50"});
    CHECK(year.hits.size() == 19);
    CHECK(ids(year) == ids(search_json({"--from", "2014-10-25", "--to", "2015-10-13", "--limit", "50"})));
    // As Arabic writers write them: هـ, Arabic-Indic digits, '/' and one digit.
    for (const char* ramadan_start : {"1436-09هـ", "١٤٣٦-٠٩هـ", "1436/9 ه", "1436-9H"}) {
        CAPTURE(ramadan_start);
        CHECK(ids(search_json({"--from", ramadan_start, "--to", "1436-10-05h", "--limit", "50"})) ==
              ids(search_json({"--from", "2015-06-18", "--to", "2015-07-21", "--limit", "50"})));
    }
    // With words, mixed with a Gregorian bound.
    CHECK(ids(search_json({"حلب", "--from", "1436h", "--to", "2016-06"})) ==
          ids(search_json({"حلب", "--from", "2014-10-25", "--to", "2016-06"})));
}

TEST_CASE("date:FROM..TO in the query takes Hijri dates too") {
    const auto typed = search_json({"date:1436-09h..1436-10h", "--limit", "50"});
    CHECK(typed.exit_code == 0);
    CHECK(ids(typed) == ids(search_json({"--from", "1436-09h", "--to", "1436-10h", "--limit", "50"})));
    CHECK(typed.summary["syntax_fallback"] == false);
    CHECK(ids(search_json({"date:١٤٣٦-٠٩هـ..١٤٣٦-١٠هـ", "--limit", "50"})) == ids(typed));
    CHECK(ids(search_json({"date:1436-10h..", "--limit", "50"})) ==
          ids(search_json({"--from", "2015-07-17", "--limit", "50"})));
    CHECK(ids(search_json({"حلب", "date:..1436h"})) == ids(search_json({"حلب", "--to", "2015-10-13"})));
}

TEST_CASE("Hijri dates that do not exist are refused with what is wrong") {
    struct Row {
        std::vector<std::string> args;
        int exit_code;
        const char* says;
    };
    for (const Row& row : {
             Row{{"--from", "1436-09-30h"}, 64, "--from expects "},
             Row{{"--from", "1436-09-30h"}, 64, "got '1436-09-30h': Ramadan 1436 has 29 days in the Umm al-Qura calendar"},
             Row{{"--to", "1436-13h"}, 64, "there is no Hijri month 13"},
             Row{{"--to", "1436-10-31هـ"}, 64, "Shawwal 1436 has 30 days"},
             Row{{"--from", "1200h"}, 64, "Hijri year 1200 is outside the Umm al-Qura calendar (years 1300 to 1600)"},
             Row{{"--from", "1436-09-05x"}, 64, "or a Hijri date with h or هـ after it"},
             Row{{"--from", "1436-10h", "--to", "1436-09h"}, 64, "--from is after --to"},
             Row{{"حلب date:1436-09-30h.."}, 65, "Ramadan 1436 has 29 days"},
             Row{{"date:1436-13h..1437h"}, 65, "cannot parse query 'date:1436-13h..1437h': date: expects"},
         }) {
        std::vector<std::string> args = row.args;
        if (row.exit_code == 64) args.push_back("حلب");
        const CommandResult result = search(args);
        CAPTURE(result.err);
        CHECK(result.exit_code == row.exit_code);
        CHECK(result.err.rfind("fahras-search: ", 0) == 0);
        CHECK(result.err.find(row.says) != std::string::npos);
        CHECK(result.out.empty());
    }
    // --strict or not: a date that does not exist is no syntax to read as words.
    CHECK(search({"date:1436-09-30h..", "--strict"}).exit_code == 65);
}

TEST_CASE("results show the Hijri day beside the Gregorian one") {
    const auto found = search_json({"--from", "2015-07-21", "--to", "2015-07-21"});
    REQUIRE(found.hits.size() == 1);
    CHECK(found.hits[0]["date"].get<std::string>().substr(0, 10) == "2015-07-21");
    CHECK(found.hits[0]["date_hijri"] == "1436-10-05");
    for (const auto& hit : search_json({"--from", "2014", "--limit", "100"}).hits) {
        CAPTURE(hit["date"]);
        CHECK(hit["date_hijri"].get<std::string>().size() == 10);
    }
    const CommandResult human = search({"--from", "2015-07-21", "--to", "2015-07-21", "--no-bidi"});
    CHECK(human.exit_code == 0);
    CAPTURE(human.out);
    CHECK(human.out.find("2015-07-21") != std::string::npos);
    CHECK(human.out.find(" / 1436-10-05  ") != std::string::npos);
}

TEST_CASE("fahras-serve: from/to take Hijri dates, hits and articles carry date_hijri") {
    REQUIRE(corpus().index_result.exit_code == 0);
    fahras::test::ServeProcess server(corpus().db());
    const auto response = http_get(server.port(), search_target({{"from", "1436-09هـ"}, {"to", "1436-10h"}, {"limit", "50"}}));
    REQUIRE(response.status == 200);
    const auto page = response.json();
    const auto cli = search_json({"--from", "1436-09هـ", "--to", "1436-10h", "--limit", "50"});
    REQUIRE(page["hits"].size() == 3);
    REQUIRE(cli.hits.size() == 3);
    for (std::size_t i = 0; i < cli.hits.size(); ++i) {
        CHECK(page["hits"][i]["id"] == cli.hits[i]["id"]);
        CHECK(page["hits"][i]["date_hijri"] == cli.hits[i]["date_hijri"]);
    }
    CHECK(page["hits"][1]["date_hijri"] == "1436-10-05");
    const auto typed = http_get(server.port(), search_target({{"q", "date:1436-09h..1436-10h"}, {"limit", "50"}})).json();
    CHECK(typed["hits"] == page["hits"]);

    const std::string id = page["hits"][1]["id"];
    const auto article = http_get(server.port(), "/api/articles/" + fahras::test::url_encode(id)).json();
    CHECK(article["date_hijri"] == "1436-10-05");

    const auto bad = http_get(server.port(), search_target({{"q", "x"}, {"from", "1436-09-30h"}}));
    CAPTURE(bad.body);
    CHECK(bad.status == 400);
    CHECK(bad.json()["error"].get<std::string>().find("Ramadan 1436 has 29 days in the Umm al-Qura calendar") !=
          std::string::npos);
    const auto bad_query = http_get(server.port(), search_target({{"q", "date:1436-13h.."}}));
    CHECK(bad_query.status == 400);
    CHECK(bad_query.json()["error"].get<std::string>().find("there is no Hijri month 13") != std::string::npos);
}
