#include <fahras/analyzer.h>
#include <fahras/document.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <optional>
#include <set>
#include <string>
#include <vector>

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

TEST_CASE("shard_of_id_term: a stable hash of the id term, spread evenly") {
    // Pinned: a different value would put every article of an existing
    // sharded database in the wrong shard for updates and deletions.
    struct Case {
        const char* id_term;
        std::size_t of2, of3, of4, of7;
    };
    const Case cases[] = {{"Qa0", 1, 2, 3, 5},
                          {"Qa1", 1, 2, 3, 2},
                          {"Qfahras-001", 0, 2, 2, 4},
                          {"Qhttps://www.okaz.com.sa/news/1", 0, 2, 2, 4},
                          {"Qمقال-٧", 0, 1, 0, 3}};
    for (const Case& c : cases) {
        CAPTURE(c.id_term);
        CHECK(shard_of_id_term(c.id_term, 2) == c.of2);
        CHECK(shard_of_id_term(c.id_term, 3) == c.of3);
        CHECK(shard_of_id_term(c.id_term, 4) == c.of4);
        CHECK(shard_of_id_term(c.id_term, 7) == c.of7);
        CHECK(shard_of_id_term(c.id_term, 1) == 0);
        CHECK(shard_of_id_term(c.id_term, 0) == 0);
    }
    // Sequential ids spread evenly: every shard within 10% of its share.
    std::vector<std::size_t> counts(4);
    for (int i = 0; i < 8000; ++i) ++counts[shard_of_id_term(make_id_term("a" + std::to_string(i)), 4)];
    for (const std::size_t n : counts) {
        CHECK(n > 1800);
        CHECK(n < 2200);
    }
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

namespace {

// The wdf of @a term in @a doc, or nullopt when the document lacks it.
std::optional<Xapian::termcount> wdf_of(const Xapian::Document& doc, const std::string& term) {
    Xapian::TermIterator it = doc.termlist_begin();
    it.skip_to(term);
    if (it == doc.termlist_end() || *it != term) return std::nullopt;
    return it.get_wdf();
}

// One normalized word per free-text field, so each field's terms are its own.
Article article_with_every_field() {
    Article article;
    article.id = "ABC-1";
    article.url = "https://example.com/1";
    article.title = "عنوان";
    article.body = "متن";
    article.author = "كاتب";
    article.source = "Okaz";
    article.date = parse_date("2015-07-21 09:30:00");
    return article;
}

}  // namespace

TEST_CASE("every field of the table reaches a document as the table says") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    const Article article = article_with_every_field();
    const Xapian::Document doc = make_document(article, generator);
    for (const FieldSpec& field : indexed_fields()) {
        CAPTURE(field.field);
        if (field.boolean) {
            const std::string term = field.term_of(article);
            CHECK_FALSE(term.empty());
            CHECK(wdf_of(doc, term) == Xapian::termcount{0});
            CHECK(split_term(term).field == &field);
            continue;
        }
        const std::string word = normalize_text(article.*field.text);
        const std::string stem = analyzer.stemmer()(word);
        if (!field.term_prefix.empty()) {
            CHECK(wdf_of(doc, std::string(field.term_prefix) + word) == Xapian::termcount{1});
            CHECK(wdf_of(doc, stem_term(stem, field.term_prefix)) == Xapian::termcount{1});
        }
        // The word is alone, so it is the whole lead.
        const Xapian::termcount unprefixed = field.unprefixed_weight + field.lead_extra_weight;
        if (field.unprefixed_weight > 0) {
            CHECK(wdf_of(doc, word) == unprefixed);
            CHECK(wdf_of(doc, stem_term(stem)) == unprefixed);
        } else {
            CHECK_FALSE(wdf_of(doc, word).has_value());
        }
    }
    CHECK(wdf_of(doc, stem_term(analyzer.stemmer()("عنوان"))) == TITLE_WEIGHT);
    CHECK(wdf_of(doc, "متن") == 1 + LEAD_EXTRA_WEIGHT);
}

TEST_CASE("an article without the optional fields gets none of their terms") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    Article article;
    article.id = "bare";
    article.body = "متن";
    const Xapian::Document doc = make_document(article, generator);
    for (const FieldSpec& field : indexed_fields()) {
        CAPTURE(field.field);
        if (field.boolean && field.term_prefix != PREFIX_ID) CHECK(field.term_of(article).empty());
    }
    std::vector<std::string> terms(doc.termlist_begin(), doc.termlist_end());
    CHECK(terms == std::vector<std::string>{"Qbare", "Zمتن", "متن"});
}

TEST_CASE("query fields are the indexed fields users can name, in the same order") {
    std::vector<std::string_view> names;
    for (const auto& field : query_fields()) {
        CHECK(field.query_prefix == field.field);
        names.push_back(field.field);
    }
    CHECK(names == std::vector<std::string_view>{"title", "author", "source", "year", "month"});
}

TEST_CASE("terms built by the schema's helpers split back into their parts") {
    struct Row {
        std::string term;
        std::string_view prefix, field, word;
        bool stem, free_text;
    };
    const DateTime date = *parse_date("2015-07-21");
    const std::vector<Row> rows = {
        {"وزير", "", "", "وزير", false, true},
        {stem_term("وزير"), "", "", "وزير", true, true},
        {std::string(PREFIX_TITLE) + "وزير", PREFIX_TITLE, "title", "وزير", false, true},
        {stem_term("وزير", PREFIX_TITLE), PREFIX_TITLE, "title", "وزير", true, true},
        {stem_term("ساره", PREFIX_AUTHOR), PREFIX_AUTHOR, "author", "ساره", true, true},
        // An id keeps its capitals: the schema's prefix ends the prefix.
        {make_id_term("ABC-1"), PREFIX_ID, "id", "ABC-1", false, false},
        {make_source_term("Okaz"), PREFIX_SOURCE, "source", "okaz", false, false},
        {year_term(date), PREFIX_YEAR, "year", "2015", false, false},
        {month_term(date), PREFIX_MONTH, "month", "201507", false, false},
        // Places are no field of the article; a user gazetteer's id may hold capitals.
        {place_term("fahras:sy-aleppo"), PREFIX_PLACE, "", "fahras:sy-aleppo", false, false},
        {place_term("GN:170063"), PREFIX_PLACE, "", "GN:170063", false, false},
        // A prefix the schema does not know is no text.
        {"XFOOx", "XFOO", "", "x", false, false},
    };
    for (const Row& row : rows) {
        CAPTURE(row.term);
        const TermParts parts = split_term(row.term);
        CHECK(parts.prefix == row.prefix);
        CHECK((parts.field ? parts.field->field : std::string_view()) == row.field);
        CHECK(parts.word == row.word);
        CHECK(parts.stem == row.stem);
        CHECK(parts.is_free_text() == row.free_text);
    }
    CHECK(year_term(date) == "XY2015");
    CHECK(month_term(date) == "XM201507");
    CHECK(place_term("fahras:sy") == "XPfahras:sy");
    CHECK(is_place_term(place_term("fahras:sy")));
    CHECK_FALSE(is_place_term(make_source_term("XP")));
    CHECK(source_of_term(make_source_term(" Okaz ")) == "okaz");
}

TEST_CASE("no prefix of the schema begins another, so allterms_begin(prefix) lists one field") {
    std::vector<std::string_view> prefixes{PREFIX_PLACE, PREFIX_STEM};
    for (const auto& field : indexed_fields())
        if (!field.term_prefix.empty()) prefixes.push_back(field.term_prefix);
    for (const auto a : prefixes)
        for (const auto b : prefixes) {
            CAPTURE(a);
            CAPTURE(b);
            if (a != b) CHECK(b.substr(0, a.size()) != a);
        }

    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Article article = article_with_every_field();
    db.add_document(make_document(article, generator));
    article.id = "b";
    article.source = "Reuters";
    db.add_document(make_document(article, generator));
    std::vector<std::string> ids, sources;
    for (auto it = db.allterms_begin(id_terms_prefix()); it != db.allterms_end(id_terms_prefix()); ++it)
        ids.push_back(*it);
    for (auto it = db.allterms_begin(source_terms_prefix()); it != db.allterms_end(source_terms_prefix()); ++it)
        sources.emplace_back(source_of_term(*it));
    CHECK(ids == std::vector<std::string>{make_id_term("ABC-1"), make_id_term("b")});
    CHECK(sources == std::vector<std::string>{"okaz", "reuters"});
}
