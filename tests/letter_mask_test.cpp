// The snippet matcher rules words out by their letters before analysing
// them (letter_mask.h).  That is only safe if analysis never brings a
// letter the published characters cannot normalize to: checked here letter
// by letter, and over real news text when ../shared is there.
#include "letter_mask.h"
#include "snippet.h"

#include <fahras/analyzer.h>
#include <fahras/article_reader.h>
#include <fahras/normalize.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include "test_support.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// True when the letters of @a word's normalized form, and of its stem, are
// all among those its characters can normalize to.
bool analysis_within_letters(const Analyzer& analyzer, const std::string& word) {
    const LetterMask possible = possible_letters(word);
    const std::string normalized = normalize_text(word);
    return can_hold(possible, letters_of(normalized)) &&
           can_hold(possible, letters_of(analyzer.stemmer()(normalized)));
}

}  // namespace

TEST_CASE("analysis brings no letter the published word could not hold") {
    const Analyzer analyzer(DEFAULT_STEMMER);
    const char* const words[] = {
        "الحكومة",                 // plain
        "أَعْلَنَتِ", "الحُكومةُ",        // tashkeel
        "الحكـــومة",              // tatweel
        "أحمد", "إسلام", "آمن", "مؤتمر", "رئيس", "سماء", "هيئة",  // hamza forms
        "مستشفى", "على",           // alef maqsura
        "\u0627\u0654\u062D\u0645\u062F",  // alef + combining hamza above
        "\u0648\u0654\u0632\u0631",        // waw + combining hamza above
        "\uFEFB\u0628\uFEAE\uFE8E\uFEDF",  // lam-alef ligature, presentation forms
        "\uFEB3\uFECC\uFEEE\uFEA9\uFef3",  // presentation forms
        "٢٠١٥", "۲۰۱۵", "2015",    // Arabic-Indic, Persian and ASCII digits
        "کتاب", "یوم",             // Persian kaf and yeh
        "مدي\u200Cنة",             // zero-width non-joiner inside
        "Reuters", "ÉCOLE",        // Latin, with case and accents
        "Country", "HAPPY", "studies", "relational",  // the english stemmer rewrites letters
        "والوزارة", "بالسعودية", "للمعارضة", "فاستقبلناهم",  // clitics and suffixes
    };
    for (const char* word : words) {
        CAPTURE(word);
        CHECK(analysis_within_letters(analyzer, word));
    }
}

TEST_CASE("letter masks rule out words without a query word's letters") {
    CHECK_FALSE(can_hold(possible_letters("بيروت"), letters_of("حلب")));
    CHECK(can_hold(possible_letters("وبحلب"), letters_of("حلب")));
    // Published forms hold the letters of their normalized forms.
    CHECK(can_hold(possible_letters("أحمد"), letters_of("احمد")));
    CHECK(can_hold(possible_letters("مستشفى"), letters_of("مستشفي")));
    // A character outside the table could become anything.
    CHECK(possible_letters("\u4E2D") == ANY_LETTER);
    CHECK(letters_of("") == 0);
}

TEST_CASE("the matcher finds the same words with and without the letter test") {
    // Snowball may add letters: its matcher must not rule words out early,
    // and both must still agree on what matches.
    CHECK(stems_by_removing_letters(DEFAULT_STEMMER));
    CHECK_FALSE(stems_by_removing_letters("snowball"));
    for (const std::string stemmer : {"fahras-light", "snowball-conj"}) {
        CAPTURE(stemmer);
        const Analyzer analyzer(stemmer);
        const WordMatcher matcher(analyzer, {"Z" + analyzer.stemmer()("الوزاره"), "الرياض"});
        CHECK(matcher.match("الوَزارةِ") >= 0);
        CHECK(matcher.match("بالرياض") < 0);  // the word as typed only: no Z term for it
        CHECK(matcher.match("الرياض") >= 0);
        CHECK(matcher.match("بيروت") < 0);
        // Latin words: English stems (countries → countri).
        const WordMatcher latin(analyzer, {"Z" + analyzer.stemmer()("countries"), "Z" + analyzer.stemmer()("elections")});
        CHECK(latin.match("Country") >= 0);
        CHECK(latin.match("ELECTION") >= 0);
        CHECK(latin.match("county") < 0);
    }
}

TEST_CASE("over real news text, no word's analysis leaves its letters") {
    const std::string shared = test::shared_dir();
    const std::string archive = shared + "/corpora/saudinewsnet";
    if (shared.empty() || !std::filesystem::is_directory(archive)) {
        test::skip_test("../shared/corpora/saudinewsnet is not beside the repository");
        return;
    }
    std::vector<std::string> files;
    for (const auto& entry : std::filesystem::directory_iterator(archive))
        if (entry.path().extension() == ".gz") files.push_back(entry.path().string());
    std::sort(files.begin(), files.end());
    files.resize(std::min<std::size_t>(files.size(), 3));  // about 8,000 articles

    std::set<std::string> words;
    const auto collect = [&](const std::string& text) {
        std::string word;
        for (std::size_t pos = 0; pos < text.size();) {
            const std::size_t start = pos;
            const char32_t cp = utf8::decode(text, pos);
            if (Xapian::Unicode::is_wordchar(cp) || cp == 0x200C || cp == 0x200D) {
                word.append(text, start, pos - start);
            } else if (!word.empty()) {
                words.insert(word);
                word.clear();
            }
        }
        if (!word.empty()) words.insert(word);
    };
    ReaderCallbacks callbacks;
    callbacks.on_problem = [](const InputProblem&) {};
    callbacks.on_article = [&](Article&& article) {
        collect(article.title);
        collect(article.body);
    };
    for (const auto& file : files) read_articles(InputFile{file}, ReaderOptions{}, callbacks);
    REQUIRE(words.size() > 50000);

    for (const auto& stemmer : stemmer_names()) {
        if (!stems_by_removing_letters(stemmer)) continue;
        const Analyzer analyzer(stemmer);
        std::size_t outside = 0;
        std::string first;
        for (const auto& word : words) {
            if (analysis_within_letters(analyzer, word)) continue;
            if (outside++ == 0) first = word;
        }
        CAPTURE(stemmer);
        CAPTURE(first);
        CHECK(outside == 0);
    }
}
