// fahras-search option parsing, and the searcher's layout.
#include "search_cli.h"

#include "test_support.h"

#include <fahras/error.h>

#include <boost/program_options/errors.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <limits>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

TEST_CASE("search options: query words, dates and usage errors") {
    const char* argv[] = {"fahras-search", "--db", "x", "--from", "2015-07", "--to", "2015", "حلب", "الرقة", nullptr};
    const SearcherOptions opts = parse_searcher_options(9, argv);
    CHECK(opts.request.query == "حلب الرقة");
    CHECK(opts.request.from == std::optional<std::string>("20150701"));
    CHECK(opts.request.to == std::optional<std::string>("20151231"));
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
    const SearcherOptions opts = parse_searcher_options(2, argv);
    for (const char* option : {"--db", "--limit", "--offset", "--sort", "--from", "--to", "--all",
                               "--snippet-length", "--json", "--highlight", "--bidi", "--no-bidi", "--version", "--place", "--country",
                               "--near", "--km", "--facets", "--date-interval", "--variants", "--no-variants", "--stopwords",
                               "--no-proximity", "--explain", "--strict", "place:",
                               "title:", "source:", "date:", "Exit status", "66", "--like", "--like-terms",
                               "--source", "67"}) {
        CAPTURE(option);
        CHECK(opts.help_text.find(option) != std::string::npos);
    }
}

namespace {

// The usage error parse_searcher_options raises for @a args (after the
// program name), or "" when they parse.
std::string usage_error(const std::vector<std::string>& args) {
    std::vector<const char*> argv = {"fahras-search"};
    for (const auto& arg : args) argv.push_back(arg.c_str());
    argv.push_back(nullptr);
    try {
        parse_searcher_options(static_cast<int>(argv.size() - 1), argv.data());
    } catch (const boost::program_options::error& e) {
        return e.what();
    }
    return "";
}

}  // namespace

TEST_CASE("search options: --limit, --offset and --snippet-length are whole numbers within their bounds") {
    struct Row {
        std::vector<std::string> args;
        std::string error;  // part of the message; "" when the arguments are fine
    };
    const std::vector<Row> rows = {
        {{"--limit", "-1"}, "--limit expects a whole number from 1 to 10000, got '-1'"},
        {{"--limit", "0"}, "--limit must be from 1 to 10000"},
        {{"--limit", "10001"}, "--limit must be from 1 to 10000, got 10001"},
        {{"--limit", "18446744073709551617"}, "--limit must be from 1 to 10000"},
        {{"--limit", "1e3"}, "--limit expects a whole number"},
        {{"--limit", " 5"}, "--limit expects a whole number"},
        {{"--limit", ""}, "--limit expects a whole number"},
        {{"--limit", "10000"}, ""},
        {{"--limit", "007"}, ""},
        // 2^32 was cut to 0 on its way to Xapian: the first page again.
        {{"--offset", "4294967296"}, "--offset must be from 0 to 4294957295"},
        {{"--offset", "-1"}, "--offset expects a whole number"},
        {{"--offset", "4294957296"}, "--offset must be from 0 to 4294957295"},
        {{"--offset", "4294957295", "--limit", "10000"}, ""},
        {{"--snippet-length", "-1"}, "--snippet-length expects a whole number from 0 to 10000"},
        {{"--snippet-length", "10001"}, "--snippet-length must be from 0 to 10000"},
        {{"--snippet-length", "0"}, ""},
    };
    for (const auto& row : rows) {
        std::vector<std::string> args = row.args;
        args.push_back("حلب");
        CAPTURE(row.args);
        const std::string error = usage_error(args);
        if (row.error.empty()) CHECK(error == "");
        else CHECK(error.find(row.error) != std::string::npos);
    }
    const char* big[] = {"fahras-search", "--offset", "4294957295", "--limit", "10000", "حلب", nullptr};
    const SearcherOptions opts = parse_searcher_options(6, big);
    CHECK(opts.request.offset == MAX_OFFSET);
    CHECK(opts.request.limit == MAX_LIMIT);
    CHECK(opts.request.offset + opts.request.limit <= std::numeric_limits<Xapian::doccount>::max());
    // --help states the bounds.
    const char* help[] = {"fahras-search", "--help", nullptr};
    const std::string text = parse_searcher_options(2, help).help_text;
    CHECK(text.find("at most 10000") != std::string::npos);
    CHECK(text.find("up to 4096 bytes and 100 words") != std::string::npos);
}

TEST_CASE("search options: marks and bidi isolates on a terminal, plain text elsewhere unless asked for") {
    struct Row {
        std::vector<std::string> args;
        bool terminal;
        HighlightStyle highlight;
        bool bidi;
        std::vector<std::string> words = {"حلب"};  // the query read
    };
    const auto A = HighlightStyle::ansi, B = HighlightStyle::brackets, N = HighlightStyle::none;
    const std::vector<Row> rows = {
        {{}, true, A, true},
        {{}, false, N, false},  // piped: plain, as grep --color=auto
        {{"--highlight"}, false, B, false},
        {{"--highlight"}, true, A, true},
        {{"--bidi"}, false, N, true},
        {{"--highlight", "--bidi"}, false, B, true},
        {{"--highlight=always", "--bidi=always"}, false, B, true},
        {{"--highlight=ansi"}, false, A, false},  // for less -R
        {{"--highlight", "ansi"}, false, A, false},  // a value word after a bare option is its value
        {{"--highlight", "brackets"}, true, B, true},
        {{"--highlight=never", "--bidi=never"}, true, N, false},
        {{"--highlight", "none", "--no-bidi"}, true, N, false},
        {{"--highlight=auto", "--bidi", "auto"}, true, A, true},
        {{"--bidi", "never"}, true, A, false},
        // Other words after a bare option are the query's.
        {{"--bidi", "brackets"}, false, N, true, {"brackets", "حلب"}},
        {{"--", "--highlight", "ansi"}, false, N, false, {"--highlight", "ansi", "حلب"}},
    };
    for (const auto& row : rows) {
        CAPTURE(row.args);
        CAPTURE(row.terminal);
        std::vector<std::string> args = {"fahras-search"};
        args.insert(args.end(), row.args.begin(), row.args.end());
        args.push_back("حلب");
        std::vector<const char*> argv;
        for (const auto& arg : args) argv.push_back(arg.c_str());
        argv.push_back(nullptr);
        const SearcherOptions opts = parse_searcher_options(static_cast<int>(args.size()), argv.data(), row.terminal);
        CHECK(opts.highlight == row.highlight);
        CHECK(opts.bidi_isolates == row.bidi);
        std::string query;
        for (const auto& word : row.words) query += (query.empty() ? "" : " ") + word;
        CHECK(opts.request.query == query);
    }
    CHECK(usage_error({"--highlight=bold"}) == "--highlight expects auto, always, never, ansi or brackets, got 'bold'");
    CHECK(usage_error({"--bidi=yes"}) == "--bidi expects auto, always or never, got 'yes'");
    CHECK(usage_error({"--bidi", "--no-bidi"}) == "--bidi and --no-bidi contradict each other: give one");
}

TEST_CASE("search options: --near takes two finite degrees in range, --km a positive finite radius") {
    for (const char* near : {"nan,nan", "abc,30", "24.7,", ",46.7", "24.7", "24.7,46.7x", "24.7x,46.7", "inf,0",
                             "0,-inf", "91,46.7", "-90.5,0", "24.7,180.1", "24.7,-181", "0x10,3", "1,2,3", ""}) {
        CAPTURE(near);
        CHECK(usage_error({"--near", near}).find("--near expects LAT,LON in degrees") != std::string::npos);
    }
    for (const char* km : {"nan", "inf", "-inf", "-5", "0", "abc"}) {
        CAPTURE(km);
        CHECK(usage_error({"--near", "24.7,46.7", "--km", km}).find("km") != std::string::npos);
    }
    CHECK(usage_error({"--near", "24.7,46.7", "--km", "nan"}) == "--km must be a positive number of km");
    CHECK(usage_error({"--near", "24.7,46.7", "--km", "0.5"}) == "");
    CHECK(usage_error({"--near", " 24.7, 46.7 "}) == "");
    CHECK(usage_error({"--near", "-90,180"}) == "");
    const char* argv[] = {"fahras-search", "--near", "-33.5e0,+151", nullptr};
    const SearcherOptions opts = parse_searcher_options(3, argv);
    REQUIRE(opts.request.near);
    CHECK(opts.request.near->first == -33.5);
    CHECK(opts.request.near->second == 151);
}

TEST_CASE("check_search_request: the limits hold for requests filled in by a program, not only for argv") {
    const auto code_of = [](const SearchRequest& request) {
        try {
            check_search_request(request);
        } catch (const Error& e) {
            return static_cast<int>(e.code());
        }
        return 0;
    };
    SearchRequest good;
    good.query = "حلب";
    CHECK(code_of(good) == 0);
    SearchRequest bad = good;
    bad.limit = 0;
    CHECK(code_of(bad) == EXIT_USAGE);
    bad.limit = MAX_LIMIT + 1;
    CHECK(code_of(bad) == EXIT_USAGE);
    bad = good;
    bad.offset = std::size_t{1} << 32;
    CHECK(code_of(bad) == EXIT_USAGE);
    bad = good;
    bad.near = std::make_pair(std::nan(""), 0.0);
    CHECK(code_of(bad) == EXIT_USAGE);
    bad.near = std::make_pair(0.0, 200.0);
    CHECK(code_of(bad) == EXIT_USAGE);
    bad = good;
    bad.near_km = std::numeric_limits<double>::infinity();
    CHECK(code_of(bad) == EXIT_USAGE);
    bad.near_km = std::nan("");
    CHECK(code_of(bad) == EXIT_USAGE);
    SearchRequest like;
    like.like = std::string(MAX_QUERY_BYTES, 'x');
    CHECK(code_of(like) == 0);
    like.like = std::string(MAX_QUERY_BYTES + 1, 'x');
    CHECK(code_of(like) == EXIT_USAGE);
    like.like = "";
    CHECK(code_of(like) == EXIT_USAGE);
}

TEST_CASE("search options: --like ID needs no query, --like-terms names a variant, --source adds source:NAME") {
    const char* like_argv[] = {"fahras-search", "--like", "http://a.test/1", nullptr};
    const SearcherOptions like = parse_searcher_options(3, like_argv);
    REQUIRE(like.request.like);
    CHECK(*like.request.like == "http://a.test/1");
    CHECK(like.request.like_terms == LikeTerms::names);
    CHECK(like.request.query.empty());
    const char* terms_argv[] = {"fahras-search", "--like", "a", "--like-terms", "title", nullptr};
    CHECK(parse_searcher_options(5, terms_argv).request.like_terms == LikeTerms::title);
    const char* plain_argv[] = {"fahras-search", "--like", "a", "--like-terms", "plain", nullptr};
    CHECK(parse_searcher_options(5, plain_argv).request.like_terms == LikeTerms::plain);
    CHECK(usage_error({"--like", "a", "--like-terms", "best"}).find("names, plain or title") != std::string::npos);
    CHECK(usage_error({"--like", ""}).find("--like expects an article id") != std::string::npos);
    const char* source_argv[] = {"fahras-search", "--source", "okaz", "--source", "sabq", "حلب", nullptr};
    CHECK(parse_searcher_options(6, source_argv).request.query == "حلب source:okaz source:sabq");
    CHECK(usage_error({"--source", "a b", "حلب"}).find("--source expects a source name") != std::string::npos);
    // --source alone is a filter query: it lists articles.
    CHECK(usage_error({"--source", "okaz"}).empty());
}

TEST_CASE("a query longer than MAX_QUERY_BYTES or with more than MAX_QUERY_WORDS words is refused (exit 65)") {
    SearcherOptions opts;
    opts.db_path = "/nonexistent/fahras";  // the query is refused before the database is opened
    const auto error_of = [&](const std::string& query) -> std::pair<int, std::string> {
        opts.request.query = query;
        try {
            check_search_request(opts.request);
        } catch (const Error& e) {
            return {e.code(), e.what()};
        }
        return {0, ""};
    };
    const auto words = [](std::size_t count, const std::string& separator) {
        std::string query = "حلب";
        for (std::size_t i = 1; i < count; ++i) query += separator + "حلب";
        return query;
    };
    CHECK(error_of(words(MAX_QUERY_WORDS, " ")).first == 0);
    CHECK(error_of(std::string(MAX_QUERY_BYTES, 'a')).first == 0);
    const auto [long_code, long_message] = error_of(std::string(MAX_QUERY_BYTES + 1, 'a'));
    CHECK(long_code == EXIT_DATA_ERROR);
    CHECK(long_message == "the query is too long: 4097 bytes, at most 4096 are searched; shorten it");
    // Words as the parser reads them: punctuation parts them as well as spaces.
    for (const char* separator : {" ", "،", "-", "\"", " AND "}) {
        CAPTURE(separator);
        const auto [code, message] = error_of(words(MAX_QUERY_WORDS + 1, separator));
        CHECK(code == EXIT_DATA_ERROR);
        CHECK(message.find("the query has too many words: ") == 0);
    }
    // Through the library's entry point too, before it opens the database.
    opts.request.query = std::string(MAX_QUERY_BYTES + 1, 'a');
    try {
        run_search(opts);
        FAIL("a query over the limit ran");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_DATA_ERROR);
    }
}

TEST_CASE("the search stages and their helpers include search_types.h, never the facade") {
    // Only the facade's own source and fahras-search's files may include
    // searcher.h or search_cli.h: a stage that did would tie the library's
    // insides to its front.
    const std::set<std::string> front = {"searcher.h", "searcher.cpp", "search_cli.h", "main.cpp",
                                         "options.cpp", "output.cpp", "run_search.cpp"};
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(fahras::test::source_dir() + "/searcher")) {
        const std::string name = entry.path().filename().string();
        if (front.count(name) || (entry.path().extension() != ".h" && entry.path().extension() != ".cpp")) continue;
        CAPTURE(name);
        const std::string text = fahras::test::read_file(entry.path().string());
        CHECK(text.find("#include \"searcher.h\"") == std::string::npos);
        CHECK(text.find("#include \"search_cli.h\"") == std::string::npos);
        ++checked;
    }
    CHECK(checked >= 10);  // query_plan, match, page, database, places, query_analysis…
}

TEST_CASE("the human output says an exact total as it is, an estimate as about, and a fallback on stderr") {
    const char* argv[] = {"fahras-search", "--db", "x", "حلب", nullptr};
    const SearcherOptions opts = parse_searcher_options(4, argv);
    ResultPage page;
    page.hits.emplace_back();
    page.hits.back().rank = 1;
    page.total_estimate = 180;
    page.total_is_exact = true;
    const auto text = [&] {
        std::ostringstream out;
        print_results_text(page, opts, out);
        return out.str();
    };
    CHECK(text().find("Results 1-1 of 180 articles\n") != std::string::npos);
    page.total_estimate = 12000;
    page.total_is_exact = false;
    page.collapsed = true;
    CHECK(text().find("Results 1-1 of about 12000 stories\n") != std::string::npos);
    page.hits.clear();
    page.total_estimate = 0;
    page.total_is_exact = true;
    CHECK(text() == "No results (0 matches)\n");
    std::ostringstream err;
    print_syntax_notice(page, err);
    CHECK(err.str().empty());
    page.syntax_fallback = true;
    page.syntax_note = "'..' outside date:FROM..TO; a quote without its pair";
    print_syntax_notice(page, err);
    CHECK(err.str() == "fahras-search: note: searched as plain words: '..' outside date:FROM..TO; a quote without its pair\n");
}
