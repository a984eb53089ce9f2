// End to end over real HTTP: /api/suggest completes the last word of a
// partly typed query from the titles of the archive (corpus/), normalized
// as queries are, with or without the article, most frequent first; and
// offers the words of a rebuilt archive once the rebuild has switched.
#include "e2e_support.h"
#include "serve_client.h"
#include "test_support.h"

#include <fahras/normalize.h>

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using fahras::test::corpus;
using fahras::test::http_get;
using fahras::test::ServeProcess;
using fahras::test::url_encode;

namespace {

std::string suggest_target(const std::string& q, const std::string& more = "") {
    return "/api/suggest?q=" + url_encode(q) + more;
}

std::vector<std::string> words_of(const nlohmann::json& page) {
    std::vector<std::string> words;
    for (const auto& completion : page["completions"]) words.push_back(completion["word"]);
    return words;
}

bool has(const std::vector<std::string>& words, const std::string& word) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

bool starts_with(const std::string& text, const std::string& prefix) { return text.compare(0, prefix.size(), prefix) == 0; }

// The titles of corpus/ as published (a JSON Lines title, a text file's
// first line).
std::vector<std::string> raw_titles() {
    std::vector<std::string> titles;
    const std::string dir = fahras::test::source_dir() + "/corpus";
    std::ifstream lines(dir + "/articles.jsonl");
    for (std::string line; std::getline(lines, line);)
        if (!line.empty()) titles.push_back(nlohmann::json::parse(line).value("title", ""));
    for (const auto& entry : std::filesystem::directory_iterator(dir + "/text")) {
        std::ifstream text(entry.path());
        std::string first;
        while (first.find_first_not_of(" \t\r") == std::string::npos && std::getline(text, first)) {
        }
        titles.push_back(first);
    }
    return titles;
}

// The titles, normalized: the oracle for a word's frequency.
std::vector<std::string> corpus_titles() {
    std::vector<std::string> titles;
    for (const auto& title : raw_titles()) titles.push_back(fahras::normalize_text(title));
    return titles;
}

std::size_t titles_with(const std::string& word) {
    std::size_t count = 0;
    for (const auto& title : corpus_titles()) {
        std::istringstream words(title);
        for (std::string w; words >> w;)
            if (w == word) {
                ++count;
                break;
            }
    }
    return count;
}

}  // namespace

TEST_CASE("fahras-serve: /api/suggest completes a word typed without its article to the words with and without it") {
    REQUIRE(corpus().index_result.exit_code == 0);
    ServeProcess server(corpus().db());
    const auto response = http_get(server.port(), suggest_target("اقتص"));
    REQUIRE(response.status == 200);
    CHECK(response.header("Content-Type") == "application/json; charset=utf-8");
    const auto page = response.json();
    CHECK(page["query"] == "اقتص");
    CHECK(page["prefix"] == "اقتص");
    const auto words = words_of(page);
    CHECK(has(words, "اقتصادي"));    // وفد اقتصادي عراقي…
    CHECK(has(words, "الاقتصادي"));  // …تحسن النمو الاقتصادي…
    for (const auto& completion : page["completions"]) {
        const std::string word = completion["word"];
        CHECK((starts_with(word, "اقتص") || starts_with(word, "الاقتص")));
        // A one-word query: the text is the word as titles write it, which
        // normalizes to the word.
        CHECK(completion["text"] == completion["published"]);
        CHECK(fahras::normalize_text(completion["published"].get<std::string>()) == word);
    }
    // Typed with its article, only words with it; typed with hamza and
    // tashkeel, normalized first.
    const auto with_article = words_of(http_get(server.port(), suggest_target("الاقتص")).json());
    CHECK(has(with_article, "الاقتصادي"));
    CHECK_FALSE(has(with_article, "اقتصادي"));
    const auto hamza = http_get(server.port(), suggest_target("الإقتِص")).json();
    CHECK(hamza["prefix"] == "الاقتص");
    CHECK(words_of(hamza) == with_article);
}

TEST_CASE("fahras-serve: /api/suggest offers words as the titles write them, hamza and teh marbuta and all") {
    ServeProcess server(corpus().db());
    const auto completions = http_get(server.port(), suggest_target("حكوم")).json()["completions"];
    REQUIRE_FALSE(completions.empty());
    bool published_differs = false;
    for (const auto& completion : completions) {
        const std::string word = completion["word"], published = completion["published"];
        CAPTURE(published);
        CHECK(fahras::normalize_text(published) == word);
        // Some title of corpus/ has it as offered.
        bool in_a_title = false;
        for (const auto& title : raw_titles()) in_a_title = in_a_title || title.find(published) != std::string::npos;
        CHECK(in_a_title);
        published_differs = published_differs || published != word;
    }
    CHECK(published_differs);  // الحكومة, not the index's الحكومه
}

TEST_CASE("fahras-serve: /api/suggest keeps the earlier words, ranks by the titles using a word, and honours limit") {
    ServeProcess server(corpus().db());
    const auto page = http_get(server.port(), suggest_target("وزير  الاقتص")).json();
    REQUIRE_FALSE(page["completions"].empty());
    for (const auto& completion : page["completions"])
        CHECK(completion["text"] == "وزير  " + completion["published"].get<std::string>());  // as typed, spaces and all

    const auto all = http_get(server.port(), suggest_target("ال", "&limit=20")).json()["completions"];
    REQUIRE(all.size() == 20);
    for (std::size_t i = 1; i < all.size(); ++i) CHECK(all[i - 1]["frequency"] >= all[i]["frequency"]);
    // The most frequent: as many as the titles of corpus/ holding it.
    const std::string top = all[0]["word"];
    CAPTURE(top);
    CHECK(all[0]["frequency"] == titles_with(top));
    CHECK(all[0]["frequency"] > all[all.size() - 1]["frequency"]);
    CHECK_FALSE(has(words_of(http_get(server.port(), suggest_target("ال", "&limit=20")).json()), "الي"));  // إلى: a stopword

    CHECK(http_get(server.port(), suggest_target("ال")).json()["completions"].size() == 8);  // the default
    CHECK(http_get(server.port(), suggest_target("ال", "&limit=3")).json()["completions"].size() == 3);
    // Nothing to complete: no last word, or a word of no title.
    CHECK(http_get(server.port(), suggest_target("الحكومة ")).json()["completions"].empty());
    CHECK(http_get(server.port(), suggest_target("")).json()["completions"].empty());
    CHECK(http_get(server.port(), suggest_target("ظظظ")).json()["completions"].empty());
}

TEST_CASE("fahras-serve: /api/suggest refuses a bad limit, a missing q and unknown parameters with a 400") {
    ServeProcess server(corpus().db());
    for (const char* bad : {"&limit=0", "&limit=21", "&limit=abc", "&colour=red", "&q=again"}) {
        CAPTURE(bad);
        const auto response = http_get(server.port(), suggest_target("ال", bad));
        CHECK(response.status == 400);
        CHECK(response.json()["status"] == 400);
    }
    CHECK(http_get(server.port(), "/api/suggest").status == 400);
    CHECK(http_get(server.port(), suggest_target(std::string(5000, 'a'))).status == 400);
    CHECK(http_get(server.port(), "/api/suggest?q=x", "POST").status == 405);
}

TEST_CASE("fahras-serve: /api/suggest offers the words of a rebuilt archive once the rebuild has switched") {
    fahras::test::TempDir dir;
    const std::string db = dir.file("db"), corpus_dir = fahras::test::source_dir() + "/corpus";
    REQUIRE(fahras::test::index_into(db, {corpus_dir + "/articles.jsonl"}).exit_code == 0);
    fahras::test::write_file(dir.file("new.jsonl"),
                             "{\"id\":\"new-1\",\"title\":\"زرافات في حديقة الرياض\",\"body\":\"وصلت زرافة جديدة إلى الحديقة\","
                             "\"date\":\"2016-03-01\",\"source\":\"test\"}\n");
    ServeProcess server(db);
    CHECK(http_get(server.port(), suggest_target("زراف")).json()["completions"].empty());  // the vocabulary is read now
    REQUIRE(fahras::test::index_into(db, {"--rebuild", corpus_dir + "/articles.jsonl", dir.file("new.jsonl")}).exit_code == 0);
    CHECK(words_of(http_get(server.port(), suggest_target("زراف")).json()) == std::vector<std::string>{"زرافات"});
}
