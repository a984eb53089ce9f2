#include <fahras/schema.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>

#include <set>

using namespace fahras;

TEST_CASE("make_id_term keeps short ids and hashes long ones within Xapian's limit") {
    CHECK(make_id_term("fahras-001") == "Qfahras-001");
    const std::string base = "http://aawsat.com/home/article/410826/" + std::string(400, 'x');
    std::set<std::string> terms;
    for (const char* tail : {"a", "b", "ج"}) {
        const std::string term = make_id_term(base + tail);
        CHECK(term.size() <= MAX_TERM_BYTES);
        CHECK(term.rfind("Qhttp://aawsat.com/", 0) == 0);
        CHECK(utf8::is_valid(term));
        terms.insert(term);
    }
    CHECK(terms.size() == 3);  // same prefix, different ids: different terms
    // Arabic URLs are cut on a letter boundary.
    std::string long_arabic;
    for (int i = 0; i < 200; ++i) long_arabic += "ب";
    CHECK(utf8::is_valid(make_id_term(long_arabic)));
    CHECK(make_id_term(long_arabic) == make_id_term(long_arabic));
}

TEST_CASE("source terms are normalized so spelling of the source does not matter") {
    CHECK(make_source_term("Okaz") == "XSOURCEokaz");
    CHECK(make_source_term(" okaz ") == "XSOURCEokaz");
    CHECK(make_source_term("الشرق الأوسط") == make_source_term("الشرق الاوسط"));
}

TEST_CASE("every query field has a distinct prefix") {
    std::set<std::string_view> prefixes;
    for (const auto& field : query_fields()) prefixes.insert(field.term_prefix);
    CHECK(prefixes.size() == query_fields().size());
    CHECK(prefixes.count(PREFIX_ID) == 0);
}

TEST_CASE("stem terms: Z, the field's prefix, the stem") {
    CHECK(stem_term("وزير") == "Zوزير");
    CHECK(stem_term("وزير", PREFIX_TITLE) == "ZSوزير");
    CHECK(is_stem_term(stem_term("وزير", PREFIX_AUTHOR)));
    CHECK(term_prefix_length(stem_term("وزير", PREFIX_TITLE)) == 2);
    CHECK_FALSE(is_stem_term("وزير"));
    CHECK_FALSE(is_stem_term("Sوزير"));
    CHECK_FALSE(is_stem_term(""));
    // Stems never clash with the prefixes of boolean terms.
    for (const auto& field : query_fields()) {
        CAPTURE(field.field);
        CHECK_FALSE(is_stem_term(field.term_prefix));
    }
}
