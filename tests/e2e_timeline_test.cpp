// Timelines end to end (--facets dates): fahras-search and fahras-serve's
// API count the matches of each day or month, stories when collapsed and
// articles with --no-collapse, on an archive where one story is printed
// by several papers over two days.
#include "e2e_support.h"
#include "serve_client.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras::test;

namespace {

std::string line(const std::string& id, const std::string& date, const std::string& body) {
    nlohmann::json article = {{"id", id}, {"url", "http://" + id + ".test/1"}, {"source", id}, {"title", "قافلة"},
                              {"body", body}};
    if (!date.empty()) article["date"] = date;
    return article.dump() + "\n";
}

// Story 1: three papers on 1 August, a fourth (its first sentence cut) on
// the 3rd; story 2 on the 3rd; story 3 on the 5th; story 4 undated.
std::string archive() {
    return line("wire", "2015-08-01T10:00:00", story_text(1, 300)) + line("paper-a", "2015-08-01T11:00:00", story_text(1, 300)) +
           line("paper-b", "2015-08-01T12:00:00", story_text(1, 250)) + line("paper-d", "2015-08-03T09:00:00", story_text(1, 300, 12)) +
           line("other-2", "2015-08-03T10:00:00", story_text(2, 300)) + line("other-3", "2015-08-05T10:00:00", story_text(3, 300)) +
           line("undated", "", story_text(4, 300));
}

// The facets line of fahras-search --json, with @a args.
nlohmann::json facets_of(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--snippet-length", "0", "قافلة"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv);
    CAPTURE(result.err);
    REQUIRE(result.exit_code == 0);
    std::istringstream lines(result.out);
    for (std::string text_line; std::getline(lines, text_line);) {
        auto object = nlohmann::json::parse(text_line);
        if (object["type"] == "facets") return object;
    }
    FAIL("no facets line in: " << result.out);
    return {};
}

// A timeline's buckets as "start end count", in order.
std::vector<std::string> buckets(const nlohmann::json& dates) {
    std::vector<std::string> out;
    for (const auto& bucket : dates["buckets"])
        out.push_back(bucket["start"].get<std::string>() + " " + bucket["end"].get<std::string>() + " " +
                      std::to_string(bucket["count"].get<int>()));
    return out;
}

struct TimelineArchive {
    TimelineArchive() {
        write_file(dir.file("archive.jsonl"), archive());
        indexed = index_into(db(), {dir.file("archive.jsonl")});
    }
    std::string db() const { return dir.file("db"); }
    TempDir dir;
    CommandResult indexed;
};

}  // namespace

TEST_CASE("timeline: fahras-search counts stories a day when collapsed, articles with --no-collapse") {
    const TimelineArchive archive;
    REQUIRE(archive.indexed.exit_code == 0);

    const nlohmann::json stories = facets_of(archive.db(), {"--facets", "dates"})["dates"];
    CHECK(stories["interval"] == "day");
    CHECK(stories["counts"] == "stories");
    CHECK(stories["undated"] == 1);
    // Story 1 on the 1st (three copies, one story) and on the 3rd (its
    // late copy), with story 2.
    CHECK(buckets(stories) == std::vector<std::string>{"2015-08-01 2015-08-01 1", "2015-08-02 2015-08-02 0",
                                                       "2015-08-03 2015-08-03 2", "2015-08-04 2015-08-04 0",
                                                       "2015-08-05 2015-08-05 1"});
    CHECK(stories["buckets"][0]["start_hijri"] == "1436-10-16");
    CHECK(stories["buckets"][0]["end_hijri"] == "1436-10-16");

    const nlohmann::json articles = facets_of(archive.db(), {"--facets", "dates", "--no-collapse"})["dates"];
    CHECK(articles["counts"] == "articles");
    CHECK(articles["undated"] == 1);
    CHECK(buckets(articles) == std::vector<std::string>{"2015-08-01 2015-08-01 3", "2015-08-02 2015-08-02 0",
                                                        "2015-08-03 2015-08-03 2", "2015-08-04 2015-08-04 0",
                                                        "2015-08-05 2015-08-05 1"});

    // A month: story 1 once, though it has copies on two days.
    const nlohmann::json month = facets_of(archive.db(), {"--facets=dates", "--date-interval", "month"})["dates"];
    CHECK(month["interval"] == "month");
    CHECK(buckets(month) == std::vector<std::string>{"2015-08-01 2015-08-31 3"});
    CHECK(month["buckets"][0]["end_hijri"] == "1436-11-16");
    CHECK(buckets(facets_of(archive.db(), {"--facets=dates", "--date-interval", "month", "--no-collapse"})["dates"]) ==
          std::vector<std::string>{"2015-08-01 2015-08-31 6"});

    // Only the facets named are counted; --facets alone counts them all.
    const nlohmann::json chosen = facets_of(archive.db(), {"--facets", "sources,dates"});
    CHECK(chosen.contains("sources"));
    CHECK(chosen.contains("dates"));
    CHECK_FALSE(chosen.contains("places"));
    CHECK_FALSE(chosen.contains("countries"));
    const nlohmann::json all = facets_of(archive.db(), {"--facets"});
    for (const char* kind : {"places", "countries", "sources", "dates"}) CHECK(all.contains(kind));
    // With the other facets the ranked match's spies count the timeline;
    // alone, a walk of its own: the same counts.
    CHECK(all["dates"] == stories);
    CHECK(facets_of(archive.db(), {"--facets", "--no-collapse"})["dates"] == articles);
    CHECK_FALSE(facets_of(archive.db(), {"--facets", "places"}).contains("dates"));
}

TEST_CASE("timeline: the human output draws a line a bucket, without bars when stdout is no terminal") {
    const TimelineArchive archive;
    REQUIRE(archive.indexed.exit_code == 0);
    const CommandResult human =
        run_command({FAHRAS_SEARCH_BIN, "--db", archive.db(), "--snippet-length", "0", "--facets", "dates", "قافلة"});
    REQUIRE(human.exit_code == 0);
    CHECK(human.out.find("Timeline (stories a day; 1 undated):\n"
                         "  2015-08-01 / 1436-10-16  1\n"
                         "  2015-08-02 / 1436-10-17  0\n"
                         "  2015-08-03 / 1436-10-18  2\n") != std::string::npos);
    CHECK(human.out.find("Places:") == std::string::npos);
    CHECK(human.out.find("\u2588") == std::string::npos);
    const CommandResult refused =
        run_command({FAHRAS_SEARCH_BIN, "--db", archive.db(), "--date-interval", "day", "قافلة"});
    CHECK(refused.exit_code == 64);
    CHECK(refused.err.find("--date-interval") != std::string::npos);
}

TEST_CASE("timeline: fahras-serve's API answers facets=dates with the same timeline as fahras-search") {
    const TimelineArchive archive;
    REQUIRE(archive.indexed.exit_code == 0);
    ServeProcess server(archive.db());
    for (const bool collapse : {true, false}) {
        CAPTURE(collapse);
        std::vector<std::pair<std::string, std::string>> params = {{"q", "قافلة"}, {"facets", "dates"}};
        std::vector<std::string> args = {"--facets", "dates"};
        if (!collapse) {
            params.emplace_back("collapse", "0");
            args.push_back("--no-collapse");
        }
        const auto response = http_get(server.port(), search_target(params));
        REQUIRE(response.status == 200);
        const auto facets = response.json()["facets"];
        CHECK(facets["dates"] == facets_of(archive.db(), args)["dates"]);
        CHECK_FALSE(facets.contains("places"));
    }
    const auto month =
        http_get(server.port(), search_target({{"q", "قافلة"}, {"facets", "1"}, {"date_interval", "month"}}));
    REQUIRE(month.status == 200);
    CHECK(month.json()["facets"]["dates"]["interval"] == "month");
    CHECK(month.json()["facets"].contains("places"));
    CHECK(http_get(server.port(), search_target({{"q", "قافلة"}, {"facets", "weather"}})).status == 400);
    CHECK(http_get(server.port(), search_target({{"q", "قافلة"}, {"facets", "1"}, {"date_interval", "week"}})).status ==
          400);
    CHECK(http_get(server.port(), search_target({{"q", "قافلة"}, {"date_interval", "day"}})).status == 400);
}
