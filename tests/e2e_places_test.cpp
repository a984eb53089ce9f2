// End to end: places recognized at index time, filtered and faceted at
// search time, and name variants (corpus/ and small archives of its own).
#include "e2e_support.h"
#include "test_support.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>

using fahras::test::CommandResult;
using fahras::test::contains;
using fahras::test::ids;
using fahras::test::run_command;
using fahras::test::search;
using fahras::test::search_json;

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
    REQUIRE_FALSE(hit["places"].empty());
    // Each with its country and coordinates, for a map: the city of الرقة is in Syria, at 35.9528 N 39.0079 E.
    bool raqqa_city = false;
    for (const auto& place : hit["places"]) {
        CHECK(place["country"].is_string());
        CHECK(place["lat"].is_number());
        CHECK(place["lon"].is_number());
        CHECK(place["kind"].is_string());
        if (place["id"] != "fahras:sy-raqqa") continue;
        raqqa_city = true;
        CHECK(place["country"] == "SY");
        CHECK(place["lat"].get<double>() == doctest::Approx(35.9528));
        CHECK(place["lon"].get<double>() == doctest::Approx(39.0079));
    }
    CHECK(raqqa_city);
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

TEST_CASE("places: the other place of a name, clubs and banks are not the place") {
    fahras::test::TempDir dir;
    fahras::test::write_file(
        dir.file("a.jsonl"),
        "{\"id\":\"spring\",\"title\":\"حادث\",\"body\":\"سقطت سيارة في بئر عند تقاطع قرية العين شمالي مدينة أبها.\"}\n"
        "{\"id\":\"ain\",\"title\":\"عودة\",\"body\":\"عاد الفريق إلى الرياض من مدينة العين الإماراتية.\"}\n"
        "{\"id\":\"bank\",\"title\":\"الأسهم\",\"body\":\"تصدر سهم بنك مسقط التداولات في السوق.\"}\n"
        "{\"id\":\"club\",\"title\":\"مدرب\",\"body\":\"انتقل المدرب من الوحدة إلى الخور القطري.\"}\n"
        "{\"id\":\"muscat\",\"title\":\"زيارة\",\"body\":\"وصل الوزير إلى مسقط في زيارة رسمية.\"}\n");
    REQUIRE(run_command({FAHRAS_INDEX_BIN, "--db", dir.file("db"), dir.file("a.jsonl")}).exit_code == 0);
    auto tagged = [&](const char* place) {
        return run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--no-collapse", "--place", place}).out;
    };
    const std::string al_ain = tagged("fahras:ae-al-ain");
    CHECK(al_ain.find("\"ain\"") != std::string::npos);
    CHECK(al_ain.find("\"spring\"") == std::string::npos);  // a Saudi village near Abha
    const std::string muscat = tagged("fahras:om-muscat");
    CHECK(muscat.find("\"muscat\"") != std::string::npos);
    CHECK(muscat.find("\"bank\"") == std::string::npos);
    CHECK(tagged("fahras:qa-khor").find("\"club\"") == std::string::npos);
    // Nor their countries.
    const CommandResult qatar = run_command({FAHRAS_SEARCH_BIN, "--db", dir.file("db"), "--json", "--country", "QA"});
    CHECK(qatar.exit_code == 1);  // nothing found
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
    // (Not its spelling correction, نواكشوط, which would find it.)
    CHECK(search({"انواكشوط", "--json", "--no-correct"}).out.find("nouakchott-fishing.txt") == std::string::npos);
}
