#include "snippet.h"

#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>
#include <xapian.h>

using namespace fahras;

namespace {

std::string marked(const Snippet& snippet) {
    std::string out;
    for (const auto& s : snippet) out += s.highlighted ? "[" + s.text + "]" : s.text;
    return out;
}

}  // namespace

TEST_CASE("matches are marked in the published spelling") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    const WordMatcher matcher(analyzer, {"اعلنت", "Z" + analyzer.stemmer()("حكومه"), "Zحلب"});
    CHECK(marked(highlight_all("أَعْلَنَتِ الحُكومةُ اليوم", matcher)) == "[أَعْلَنَتِ] [الحُكومةُ] اليوم");
    CHECK(marked(highlight_all("قصف بحلب و«حلب»", matcher)) == "قصف [بحلب] و«[حلب]»");
    CHECK(marked(highlight_all("مدي\u200Cنة حلب", WordMatcher(analyzer, {"مدينه"}))) == "[مدي\u200Cنة] حلب");
}

TEST_CASE("the snippet window holds the matches and counts characters") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    const WordMatcher matcher(analyzer, {"Zدمشق", "Zحلب"});
    std::string text;
    for (int i = 0; i < 60; ++i) text += "كلمة ";
    text += "بين دمشق\n\nو حلب ";
    for (int i = 0; i < 60; ++i) text += "نهاية ";
    const Snippet snippet = make_snippet(text, matcher, 80);
    const std::string plain = snippet_text(snippet);
    CHECK(utf8::length(plain) <= 80 + 4);  // plus the two "… " marks
    CHECK(plain.rfind("\u2026 ", 0) == 0);
    CHECK(plain.find("دمشق و حلب") != std::string::npos);  // whitespace collapsed
    const auto spans = snippet_highlights(snippet);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].second - spans[0].first == 4);  // دمشق: four characters

    const Snippet nothing = make_snippet(text, WordMatcher(analyzer, std::vector<std::string>{}), 30);
    CHECK(snippet_text(nothing).rfind("كلمة", 0) == 0);
    CHECK(snippet_highlights(nothing).empty());
}

TEST_CASE("a WordCache changes no match, also when it fills and starts again") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    const std::vector<std::string> terms = {"اعلنت", "Z" + analyzer.stemmer()("حكومه"), "Zحلب"};
    const std::string text = "أَعْلَنَتِ الحُكومةُ اليوم في حلب، قصف بحلب و«حلب» والحكومات أعلنت";
    WordCache small(2);
    const WordMatcher plain(analyzer, terms), cached(analyzer, terms, &small);
    for (int pass = 0; pass < 2; ++pass) {
        CHECK(marked(highlight_all(text, cached)) == marked(highlight_all(text, plain)));
        CHECK(marked(make_snippet(text, cached, 30)) == marked(make_snippet(text, plain, 30)));
        CHECK(small.size() <= 2);
    }
}

TEST_CASE("a WordCache grows, finds every word again, and starts again at its limit") {
    WordCache cache(3000);
    const auto word = [](int i) {  // distinct words, some with tashkeel to normalize
        return "\u0643\u062A\u0627\u0628" + std::to_string(i) + (i % 2 ? "\u064E" : "");
    };
    for (int pass = 0; pass < 2; ++pass) {
        for (int i = 0; i < 2500; ++i) {
            CAPTURE(i);
            WordCache::Entry& entry = cache.lookup(word(i));
            CHECK(entry.normalized == "\u0643\u062A\u0627\u0628" + std::to_string(i));
        }
        CHECK(cache.size() == 2500);  // the second pass found them all
    }
    for (int i = 2500; i < 3001; ++i) cache.lookup(word(i));
    CHECK(cache.size() == 1);  // full at 3,000: started again
    CHECK(cache.lookup(word(3000)).normalized == "\u0643\u062A\u0627\u0628" "3000");
    CHECK(cache.size() == 1);
}

TEST_CASE("a query's matcher, narrowed to one result's terms, marks only those") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    WordCache cache;
    WordMatcher matcher(analyzer, {"Zدمشق", "Zحلب", "حلب", "XSOURCEokaz"}, &cache);
    CHECK(matcher.key_count() == 2);  // حلب and its stem are one query word
    const std::string text = "من دمشق إلى حلب";
    CHECK(marked(highlight_all(text, matcher)) == "من [دمشق] إلى [حلب]");
    matcher.restrict_to({"Zحلب"});
    CHECK(matcher.key_count() == 1);
    CHECK(marked(highlight_all(text, matcher)) == "من دمشق إلى [حلب]");
    matcher.restrict_to({"Zدمشق", "Zحلب"});
    CHECK(marked(highlight_all(text, matcher)) == "من [دمشق] إلى [حلب]");
    matcher.restrict_to({});
    CHECK(matcher.key_count() == 0);
    CHECK(marked(highlight_all(text, matcher)) == text);
}

TEST_CASE("snippets mark the words the index holds, whatever stands around them") {
    // The snippet reads words as the index does (words.h): numbers with
    // their separators and words with their apostrophes are one word;
    // quotation marks and dashes never belong to one.
    const Analyzer analyzer(DEFAULT_STEMMER);
    const WordMatcher matcher(analyzer, {"Zحلب", "12.5", "l'onu", "c++"});
    CHECK(marked(highlight_all("قصف في “حلب”—اليوم", matcher)) == "قصف في “[حلب]”—اليوم");
    CHECK(marked(highlight_all("نما 12.5 في المائة أو ١٢٫٥", matcher)) == "نما [12.5] في المائة أو [١٢٫٥]");
    CHECK(marked(highlight_all("selon l’ONU et l'ONU", matcher)) == "selon [l’ONU] et [l'ONU]");
    CHECK(marked(highlight_all("c++ and c", matcher)) == "[c++] and c");
    CHECK(marked(highlight_all("حَلَبُ\u200F، 12.50", matcher)) == "[حَلَبُ\u200F]، 12.50");
    // Bidi marks opening the text belong to its first word: nothing is cut.
    CHECK(marked(make_snippet("\u200F\u202Bقصف في حلب", matcher, 200)) == "\u200F\u202Bقصف في [حلب]");
}

TEST_CASE("a phrase is marked where its words stand together, as one segment, and nowhere else") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    struct Row {
        QueryWords query;
        std::string text;
        std::string marked;
    };
    const std::vector<std::string> king_salman = {"الملك", "سلمان"};
    const std::vector<Row> rows = {
        // The words apart are not the phrase.
        {{{}, {king_salman}}, "قال الملك إن سلمان وصل", "قال الملك إن سلمان وصل"},
        {{{}, {king_salman}}, "استقبل المَلِكُ سلمانُ الوفد، ثم غادر الملك", "استقبل [المَلِكُ سلمانُ] الوفد، ثم غادر الملك"},
        // What stands between the words is theirs too (the index reads no punctuation).
        {{{}, {king_salman}}, "الملك، سلمان", "[الملك، سلمان]"},
        {{{}, {king_salman}}, "الملك\n\n سلمان", "[الملك سلمان]"},
        {{{}, {king_salman}}, "الملك الملك سلمان", "الملك [الملك سلمان]"},
        {{{}, {king_salman}}, "سلمان الملك", "سلمان الملك"},
        {{{}, {king_salman}}, "في الملك", "في الملك"},  // the text ends before the phrase does
        // A phrase and words: the words wherever they stand, the phrase where it stands.
        {{{"Zرياض", "سلمان"}, {king_salman}}, "الملك سلمان في الرياض وسلمان", "[الملك سلمان] في [الرياض] وسلمان"},
        {{{"سلمان"}, {king_salman}}, "سلمان ثم الملك سلمان", "[سلمان] ثم [الملك سلمان]"},
        // Of two phrases starting alike, the longer where it stands.
        {{{}, {{"بان", "كي"}, {"بان", "كي", "مون"}}}, "بان كي مون وبان كي", "[بان كي مون] وبان كي"},
        {{{}, {{"بان", "كي"}, {"بان", "كي", "مون"}}}, "بان كي وزير", "[بان كي] وزير"},
        // A phrase of a field (title:"…") is marked as any.
        {{{}, {{"Sالملك", "Sسلمان"}}}, "الملك سلمان", "[الملك سلمان]"},
        // Two phrases side by side stay two.
        {{{}, {king_salman, {"ولي", "العهد"}}}, "الملك سلمان ولي العهد", "[الملك سلمان] [ولي العهد]"},
    };
    for (const auto& row : rows) {
        CAPTURE(row.text);
        const WordMatcher matcher(analyzer, row.query);
        CHECK(marked(highlight_all(row.text, matcher)) == row.marked);
        CHECK(marked(make_snippet(row.text, matcher, 200)) == row.marked);
    }
    // The phrase's span, in code points, as the JSON and the page get it.
    const Snippet snippet = highlight_all("قال الملك سلمان", WordMatcher(analyzer, QueryWords{{}, {king_salman}}));
    REQUIRE(snippet_highlights(snippet).size() == 1);
    CHECK(snippet_highlights(snippet)[0] == std::make_pair<std::size_t, std::size_t>(4, 15));
}

TEST_CASE("the snippet window is chosen around where a phrase stands, not where its words stand apart") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    std::string text = "الملك قال ";
    for (int i = 0; i < 40; ++i) text += "كلمة ";
    text += "سلمان ";
    for (int i = 0; i < 40; ++i) text += "نص ";
    text += "ثم وصل الملك سلمان إلى الرياض ";
    for (int i = 0; i < 40; ++i) text += "نهاية ";
    const WordMatcher matcher(analyzer, QueryWords{{"Zرياض"}, {{"الملك", "سلمان"}}});
    const std::string snippet = marked(make_snippet(text, matcher, 60));
    CAPTURE(snippet);
    CHECK(snippet.find("وصل [الملك سلمان] إلى [الرياض]") != std::string::npos);
    CHECK(snippet.rfind("\u2026 ", 0) == 0);
    // Without the phrase in the text, its words alone are no match: the start.
    const std::string apart = marked(make_snippet("الملك قال إن سلمان وصل", matcher, 60));
    CHECK(apart == "الملك قال إن سلمان وصل");
}

TEST_CASE("a result that lacks a word of a phrase gets no phrase marked") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    WordMatcher matcher(analyzer, QueryWords{{"Zرياض"}, {{"الملك", "سلمان"}}});
    CHECK(matcher.key_count() == 2);
    const std::string text = "الملك سلمان في الرياض";
    matcher.restrict_to({"الملك", "Zرياض"});
    CHECK(matcher.key_count() == 1);
    CHECK(marked(highlight_all(text, matcher)) == "الملك سلمان في [الرياض]");
    matcher.restrict_to({"الملك", "سلمان"});
    CHECK(matcher.key_count() == 1);
    CHECK(marked(highlight_all(text, matcher)) == "[الملك سلمان] في الرياض");
}

TEST_CASE("query_words: phrases apart from words, and nothing NOT excludes") {
    using Q = Xapian::Query;
    const auto phrase = [](std::vector<std::string> words) {
        std::vector<Q> terms(words.begin(), words.end());
        return Q(Q::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(words.size()));
    };
    const auto any = [](std::vector<Q> queries) { return Q(Q::OP_OR, queries.begin(), queries.end()); };
    // "الملك سلمان" الرياض داعش -دمشق, with a name variant of two words and a boost.
    const Q query(Q::OP_AND_MAYBE,
                  Q(Q::OP_AND_NOT,
                    any({phrase({"الملك", "سلمان"}), Q("Zرياض"), any({Q("Zداعش"), phrase({"تنظيم", "الدولة"})})}),
                    Q("Zدمشق")),
                  Q(Q::OP_OR, Q("الرياض"), phrase({"الملك", "سلمان"})));
    const QueryWords words = query_words(query);
    CHECK(words.terms == std::vector<std::string>{"Zرياض", "Zداعش", "الرياض"});
    CHECK(words.phrases == std::vector<std::vector<std::string>>{{"الملك", "سلمان"}, {"تنظيم", "الدولة"}});
}
