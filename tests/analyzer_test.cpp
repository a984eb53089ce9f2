// The analyzer: stemmers, the terms a document gets, the queries words make.
#include <fahras/analyzer.h>
#include <fahras/document.h>
#include <fahras/error.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>

#include "stem/latin_english.h"  // private: the tests see common/src
#include "stem/light_stem.h"
#include "stem/snowball_conj.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <set>

using namespace fahras;

namespace {

std::set<std::string> terms_of(const Xapian::Document& doc) {
    std::set<std::string> terms;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) terms.insert(*it);
    return terms;
}

Article sample_article() {
    Article article;
    article.id = "t-1";
    article.title = "أَعْلَنَتِ الحكومةُ";
    article.body = "مجلـــس الوزراء يجتمع بحلب وبالرقة عام ٢٠١٥ مع Reuters";
    article.source = "Okaz";
    article.author = "سارة";
    article.date = parse_date("2015-07-21 09:30:00");
    return article;
}

}  // namespace

TEST_CASE("snowball-conj removes a conjunction only before an article form") {
    using detail::SnowballConjunctionStem;
    struct Row {
        const char* word;
        const char* stripped;
    };
    for (const Row& row : {Row{"والقاهره", "القاهره"}, Row{"وبالرقه", "بالرقه"}, Row{"فالحكومه", "الحكومه"},
                           Row{"وللمعارضه", "للمعارضه"}, Row{"وكالعاده", "كالعاده"},
                           Row{"وزير", "وزير"}, Row{"ولايه", "ولايه"}, Row{"والي", "والي"},
                           Row{"فلسطين", "فلسطين"}, Row{"وال", "وال"}}) {
        CAPTURE(row.word);
        CHECK(SnowballConjunctionStem::strip_conjunction(row.word) == row.stripped);
    }
    const Xapian::Stem stem = make_stemmer("snowball-conj");
    CHECK(stem("وبالرقه") == stem("الرقه"));
    CHECK(stem("والقاهره") == stem("القاهره"));
    CHECK(stem("بحلب") == stem("حلب"));
}

TEST_CASE("Latin words are stemmed as English, Arabic words by the Arabic stemmer alone") {
    struct Row {
        std::string word;  // normalized, as the term generator hands it over
        bool latin;
        const char* english;  // what Snowball english makes of it; Arabic: ""
    };
    for (const Row& row : {Row{"elections", true, "elect"}, Row{"election", true, "elect"},
                           Row{"countries", true, "countri"}, Row{"talks", true, "talk"},
                           Row{"kerry", true, "kerri"}, Row{"kerry's", true, "kerri"},
                           Row{"aramco", true, "aramco"}, Row{"g20", true, "g20"},
                           Row{"café", true, "café"}, Row{"2015", false, ""},
                           Row{"الانتخابات", false, ""}, Row{"كيري", false, ""},
                           Row{"covidكورونا", false, ""}, Row{"", false, ""}}) {
        CAPTURE(row.word);
        CHECK(detail::LatinEnglishStem::is_latin_word(row.word) == row.latin);
        CHECK(is_latin_word(row.word) == row.latin);
        for (const auto& name : stemmer_names()) {
            if (name == "none") continue;
            CAPTURE(name);
            const Xapian::Stem stem = make_stemmer(name);
            if (row.latin) {
                CHECK(stem(row.word) == row.english);
            } else {
                // Exactly what the Arabic stemmer alone makes of it.
                const Xapian::Stem arabic = name == "fahras-light" ? Xapian::Stem(new detail::LightStem)
                                            : name == "snowball"   ? Xapian::Stem("arabic")
                                                                   : Xapian::Stem(new detail::SnowballConjunctionStem);
                CHECK(stem(row.word) == arabic(row.word));
            }
        }
    }
}

TEST_CASE("in an Arabic article, Latin words get English stems and Arabic words keep theirs") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    Article article;
    article.id = "latin-1";
    article.title = "Elections في إيران";
    article.body = "قال John Kerry إن الانتخابات والمفاوضات مع Rouhani's government تستمر، وأعلنت Saudi Aramco نتائجها";
    const auto terms = terms_of(make_document(article, generator));
    for (const char* term : {"ZSelect", "Zkerri", "Zrouhani", "Zgovern", "Zaramco", "Zsaudi",
                             "elections", "kerry", "rouhani's", "aramco",  // as written, for phrases
                             "Zانتخاب", "Zمفاوض", "Zايران"}) {
        CAPTURE(term);
        CHECK(terms.count(term) == 1);
    }
    // A query stems its Latin words the same way: elections meets election.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::QueryParser parser = analyzer.make_query_parser(db);
    CHECK(analyzer.parse_query(parser, "Election").get_description() == "Query(Zelect@1)");
    CHECK(analyzer.parse_query(parser, "KERRY").get_description() == "Query(Zkerri@1)");
    CHECK(analyzer.parse_query(parser, "\"Saudi Aramco\"").get_description() ==
          "Query((saudi@1 PHRASE 2 aramco@2))");
}

TEST_CASE("make_stemmer knows its names and rejects others with a usage error") {
    for (const auto& name : stemmer_names()) CHECK_NOTHROW(make_stemmer(name));
    try {
        make_stemmer("porter2000");
        FAIL("expected an error");
    } catch (const Error& e) {
        CHECK(e.code() == EXIT_USAGE);
        CHECK(std::string(e.what()).find("snowball-conj") != std::string::npos);
    }
}

TEST_CASE("a document's terms are normalized, stemmed and prefixed per the schema") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    const auto terms = terms_of(make_document(sample_article(), generator));
    // Unstemmed terms are normalized: no tashkeel, no tatweel, one alef.
    for (const char* term : {"اعلنت", "الحكومه", "مجلس", "الوزراء", "بحلب", "وبالرقه", "2015", "reuters",
                             "Sاعلنت", "Sالحكومه", "Aساره", "Qt-1", "XSOURCEokaz", "XY2015", "XM201507"}) {
        CAPTURE(term);
        CHECK(terms.count(term) == 1);
    }
    for (const char* stem : {"Zحلب", "Zرقه", "ZSحكوم"}) {
        CAPTURE(stem);
        CHECK(terms.count(stem) == 1);
    }
    for (const auto& term : terms) {
        CAPTURE(term);
        CHECK(term.find("\u0640") == std::string::npos);
        CHECK(term.find("\u064E") == std::string::npos);
    }
}

TEST_CASE("the lead is the first words the index holds, whatever stands between them") {
    // A dateline's dash is no word, and words joined by a dash are two:
    // w30 is the thirtieth word and weighs as the lead, w31 does not.
    const Analyzer analyzer("none");
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    Article article;
    article.id = "lead";
    article.body = "w1 - w2 : w3 “w4” w5—w6";
    for (int i = 7; i <= 40; ++i) article.body += " w" + std::to_string(i);
    const Xapian::Document doc = make_document(article, generator);
    const auto wdf = [&](const std::string& term) {
        Xapian::TermIterator it = doc.termlist_begin();
        it.skip_to(term);
        return it != doc.termlist_end() && *it == term ? it.get_wdf() : 0;
    };
    CHECK(wdf("w1") == 1 + LEAD_EXTRA_WEIGHT);
    CHECK(wdf("w6") == 1 + LEAD_EXTRA_WEIGHT);
    CHECK(wdf("w" + std::to_string(LEAD_WORDS)) == 1 + LEAD_EXTRA_WEIGHT);
    CHECK(wdf("w" + std::to_string(LEAD_WORDS + 1)) == 1);
}

TEST_CASE("the document stores the original text and date values") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    const Article article = sample_article();
    const Xapian::Document doc = make_document(article, generator);
    CHECK(doc.get_value(VALUE_DATE) == "20150721");
    CHECK(doc.get_value(VALUE_TIMESTAMP) == "20150721093000");
    CHECK(doc.get_value(VALUE_FINGERPRINT) == article_fingerprint(article));
    const StoredArticle stored = read_stored_article(doc);
    CHECK(stored.title == article.title);  // diacritics as published
    CHECK(stored.body == article.body);
    CHECK(read_stored_article(doc, false).body.empty());
    CHECK(read_stored_article(doc, false).title == article.title);
    CHECK(doc.get_value(VALUE_BODY) == article.body);
    CHECK(doc.get_data().find(article.body) == std::string::npos);
    CHECK(stored.date == "2015-07-21T09:30:00");
    Article changed = article;
    changed.body += ".";
    CHECK(article_fingerprint(changed) != article_fingerprint(article));
}

TEST_CASE("stored articles survive encoding, and damaged data reads as empty") {
    StoredArticle article;
    article.id = "https://example.org/a?id=1";
    article.url = article.id;
    article.title = "\u0623\u064E\u0639\u0652\u0644\u064E\u0646\u064E";  // with tashkeel
    article.date = "2015-07-21T09:30:00";
    article.source = "okaz";
    // Long enough for multi-byte lengths; NUL and 0x80 bytes are data too.
    article.author = std::string(300, 'x') + std::string(1, '\0') + "\x80" + std::string(20000, 'y');
    article.places = {{"SA-RIY", "\u0627\u0644\u0631\u064A\u0627\u0636"}, {"SY", ""}};
    article.body = "not stored in the data";
    const std::string data = encode_stored_article(article);
    const StoredArticle back = decode_stored_article(data);
    CHECK(back.id == article.id);
    CHECK(back.url == article.url);
    CHECK(back.title == article.title);
    CHECK(back.date == article.date);
    CHECK(back.source == article.source);
    CHECK(back.author == article.author);
    REQUIRE(back.places.size() == 2);
    CHECK(back.places[0].id == "SA-RIY");
    CHECK(back.places[0].name == article.places[0].name);
    CHECK(back.places[1].id == "SY");
    CHECK(back.body.empty());  // not part of the data: VALUE_BODY

    // Every truncation, and data of another layout, gives an empty article.
    for (std::size_t cut = 0; cut < data.size(); cut += 97) {
        CAPTURE(cut);
        CHECK(decode_stored_article(std::string_view(data).substr(0, cut)).id.empty());
    }
    CHECK(decode_stored_article("{\"id\": \"x\"}").id.empty());
    CHECK(decode_stored_article(std::string("\x02\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 12)).id.empty());
}

TEST_CASE("queries are normalized the same way as documents") {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const Analyzer analyzer(DEFAULT_STEMMER);
    Xapian::QueryParser parser = analyzer.make_query_parser(db);
    struct Row {
        const char* query;
        const char* description;
    };
    for (const Row& row : {
             Row{"أَعْلَنَتِ", "Query(Zاعلنت@1)"},
             Row{"\"مجلـــس الوزراء\"", "Query((مجلس@1 PHRASE 2 الوزراء@2))"},
             Row{"«مجلس الوزراء»", "Query((مجلس@1 PHRASE 2 الوزراء@2))"},
             Row{"title:الحكومة", "Query(ZSحكوم@1)"},
             Row{"source:Okaz حلب", "Query((Zحلب@1 FILTER XSOURCEokaz))"},
             Row{"حلب -دمشق", "Query((Zحلب@1 AND_NOT Zدمشق@2))"},
             Row{"٢٠١٥", "Query(2015@1)"},
             Row{"Reuters OR أوبك", "Query((Zreuter@1 OR Zاوبك@2))"},
             Row{"date:2015-07-21..2015-07-25", "Query(VALUE_RANGE 0 20150721 20150725)"},
         }) {
        CAPTURE(row.query);
        CHECK(analyzer.parse_query(parser, row.query).get_description() == row.description);
    }
}
