// Names typed in Latin letters: the gazetteer's English place names and the
// name variants, expanded one way or both (variants.h, searcher/places.h).
#include "places.h"
#include "test_support.h"

#include <fahras/gazetteer.h>
#include <fahras/normalize.h>
#include <fahras/variants.h>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace fahras;

namespace {

std::string expand(const VariantTable& table, const std::string& query) {
    return table.expand(normalize_text(query, TextRole::query));
}

const Gazetteer& bundled_gazetteer() {
    static const Gazetteer gazetteer = [] {
        Gazetteer g;
        g.load_tsv(test::source_dir() + "/data/gazetteer/places.tsv", true);
        g.finish();
        return g;
    }();
    return gazetteer;
}

VariantTable bundled_variants() {
    VariantTable table;
    table.load(test::source_dir() + "/data/variants_ar.txt");
    return table;
}

}  // namespace

TEST_CASE("an English place name is keyed as users type it") {
    struct Row {
        std::string name_en;
        std::vector<std::string> keys;
    };
    for (const Row& row : {
             Row{"Mosul", {"Mosul"}},
             Row{"Ta'if", {"Ta'if", "Taif"}},
             Row{"Al-Kharj", {"Al-Kharj", "Al Kharj", "Kharj"}},
             Row{"Abu Dhabi", {"Abu Dhabi"}},
             Row{"Tripoli (Lebanon)", {"Tripoli"}},
             Row{"Al Ain", {"Al Ain"}},  // Ain is too short to stand alone
             Row{"Al-Majma'ah", {"Al-Majma'ah", "Al Majma'ah", "Majma'ah", "Al-Majmaah", "Al Majmaah", "Majmaah"}},
             Row{"(none)", {}},
         }) {
        CAPTURE(row.name_en);
        CHECK(english_name_keys(row.name_en) == row.keys);
    }
}

TEST_CASE("add_expansion adds one way, and adds up per key") {
    VariantTable table;
    table.add_group({"كيري", "Kerry"});
    table.add_expansion("Taif", {"الطائف", "الطايف"});
    table.add_expansion("Tripoli", {"طرابلس"});
    table.add_expansion("Tripoli", {"طرابلس", "طرابلس الغرب"});
    table.add_expansion("Kerry", {"جون كيري"});
    CHECK(expand(table, "Taif") == "(taif OR الطائف OR الطايف)");
    CHECK(expand(table, "الطائف") == "الطائف");  // one way only
    CHECK(expand(table, "tripoli") == "(tripoli OR طرابلس OR \"طرابلس الغرب\")");
    // A key of a two-way group keeps its members and gains the new ones;
    // the group's other members expand as before.
    CHECK(expand(table, "KERRY") == "(كيري OR kerry OR \"جون كيري\")");
    CHECK(expand(table, "كيري") == "(كيري OR kerry)");
    table.add_expansion("Nowhere", {});
    CHECK(expand(table, "Nowhere") == "nowhere");
}

TEST_CASE("the gazetteer's English names expand to the place's Arabic names") {
    VariantTable table;
    add_english_place_names(table, bundled_gazetteer());
    struct Row {
        std::string query;
        const char* expanded;
    };
    for (const Row& row : {
             Row{"Taif", "(taif OR الطائف OR الطايف)"},
             Row{"Ta'if", "(ta'if OR الطائف OR الطايف)"},
             Row{"Mosul", "(mosul OR الموصل OR موصل)"},
             Row{"Sanaa", "(sanaa OR صنعاء)"},
             Row{"Jeddah", "(jeddah OR جده)"},
             Row{"news from abu dhabi", "news from (\"abu dhabi\" OR ابوظبي OR \"ابو ظبي\")"},
             Row{"KHARJ", "(kharj OR الخرج)"},
             Row{"\"Taif\"", "\"taif\""},          // a phrase stays as typed
             Row{"title:Taif", "title:taif"},      // and so does a field
         }) {
        CAPTURE(row.query);
        CHECK(expand(table, row.query) == row.expanded);
    }
    // Riyadh is a city and a region: both names come.
    const std::string riyadh = expand(table, "Riyadh");
    CHECK(riyadh.find("الرياض") != std::string::npos);
}

TEST_CASE("the bundled variants find Latin names from Arabic and Arabic names from Latin") {
    const VariantTable table = bundled_variants();
    CHECK(table.groups() >= 100);
    struct Row {
        std::string query;
        const char* finds;  // one member the expansion must hold
    };
    for (const Row& row : {
             Row{"Kerry", "كيري"}, Row{"kerry", "\"جون كيري\""}, Row{"KERRY", "كيري"},
             Row{"John Kerry", "كيري"}, Row{"كيري", "kerry"}, Row{"جون كيري", "\"john kerry\""},
             Row{"Rouhani", "روحاني"}, Row{"روحاني", "rouhani"},
             Row{"Saudi Aramco", "ارامكو"}, Row{"Aramco", "\"ارامكو السعوديه\""},
             Row{"أرامكو", "\"saudi aramco\""}, Row{"ترمب", "trump"}, Row{"داعش", "isis"},
             Row{"إيران", "iran"}, Row{"Iran", "ايران"},
         }) {
        CAPTURE(row.query);
        const std::string expanded = expand(table, row.query);
        CAPTURE(expanded);
        CHECK(expanded.front() == '(');
        CHECK(expanded.find(row.finds) != std::string::npos);
    }
    // The longest name wins: Saudi Aramco is one name, not Saudi and Aramco.
    CHECK(expand(table, "Saudi Aramco") == "(ارامكو OR \"ارامكو السعوديه\" OR aramco OR \"saudi aramco\")");
}

TEST_CASE("with the gazetteer's names added, a variant group keeps its members and gains the place's") {
    VariantTable table = bundled_variants();
    add_english_place_names(table, bundled_gazetteer());
    const std::string iran = expand(table, "Iran");
    CAPTURE(iran);
    CHECK(iran.find("ايران") != std::string::npos);
    CHECK(expand(table, "إيران") == "(ايران OR iran)");  // Arabic expands as the file says
    CHECK(expand(table, "Taif").find("الطائف") != std::string::npos);
}
