// End to end through both programs, on corpus/ in a temporary directory.
#include "search_cli.h"
#include "test_support.h"

#include <fahras/error.h>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <sstream>

using fahras::test::CommandResult;
using fahras::test::run_command;

namespace {

// The sample archive, indexed once per test process.
class IndexedCorpus {
  public:
    IndexedCorpus() {
        const std::string corpus = fahras::test::source_dir() + "/corpus";
        index_result = run_command({FAHRAS_INDEX_BIN, "--db", db(), corpus + "/articles.jsonl", corpus + "/text"});
    }
    std::string db() const { return dir_.file("db"); }
    CommandResult index_result;

  private:
    fahras::test::TempDir dir_;
};

const IndexedCorpus& corpus() {
    static const IndexedCorpus instance;
    return instance;
}

CommandResult search(std::vector<std::string> args) {
    std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", corpus().db()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_command(argv);
}

struct JsonSearch {
    std::vector<nlohmann::json> hits;
    nlohmann::json summary;
    int exit_code = -1;
};

JsonSearch search_json(std::vector<std::string> args) {
    args.push_back("--json");
    const CommandResult result = search(args);
    JsonSearch parsed;
    parsed.exit_code = result.exit_code;
    std::istringstream lines(result.out);
    std::string line;
    while (std::getline(lines, line)) {
        auto object = nlohmann::json::parse(line);
        if (object["type"] == "hit") parsed.hits.push_back(object);
        else parsed.summary = object;
    }
    return parsed;
}

// Ids of the hits, short form: "fahras-001" → "001".
std::vector<std::string> ids(const JsonSearch& s) {
    std::vector<std::string> out;
    for (const auto& hit : s.hits) {
        std::string id = hit["id"];
        if (id.rfind("fahras-", 0) == 0) id = id.substr(7);
        out.push_back(id);
    }
    return out;
}

// ../shared, or "" after saying why the test is skipped.
std::string shared_or_skip() {
    const std::string shared = fahras::test::shared_dir();
    if (shared.empty()) fahras::test::skip_test("../shared/corpora is not beside the repository");
    return shared;
}

bool contains(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("the sample corpus indexes completely") {
    const auto& result = corpus().index_result;
    CAPTURE(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    CHECK(result.out.find("52 articles from 3 files: 52 added, 0 replaced, 0 unchanged, 0 deleted, 0 failed") != std::string::npos);

    // A second run changes nothing.
    const std::string c = fahras::test::source_dir() + "/corpus";
    const CommandResult again = run_command({FAHRAS_INDEX_BIN, "--db", corpus().db(), "--json", c + "/articles.jsonl", c + "/text"});
    CHECK(again.exit_code == 0);
    const auto summary = nlohmann::json::parse(again.out);
    CHECK(summary["unchanged"] == 52);
    CHECK(summary["total"] == 52);
}

TEST_CASE("queries without hamza or diacritics find articles written with them, and vice versa") {
    struct Row {
        std::string query;
        std::string expected_id;
    };
    for (const Row& row : {
             Row{"مفاوضات جنيف تستانف اعمالها", "001"},   // title written with full tashkeel
             Row{"اعلنت الامم المتحدة", "001"},
             Row{"قصيدته", "014"},                         // قَصيدَتَهُ
             Row{"أعلن وزير الاقتصاد", "006"},             // 006 writes اعلن
             Row{"اعلن وزير الاقتصاد والتخطيط", "007"},    // 007 writes أعلن
             Row{"إسطنبول", "025"},                        // 025 writes اسطنبول
             Row{"اسطنبول", "010"},                        // 010 writes إسطنبول
             Row{"بالقاهرة مدرسة", "027"},                 // 027 writes بالقاهره مدرسه
             Row{"مستشفى اسوان", "036"},                   // 036 writes مستشفي
             Row{"سوريا لاجئين", "016"},                   // presentation forms
             Row{"الأردن", "031"},                         // presentation forms
             Row{"الكويت كرة القدم", "022"},               // Persian ک and ی
             Row{"2016", "040"},                            // ۲۰۱۶
             Row{"٢٠١٤", "019"},
             Row{"الإلكترونيات", "024"},                   // ZWSP inside the word
             Row{"الذكية", "024"},                          // ZWNJ inside the word
             Row{"\"أيام قرطاج السينمائية\"", "035"},      // NBSP between the words
             Row{"iphone", "024"},
             Row{"REUTERS", "009"},
         }) {
        CAPTURE(row.query);
        const auto found = ids(search_json({row.query, "--limit", "20"}));
        CAPTURE(found.size());
        CHECK(contains(found, row.expected_id));
    }
}

TEST_CASE("a place name with an attached prefix is found by the bare name") {
    struct Row {
        std::string query;
        std::string expected_id;
    };
    for (const Row& row : {Row{"حلب", "002"}, Row{"الرقة", "003"}, Row{"القاهرة", "013"}, Row{"الرياض", "011"},
                           Row{"صنعاء", "021"}}) {
        CAPTURE(row.query);
        CHECK(contains(ids(search_json({row.query, "--limit", "50"})), row.expected_id));
    }
}

TEST_CASE("a phrase matches across tatweel, and only as a phrase") {
    const auto plain = ids(search_json({"\"مجلس الوزراء\""}));
    CHECK(contains(plain, "005"));
    CHECK(ids(search_json({"\"مجلـــس الوزراء\""})) == plain);
    CHECK(ids(search_json({"«مجلس الوزراء»"})) == plain);
    // The same two words in the other order are not the phrase.
    CHECK_FALSE(contains(ids(search_json({"\"الوزراء مجلس\""})), "005"));
}

TEST_CASE("queries that differ only by spelling variants return identical ranked lists") {
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {"أَعْلَنَتِ الحُكومةُ", "اعلنت الحكومة"},
        {"إسطنبول", "اسطنبول"},
        {"آلاف اللاجئين", "الاف اللاجئين"},
        {"القاهرة", "القاهره"},
        {"مستشفى", "مستشفي"},
        {"مجلـــس الوزراء", "مجلس الوزراء"},
        {"عام ٢٠١٥", "عام 2015"},
        {"\uFEB3\uFEEE\uFEAD\uFEF3\uFE8E", "سوريا"},
        {"الکویت", "الكويت"},
        {"\u200Fحلب\u200E", "حلب"},
    };
    for (const auto& pair : pairs) {
        const auto& a = pair.first;  // CAPTURE cannot take a structured binding
        const auto& b = pair.second;
        CAPTURE(a);
        CAPTURE(b);
        const auto first = search_json({a, "--limit", "50"});
        const auto second = search_json({b, "--limit", "50"});
        CHECK_FALSE(first.hits.empty());
        CHECK(ids(first) == ids(second));
        CHECK(first.summary["parsed_query"] == second.summary["parsed_query"]);
    }
}

TEST_CASE("date filters: --from/--to and the date: range") {
    const auto in_2016 = search_json({"--from", "2016", "--to", "2016", "--limit", "100"});
    CHECK(in_2016.hits.size() == 18);
    for (const auto& hit : in_2016.hits) CHECK(hit["date"].get<std::string>().rfind("2016", 0) == 0);
    // Listing without words is newest first.
    CHECK(in_2016.hits.front()["date"].get<std::string>() >= in_2016.hits.back()["date"].get<std::string>());

    const auto ranged = search_json({"date:2015-01-01..2015-12-31", "--limit", "100"});
    CHECK(ranged.hits.size() == 20);
    const auto words_and_dates = search_json({"حلب", "--to", "2015-06"});
    for (const auto& hit : words_and_dates.hits) CHECK(hit["date"].get<std::string>().substr(0, 7) <= "2015-06");
    CHECK(search_json({"year:2014", "--limit", "100"}).hits.size() == 12);
}

TEST_CASE("--json output: one object per hit, then a summary") {
    const auto result = search_json({"اعلنت", "--limit", "3"});
    REQUIRE_FALSE(result.hits.empty());
    CHECK(result.hits.size() <= 3);
    for (const auto& hit : result.hits) {
        for (const char* key : {"rank", "id", "url", "title", "date", "source", "score", "snippet", "highlights",
                                "matched_terms", "title_highlights"}) {
            CAPTURE(key);
            CHECK(hit.contains(key));
        }
        CHECK(hit["score"].get<double>() > 0);
        CHECK_FALSE(hit["matched_terms"].empty());
    }
    CHECK(result.hits[0]["rank"] == 1);
    for (const char* key : {"query", "parsed_query", "total_estimate", "returned", "elapsed_ms"}) {
        CAPTURE(key);
        CHECK(result.summary.contains(key));
    }
    CHECK(result.summary["returned"] == result.hits.size());
}

TEST_CASE("snippets show the published text with the matches marked") {
    const CommandResult result = search({"اعلنت الامم المتحدة", "--highlight", "brackets", "--no-bidi", "--limit", "5"});
    CHECK(result.exit_code == 0);
    CHECK(result.out.find("[أَعْلَنَتِ]") != std::string::npos);
    CHECK(result.out.find("[الأُمَمُ]") != std::string::npos);
    CHECK(result.out.find("\u2068") == std::string::npos);
    const CommandResult isolated = search({"حلب", "--limit", "1"});
    CHECK(isolated.out.find("\u2068") != std::string::npos);
    CHECK(isolated.out.find("\u2069") != std::string::npos);
}

TEST_CASE("field prefixes and boolean operators") {
    const auto titled = ids(search_json({"title:إسطنبول"}));
    CHECK(contains(titled, "010"));
    CHECK(contains(titled, "025"));
    const auto sourced = search_json({"source:rased", "--limit", "50"});
    CHECK(ids(sourced).size() == 4);
    const auto both = ids(search_json({"حلب", "AND", "الرقة", "--limit", "50"}));
    const auto either = ids(search_json({"حلب", "OR", "الرقة", "--limit", "50"}));
    CHECK(both.size() < either.size());
    for (const auto& id : ids(search_json({"حلب", "-دمشق", "--limit", "50"}))) {
        CAPTURE(id);
        CHECK_FALSE(contains(ids(search_json({"دمشق", "--limit", "50"})), id));
    }
}

TEST_CASE("exit codes") {
    CHECK(search({"حلب"}).exit_code == 0);
    CHECK(search({"كلمةغيرموجودةابدا"}).exit_code == 1);
    const CommandResult usage = search({"--limit", "lots", "حلب"});
    CHECK(usage.exit_code == 64);
    CHECK(usage.err.rfind("fahras-search: ", 0) == 0);
    CHECK(search({}).exit_code == 64);
    const CommandResult syntax = search({"date:yesterday..today"});
    CHECK(syntax.exit_code == 65);
    CHECK(syntax.err.find("cannot parse query") != std::string::npos);
    const CommandResult missing = run_command({FAHRAS_SEARCH_BIN, "--db", "/nonexistent/fahras", "حلب"});
    CHECK(missing.exit_code == 66);
    CHECK(missing.err.find("fahras-index") != std::string::npos);  // says how to make one
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--help"}).exit_code == 0);
    CHECK(run_command({FAHRAS_INDEX_BIN, "--bogus"}).exit_code == 64);
}

TEST_CASE("malformed input lines are skipped and reported while the rest is indexed") {
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("bad.jsonl"),
                             "{\"id\":\"g1\",\"title\":\"خبر\",\"body\":\"نص سليم عن حلب\"}\n"
                             "{\"id\":\"g2\",\"body\":\n"
                             "{\"id\":\"g3\",\"body\":\"\xC3\x28\"}\n"
                             "{\"id\":\"g4\",\"title\":\"خبر\",\"body\":\"نص سليم آخر عن حلب\"}\n");
    const CommandResult result = run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("bad.jsonl")});
    CHECK(result.exit_code == 65);
    CHECK(result.err.find(dir.file("bad.jsonl") + ":2: error: malformed JSON") != std::string::npos);
    CHECK(result.err.find(dir.file("bad.jsonl") + ":3: error: invalid UTF-8") != std::string::npos);
    CHECK(result.out.find("2 added") != std::string::npos);
    const CommandResult found = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "حلب"});
    CHECK(found.exit_code == 0);
    CHECK(found.out.find("\"g1\"") != std::string::npos);
    CHECK(found.out.find("\"g4\"") != std::string::npos);
}

TEST_CASE("JSON Lines on standard input") {
    fahras::test::TempDir dir;
    const CommandResult result = run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "-"},
                                             "{\"url\":\"https://x.test/1\",\"content\":\"خبر من بنغازي\"}\n");
    CHECK(result.exit_code == 0);
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "بنغازي"}).exit_code == 0);
}

TEST_CASE("optional: the seed article names its places (needs ../shared)") {
    const std::string shared = shared_or_skip();
    if (shared.empty()) return;
    fahras::test::TempDir dir;
    const std::string seed = shared + "/corpora/seed/syria-2014-geneva2.txt";
    const CommandResult indexed = run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), seed});
    CHECK(indexed.exit_code == 0);
    for (const char* place : {"الرقة", "حلب", "ادلب", "إدلب", "داريا", "جنيف"}) {
        CAPTURE(place);
        const CommandResult found = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", place});
        CHECK(found.exit_code == 0);
        CHECK(found.out.find("syria-2014-geneva2.txt") != std::string::npos);
    }
}

TEST_CASE("the searcher refuses a database built with another analysis") {
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("a.jsonl"), "{\"id\":\"1\",\"body\":\"حلب\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    {
        Xapian::WritableDatabase db(dir.file("db"));
        db.set_metadata("fahras.normalizer_version", "0");
        db.commit();
    }
    const CommandResult refused = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "حلب"});
    CHECK(refused.exit_code == 66);
    CHECK(refused.err.find("incompatible analysis") != std::string::npos);
    CHECK(refused.err.find("rebuild") != std::string::npos);

    // A Xapian database that Fahras did not build is refused too.
    { Xapian::WritableDatabase other(dir.file("other"), Xapian::DB_CREATE_OR_OPEN); }
    const CommandResult foreign = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("other"), "حلب"});
    CHECK(foreign.exit_code == 66);
    CHECK(foreign.err.find("not a Fahras database") != std::string::npos);
}

TEST_CASE("optional: a SaudiNewsNet day indexes with zero failures (needs ../shared)") {
    const std::string shared = shared_or_skip();
    if (shared.empty()) return;
    fahras::test::TempDir dir;
    const std::string day = shared + "/corpora/saudinewsnet/2015-08-01.jsonl.gz";
    const CommandResult indexed = run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--json", day});
    CHECK(indexed.exit_code == 0);
    const auto summary = nlohmann::json::parse(indexed.out);
    CHECK(summary["failed"] == 0);
    CHECK(summary["added"].get<int>() > 1000);
    CHECK(summary["added"] == summary["total"]);
    // Urls as ids: indexing the day again adds nothing.
    const CommandResult again = run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--json", day});
    CHECK(nlohmann::json::parse(again.out)["unchanged"] == summary["added"]);
}

TEST_CASE("places: filters by place and country, place: queries, --near, facets") {
    // The Raqqa articles: 003 writes وبالرقة, 026 الرقة.
    const auto raqqa = ids(search_json({"place:الرقة", "--limit", "50"}));
    CHECK(contains(raqqa, "003"));
    CHECK(contains(raqqa, "026"));
    CHECK(ids(search_json({"--place", "Raqqa", "--limit", "50"})) == ids(search_json({"--place", "الرقه", "--limit", "50"})));
    // A country includes the places inside it; a place filter alone is newest first.
    const auto syria = search_json({"--country", "SY", "--limit", "100"});
    CHECK(contains(ids(syria), "002"));  // بحلب
    CHECK(contains(ids(syria), "026"));
    CHECK_FALSE(contains(ids(syria), "022"));  // Kuwait
    for (std::size_t i = 1; i < syria.hits.size(); ++i)
        CHECK(syria.hits[i - 1]["date"].get<std::string>() >= syria.hits[i]["date"].get<std::string>());
    CHECK(ids(search_json({"--country", "سورية", "--limit", "100"})) == ids(syria));
    // Words rank, places filter.
    const auto water = ids(search_json({"المياه", "--country", "اليمن", "--limit", "50"}));
    CHECK(contains(water, "021"));
    CHECK_FALSE(contains(water, "002"));
    // طرابلس: Lebanon in 014, Libya in 023.
    CHECK(contains(ids(search_json({"--country", "لبنان", "--limit", "100"})), "014"));
    CHECK(contains(ids(search_json({"--country", "ليبيا", "--limit", "100"})), "023"));
    CHECK_FALSE(contains(ids(search_json({"--country", "ليبيا", "--limit", "100"})), "014"));
    // Within 100 km of Aleppo: Aleppo and Idlib articles, not Damascus-only ones.
    const auto near = ids(search_json({"--near", "36.20,37.13", "--km", "100", "--limit", "100"}));
    CHECK(contains(near, "002"));
    CHECK(contains(near, "045"));
    CHECK_FALSE(contains(near, "004"));  // لدمشق only
    // Results show the places.
    const auto hit = search_json({"place:الرقة", "--limit", "1"}).hits.at(0);
    CHECK_FALSE(hit["places"].empty());
    // Facets, in both formats.
    const CommandResult facets = search({"--country", "SY", "--facets", "--json"});
    CHECK(facets.out.find("{\"type\":\"facets\",\"places\":[{\"id\":\"fahras:sy") != std::string::npos);
    CHECK(facets.out.find("\"countries\":[{\"code\":\"SY\",\"name\":\"سوريا\",\"count\":") != std::string::npos);
    const CommandResult text = search({"--country", "SY", "--facets"});
    CHECK(text.out.find("Countries:") != std::string::npos);
    CHECK(text.out.find("Sources:") != std::string::npos);
    // Unknown places are usage errors, with advice.
    CHECK(search({"--place", "Atlantis"}).exit_code == 64);
    const CommandResult unknown = search({"place:Atlantis"});
    CHECK(unknown.exit_code == 65);
    CHECK(unknown.err.find("cannot parse query 'place:Atlantis': unknown place 'atlantis'") != std::string::npos);
}

TEST_CASE("places: an ambiguous word alone is not a place") {
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("a.jsonl"),
                             "{\"id\":\"door\",\"title\":\"نصائح\",\"body\":\"أغلق الباب جيدا قبل النوم وزارت جدة الطفل.\"}\n"
                             "{\"id\":\"town\",\"title\":\"معارك\",\"body\":\"اشتباكات على أطراف مدينة الباب شرق حلب.\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    const CommandResult bab = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--place", "الباب"});
    CHECK(bab.out.find("\"town\"") != std::string::npos);
    CHECK(bab.out.find("\"door\"") == std::string::npos);
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--place", "جدة"}).exit_code == 1);
}

TEST_CASE("name variants: one spelling finds the others, marked in snippets") {
    // 003, 009 and 026 write «تنظيم الدولة»; a query for داعش finds them.
    const auto found = search_json({"داعش", "--limit", "50"});
    for (const char* id : {"003", "009", "026"}) {
        CAPTURE(id);
        CHECK(contains(ids(found), id));
    }
    bool marked = false;
    for (const auto& hit : found.hits) marked = marked || hit["snippet"].get<std::string>().find("تنظيم") != std::string::npos;
    CHECK(marked);
    CHECK(search_json({"داعش", "--no-variants", "--limit", "50"}).hits.size() < found.hits.size());
    // A user's own variants file.
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("mine.txt"), "# ours\nنواكشوط|انواكشوط\n");
    const CommandResult mine = search({"انواكشوط", "--json", "--variants", dir.file("mine.txt")});
    CHECK(mine.out.find("nouakchott-fishing.txt") != std::string::npos);
    CHECK(search({"انواكشوط", "--json"}).out.find("nouakchott-fishing.txt") == std::string::npos);
}

TEST_CASE("--explain shows each word normalized and stemmed, and what matched") {
    const CommandResult text = search({"أَعْلَنَتِ", "الأمم", "--explain", "--no-bidi", "--limit", "1"});
    CHECK(text.out.find("أَعْلَنَتِ -> اعلنت -> stem ") != std::string::npos);
    CHECK(text.out.find("matched: ") != std::string::npos);
    const auto json = search_json({"أَعْلَنَتِ", "الأمم", "--explain", "--limit", "1"});
    REQUIRE(json.summary["explain"].size() == 2);
    CHECK(json.summary["explain"][0]["normalized"] == "اعلنت");
    CHECK(json.summary["explain"][0]["stem_frequency"].get<int>() >= json.summary["explain"][0]["word_frequency"].get<int>());
}

namespace {

/** Index @a jsonl into a fresh database in @a dir and return a function
 *  giving the id of the first result for some fahras-search arguments. */
auto first_hit_in(fahras::test::TempDir& dir, const std::string& jsonl) {
    fahras::test::write_file(dir.file("a.jsonl"), jsonl);
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    return [&dir](const std::vector<std::string>& args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--limit", "1"};
        argv.insert(argv.end(), args.begin(), args.end());
        const std::string out = run_command(argv).out;
        return nlohmann::json::parse(out.substr(0, out.find('\n')))["id"].get<std::string>();
    };
}

std::string words(const std::string& word, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) text += " " + word;
    return text;
}

}  // namespace

TEST_CASE("proximity: words standing together rank above scattered ones") {
    fahras::test::TempDir dir;
    // Both articles hold each word once, past the weighted lead; only the
    // distance between them differs, and the scattered one is indexed first
    // so that a tie would put it on top.
    const std::string filler = words("كلام", 40);
    auto first = first_hit_in(dir, "{\"id\":\"scattered\",\"title\":\"خبر\",\"body\":\"" + filler + " دير" + filler +
                                       " الزور\"}\n"
                                       "{\"id\":\"together\",\"title\":\"خبر\",\"body\":\"" + filler + " دير الزور" +
                                       filler + "\"}\n");
    CHECK(first({"دير", "الزور"}) == "together");
    CHECK(first({"دير", "الزور", "--no-proximity"}) == "scattered");
}

TEST_CASE("the lead paragraph weighs more than the rest of the body") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    auto first = first_hit_in(dir, "{\"id\":\"later\",\"title\":\"خبر\",\"body\":\"" + filler + " ميناء" + filler + "\"}\n"
                                   "{\"id\":\"lead\",\"title\":\"خبر\",\"body\":\"ميناء" + filler + filler + "\"}\n");
    CHECK(first({"ميناء"}) == "lead");
}

TEST_CASE("exact forms: the form typed ranks above other forms of its stem") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // وزارة and الوزارة share a stem; the bare form is indexed first.
    auto first = first_hit_in(dir, "{\"id\":\"bare\",\"title\":\"خبر\",\"body\":\"" + filler + " وزارة\"}\n"
                                   "{\"id\":\"definite\",\"title\":\"خبر\",\"body\":\"" + filler + " الوزارة\"}\n");
    CHECK(first({"الوزارة"}) == "definite");
    CHECK(first({"وزارة"}) == "bare");
    CHECK(first({"الوزارة", "--no-exact-forms"}) == "bare");
}

TEST_CASE("verb forms: a headline's present tense finds the article's past tense, marked in snippets") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // Only "past" has the verb, in the past tense; "plain" is indexed first
    // and is shorter, so it wins whenever the verb is not found.
    auto first = first_hit_in(dir, "{\"id\":\"plain\",\"title\":\"خبر\",\"body\":\"" + filler + " الوزير\"}\n"
                                   "{\"id\":\"past\",\"title\":\"خبر\",\"body\":\"" + filler + " واستقبل الوزير\"}\n");
    CHECK(first({"يستقبل", "الوزير"}) == "past");
    CHECK(first({"يستقبل", "الوزير", "--no-verb-forms"}) == "plain");
    // A phrase means the words as typed.
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "\"يستقبل الوزير\""}).exit_code == fahras::EXIT_NO_RESULTS);

    const std::string out =
        run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--explain", "--limit", "1", "يستقبل", "الوزير"}).out;
    const auto hit = nlohmann::json::parse(out.substr(0, out.find('\n')));
    CHECK(hit["snippet"].get<std::string>().find("واستقبل") != std::string::npos);
    CHECK(std::find(hit["matched_terms"].begin(), hit["matched_terms"].end(), "Zاستقبل") != hit["matched_terms"].end());
    const std::string text = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--no-bidi", "--highlight", "brackets",
                                          "--limit", "1", "يستقبل", "الوزير"}).out;
    CHECK(text.find("[واستقبل]") != std::string::npos);
    const auto summary = nlohmann::json::parse(out.substr(out.rfind('\n', out.size() - 2) + 1));
    REQUIRE(summary["explain"].size() == 2);
    CHECK(summary["explain"][0]["past_forms"] == nlohmann::json::array({"استقبل"}));
    CHECK(summary["explain"][1]["past_forms"].empty());
}

TEST_CASE("stopwords: dropped from free text, kept inside phrases") {
    const auto with = search_json({"في حلب", "--stopwords", "--explain", "--no-proximity"});
    CHECK(with.summary["parsed_query"].get<std::string>().find("في") == std::string::npos);
    CHECK(with.summary["explain"][0]["stopword"] == true);
    const auto without = search_json({"في حلب", "--no-proximity"});
    CHECK(without.summary["parsed_query"].get<std::string>().find("في") != std::string::npos);
    const auto phrase = search_json({"\"مجلس الوزراء في\"", "--stopwords"});
    CHECK(phrase.summary["parsed_query"].get<std::string>().find("في") != std::string::npos);
}

TEST_CASE("stopwords: not matched, but weighed among the first results") {
    fahras::test::TempDir dir;
    const std::string filler = words("كلام", 40);
    // Both hold حلب once, past the lead; only "with" holds في as well, and
    // "without" is indexed first so that a tie would put it on top.
    fahras::test::write_file(dir.file("a.jsonl"),
                             "{\"id\":\"without\",\"title\":\"خبر\",\"body\":\"" + filler + " حلب\"}\n"
                             "{\"id\":\"with\",\"title\":\"خبر\",\"body\":\"" + filler + " حلب في" + filler + "\"}\n"
                             "{\"id\":\"only\",\"title\":\"خبر\",\"body\":\"" + filler + " في\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-places", dir.file("a.jsonl")}).exit_code == 0);
    auto json = [&dir](std::vector<std::string> args) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--snippet-length", "0"};
        argv.insert(argv.end(), args.begin(), args.end());
        JsonSearch parsed;
        std::istringstream lines(run_command(argv).out);
        for (std::string line; std::getline(lines, line);) {
            auto object = nlohmann::json::parse(line);
            if (object["type"] == "hit") parsed.hits.push_back(object);
            else parsed.summary = object;
        }
        return parsed;
    };
    const auto both = json({"في حلب"});
    // An article with nothing but the function word is no match...
    CHECK(ids(both) == std::vector<std::string>{"with", "without"});
    CHECK(both.summary["total_estimate"] == 2);
    // ...but the function word still counts where the other words match,
    const auto dropped = json({"في حلب", "--stopwords"});
    REQUIRE(dropped.hits.size() == 2);
    CHECK(ids(dropped) == std::vector<std::string>{"without", "with"});
    CHECK(both.hits[0]["score"].get<double>() > dropped.hits[1]["score"].get<double>());
    const auto matched = both.hits[0]["matched_terms"].get<std::vector<std::string>>();
    CHECK(contains(matched, "Zفي"));
    // and a query of function words alone matches them.
    CHECK(ids(json({"في"})) == std::vector<std::string>{"only", "with"});
    // Query syntax keeps them in the match: without في, "-حلب" would stand
    // alone, which Xapian reads as حلب.
    CHECK(ids(json({"في -حلب"})) == std::vector<std::string>{"only"});
    CHECK(ids(json({"في OR حلب"})).size() == 3);
    // Sorted by date nothing is rescored, so they are matched as before.
    CHECK(json({"في حلب", "--sort", "date"}).hits.size() == 3);
}

TEST_CASE("did you mean: a correction from the archive's own words when nothing matches") {
    const CommandResult text = search({"اسطمبول", "--no-bidi"});
    CHECK(text.exit_code == 1);
    CHECK(text.out.find("Did you mean: اسطنبول") != std::string::npos);
    const auto json = search_json({"اسطمبول"});
    CHECK(json.summary["did_you_mean"] == "اسطنبول");
    // A word the archive holds is no misspelling, even when it matches little.
    const auto known = search_json({"اسطنبول"});
    CHECK(known.summary["total_estimate"].get<int>() < 3);
    CHECK(known.summary["did_you_mean"].is_null());
    // One unknown word among known ones: the suggestion keeps the rest.
    CHECK(search_json({"\"اسطمبول بيروت\""}).summary["did_you_mean"] == "\"اسطنبول بيروت\"");
    CHECK(search_json({"اسطمبول", "source:okaz"}).summary["did_you_mean"] == "اسطنبول source:okaz");
    // Without spelling data there is nothing to suggest.
    fahras::test::TempDir dir;
    const std::string c = fahras::test::source_dir() + "/corpus/articles.jsonl";
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), "--no-spelling", c}).exit_code == 0);
    CHECK(run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "اسطمبول"}).out.find("Did you mean") == std::string::npos);
}

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

TEST_CASE("did you mean: long words and words past the first few get no suggestion") {
    // Titles of Latin words, so that each misspelling (a letter dropped) is
    // one edit from exactly one of them.
    const std::vector<std::string> known = {"morning", "evening", "station", "markets", "gardens", "windows",
                                            "picture", "country", "mountain", "rivers"};
    std::string long41(41, 'k'), long42(42, 'q');
    long41[20] = 'z';
    long42[20] = 'z';
    std::string titles;
    for (const auto& word : known) titles += word + ' ';
    fahras::test::TempDir dir;
    fahras::test::write_file(dir.file("a.jsonl"),
                             "{\"id\":\"1\",\"title\":\"" + titles + "\",\"body\":\"x\"}\n"
                             "{\"id\":\"2\",\"title\":\"" + long41 + ' ' + long42 + "\",\"body\":\"y\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    const auto did_you_mean = [&](const std::vector<std::string>& words) {
        std::vector<std::string> argv = {FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--all"};
        argv.insert(argv.end(), words.begin(), words.end());
        const CommandResult result = run_command(argv);
        const std::string line = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
        const auto summary = nlohmann::json::parse(line);
        return summary["did_you_mean"].is_null() ? std::string() : summary["did_you_mean"].get<std::string>();
    };
    // A typed word of 40 letters is still spelled; one of 41 is no typo.
    std::string typo40 = long41, typo41 = long42;
    typo40.erase(20, 1);
    typo41.erase(20, 1);
    CHECK(did_you_mean({typo40}) == long41);
    CHECK(did_you_mean({typo41}).empty());
    CHECK(did_you_mean({typo41, "mornin"}) == typo41 + " morning");
    // Eight unknown words are looked up; the ninth and tenth stay as typed.
    std::vector<std::string> typos;
    std::string expected;
    for (std::size_t i = 0; i < known.size(); ++i) {
        typos.push_back(known[i].substr(0, known[i].size() - 1));
        expected += (i ? " " : "") + (i < fahras::MAX_SPELLED_WORDS ? known[i] : typos.back());
    }
    CHECK(did_you_mean(typos) == expected);
    // Known words are no typos, operators are syntax, a field's words are not spelled.
    CHECK(did_you_mean({"morning", "AND", "(evenin", "statio)"}) == "morning AND (evening station)");
    CHECK(did_you_mean({"title:evenin", "statio"}) == "title:evenin station");
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
