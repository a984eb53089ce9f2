// fahras-search option parsing.
#include "searcher.h"

#include <doctest/doctest.h>

using namespace fahras;

TEST_CASE("search options: query words, dates and usage errors") {
    const char* argv[] = {"fahras-search", "--db", "x", "--from", "2015-07", "--to", "2015", "حلب", "الرقة", nullptr};
    const SearchOptions opts = parse_searcher_options(9, argv);
    CHECK(opts.query == "حلب الرقة");
    CHECK(opts.from == std::optional<std::string>("20150701"));
    CHECK(opts.to == std::optional<std::string>("20151231"));
    const char* bad_sort[] = {"fahras-search", "--sort", "size", "x", nullptr};
    CHECK_THROWS(parse_searcher_options(4, bad_sort));
    const char* bad_date[] = {"fahras-search", "--from", "July", "x", nullptr};
    CHECK_THROWS(parse_searcher_options(4, bad_date));
    const char* reversed[] = {"fahras-search", "--from", "2016", "--to", "2015", "x", nullptr};
    CHECK_THROWS(parse_searcher_options(6, reversed));
    const char* nothing[] = {"fahras-search", nullptr};
    CHECK_THROWS(parse_searcher_options(1, nothing));
}

TEST_CASE("fahras-search --help names every option and the exit codes") {
    const char* argv[] = {"fahras-search", "--help", nullptr};
    const SearchOptions opts = parse_searcher_options(2, argv);
    for (const char* option : {"--db", "--limit", "--offset", "--sort", "--from", "--to", "--all",
                               "--snippet-length", "--json", "--highlight", "--no-bidi", "--version", "--place", "--country",
                               "--near", "--km", "--facets", "--variants", "--no-variants", "--stopwords",
                               "--no-proximity", "--explain", "place:",
                               "title:", "source:", "date:", "Exit status", "66"}) {
        CAPTURE(option);
        CHECK(opts.help_text.find(option) != std::string::npos);
    }
}
