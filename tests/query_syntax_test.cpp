// Every query searches: what the parser cannot read is read as plain
// words (query_lexer.h: readable_query), checked on a table of headline
// punctuation and against Xapian's own parser over generated queries.
#include "test_support.h"

#include <fahras/analyzer.h>
#include <fahras/normalize.h>
#include <fahras/prefix_search.h>
#include <fahras/query_lexer.h>
#include <fahras/schema.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace fahras;

namespace {

// A parser configured as the searcher's (prefixes, date: ranges, flags),
// without stemming, so that descriptions show the words as typed.
Xapian::QueryParser test_parser() {
    const Analyzer analyzer("snowball");
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database());
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_NONE);
    parser.add_boolean_prefix(std::string(PLACE_QUERY_PREFIX), std::string(PREFIX_PLACE));
    return parser;
}

// How the parser takes @a text: its description, "error: …" when it
// refuses it, "lost: …" when it read it again without its syntax.
std::string parsed(Xapian::QueryParser& parser, const std::string& text) {
    std::string with;
    try {
        with = parser.parse_query(text, query_parser_flags()).get_description();
    } catch (const Xapian::QueryParserError& e) {
        return "error: " + e.get_msg();
    }
    // Without syntax, the parser may refuse what it read with it (a..b in a phrase).
    try {
        if (has_decisive_syntax(lex_query(text)) && parser.parse_query(text, 0).get_description() == with)
            return "lost: " + with;
    } catch (const Xapian::QueryParserError&) {
    }
    return with;
}

bool refused(const std::string& parse) { return parse.rfind("error: ", 0) == 0 || parse.rfind("lost: ", 0) == 0; }

struct Row {
    const char* query;
    const char* readable;  ///< what the parser is given
    const char* notes;     ///< readable_query's notes, joined by "; "; "" when all of it is syntax
};

std::string joined(const std::vector<std::string>& notes) {
    std::string out;
    for (const auto& note : notes) out += (out.empty() ? "" : "; ") + note;
    return out;
}

void check_rows(std::initializer_list<Row> rows) {
    Xapian::QueryParser parser = test_parser();
    for (const Row& row : rows) {
        const std::string query = row.query;
        CAPTURE(query);
        const ReadableQuery readable = readable_query(row.query);
        CHECK(readable.text == row.readable);
        CHECK(joined(readable.notes) == row.notes);
        const std::string parse = parsed(parser, readable.text);
        CAPTURE(parse);
        CHECK_FALSE(refused(parse));
    }
}

constexpr const char* DOTS = "'..' outside date:FROM..TO";
constexpr const char* QUOTE = "a quote without its pair";
constexpr const char* BRACKET = "a bracket without its pair";
constexpr const char* DANGLING = "an operator with no term before or after it, left out";
constexpr const char* PROXIMITY = "NEAR or ADJ not between two single words";
constexpr const char* SIGN = "+ or - before no term";
constexpr const char* SHORT_PREFIX = "a * after a single letter";

}  // namespace

TEST_CASE("headlines: '..' between their parts is punctuation, date:FROM..TO a range") {
    check_rows({
        {"الهلال يلتقي العين اليوم.. ومدربه يرفض", "الهلال يلتقي العين اليوم ومدربه يرفض", DOTS},
        {"الهلال يلتقي العين اليوم... ومدربه", "الهلال يلتقي العين اليوم ومدربه", DOTS},
        {"الرياض..جدة", "الرياض جدة", DOTS},
        {"..الرياض", "الرياض", DOTS},
        {"الرياض ..", "الرياض ..", ""},           // the parser skips it
        {"x .. y", "x .. y", ""},
        {"2015..2016", "2015 2016", DOTS},
        {"title:الرياض..جدة", "title:الرياض جدة", DOTS},
        {"\"الهلال.. يفوز\"", "\"الهلال يفوز\"", DOTS},  // the phrase kept
        {"\"يفوز الهلال..\" x", "\"يفوز الهلال..\" x", ""},  // inside a phrase: read as it is
        {"date:2015-07-21..2015-07-25 حلب", "date:2015-07-21..2015-07-25 حلب", ""},
        {"حلب date:2015-07-21..", "حلب date:2015-07-21..", ""},
        {"source:a..b", "source:a..b", ""},
    });
}

TEST_CASE("headlines: colons, quotes and brackets") {
    check_rows({
        {"مجلس الوزراء: اجتماع", "مجلس الوزراء: اجتماع", ""},
        {"الرياض:جدة", "الرياض:جدة", ""},
        {"title:أوبك source:okaz", "title:أوبك source:okaz", ""},
        {"وزير الخارجية: \"لن نتراجع\"", "وزير الخارجية: \"لن نتراجع\"", ""},
        {"«الرياض» تستضيف", "«الرياض» تستضيف", ""},
        {"قال \"لن نتراجع عن القرار", "قال لن نتراجع عن القرار", QUOTE},
        {"\"أ ب\" ج \"د", "\"أ ب\" ج د", QUOTE},
        {"مصدر\"لا تغيير", "مصدر لا تغيير", QUOTE},
        {"title:\"أ ب", "title:أ ب", QUOTE},
        {"الرياض (واس)", "الرياض (واس)", ""},
        {"الرياض(واس)", "الرياض(واس", ""},       // ( after a letter is no syntax, nor its )
        {"ل(\"الشرق الاوسط\"): حوار", "ل(\"الشرق الاوسط\" : حوار", ""},  // the parser dropped the phrase
        {"معسكرات سياحية (!!)", "معسكرات سياحية !!", ""},  // no word in them: nothing read otherwise
        {"أ \" ، \" ب", "أ  ،  ب", ""},
        {"(أ ب", "أ ب", BRACKET},
        {"أ) ب", "أ ب", BRACKET},
        {"\"أ ب\" ج)", "\"أ ب\" ج", BRACKET},     // the parser would drop the phrase too
        {"title:(أ ب", "title:أ ب", BRACKET},
    });
}

TEST_CASE("operators in capitals between terms, + and -, NEAR between two words") {
    check_rows({
        {"حلب OR الرقة", "حلب OR الرقة", ""},
        {"حلب AND NOT الرقة", "حلب AND NOT الرقة", ""},
        {"NOT حلب", "NOT حلب", ""},
        {"PROCTER AND GAMBLE", "PROCTER AND GAMBLE", ""},
        {"حلب -دمشق", "حلب -دمشق", ""},
        {"حلب - دمشق", "حلب - دمشق", ""},         // a lone - is skipped
        {"حلب -", "حلب -", ""},
        {"+حلب دمشق", "+حلب دمشق", ""},
        {"حلب +AND دمشق", "حلب AND دمشق", SIGN},
        {"a NEAR b", "a NEAR b", ""},
        {"x a NEAR b", "x a near b", PROXIMITY},
        {"a NEAR \"b c\"", "a near \"b c\"", PROXIMITY},
        {"a NEAR/3 b-c", "a near/3 b-c", PROXIMITY},
    });
}

// A dangling operator was searched as the English word ("and" found
// "AND SO TO BED" first): it is left out, and the terms searched.
TEST_CASE("an operator first, last or next to another is left out, not searched as a word") {
    check_rows({
        {"الملك سلمان AND", "الملك سلمان ", DANGLING},
        {"حلب AND", "حلب ", DANGLING},
        {"AND حلب", " حلب", DANGLING},
        {"OR", "", DANGLING},
        {"حلب NOT", "حلب ", DANGLING},
        {"حلب XOR", "حلب ", DANGLING},
        {"حلب NEAR", "حلب ", DANGLING},
        {"ADJ/2 حلب", " حلب", DANGLING},
        {"حلب AND NOT", "حلب  ", DANGLING},
        {"AND NOT حلب", " NOT حلب", DANGLING},           // NOT first: all articles but حلب
        {"حلب AND AND الرقة", "حلب AND  الرقة", DANGLING},  // the second goes, the first joins
        {"حلب OR AND الرقة", "حلب OR  الرقة", DANGLING},
        {"حلب NOT NOT الرقة", "حلب NOT  الرقة", DANGLING},
        {"حلب AND NOT الرقة OR", "حلب AND NOT الرقة ", DANGLING},
        {"a NEAR AND b", "a NEAR  b", DANGLING},          // NEAR read once AND is gone
        {"(حلب OR) الرقة", "(حلب ) الرقة", DANGLING},
        {"(AND) حلب", " حلب", DANGLING},                  // and the brackets around nothing
        {"حلب +", "حلب +", ""},                            // a sign before nothing: the parser skips it
        {"حلب + AND", "حلب + ", DANGLING},
        {"-AND حلب", " حلب", "+ or - before no term; an operator with no term before or after it, left out"},
    });
}

// The parser refuses terms that are all excluded, and reads such a query
// again as plain words: -حلب found حلب, -source:x found only x's articles.
TEST_CASE("terms all excluded are NOT terms, as meant, and a sign before date: too") {
    check_rows({
        {"-حلب", "NOT حلب", ""},
        {"-حلب -دمشق", "NOT حلب NOT دمشق", ""},
        {"-source:okaz", "NOT source:okaz", ""},
        {"حلب OR -دمشق", "حلب OR NOT دمشق", ""},
        {"حلب AND -دمشق -الرقة", "حلب AND NOT دمشق NOT الرقة", ""},
        {"حلب NOT -دمشق", "حلب NOT دمشق", ""},
        {"(-حلب)", "(NOT حلب)", ""},
        {"حلب -date:2015-07-21.. دمشق", "حلب  دمشق NOT date:2015-07-21..", ""},  // excluded from the rest
        {"-date:2015-07-21..", "NOT date:2015-07-21..", ""},
        {"حلب OR -دمشق الرقة", "حلب OR (-دمشق الرقة)", ""},  // as it reads "حلب OR الرقة -دمشق"
        {"حلب +date:2015-07-21..", "حلب date:2015-07-21..", ""},
    });
    Xapian::QueryParser parser = test_parser();
    CHECK(parsed(parser, "NOT حلب") == "Query((<alldocuments> AND_NOT حلب@1))");
    CHECK(parsed(parser, "NOT source:okaz") == "Query((<alldocuments> AND_NOT XSOURCEokaz))");
}

TEST_CASE("prefixes: word* of two letters or more is syntax, a * after one letter punctuation") {
    check_rows({
        {"الاقتص*", "الاقتص*", ""},
        {"اق*", "اق*", ""},
        {"title:اقتص* حلب", "title:اقتص* حلب", ""},
        {"ب*", "ب", SHORT_PREFIX},
        {"ب* حلب", "ب حلب", SHORT_PREFIX},
        {"title:ب*", "title:ب", SHORT_PREFIX},
        {"5*", "5", SHORT_PREFIX},
        {"*", "*", ""},                    // after no word: punctuation the parser skips
        {"حلب * الرقة", "حلب * الرقة", ""},
        {"\"حلب* الرقة\"", "\"حلب* الرقة\"", ""},  // in a phrase: punctuation
        {"اقتص* AND", "اقتص* ", DANGLING},
    });
}

// What is typed in a prefix is normalized as any query word (hamza, teh
// marbuta, tashkeel, alef maksura, Latin case), so that it begins the
// words as indexed; the parser then expands the normalized prefix.
TEST_CASE("prefixes: typed forms are normalized as words are, and the parser expands the normalized prefix") {
    struct Prefix {
        const char* typed;
        const char* normalized;
    };
    const Prefix rows[] = {
        {"أقتص*", "اقتص*"},
        {"إقتص*", "اقتص*"},
        {"آل*", "ال*"},
        {"الحكومة*", "الحكومه*"},
        {"مُستشفى*", "مستشفي*"},
        {"الاقتصـــاد*", "الاقتصاد*"},
        {"٢٠١٥*", "2015*"},
        {"Saud*", "saud*"},
        {"title:أقتص*", "title:اقتص*"},
        {"أقتص* AND سعود*", "اقتص* AND سعود*"},
    };
    // A database holding the normalized words, for the expansion.
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    for (const char* word : {"اقتصاد", "الحكومه", "الحكوميه", "مستشفيات", "الاقتصاديه", "2015", "saudi", "سعودي", "الرياض"})
        doc.add_term(word);
    doc.add_term("Sاقتصاد");
    db.add_document(doc);
    const Analyzer analyzer("snowball");
    Xapian::QueryParser parser = analyzer.make_query_parser(db);
    for (const Prefix& row : rows) {
        const std::string typed = row.typed;
        CAPTURE(typed);
        const std::string normalized = normalize_text(typed, TextRole::query);
        CHECK(normalized == row.normalized);
        const Xapian::Query query = parser.parse_query(normalized, query_parser_flags());
        CHECK(query.get_description().find("WILDCARD") != std::string::npos);
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        CHECK(enquire.get_mset(0, 10).size() == 1);  // the expansion reaches the normalized words
    }
    // Prefixed by the field: title words only.
    CHECK(parser.parse_query("title:اقتص*", query_parser_flags()).get_description().find("Sاقتص") != std::string::npos);
}

TEST_CASE("plain_words_query keeps filters and balanced phrases, and makes the rest words") {
    CHECK(plain_words_query("title:(a OR b) -c \"d e\" source:x date:2015-07-21..2015-07-25") ==
          "  a or b   c \"d e\" source:x date 2015-07-21  2015-07-25");
    CHECK(plain_words_query("a NEAR \"b c") == "a near  b c");
    CHECK(plain_words_query("حلب") == "حلب");
}

namespace {

// Pieces of generated queries, as in query_lexer_test.cpp: words,
// operators in both cases, prefixes, quotes, brackets, signs, dots, ranges.
const std::vector<std::string> PIECES = {
    "حلب", "الرقة", "في", "x", "and", "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", "NEAR/2", "ADJ/0", "U.N.",
    "title:", "author:", "source:", "place:", "date:", "xyz:", ":", "\"", "«", "»", "“", "”", "(", ")", "+",
    "-", "..", "...", ".", "/", "،", "2015-07-01", "date:2015-07-01..2015-07-03", "date:..2015-07-03", "'",
    "-حلب", "+x", "-source:okaz", "-date:2015-07-01..", "+date:..2015-07-03", "حل*", "ب*", "*", "title:حل*",
};

std::string generated_query(std::mt19937& random) {
    return fahras::test::generated_query(random, PIECES, 9);
}

// An operator's letters right before + or # (AND+, OR#, …).  Not with
// std::regex: GCC 12 warns inside <regex> under the sanitizers' flags, and
// warnings are errors.
bool has_operator_before_plus_or_hash(const std::string& query) {
    for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"})
        for (std::size_t at = query.find(op); at != std::string::npos; at = query.find(op, at + 1)) {
            const std::size_t after = at + op.size();
            if (after < query.size() && (query[after] == '+' || query[after] == '#')) return true;
        }
    return false;
}

}  // namespace

// Whatever is typed, the parser reads readable_query()'s text with its
// syntax, but where ".." stays that it reads as it is (a date: range it
// finds no date in): the searcher then reads the plain words, as here.
// That text reads as itself again.  An
// operator followed by + or # is left out: whether the parser reads it as
// a word (C++) depends on the database (query_lexer.h).
TEST_CASE("over generated queries, every readable query parses, and else its plain words") {
    Xapian::QueryParser parser = test_parser();
    std::mt19937 random(2015);
    std::size_t edited = 0, refused_before = 0, bad_dates = 0;
    for (int n = 0; n < 20000; ++n) {
        const std::string query = normalize_text(generated_query(random), TextRole::query);
        CAPTURE(query);
        if (has_operator_before_plus_or_hash(query)) continue;
        if (refused(parsed(parser, query))) ++refused_before;
        const ReadableQuery readable = readable_query(query);
        CAPTURE(readable.text);
        if (readable.text != query) ++edited;
        const ReadableQuery again = readable_query(readable.text);
        CHECK(again.text == readable.text);
        CHECK(again.notes.empty());
        const std::string parse = parsed(parser, readable.text);
        CAPTURE(parse);
        if (refused(parse)) {
            // Only where ".." is left that is read as it is: date:… with no
            // date in it, a filter's value, or a phrase, with punctuation
            // glued to them (a parse error, then a range error as the parser
            // reads the text again without syntax: title:" -a.. b").
            CHECK(readable.text.find("..") != std::string::npos);
            ++bad_dates;
            const std::string plain = plain_words_query(readable.text);
            CAPTURE(plain);
            CHECK_FALSE(refused(parsed(parser, plain)));
        }
        const std::string plain = plain_words_query(query);
        CAPTURE(plain);
        CHECK_FALSE(refused(parsed(parser, plain)));
    }
    // The generator must reach what the parser refuses.
    CHECK(refused_before > 2000);
    CHECK(edited > 2000);
    CHECK(bad_dates > 0);  // date:..2015-07-03حلب: pieces glued make dates that are none
}

// An Arabic word* stands after the article too (prefix_search.h): written
// for the parser as one token, in free text only.
TEST_CASE("prefixes: an Arabic word* without the article is written to stand after it too, in free text only") {
    CHECK(fahras::takes_article("سعود"));
    CHECK(fahras::takes_article("اقتص"));
    CHECK_FALSE(fahras::takes_article("السعود"));  // has it already
    CHECK_FALSE(fahras::takes_article("gov"));     // not Arabic
    CHECK_FALSE(fahras::takes_article(""));
    const std::string token = std::string(fahras::ARTICLE_PREFIX_QUERY_PREFIX) + ":";
    struct Row {
        const char* query;
        std::string written;
    };
    for (const Row& row : {
             Row{"سعود*", token + "سعود"},
             Row{"حلب سعود* دمشق", "حلب " + token + "سعود دمشق"},
             Row{"السعود*", "السعود*"},
             Row{"title:سعود*", "title:سعود*"},
             Row{"-سعود* حلب", "-سعود* حلب"},
             Row{"+سعود* حلب", "+سعود* حلب"},
             Row{"\"سعود* حلب\"", "\"سعود* حلب\""},
             Row{"gov*", "gov*"},
             Row{"سعود", "سعود"},
         }) {
        CAPTURE(row.query);
        CHECK(fahras::with_article_prefixes(row.query) == row.written);
    }
    // The parser reads the token as the two prefixes under one OP_SYNONYM.
    const fahras::Analyzer analyzer("fahras-light");
    Xapian::QueryParser parser = analyzer.make_query_parser(Xapian::Database());
    const Xapian::Query parsed = analyzer.parse_query(parser, "سعود*");
    REQUIRE(parsed.get_type() == Xapian::Query::OP_SYNONYM);
    CHECK(parsed.get_num_subqueries() == 2);
    CHECK(parsed.get_subquery(1).get_type() == Xapian::Query::OP_WILDCARD);
}
