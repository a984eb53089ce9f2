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

    const Snippet nothing = make_snippet(text, WordMatcher(analyzer, {}), 30);
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
