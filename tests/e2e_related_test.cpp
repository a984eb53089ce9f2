// Related articles end to end: fahras-search --like ID and fahras-serve's
// like=ID list the articles about the same subject, never the article's
// own story, within the usual filters; an unknown id is an error of its own.
#include "e2e_support.h"
#include "serve_client.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace fahras::test;

namespace {

const std::string STORY =
    "قصفت قوات النظام السوري أحياء حلب الشرقية بالبراميل المتفجرة وقال المرصد السوري لحقوق الإنسان إن عشرات "
    "المدنيين قتلوا في حلب وإن فرق الدفاع المدني تبحث عن ناجين تحت الأنقاض في الأحياء الشرقية";

std::string line(const std::string& id, const std::string& source, const std::string& date, const std::string& title,
                 const std::string& body) {
    return nlohmann::json{{"id", id},       {"url", "http://" + source + ".test/" + id},
                          {"source", source}, {"title", title},
                          {"body", body},   {"date", date}}
               .dump() +
           "\n";
}

// One story printed by three papers; three articles on its subject (two
// about حلب, near and far in date, one about إدلب); one on another subject.
std::string archive() {
    return line("wire", "agency", "2015-08-01T09:00:00", "براميل متفجرة على حلب", STORY) +
           line("copy-a", "paper-a", "2015-08-01T10:00:00", "براميل متفجرة على حلب", STORY) +
           line("copy-b", "paper-b", "2015-08-01T11:00:00", "قصف حلب بالبراميل", STORY) +
           line("near", "paper-a", "2015-08-03T10:00:00", "المرصد السوري: قصف جديد على حلب",
                "قال المرصد السوري لحقوق الإنسان إن الطيران قصف حلب مجددا وإن المدنيين في الأحياء الشرقية يعانون "
                "نقص الغذاء والدواء بعد أسبوع من القصف بالبراميل المتفجرة") +
           line("far", "paper-far", "2015-03-01T10:00:00", "تحذير من كارثة في حلب",
                "حذرت منظمات إنسانية من كارثة في حلب حيث يعيش المدنيون في الأحياء الشرقية تحت القصف بالبراميل "
                "المتفجرة منذ أشهر") +
           line("idlib", "paper-b", "2015-08-02T10:00:00", "قصف ريف إدلب",
                "قصفت قوات النظام السوري ريف إدلب بالبراميل المتفجرة وقال المرصد السوري إن المدنيين قتلوا") +
           line("football", "paper-a", "2015-08-01T12:00:00", "الهلال بطلا للكأس",
                "فاز الهلال على النصر بهدفين نظيفين في المباراة النهائية لكأس الملك التي أقيمت على ملعب الجوهرة");
}

class RelatedArchive {
  public:
    RelatedArchive() {
        write_file(dir_.file("archive.jsonl"), archive());
        index_result = index_into(db(), {dir_.file("archive.jsonl")});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult index_result;

  private:
    TempDir dir_;
};

const RelatedArchive& related_archive() {
    static const RelatedArchive instance;
    return instance;
}

CommandResult like(std::vector<std::string> args) {
    REQUIRE(related_archive().index_result.exit_code == 0);
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", related_archive().db(), "--snippet-length", "0"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

JsonSearch like_json(std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = like(args);
    CAPTURE(result.err);
    JsonSearch parsed = parse_json_search(result.out);
    parsed.exit_code = result.exit_code;
    return parsed;
}

}  // namespace

TEST_CASE("related: --like lists the articles on the same subject, never the article's own story") {
    const JsonSearch related = like_json({"--like", "wire"});
    REQUIRE(related.exit_code == 0);
    const std::vector<std::string> found = ids(related);
    CAPTURE(found.size());
    for (const char* own : {"wire", "copy-a", "copy-b"}) {
        CAPTURE(own);
        CHECK_FALSE(contains(found, own));
        for (const auto& hit : related.hits)
            for (const auto& other : hit["other_versions"]) CHECK(other["id"] != own);
    }
    CHECK(contains(found, "near"));
    CHECK(contains(found, "far"));
    CHECK(contains(found, "idlib"));
    CHECK_FALSE(contains(found, "football"));
    // The same from another member of the story.
    const std::vector<std::string> from_copy = ids(like_json({"--like", "copy-b"}));
    CHECK_FALSE(contains(from_copy, "wire"));
    CHECK_FALSE(contains(from_copy, "copy-a"));
    CHECK(contains(from_copy, "near"));
}

TEST_CASE("related: --like's JSON: the hits as a search's, the summary names the article") {
    const JsonSearch related = like_json({"--like", "wire", "--limit", "2"});
    REQUIRE(related.exit_code == 0);
    CHECK(related.hits.size() == 2);
    CHECK(related.summary["like"] == "wire");
    CHECK(related.summary["query"] == "");
    CHECK(related.summary["total_counts"] == "stories");
    CHECK(related.summary["did_you_mean"].is_null());
    for (const auto& hit : related.hits) {
        for (const char* field : {"rank", "id", "url", "title", "date", "source", "score", "matched_terms",
                                  "other_versions", "other_count", "places"}) {
            CAPTURE(field);
            CHECK(hit.contains(field));
        }
        CHECK(!hit["matched_terms"].empty());
    }
    // A search that is no --like has no "like".
    const JsonSearch plain = like_json({"حلب"});
    CHECK_FALSE(plain.summary.contains("like"));
}

TEST_CASE("related: --like honours the filters: dates, source, place, limit") {
    std::vector<std::string> recent = ids(like_json({"--like", "wire", "--from", "2015-07"}));
    std::sort(recent.begin(), recent.end());
    CHECK(recent == std::vector<std::string>{"idlib", "near"});  // far is from March
    CHECK(ids(like_json({"--like", "wire", "--to", "2015-03-31"})) == std::vector<std::string>{"far"});
    CHECK(ids(like_json({"--like", "wire", "--source", "paper-far"})) == std::vector<std::string>{"far"});
    CHECK(ids(like_json({"--like", "wire", "source:paper-far"})) == std::vector<std::string>{"far"});
    const std::vector<std::string> aleppo = ids(like_json({"--like", "wire", "--place", "حلب"}));
    CHECK(contains(aleppo, "near"));
    CHECK_FALSE(contains(aleppo, "idlib"));
    CHECK(ids(like_json({"--like", "wire", "--limit", "1"})).size() == 1);
    // Nothing left: exit 1, as any search that finds nothing.
    CHECK(like_json({"--like", "wire", "--source", "nobody"}).exit_code == 1);
}

TEST_CASE("related: an unknown id, words with --like, and an empty id are refused") {
    const CommandResult unknown = like({"--like", "no-such-article"});
    CHECK(unknown.exit_code == 67);
    CHECK(unknown.out.empty());
    CHECK(unknown.err.find("no article has the id 'no-such-article'") != std::string::npos);
    const CommandResult words = like({"--like", "wire", "حلب"});
    CHECK(words.exit_code == 64);
    CHECK(words.err.find("no words") != std::string::npos);
    CHECK(like({"--like", ""}).exit_code == 64);
    CHECK(like({"--like", "wire", "--like-terms", "best"}).exit_code == 64);
    CHECK(like({"--like", "wire", "--source", "a b"}).exit_code == 64);
}

TEST_CASE("related: the baselines --like-terms plain and title leave the own story out too") {
    const JsonSearch title = like_json({"--like", "wire", "--like-terms", "title"});
    REQUIRE(title.exit_code == 0);
    CHECK(contains(ids(title), "near"));
    // The plain expand set's 20 best terms are the words only the story's
    // copies hold (as written, in the title…): here it finds nothing else.
    const JsonSearch plain = like_json({"--like", "wire", "--like-terms", "plain"});
    CHECK((plain.exit_code == 0 || plain.exit_code == 1));
    CHECK(plain.summary["like"] == "wire");
    for (const JsonSearch* related : {&title, &plain}) {
        const std::vector<std::string> found = ids(*related);
        CHECK_FALSE(contains(found, "wire"));
        CHECK_FALSE(contains(found, "copy-a"));
        CHECK_FALSE(contains(found, "copy-b"));
    }
}

TEST_CASE("related: fahras-serve's like=ID answers as fahras-search --like, 404 for an unknown id") {
    REQUIRE(related_archive().index_result.exit_code == 0);
    ServeProcess server(related_archive().db());
    const auto page = http_get(server.port(), search_target({{"like", "wire"}, {"snippet_length", "0"}}));
    REQUIRE(page.status == 200);
    const auto json = page.json();
    CHECK(json["like"] == "wire");
    const JsonSearch cli = like_json({"--like", "wire"});
    REQUIRE(json["hits"].size() == cli.hits.size());
    for (std::size_t i = 0; i < cli.hits.size(); ++i) CHECK(json["hits"][i]["id"] == cli.hits[i]["id"]);
    const auto filtered = http_get(server.port(), search_target({{"like", "wire"}, {"source", "paper-far"}}));
    REQUIRE(filtered.status == 200);
    REQUIRE(filtered.json()["hits"].size() == 1);
    CHECK(filtered.json()["hits"][0]["id"] == "far");
    const auto unknown = http_get(server.port(), search_target({{"like", "no-such-article"}}));
    CHECK(unknown.status == 404);
    CHECK(unknown.json()["error"].get<std::string>().find("no-such-article") != std::string::npos);
    CHECK(http_get(server.port(), search_target({{"like", "wire"}, {"q", "حلب"}})).status == 400);
    CHECK(http_get(server.port(), search_target({{"like", std::string(5000, 'x')}})).status == 400);
}
