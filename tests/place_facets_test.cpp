// Place facets (searcher/places.h: top_facets): counted places named in
// Arabic, and places that share a name told apart, since a reader choosing
// a filter sees only the names.
#include "places.h"
#include "test_support.h"

#include <fahras/gazetteer.h>

#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

using namespace fahras;

namespace {

Gazetteer gazetteer_of(const test::TempDir& dir, const std::string& rows) {
    const std::string header =
        "name_ar\talt_names_ar\tname_en\tkind\tcountry_code\tlat\tlon\tpopulation\tsource\tsource_id\tadmin1_ar\t"
        "admin1_en\n";
    test::write_file(dir.file("places.tsv"), header + rows);
    Gazetteer g;
    std::vector<std::string> problems;
    g.load_tsv(dir.file("places.tsv"), false, &problems);
    g.finish();
    REQUIRE(problems.empty());
    return g;
}

std::map<std::string, std::string> names_by_key(const std::vector<FacetCount>& facets) {
    std::map<std::string, std::string> names;
    for (const auto& facet : facets) names[facet.key] = facet.name;
    return names;
}

}  // namespace

TEST_CASE("place facets: most counted first, named in Arabic, and places sharing a name told apart") {
    test::TempDir dir;
    const Gazetteer g = gazetteer_of(
        dir,
        "السعودية\t\tSaudi Arabia\tcountry\tSA\t24\t45\t\ttest\tt:sa\t\t\n"
        "ليبيا\t\tLibya\tcountry\tLY\t27\t17\t\ttest\tt:ly\t\t\n"
        "لبنان\t\tLebanon\tcountry\tLB\t33.8\t35.8\t\ttest\tt:lb\t\t\n"
        "مكة المكرمة\tمكة|منطقة مكة المكرمة\tMakkah Region\tadmin1\tSA\t21.5\t40.5\t\ttest\tt:makkah-region\t\t\n"
        "مكة المكرمة\tمكة\tMecca\tcity\tSA\t21.42\t39.83\t2000000\ttest\tt:makkah\tمكة المكرمة\tMakkah Region\n"
        "الجوف\t\tAl Jawf Region\tadmin1\tSA\t29.9\t39.3\t\ttest\tt:jawf-region\t\t\n"
        "الجوف\t\tAl Jawf\tcity\tLY\t24.2\t23.3\t\ttest\tt:jawf-ly\t\t\n"
        "طرابلس\t\tTripoli\tcity\tLY\t32.9\t13.2\t1100000\ttest\tt:tripoli-ly\t\t\n"
        "طرابلس\t\tTripoli\tcity\tLB\t34.4\t35.8\t230000\ttest\tt:tripoli-lb\t\t\n"
        "جدة\tجده\tJeddah\tcity\tSA\t21.49\t39.19\t4700000\ttest\tt:jeddah\tمكة المكرمة\tMakkah Region\n");
    const std::map<std::string, std::size_t> counts{{"t:makkah-region", 30}, {"t:makkah", 20},    {"t:jeddah", 50},
                                                    {"t:jawf-region", 9},    {"t:jawf-ly", 8},    {"t:tripoli-lb", 7},
                                                    {"t:tripoli-ly", 6},     {"t:unknown", 5}};
    const auto facets = top_facets(counts, 10, &g, false);
    REQUIRE(facets.size() == 8);
    CHECK(facets[0].key == "t:jeddah");
    CHECK(facets[0].count == 50);
    CHECK(facets[1].key == "t:makkah-region");
    const auto names = names_by_key(facets);
    CHECK(names.at("t:jeddah") == "جدة");
    // The city keeps the bare name; the province takes its longer alternative.
    CHECK(names.at("t:makkah") == "مكة المكرمة");
    CHECK(names.at("t:makkah-region") == "منطقة مكة المكرمة");
    // No such alternative: the kind, and the country when the other is
    // elsewhere; then each of them says its country.
    CHECK(names.at("t:jawf-ly") == "الجوف (مدينة، ليبيا)");
    CHECK(names.at("t:jawf-region") == "الجوف (منطقة، السعودية)");
    CHECK(names.at("t:tripoli-lb") == "طرابلس (مدينة، لبنان)");
    CHECK(names.at("t:tripoli-ly") == "طرابلس (مدينة، ليبيا)");
    CHECK(names.at("t:unknown") == "t:unknown");  // a place gone from the gazetteer: its id
    // Each name now stands for one place.
    std::map<std::string, int> uses;
    for (const auto& facet : facets) ++uses[facet.name];
    for (const auto& [name, count] : uses) CHECK_MESSAGE(count == 1, name);

    CHECK(top_facets(counts, 2, &g, false).size() == 2);
    // Places of one country are compared among those listed: alone, the
    // province keeps its name.
    CHECK(top_facets({{"t:makkah-region", 3}}, 10, &g, false).at(0).name == "مكة المكرمة");
    // A name borne in another country says its country, even alone.
    CHECK(top_facets({{"t:tripoli-lb", 3}}, 10, &g, false).at(0).name == "طرابلس (مدينة، لبنان)");
    CHECK(top_facets({{"t:jeddah", 3}}, 10, &g, false).at(0).name == "جدة");
    const auto countries = top_facets({{"SA", 4}, {"LY", 2}}, 10, &g, true);
    CHECK(countries.at(0).name == "السعودية");
    CHECK(countries.at(1).name == "ليبيا");
}

TEST_CASE("facet counts: Xapian's whole-value counts add up to a count of the documents holding each part") {
    // Built-in ValueCountMatchSpy (remote-capable) counts "a|b" as one value;
    // split_value_counts gives each place the documents that list it.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const char* places : {"sy-aleppo|sy", "sy-aleppo|sy", "sy", "lb-tripoli|lb|sy", "", "ly-tripoli|ly"}) {
        Xapian::Document doc;
        doc.add_boolean_term("XALL");
        if (*places) doc.add_value(3, places);
        db.add_document(doc);
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query("XALL"));
    Xapian::ValueCountMatchSpy spy(3);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 1, db.get_doccount());
    const std::map<std::string, std::size_t> expected = {
        {"sy-aleppo", 2}, {"sy", 4}, {"lb-tripoli", 1}, {"lb", 1}, {"ly-tripoli", 1}, {"ly", 1}};
    CHECK(split_value_counts(spy) == expected);
}
