// End to end through both programs, on corpus/ in a temporary directory:
// indexing, spelling variants, filters, output, exit codes, bad input.
#include "e2e_support.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <string>
#include <utility>
#include <vector>

using fahras::test::CommandResult;
using fahras::test::contains;
using fahras::test::corpus;
using fahras::test::ids;
using fahras::test::run_command;
using fahras::test::search;
using fahras::test::search_json;
using fahras::test::shared_or_skip;

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
    // الأمم المتحدة is a name variant of several words: one mark for the name.
    CHECK(result.out.find("[الأُمَمُ المُتَّحِدَةُ]") != std::string::npos);
    CHECK(result.out.find("\u2068") == std::string::npos);
    // Through a pipe the text is plain; --bidi and --highlight ask for more.
    const CommandResult plain = search({"اعلنت الامم المتحدة", "--limit", "5"});
    CHECK(plain.out.find("\u2068") == std::string::npos);
    CHECK(plain.out.find("أَعْلَنَتِ") != std::string::npos);
    CHECK(plain.out.find("[أَعْلَنَتِ]") == std::string::npos);
    const CommandResult isolated = search({"حلب", "--limit", "1", "--bidi"});
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
    const CommandResult syntax = search({"date:yesterday..today", "--strict"});
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
