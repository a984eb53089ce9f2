#include "test_support.h"

#include <fahras/analyzer.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
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

// mark_groups() finds what expand() finds, and writes each group as a
// token the parser reads as one word (Analyzer::add_variant_groups).
TEST_CASE("mark_groups writes each group found as its token, and group_text gives it back") {
    VariantTable table;
    table.add_group({"أمريكا", "أميركا"});
    table.add_group({"داعش", "تنظيم الدولة"});
    const std::string prefix = std::string(VARIANT_GROUP_QUERY_PREFIX) + ":";
    CHECK(table.mark_groups(normalize_text("تنظيم الدولة في أميركا", TextRole::query)) ==
          prefix + "1 في " + prefix + "0");
    CHECK(table.mark_groups(normalize_text("\"داعش في حلب\" -امريكا", TextRole::query)) == "\"داعش في حلب\" -امريكا");
    CHECK(table.group_text(1) == "(داعش OR \"تنظيم الدوله\")");
    CHECK(table.group_text(2) == "");
}

TEST_CASE("a parsed group is one OP_SYNONYM of its members: stems for words, phrases for several") {
    VariantTable table;
    table.add_group({"أمريكا", "أميركا", "الولايات المتحدة"});
    const Analyzer analyzer("fahras-light");
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database());
    const Xapian::Query query = analyzer.parse_query(parser, "أميركا", 0, &table);
    REQUIRE(query.get_type() == Xapian::Query::OP_SYNONYM);
    REQUIRE(query.get_num_subqueries() == 3);
    CHECK(query.get_subquery(0).get_type() == Xapian::Query::LEAF_TERM);
    CHECK(*query.get_subquery(0).get_terms_begin() == "Z" + analyzer.stemmer()("امريكا"));
    CHECK(query.get_subquery(2).get_type() == Xapian::Query::OP_PHRASE);
    // Typed by hand: a group by its number, nothing for one that is not.
    Xapian::QueryParser typed = analyzer.make_query_parser(Xapian::Database());
    analyzer.add_variant_groups(typed, table);
    const std::string prefix = std::string(VARIANT_GROUP_QUERY_PREFIX) + ":";
    CHECK(typed.parse_query(prefix + "0").get_type() == Xapian::Query::OP_SYNONYM);
    CHECK(typed.parse_query(prefix + "7").get_type() == Xapian::Query::LEAF_MATCH_NOTHING);
    CHECK(typed.parse_query(prefix + "x").get_type() == Xapian::Query::LEAF_MATCH_NOTHING);
}
