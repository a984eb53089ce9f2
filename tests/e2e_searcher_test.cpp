// End to end: the Searcher a server keeps open, answering as fahras-search
// does, and the limits fahras-search puts on its arguments and queries.
#include "e2e_support.h"
#include "search_cli.h"
#include "test_support.h"

#include <fahras/error.h>

#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::corpus;
using fahras::test::search;

TEST_CASE("one Searcher answers many queries exactly as run_search does") {
    REQUIRE(corpus().index_result.exit_code == 0);
    fahras::Searcher searcher(corpus().db());
    const std::vector<std::vector<std::string>> queries = {
        {"اعلن", "وزير", "الاقتصاد"}, {"--place", "حلب", "قصف"}, {"place:دمشق"}, {"\"مجلس الوزراء\""},
        {"--facets", "--explain", "الحكومة"}, {"--snippet-length", "0", "السعودية"}, {"أمريكا"}, {"--no-variants", "أمريكا"},
        {"اعلن", "وزير", "الاقتصاد"}};  // again, from the Searcher's caches
    for (const auto& words : queries) {
        std::vector<std::string> args = {"fahras-search", "--db", corpus().db()};
        args.insert(args.end(), words.begin(), words.end());
        std::vector<const char*> argv;
        for (const auto& arg : args) argv.push_back(arg.c_str());
        const fahras::SearcherOptions opts = fahras::parse_searcher_options(static_cast<int>(argv.size()), argv.data());
        CAPTURE(opts.request.query);
        fahras::ResultPage once = fahras::run_search(opts), reused = searcher.search(opts.request);
        once.seconds = reused.seconds = 0;
        std::ostringstream a, b;
        fahras::print_results_json(once, opts, a);
        fahras::print_results_json(reused, opts, b);
        CHECK(a.str() == b.str());
        std::ostringstream c, d;
        fahras::print_results_text(once, opts, c);
        fahras::print_results_text(reused, opts, d);
        CHECK(c.str() == d.str());
    }
    CHECK_THROWS_AS(fahras::Searcher(corpus().db() + "-missing"), fahras::Error);
}

TEST_CASE("a Searcher takes its --variants files once, and reads them only for a query that expands variants") {
    REQUIRE(corpus().index_result.exit_code == 0);
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("mine.txt"), "نواكشوط|انواكشوط\n");
    const auto finds_nouakchott = [](const fahras::ResultPage& page) {
        for (const auto& hit : page.hits)
            if (hit.id.find("nouakchott-fishing.txt") != std::string::npos) return true;
        return false;
    };
    fahras::SearchRequest request;  // filled by a program, as a server would
    request.query = "انواكشوط";
    request.correct = false;  // its spelling correction, نواكشوط, would find it without variants
    fahras::Searcher with_mine(corpus().db(), {dir.file("mine.txt")}), bundled_only(corpus().db());
    CHECK(finds_nouakchott(with_mine.search(request)));
    CHECK_FALSE(finds_nouakchott(bundled_only.search(request)));
    request.variants = false;
    CHECK_FALSE(finds_nouakchott(with_mine.search(request)));
    // A file that cannot be read is a usage error, once a query needs it.
    fahras::Searcher broken(corpus().db(), {dir.file("missing.txt")});
    fahras::SearchRequest listing;
    listing.from = "19000101";
    CHECK_FALSE(broken.search(listing).hits.empty());
    request.variants = true;
    try {
        broken.search(request);
        FAIL("a missing variants file went unnoticed");
    } catch (const fahras::Error& e) {
        CHECK(e.code() == fahras::EXIT_USAGE);
        CHECK(std::string(e.what()).find("missing.txt") != std::string::npos);
    }
}

TEST_CASE("fahras-search refuses numbers and coordinates out of range with exit 64") {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--limit", "-1", "حلب"}, {"--limit", "10001", "حلب"}, {"--offset", "4294967296", "حلب"},
             {"--offset", "-1", "حلب"}, {"--snippet-length", "-1", "حلب"}, {"--near", "nan,nan"},
             {"--near", "abc,30"}, {"--near", "24.7,"}, {"--near", "24.7,46.7x"}, {"--near", "91,46.7"},
             {"--near", "24.7,181"}, {"--near", "24.7,46.7", "--km", "nan"}, {"--near", "24.7,46.7", "--km", "inf"},
             {"--near", "24.7,46.7", "--km", "-5"}}) {
        CAPTURE(args);
        const CommandResult result = search(args);
        CHECK(result.exit_code == 64);
        CHECK(result.err.rfind("fahras-search: --", 0) == 0);
        CHECK(result.out.empty());
    }
    // The bounds themselves are fine: an offset past the end finds nothing.
    CHECK(search({"--limit", "10000", "حلب"}).exit_code == 0);
    CHECK(search({"--offset", "4294957295", "--limit", "10000", "حلب"}).exit_code == 1);
    CHECK(search({"--near", "36.20,37.13", "--km", "100"}).exit_code == 0);
}

TEST_CASE("fahras-search refuses a query over the size limits with exit 65") {
    std::vector<std::string> words(fahras::MAX_QUERY_WORDS + 1, "حلب");
    const CommandResult many = search(words);
    CHECK(many.exit_code == 65);
    CHECK(many.err == "fahras-search: the query has too many words: 101, at most 100 are searched; shorten it\n");
    words.pop_back();
    CHECK(search(words).exit_code == 0);
    // One 16,000-letter word took 12 s on SaudiNewsNet (its spelling suggestion).
    const CommandResult huge = search({std::string(16000, 'x')});
    CHECK(huge.exit_code == 65);
    CHECK(huge.err.find("the query is too long: 16000 bytes, at most 4096") != std::string::npos);
}

// Under the sanitizers this is also a leak test: the refusal used to throw
// through Xapian's QueryParser, which lost 72 bytes each time.
TEST_CASE("a Searcher refuses an unknown place: query each time and answers the next one") {
    REQUIRE(corpus().index_result.exit_code == 0);
    fahras::Searcher searcher(corpus().db());
    const std::string db = corpus().db();
    const auto options = [&db](const std::vector<std::string>& words) {
        std::vector<const char*> argv = {"fahras-search", "--db", db.c_str()};
        for (const auto& word : words) argv.push_back(word.c_str());
        return fahras::parse_searcher_options(static_cast<int>(argv.size()), argv.data()).request;
    };
    for (const std::string query : {"place:Atlantis", "حلب place:Atlantis", "place:Atlantis OR place:دمشق"}) {
        CAPTURE(query);
        try {
            searcher.search(options({query}));
            FAIL("an unknown place was searched for");
        } catch (const fahras::Error& e) {
            CHECK(e.code() == fahras::EXIT_DATA_ERROR);
            CHECK(std::string(e.what()).find("unknown place 'atlantis'") != std::string::npos);
        }
    }
    CHECK_FALSE(searcher.search(options({"place:دمشق"})).hits.empty());
}
