// Near-duplicate stories end to end: fahras-index groups the copies of a
// story (the same at any --threads, and across incremental runs and
// deletions), fahras-search collapses them by default and --no-collapse
// shows every copy.
#include "e2e_support.h"
#include "serve_client.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace fahras::test;

namespace {

std::string line(const std::string& id, const std::string& url, const std::string& source, const std::string& title,
                 const std::string& body) {
    return nlohmann::json{{"id", id}, {"url", url}, {"source", source}, {"title", title}, {"body", body},
                          {"date", "2015-08-01T10:00:00"}}
               .dump() +
           "\n";
}

// One wire story printed four times (a copy, a trimmed last paragraph, a
// new headline, the same page under a ?weekly url), and two other stories.
std::string first_night() {
    return line("wire", "http://agency.test/1", "agency", "قافلة مساعدات تصل", story_text(1, 300)) +
           line("paper-a", "http://a.test/1", "paper-a", "قافلة مساعدات تصل", story_text(1, 300)) +
           line("paper-b", "http://b.test/1", "paper-b", "قافلة مساعدات تصل", story_text(1, 250)) +
           line("paper-c", "https://c.test/1", "paper-c", "وصول قافلة إلى المدينة", story_text(1, 300)) +
           line("paper-c-weekly", "https://c.test/1?weekly", "paper-c", "وصول قافلة إلى المدينة", story_text(1, 300)) +
           line("other-1", "http://a.test/2", "paper-a", "قافلة أخرى", story_text(2, 300)) +
           line("other-2", "http://b.test/2", "paper-b", "قافلة ثالثة", story_text(3, 300));
}

JsonSearch search_db(const std::string& db, std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--snippet-length", "0", "--limit", "50",
                                     "قافلة"};
    argv.insert(argv.end(), args.begin(), args.end());
    const CommandResult result = run_command(argv);
    CAPTURE(result.err);
    JsonSearch parsed = parse_json_search(result.out);
    parsed.exit_code = result.exit_code;
    return parsed;
}

// The story each article is shown in: its id → the ids of its hit and others.
std::vector<std::vector<std::string>> stories(const JsonSearch& s) {
    std::vector<std::vector<std::string>> out;
    for (const auto& hit : s.hits) {
        std::vector<std::string> ids = {hit["id"]};
        for (const auto& other : hit["other_versions"]) ids.push_back(other["id"]);
        std::sort(ids.begin(), ids.end());
        out.push_back(ids);
    }
    std::sort(out.begin(), out.end());
    return out;
}

const std::vector<std::string> WIRE_STORY = {"paper-a", "paper-b", "paper-c", "paper-c-weekly", "wire"};

}  // namespace

TEST_CASE("stories: copies collapse into one hit with their other versions; --no-collapse shows them all") {
    TempDir dir;
    write_file(dir.file("night1.jsonl"), first_night());
    for (const char* threads : {"1", "2"}) {
        CAPTURE(threads);
        const std::string db = dir.file(std::string("db-") + threads);
        const CommandResult indexed = index_into(db, {"--threads", threads, dir.file("night1.jsonl")});
        REQUIRE(indexed.exit_code == 0);

        const JsonSearch collapsed = search_db(db, {});
        CHECK(collapsed.summary["total_counts"] == "stories");
        CHECK(collapsed.summary["total_estimate"] == 3);
        REQUIRE(collapsed.hits.size() == 3);
        CHECK(stories(collapsed) ==
              std::vector<std::vector<std::string>>{{"other-1"}, {"other-2"}, WIRE_STORY});
        for (const auto& hit : collapsed.hits) {
            if (hit["other_count"] == 0) continue;
            CHECK(hit["other_count"] == 4);
            for (const auto& other : hit["other_versions"]) {
                CHECK(!other["url"].get<std::string>().empty());
                CHECK(!other["source"].get<std::string>().empty());
            }
        }

        const JsonSearch all = search_db(db, {"--no-collapse"});
        CHECK(all.summary["total_counts"] == "articles");
        CHECK(all.summary["total_estimate"] == 7);
        CHECK(all.hits.size() == 7);
        for (const auto& hit : all.hits) CHECK(hit["other_versions"].empty());

        // Human output: one line for the other versions, and what the total counts.
        const CommandResult human = run_command({FAHRAS_SEARCH_BIN, "--db", db, "--snippet-length", "0", "قافلة"});
        CHECK(human.out.find("of 3 stories") != std::string::npos);
        CHECK(human.out.find("4 other versions: ") != std::string::npos);
        const CommandResult human_all =
            run_command({FAHRAS_SEARCH_BIN, "--db", db, "--snippet-length", "0", "--no-collapse", "قافلة"});
        CHECK(human_all.out.find("of 7 articles") != std::string::npos);
        CHECK(human_all.out.find("other version") == std::string::npos);
    }
}

TEST_CASE("stories: a later night's copy joins its story; a deleted or rewritten copy leaves it") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("night1.jsonl"), first_night());
    REQUIRE(index_into(db, {dir.file("night1.jsonl")}).exit_code == 0);

    // Night 2: a paper prints the story a day late, its first sentence cut.
    write_file(dir.file("night2.jsonl"),
               line("paper-d", "http://d.test/1", "paper-d", "القافلة تصل", story_text(1, 300, 12)));
    REQUIRE(index_into(db, {dir.file("night2.jsonl")}).exit_code == 0);
    std::vector<std::string> story = {"paper-a", "paper-b", "paper-c", "paper-c-weekly", "paper-d", "wire"};
    CHECK(stories(search_db(db, {})) == std::vector<std::vector<std::string>>{{"other-1"}, {"other-2"}, story});

    // The wire's own article, the story's first, is deleted: the rest stay one story.
    REQUIRE(index_into(db, {"--delete", "wire"}).exit_code == 0);
    story.pop_back();
    CHECK(stories(search_db(db, {})) == std::vector<std::vector<std::string>>{{"other-1"}, {"other-2"}, story});

    // paper-b's article is replaced by another story: it leaves the group.
    write_file(dir.file("night3.jsonl"), line("paper-b", "http://b.test/1", "paper-b", "قافلة مختلفة", story_text(4, 300)));
    REQUIRE(index_into(db, {dir.file("night3.jsonl")}).exit_code == 0);
    const JsonSearch after = search_db(db, {});
    CHECK(stories(after) == std::vector<std::vector<std::string>>{
                                {"other-1"}, {"other-2"}, {"paper-a", "paper-c", "paper-c-weekly", "paper-d"}, {"paper-b"}});
    CHECK(after.summary["total_estimate"] == 4);
    CHECK(search_db(db, {"--no-collapse"}).hits.size() == 7);
}

TEST_CASE("stories: fahras-serve collapses as fahras-search does, and collapse=0 shows every copy") {
    TempDir dir;
    const std::string db = dir.file("db");
    write_file(dir.file("night1.jsonl"), first_night());
    REQUIRE(index_into(db, {dir.file("night1.jsonl")}).exit_code == 0);
    ServeProcess server(db);
    const auto collapsed = http_get(server.port(), search_target({{"q", "قافلة"}, {"snippet_length", "0"}}));
    REQUIRE(collapsed.status == 200);
    const auto page = collapsed.json();
    CHECK(page["total_counts"] == "stories");
    CHECK(page["total_estimate"] == 3);
    const JsonSearch cli = search_db(db, {});
    REQUIRE(page["hits"].size() == cli.hits.size());
    for (std::size_t i = 0; i < cli.hits.size(); ++i) {
        CHECK(page["hits"][i]["other_versions"] == cli.hits[i]["other_versions"]);
        CHECK(page["hits"][i]["other_count"] == cli.hits[i]["other_count"]);
    }
    const auto all = http_get(server.port(), search_target({{"q", "قافلة"}, {"collapse", "0"}}));
    REQUIRE(all.status == 200);
    CHECK(all.json()["total_counts"] == "articles");
    CHECK(all.json()["hits"].size() == 7);
    CHECK(http_get(server.port(), search_target({{"q", "قافلة"}, {"collapse", "no"}})).status == 400);
}

// A collapse count of 0 is only a lower bound: once the match's page is
// full it skips articles that cannot reach it, copies included.  Here the
// wire copy (the first article) and forty other stories have the word in
// their title, the two later copies only in their body: a page of one is
// full from the first article on, and the copies are never looked at.
TEST_CASE("stories: a hit shows the copies the match skipped") {
    TempDir dir;
    const std::string shared = story_text(1, 120) + " مساعدات";
    std::string corpus = line("wire", "http://agency.test/1", "agency", "مساعدات تصل", shared);
    for (unsigned k = 0; k < 40; ++k)
        corpus += line("other-" + std::to_string(k), "http://o.test/" + std::to_string(k), "paper-o", "مساعدات خبر",
                       story_text(100 + k, 120) + " مساعدات");
    corpus += line("copy-a", "http://a.test/1", "paper-a", "خبر تصل", shared);
    corpus += line("copy-b", "http://b.test/1", "paper-b", "خبر تصل", shared);
    write_file(dir.file("night.jsonl"), corpus);
    const std::string db = dir.file("db");
    REQUIRE(index_into(db, {dir.file("night.jsonl")}).exit_code == 0);
    for (const char* limit : {"1", "50"}) {
        CAPTURE(limit);
        const CommandResult result = run_command(
            {FAHRAS_SEARCH_BIN, "--db", db, "--json", "--snippet-length", "0", "--limit", limit, "مساعدات"});
        REQUIRE(result.exit_code == 0);
        const JsonSearch found = parse_json_search(result.out);
        REQUIRE(!found.hits.empty());
        CHECK(found.hits[0]["id"] == "wire");
        CHECK(found.hits[0]["other_count"] == 2);
        std::vector<std::string> others;
        for (const auto& other : found.hits[0]["other_versions"]) others.push_back(other["id"]);
        std::sort(others.begin(), others.end());
        CHECK(others == std::vector<std::string>{"copy-a", "copy-b"});
    }
}
