// End to end: every query searches (what the parser cannot read is plain
// words, said on stderr and in --json; --strict refuses it), totals are
// exact where they are counted, and filters typed in the query without
// words list articles newest first, as the options do.
#include "e2e_support.h"
#include "search_cli.h"
#include "test_support.h"

#include <fahras/article_reader.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/prefix_search.h>
#include <fahras/query_lexer.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <random>
#include <filesystem>
#include <string>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::corpus;
using fahras::test::ids;
using fahras::test::run_command;
using fahras::test::search;
using fahras::test::search_json;

TEST_CASE("fahras-search: a pasted headline's '..' is punctuation, said on stderr and in --json; --strict refuses it") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const std::string headline = "الحكومة السورية تقر خطة.. لدعم أسعار الخبز";
    const auto json = search_json({headline});
    CHECK(json.exit_code == 0);
    CHECK(json.summary["syntax_fallback"] == true);
    REQUIRE_FALSE(json.hits.empty());
    CHECK(ids(json).front() == "005");
    const CommandResult text = search({headline});
    CHECK(text.exit_code == 0);
    CHECK(text.err == "fahras-search: note: searched as plain words: '..' outside date:FROM..TO\n");
    const CommandResult strict = search({headline, "--strict"});
    CHECK(strict.exit_code == 65);
    CHECK(strict.out.empty());
    CHECK(strict.err.find("cannot parse query") != std::string::npos);
    CHECK(strict.err.find("'..' outside date:FROM..TO") != std::string::npos);
    // What is all syntax says nothing, with or without --strict.
    for (const auto& query : {std::vector<std::string>{"\"الحكومة السورية\""},
                                                 {"الحكومة", "AND", "الخبز", "--strict"},
                                                 {"date:2015-01-01..2015-12-31", "الحكومة"}}) {
        const CommandResult plain = search(query);
        CAPTURE(plain.err);
        CHECK(plain.exit_code == 0);
        CHECK(plain.err.empty());
        CHECK(search_json(query).summary["syntax_fallback"] == false);
    }
}

TEST_CASE("fahras-search: quotes, brackets, operators and ranges it cannot read are searched, never exit 65") {
    REQUIRE(corpus().index_result.exit_code == 0);
    for (const std::string query : {"date:yesterday..today", "\"الحكومة السورية", "الحكومة)", "(الحكومة", "الحكومة AND",
                                    "OR الحكومة", "الحكومة NOT", "الحكومة NEAR \"أسعار الخبز\"", "الحكومة +AND الخبز",
                                    "الحكومة..", "title:الحكومة..الخبز", "x:y..z الحكومة"}) {
        CAPTURE(query);
        const auto json = search_json({query});
        CHECK((json.exit_code == 0 || json.exit_code == 1));
        CHECK(json.summary["syntax_fallback"] == true);
        CHECK(search({query, "--strict"}).exit_code == 65);
    }
    // -word alone is all articles but those: they used to be what it found.
    // (A space first, or the shell's argument would be an option.)
    const auto excluded = search_json({" -الحكومة", "--limit", "100"});
    CHECK(excluded.summary["syntax_fallback"] == false);
    const auto with = search_json({"الحكومة", "--limit", "100"});
    REQUIRE_FALSE(with.hits.empty());
    CHECK(excluded.hits.size() + with.hits.size() == fahras::test::count(corpus().db()));
    for (const auto& id : ids(excluded)) CHECK_FALSE(fahras::test::contains(ids(with), id));
}

TEST_CASE("filters typed in the query without words list articles newest first, as the options do") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const auto dates = [](const fahras::test::JsonSearch& s) {
        std::vector<std::string> out;
        for (const auto& hit : s.hits) out.push_back(hit["date"]);
        return out;
    };
    const auto rased = search_json({"source:rased"});
    CHECK(ids(rased) == std::vector<std::string>{"027", "025", "036", "006"});
    CHECK(ids(rased) == ids(search_json({"source:rased", "--sort", "date"})));
    const auto newest_first = [&](const fahras::test::JsonSearch& s) {
        const auto d = dates(s);
        return !d.empty() && std::is_sorted(d.rbegin(), d.rend());
    };
    const auto place = search_json({"place:حلب", "--limit", "50"});
    CHECK(place.hits.size() > 1);
    CHECK(newest_first(place));
    CHECK(ids(place) == ids(search_json({"--place", "حلب", "--limit", "50"})));
    const auto range = search_json({"date:2015-01-01..2015-12-31", "--limit", "50"});
    CHECK(newest_first(range));
    CHECK(ids(range) == ids(search_json({"--from", "2015", "--to", "2015", "--limit", "50"})));
    CHECK(newest_first(search_json({" -حلب", "--limit", "50"})));
}

TEST_CASE("totals are exact where every match is counted, and the last page is where they say") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const auto all = search_json({"في", "--limit", "100"});
    REQUIRE(all.summary["total_is_exact"] == true);
    const std::size_t total = all.summary["total_estimate"];
    CHECK(total == all.hits.size());
    REQUIRE(total > 3);
    const auto last = search_json({"في", "--offset", std::to_string(total - 2)});
    CHECK(last.hits.size() == 2);
    CHECK(last.summary["total_estimate"] == total);
    const CommandResult text = search({"في", "--limit", "2"});
    CHECK(text.out.find("Results 1-2 of " + std::to_string(total) + " stories\n") != std::string::npos);
}

namespace {

// The ids of the articles holding a word of the database that begins with
// @a prefix (a term prefix included: "Sال" for title words), short form.
std::vector<std::string> holders_of_words_beginning(const std::string& prefix) {
    const Xapian::Database db(corpus().db());
    std::vector<std::string> found;
    for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term)
        for (auto post = db.postlist_begin(*term); post != db.postlist_end(*term); ++post) {
            std::string id = fahras::read_stored_article(db.get_document(*post), false).id;
            if (id.rfind("fahras-", 0) == 0) id = id.substr(7);  // as ids() writes them
            found.push_back(id);
        }
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    return found;
}

std::vector<std::string> sorted_ids(const fahras::test::JsonSearch& s) {
    std::vector<std::string> out = ids(s);
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("prefixes: word* finds the articles with a word beginning with it, normalized as any word") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const auto prefix = search_json({"الحكوم*", "--limit", "100"});
    CHECK(prefix.exit_code == 0);
    CHECK(prefix.summary["syntax_fallback"] == false);
    CHECK(prefix.summary["capped_prefixes"] == nlohmann::json::array());
    const std::vector<std::string> expected = holders_of_words_beginning("الحكوم");
    REQUIRE(expected.size() > 1);
    CHECK(sorted_ids(prefix) == expected);
    // More than the word itself: الحكومية, الحكومي, الحكومات too; each hit
    // matched and marks such a word.
    CHECK(prefix.hits.size() > search_json({"\"الحكومة\"", "--limit", "100"}).hits.size());
    for (const auto& hit : prefix.hits) {
        CAPTURE(hit["title"]);
        CHECK(std::any_of(hit["matched_terms"].begin(), hit["matched_terms"].end(),
                          [](const auto& term) { return term.template get<std::string>().rfind("الحكوم", 0) == 0; }));
    }
    CHECK(std::any_of(prefix.hits.begin(), prefix.hits.end(), [](const auto& hit) { return !hit["highlights"].empty(); }));
    // Typed with hamza, teh marbuta, tashkeel: normalized as the words were;
    // and an Arabic prefix without the article stands after it too
    // (اقتص* finds الاقتصاد), while one with it (الحكوم*) stands alone.
    std::vector<std::string> with_article = holders_of_words_beginning("اقتص");
    const std::vector<std::string> after_article = holders_of_words_beginning("الاقتص");
    REQUIRE(std::any_of(after_article.begin(), after_article.end(), [&](const std::string& id) {
        return std::find(with_article.begin(), with_article.end(), id) == with_article.end();
    }));
    with_article.insert(with_article.end(), after_article.begin(), after_article.end());
    std::sort(with_article.begin(), with_article.end());
    with_article.erase(std::unique(with_article.begin(), with_article.end()), with_article.end());
    const auto typed_with_hamza = search_json({"أقتص*", "--limit", "100"});
    CHECK(sorted_ids(typed_with_hamza) == with_article);
    CHECK(typed_with_hamza.summary["parsed_query"].get<std::string>().find("SYNONYM WILDCARD SYNONYM الاقتص") !=
          std::string::npos);  // one word for the ranking, not two
    // Under a field the prefix is as typed.
    CHECK(sorted_ids(search_json({"title:اقتص*", "--limit", "100"})) == holders_of_words_beginning("Sاقتص"));
    CHECK(ids(search_json({"الحكومة*", "--limit", "100"})) == ids(search_json({"الحكومه*", "--limit", "100"})));
    CHECK(sorted_ids(search_json({"الحُكوم*", "--limit", "100"})) == expected);
    // Under a field prefix, the field's words only.
    CHECK(sorted_ids(search_json({"title:الحكوم*", "--limit", "100"})) == holders_of_words_beginning("Sالحكوم"));
}

TEST_CASE("prefixes: past MAX_PREFIX_WORDS words the most frequent are searched, and the user is told") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const Xapian::Database db(corpus().db());
    std::size_t words = 0;
    for (auto term = db.allterms_begin("ال"); term != db.allterms_end("ال"); ++term) ++words;
    REQUIRE(words > fahras::MAX_PREFIX_WORDS);  // corpus/ has enough to pass the cap
    const auto capped = search_json({"ال*", "--limit", "100"});
    CHECK(capped.exit_code == 0);
    CHECK(capped.summary["capped_prefixes"] == nlohmann::json::array({"ال*"}));
    CHECK(capped.summary["syntax_fallback"] == false);
    const CommandResult text = search({"ال*"});
    CHECK(text.exit_code == 0);
    CHECK(text.err == "fahras-search: note: ال* begins more than 100 words: only the 100 most frequent were searched; "
                      "type more letters\n");
    // A longer prefix under the cap says nothing.
    CHECK(search({"الحكوم*"}).err.empty());
}

TEST_CASE("prefixes: a * after a single letter is punctuation, said as syntax read as words; a lone * too") {
    REQUIRE(corpus().index_result.exit_code == 0);
    const auto one = search_json({"ب*"});
    CHECK(one.summary["syntax_fallback"] == true);
    CHECK(one.summary["capped_prefixes"] == nlohmann::json::array());
    CHECK(ids(one) == ids(search_json({"ب"})));
    CHECK(search({"ب*"}).err == "fahras-search: note: searched as plain words: a * after a single letter\n");
    CHECK(search({"ب*", "--strict"}).exit_code == 65);
    // A * after no word is punctuation to the parser: it finds nothing, and says nothing.
    const CommandResult alone = search({"*"});
    CHECK(alone.exit_code == 1);
    CHECK(alone.err.empty());
    CHECK(ids(search_json({"الحكومة *"})) == ids(search_json({"الحكومة"})));
}

TEST_CASE("a dangling operator is left out, not searched as the English word") {
    REQUIRE(corpus().index_result.exit_code == 0);
    for (const auto& query : {std::vector<std::string>{"الحكومة", "AND"}, {"AND", "الحكومة"}, {"الحكومة", "OR", "OR"},
                              {"الحكومة", "NOT"}}) {
        const auto json = search_json(query);
        CAPTURE(json.summary["parsed_query"]);
        CHECK(json.summary["syntax_fallback"] == true);
        CHECK(json.summary["parsed_query"].get<std::string>().find("and") == std::string::npos);
        CHECK(ids(json) == ids(search_json({"الحكومة"})));
    }
    CHECK(search({"الحكومة", "AND"}).err ==
          "fahras-search: note: searched as plain words: an operator with no term before or after it, left out\n");
    // Two in a row: the second goes, the first joins the terms.
    CHECK(ids(search_json({"الحكومة", "AND", "AND", "الخبز"})) == ids(search_json({"الحكومة", "AND", "الخبز"})));
}

namespace {

// The archive's headlines, in file order (its gzip files, as the reader reads them).
std::vector<std::string> archive_headlines(const std::string& archive) {
    std::vector<std::string> files, titles;
    for (const auto& entry : std::filesystem::directory_iterator(archive))
        if (entry.path().extension() == ".gz" || entry.path().extension() == ".jsonl") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    fahras::ReaderCallbacks callbacks;
    callbacks.on_problem = [](const fahras::InputProblem&) {};
    callbacks.on_article = [&](fahras::Article&& article) { titles.push_back(std::move(article.title)); };
    for (const auto& file : files) fahras::read_articles(fahras::InputFile{file}, fahras::ReaderOptions{}, callbacks);
    return titles;
}

}  // namespace

// The parse must not fail whatever the database: the sample archive's does.
TEST_CASE("optional: every headline of SaudiNewsNet, pasted as it is, searches (needs ../shared)") {
    const std::string shared = fahras::test::shared_or_skip();
    if (shared.empty()) return;
    const std::string archive = shared + "/corpora/saudinewsnet";
    REQUIRE(std::filesystem::is_directory(archive));
    REQUIRE(corpus().index_result.exit_code == 0);
    const std::vector<std::string> headlines = archive_headlines(archive);
    REQUIRE(headlines.size() > 30000);
    // Before: Xapian's parser as the searcher configured it, given the text as it is.
    const fahras::Analyzer analyzer("snowball");
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database(corpus().db()));
    fahras::Searcher searcher(corpus().db());
    std::size_t refused_before = 0, plain_words = 0, failed = 0, searched = 0;
    // Under the sanitizers every fourth headline (test_support.h).
    const std::size_t step = fahras::test::under_sanitizers() ? 4 : 1;
    for (std::size_t i = 0; i < headlines.size(); i += step) {
        const std::string& headline = headlines[i];
        ++searched;
        fahras::SearchRequest request;
        request.query = headline;
        request.snippet_chars = 0;
        try {
            parser.parse_query(fahras::normalize_text(headline, fahras::TextRole::query), fahras::query_parser_flags());
        } catch (const Xapian::QueryParserError&) {
            ++refused_before;
        }
        try {
            if (searcher.search(request).syntax_fallback) ++plain_words;
        } catch (const fahras::Error& e) {
            CAPTURE(headline);
            CAPTURE(e.what());
            // Only the size limits may refuse a headline.
            CHECK(std::string(e.what()).find("the query") == 0);
            ++failed;
        }
    }
    MESSAGE(searched << " headlines: " << refused_before << " refused by the parser as they are, "
                             << plain_words << " searched with some of them as plain words, " << failed << " refused");
    CHECK(failed == 0);
    CHECK(refused_before > 0);
}

// The ranked match stops once its top is settled; the total is then
// counted without weights when Xapian's bounds leave it open at or below
// EXACT_TOTAL_BOUND (1,000), and left an estimate above it.
TEST_CASE("totals: an OR whose bounds differ is counted exactly up to the bound, an estimate past it") {
    fahras::test::TempDir dir;
    const auto archive = [](int count) {
        std::string jsonl;
        for (int i = 0; i < count; ++i) {
            std::string body = "كلام";
            if (i % 2 == 0) body += " alpha";
            if (i % 3 == 0) body += " beta";
            jsonl += "{\"id\":\"a" + std::to_string(i) + "\",\"title\":\"خبر\",\"body\":\"" + body + "\"}\n";
        }
        return jsonl;
    };
    const auto summary = [&](const std::string& db, std::vector<std::string> args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--no-correct"};
        argv.insert(argv.end(), args.begin(), args.end());
        return fahras::test::parse_json_search(run_command(argv).out).summary;
    };
    // 600 articles: alpha in 300, beta in 200, both in 100: 400 match.
    fahras::test::write_file(dir.file("small.jsonl"), archive(600));
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("small"), "--no-places", dir.file("small.jsonl")}).exit_code == 0);
    const auto small = summary(dir.file("small"), {"alpha beta", "--no-collapse"});
    CHECK(small["total_estimate"] == 400);
    CHECK(small["total_is_exact"] == true);
    // 2,400 articles: 1,600 match, past the bound…
    fahras::test::write_file(dir.file("large.jsonl"), archive(2400));
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("large"), "--no-places", dir.file("large.jsonl")}).exit_code == 0);
    CHECK(summary(dir.file("large"), {"alpha beta", "--no-collapse"})["total_is_exact"] == false);
    // …but a page there is counted to its end, so the last page is exact.
    const auto deep = summary(dir.file("large"), {"alpha beta", "--offset", "1595", "--no-collapse"});
    CHECK(deep["total_estimate"] == 1600);
    CHECK(deep["total_is_exact"] == true);
    CHECK(deep["returned"] == 5);
}

// Collapsed (the default), the total counts stories: exact when the page
// is counted to its end, an estimate otherwise (count_total() counts
// articles only); --no-collapse counts articles exactly.  300 stories of
// two copies each, alpha in 150, beta in 100, both in 50.
TEST_CASE("totals: collapsed, the total counts stories, exact on the last page") {
    fahras::test::TempDir dir;
    std::string jsonl;
    for (int i = 0; i < 600; ++i) {
        const int story = i / 2;
        std::mt19937 words(static_cast<unsigned>(story));  // the same body for both copies
        std::string body;
        for (int w = 0; w < 60; ++w) body += " كلمة" + std::to_string(words() % 400);
        if (story % 2 == 0) body += " alpha";
        if (story % 3 == 0) body += " beta";
        jsonl += "{\"id\":\"a" + std::to_string(i) + "\",\"title\":\"خبر " + std::to_string(i) + "\",\"url\":\"http://x/" +
                 std::to_string(i) + "\",\"body\":\"" + body + "\"}\n";
    }
    fahras::test::write_file(dir.file("a.jsonl"), jsonl);
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    const auto summary = [&](std::vector<std::string> args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "alpha beta"};
        argv.insert(argv.end(), args.begin(), args.end());
        return fahras::test::parse_json_search(run_command(argv).out).summary;
    };
    const auto articles = summary({"--no-collapse"});
    CHECK(articles["total_estimate"] == 400);
    CHECK(articles["total_is_exact"] == true);
    CHECK(articles["total_counts"] == "articles");
    const auto stories = summary({});
    CHECK(stories["total_counts"] == "stories");
    CHECK(stories["total_estimate"].get<int>() <= 400);
    const auto last_page = summary({"--offset", "195"});
    CHECK(last_page["total_estimate"] == 200);
    CHECK(last_page["total_is_exact"] == true);
    CHECK(last_page["returned"] == 5);
}
