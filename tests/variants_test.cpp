#include "test_support.h"

#include <fahras/normalize.h>
#include <fahras/variants.h>

#include <doctest/doctest.h>

using namespace fahras;

namespace {

std::string expand(const VariantTable& table, const std::string& query) {
    return table.expand(normalize_text(query, TextRole::query));
}

}  // namespace

TEST_CASE("variants expand whole names both ways, outside quotes and syntax") {
    VariantTable table;
    table.add_group({"أمريكا", "أميركا"});
    table.add_group({"داعش", "تنظيم الدولة"});
    struct Row {
        const char* query;
        const char* expanded;
    };
    for (const Row& row : {
             Row{"أميركا", "(امريكا OR اميركا)"},
             Row{"امريكا والصين", "(امريكا OR اميركا) والصين"},
             Row{"تنظيم الدولة في الرقة", "(داعش OR \"تنظيم الدوله\") في الرقه"},
             Row{"داعش AND حلب", "(داعش OR \"تنظيم الدوله\") AND حلب"},
             Row{"\"داعش في حلب\" امريكا", "\"داعش في حلب\" (امريكا OR اميركا)"},
             Row{"title:داعش -امريكا", "title:داعش -امريكا"},
             Row{"الامريكية", "الامريكيه"},
         }) {
        CAPTURE(row.query);
        CHECK(expand(table, row.query) == row.expanded);
    }
}

TEST_CASE("the bundled variants file loads") {
    VariantTable table;
    table.load(test::source_dir() + "/data/variants_ar.txt");
    CHECK(table.groups() >= 100);
    CHECK(expand(table, "ترمب") == "(ترامب OR ترمب OR trump OR \"donald trump\")");
    CHECK(expand(table, "بوتن") == "(بوتين OR بوتن OR \"فلاديمير بوتين\" OR putin OR \"vladimir putin\")");
    CHECK(expand(table, "جينيف") == "(جنيف OR جينيف OR geneva)");
}

// expand() used to put a space between a prefix and the phrase or quoted
// value after it, so with variants on (the default) title:"مجلس الوزراء"
// searched the word "title" and the phrase anywhere, and
// source:"nahar-test" filtered nothing.
TEST_CASE("a prefixed phrase keeps its prefix through variant expansion") {
    VariantTable table;
    table.add_group({"أمريكا", "أميركا"});
    CHECK(expand(table, "title:\"مجلس الوزراء\"") == "title:\"مجلس الوزراء\"");
    CHECK(expand(table, "source:\"nahar-test\" حلب") == "source:\"nahar-test\" حلب");
    // Words around it are still expanded, and a phrase after a space keeps it.
    CHECK(expand(table, "title:\"مجلس الوزراء\" أمريكا") == "title:\"مجلس الوزراء\" (امريكا OR اميركا)");
    CHECK(expand(table, "أمريكا \"مجلس الوزراء\"") == "(امريكا OR اميركا) \"مجلس الوزراء\"");
}

// Found by fuzz/fuzz_data_files (fuzz/regressions/data_files/variant-member-quote):
// a member written with quotes (a phrase, as a user would type it) or with
// a stray quote must not unpair the quotes of the expanded query.
TEST_CASE("quotes in a variants member do not leak into the expanded query") {
    VariantTable table;
    table.add_group({"داعش", "\"الدولة الإسلامية\""});
    table.add_group({"أمريكا", "OR \"أميركا"});
    CHECK(expand(table, "داعش") == "(داعش OR \"الدوله الاسلاميه\")");
    CHECK(expand(table, "\"الدولة الإسلامية\"") == "\"الدوله الاسلاميه\"");  // a phrase typed stays one
    CHECK(expand(table, "أمريكا") == "(امريكا OR \"or اميركا\")");
}
