// The gazetteer and place recognition, on the bundled gazetteer.
#include "test_support.h"

#include <fahras/gazetteer.h>
#include <fahras/place_recognizer.h>

#include <doctest/doctest.h>

#include <algorithm>

using namespace fahras;

namespace {

const Gazetteer& bundled() {
    static const Gazetteer gazetteer = [] {
        Gazetteer g;
        std::vector<std::string> problems;
        g.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true, &problems);
        g.finish();
        REQUIRE(problems.empty());
        return g;
    }();
    return gazetteer;
}

std::vector<std::string> ids_in(const PlaceRecognizer& recognizer, const std::string& title, const std::string& body) {
    std::vector<std::string> ids;
    for (PlaceIndex p : recognizer.places_in(title, body)) ids.push_back(bundled().place(p).id);
    return ids;
}

bool has(const std::vector<std::string>& ids, const std::string& id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("the bundled gazetteer loads with its hierarchy") {
    const Gazetteer& g = bundled();
    CHECK(g.size() > 1000);
    const auto syria = g.resolve("سورية");
    REQUIRE_FALSE(syria.empty());
    CHECK(g.place(syria.front()).id == "fahras:sy");
    CHECK(g.resolve("Syria") == syria);
    CHECK(g.resolve("sy") == syria);
    const auto aleppo = g.resolve("حلب");
    REQUIRE_FALSE(aleppo.empty());
    CHECK(g.place(aleppo.front()).id == "fahras:sy-aleppo");  // the city before the governorate
    std::vector<std::string> chain;
    for (PlaceIndex p : g.ancestors(aleppo.front())) chain.push_back(g.place(p).id);
    CHECK(chain == std::vector<std::string>{"fahras:sy-aleppo", "fahras:sy-aleppo-gov", "fahras:sy"});
    CHECK(g.place(g.country_of(aleppo.front())).country_code == "SY");
    // Idlib is about 60 km from Aleppo; Damascus about 310 km.
    const auto near = g.within(36.2021, 37.1343, 80);
    auto near_ids = std::vector<std::string>();
    for (PlaceIndex p : near) near_ids.push_back(g.place(p).id);
    CHECK(has(near_ids, "fahras:sy-idlib"));
    CHECK_FALSE(has(near_ids, "fahras:sy-damascus"));
    CHECK(distance_km(36.2021, 37.1343, 33.5138, 36.2765) == doctest::Approx(309).epsilon(0.05));
}

TEST_CASE("recognition: multi-word names, prefixes, longest match") {
    const PlaceRecognizer recognizer(bundled());
    struct Row {
        std::string text;
        std::vector<std::string> expected;
    };
    for (const Row& row : {
             Row{"اشتباكات في دير الزور وتل أبيض", {"fahras:sy-deir-ez-zor", "fahras:sy-tell-abyad"}},
             Row{"قصف بحلب وبالرقة", {"fahras:sy-aleppo", "fahras:sy-raqqa"}},
             Row{"وصل الوفد لدمشق والقاهرة", {"fahras:sy-damascus", "fahras:eg-cairo"}},
             Row{"الحجاج في مكة المكرمة", {"fahras:sa-makkah"}},
             Row{"اشتباكات في جبل الزاوية بريف إدلب", {"fahras:sy-jabal-al-zawiya", "fahras:sy-idlib"}},
             Row{"قوات في محافظة حلب", {"fahras:sy-aleppo-gov"}},
             Row{"مؤتمر جنيف 2", {"fahras:ch-geneva"}},
             Row{"الوفد وصل إلى اسطنبول ثم أنقرة", {"fahras:tr-istanbul", "fahras:tr-ankara"}},
         }) {
        CAPTURE(row.text);
        const auto ids = ids_in(recognizer, "", row.text);
        CAPTURE(ids.size());
        for (const auto& id : row.expected) {
            CAPTURE(id);
            CHECK(has(ids, id));
        }
    }
}

TEST_CASE("recognition: ambiguous names need context") {
    const PlaceRecognizer recognizer(bundled());
    // الباب: the door, or the town near Aleppo.
    CHECK(ids_in(recognizer, "", "فتح الباب أمام الجميع").empty());
    CHECK(has(ids_in(recognizer, "", "اشتباكات على أطراف مدينة الباب"), "fahras:sy-al-bab"));
    CHECK(has(ids_in(recognizer, "", "معارك في حلب والباب"), "fahras:sy-al-bab"));  // a Syrian place nearby
    // جدة: grandmother, or the city.
    CHECK(ids_in(recognizer, "", "زارت جدة الطفل المستشفى").empty());
    CHECK(has(ids_in(recognizer, "", "افتتاح معرض في جدة"), "fahras:sa-jeddah"));
    // حماه: his father-in-law, or Hama.
    CHECK(ids_in(recognizer, "", "استقبل حماه في المنزل").empty());
    CHECK(has(ids_in(recognizer, "", "قصف على إدلب وحماه"), "fahras:sy-hama"));
    // الشام alone is never a single place.
    CHECK(ids_in(recognizer, "", "تنظيم الدولة في العراق والشام").size() == 1);
    // طرابلس: Lebanon or Libya, decided by the rest of the article.
    CHECK(has(ids_in(recognizer, "", "اشتباكات في طرابلس وبنغازي"), "fahras:ly-tripoli"));
    CHECK(has(ids_in(recognizer, "", "انفجار في طرابلس شمال لبنان"), "fahras:lb-tripoli-lb"));
}

TEST_CASE("optional: the 75,000-place gazetteer loads and stays precise (needs ../shared)") {
    const std::string shared = test::shared_dir();
    if (shared.empty()) {
        MESSAGE("skipped: ../shared/gazetteer is not beside the repository");
        return;
    }
    Gazetteer large;
    std::vector<std::string> problems;
    large.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true, &problems);
    large.load_tsv(shared + "/gazetteer/gazetteer_ar.tsv", false, &problems);
    large.finish();
    CHECK(large.size() > 75000);
    CHECK(problems.size() < 100);
    const PlaceRecognizer recognizer(large);
    // Everyday words that are also place names somewhere in the large file.
    for (const char* sentence : {"قال علي إن الله كريم وإن اليوم جميل", "كان الاجتماع مثمرا وان النتائج طيبة",
                                 "أغلق الباب وخرج"}) {
        CAPTURE(sentence);
        CHECK(recognizer.places_in("", sentence).empty());
    }
    // Real places are still found, with or without prefixes.
    std::vector<std::string> ids;
    for (PlaceIndex p : recognizer.places_in("", "قصف على مدينة الباب وبالرقة وفي دير الزور"))
        ids.push_back(large.place(p).id);
    CHECK(std::find(ids.begin(), ids.end(), "fahras:sy-al-bab") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "fahras:sy-raqqa") != ids.end());
    CHECK(std::find(ids.begin(), ids.end(), "fahras:sy-deir-ez-zor") != ids.end());
}
