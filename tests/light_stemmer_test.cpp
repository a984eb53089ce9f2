// fahras-light: what must conflate, what must not, the exception lists, and
// properties over seeded random words.
#include <fahras/normalize.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include "stem/light_stem.h"  // private: the tests see common/src
#include "stem/stem_cache.h"

#include <doctest/doctest.h>
#include <xapian.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// The stemmer sees words after normalize_text(), so the tables below are
// written as published (ة, أ, ى) and normalized first.
std::string light_stem(const std::string& published) {
    static const Xapian::Stem STEM = make_stemmer("fahras-light");
    return STEM(normalize_text(published));
}

std::size_t letters(const std::string& word) { return utf8::length(word); }

}  // namespace

TEST_CASE("fahras-light is registered and describes itself") {
    const auto& names = stemmer_names();
    CHECK(std::find(names.begin(), names.end(), "fahras-light") != names.end());
    CHECK(make_stemmer("fahras-light").get_description().find("fahras-light") != std::string::npos);
}

TEST_CASE("fahras-light gives these stems") {
    struct Row {
        const char* word;  // as published
        const char* stem;  // normalized spelling
    };
    for (const Row& row : {
             // proclitics, alone and combined
             Row{"الوزارة", "وزار"}, Row{"والوزارة", "وزار"}, Row{"بالوزارة", "وزار"},
             Row{"للمعارضة", "معارض"}, Row{"وللمعارضة", "معارض"}, Row{"فبالرقة", "رقه"},
             Row{"كالعادة", "عاد"}, Row{"فالحكومة", "حكوم"}, Row{"بحلب", "حلب"}, Row{"لدمشق", "دمشق"},
             Row{"وقال", "قال"}, Row{"والحج", "حج"}, Row{"للحج", "حج"},
             // suffixes: pronouns, plurals, the ة a pronoun turns into ت
             Row{"حكومتها", "حكوم"}, Row{"حكومته", "حكوم"}, Row{"قراراتهم", "قرار"},
             Row{"الانتخابات", "انتخاب"}, Row{"مسلمون", "مسلم"}, Row{"الدولتين", "دول"},
             Row{"قالوا", "قال"}, Row{"حياتها", "حيا"}, Row{"بلادنا", "بلاد"},
             // nisba: ي stays, so سعودي never becomes سعود
             Row{"السعودية", "سعودي"}, Row{"السعوديون", "سعودي"}, Row{"السعوديين", "سعودي"},
             Row{"سعوديات", "سعودي"}, Row{"سعودي", "سعودي"}, Row{"سعود", "سعود"},
             Row{"مستشفى", "مستشفي"}, Row{"المستشفيات", "مستشفي"},
             // guards: minimum length
             Row{"وقت", "وقت"}, Row{"بلد", "بلد"}, Row{"مهم", "مهم"}, Row{"الصين", "صين"},
             Row{"مؤقتة", "مؤقت"}, Row{"بيتها", "بيت"}, Row{"أسهم", "اسهم"}, Row{"الرقة", "رقه"},
             // the dual ان is never removed: too many words end in ان
             Row{"بيان", "بيان"}, Row{"سلطان", "سلطان"}, Row{"إعلان", "اعلان"},
             // exception words
             Row{"بيروت", "بيروت"}, Row{"ببيروت", "بيروت"}, Row{"بغداد", "بغداد"}, Row{"وزير", "وزير"},
             Row{"الوزير", "وزير"}, Row{"ولاية", "ولاي"}, Row{"الولايات", "ولاي"}, Row{"والي", "والي"},
             Row{"بلدان", "بلدان"}, Row{"لبنان", "لبنان"}, Row{"ليبيا", "ليبيا"}, Row{"كابل", "كابل"},
             Row{"فلسطين", "فلسطين"}, Row{"الفلسطينيين", "فلسطيني"}, Row{"فرنسا", "فرنسا"},
             Row{"بريطانيا", "بريطانيا"}, Row{"بنغازي", "بنغازي"}, Row{"كركوك", "كركوك"},
             Row{"الله", "الله"}, Row{"والله", "الله"}, Row{"للجنة", "لجن"}, Row{"قانون", "قانون"},
             Row{"والقانون", "قانون"}, Row{"مليون", "مليون"}, Row{"عشرين", "عشرين"},
             Row{"آلاف", "الاف"}, Row{"الآلاف", "الاف"}, Row{"ألمانيا", "المانيا"},
             // not Arabic letters only: unchanged, but Latin words are stemmed as
             // English by every stemmer make_stemmer() gives (stemmers.h)
             Row{"2015", "2015"}, Row{"reuters", "reuter"}, Row{"g20", "g20"}, Row{"", ""},
         }) {
        const std::string word = row.word;
        CAPTURE(word);
        CHECK(light_stem(word) == row.stem);
    }
}

TEST_CASE("fahras-light conflates the forms news text uses") {
    const std::vector<std::vector<const char*>> groups = {
        {"الوزارة", "وزارة", "والوزارة", "بالوزارة", "وزارات", "وزارته"},
        {"المعارضة", "للمعارضة", "معارضة", "والمعارضة"},
        {"السعودية", "بالسعودية", "والسعودية", "سعودية", "سعوديون", "السعوديين"},
        {"الرقة", "وبالرقة", "بالرقة", "والرقة"},
        {"حلب", "بحلب", "وحلب", "لحلب"},
        {"دمشق", "لدمشق", "بدمشق", "ودمشق"},
        {"القاهرة", "والقاهرة", "بالقاهرة", "قاهرة"},
        {"الرياض", "بالرياض", "والرياض", "للرياض"},
        {"بيروت", "ببيروت", "لبيروت", "وبيروت"},
        {"بغداد", "ببغداد", "لبغداد"},
        {"الوزير", "وزير", "والوزير", "للوزير", "وزيرة"},
        {"ولاية", "الولاية", "الولايات", "بولاية"},
        {"البرنامج", "برنامج", "والبرنامج", "ببرنامج"},
        {"الحكومة", "حكومة", "حكومتها", "للحكومة", "حكومات"},
        {"لبنان", "بلبنان", "ولبنان"},
        {"اللجنة", "لجنة", "للجنة", "واللجنة"},
        {"الآلاف", "آلاف", "بآلاف"},
        {"الدولة", "دولة", "الدولتين"},
    };
    for (const auto& group : groups) {
        const std::string first_word = group.front();
        const std::string first = light_stem(first_word);
        for (const char* member : group) {
            const std::string word = member;
            CAPTURE(first_word);
            CAPTURE(word);
            CHECK(light_stem(word) == first);
        }
    }
}

TEST_CASE("fahras-light does not cut into words whose letters only look like affixes") {
    struct Row {
        const char* word;
        const char* other;  // what over-stripping would make of it
    };
    for (const Row& row : {
             Row{"بيروت", "يروت"}, Row{"ولاية", "لاية"}, Row{"وزير", "زير"}, Row{"بغداد", "غداد"},
             Row{"وزارة", "زارة"}, Row{"لبنان", "بنان"}, Row{"ليبيا", "يبيا"}, Row{"بلد", "لد"},
             Row{"فلسطين", "فلسط"}, Row{"فرنسا", "رنسا"}, Row{"بريطانيا", "ريطانيا"}, Row{"كابل", "ابل"},
             Row{"بنغازي", "نغازي"}, Row{"واشنطن", "اشنطن"}, Row{"الله", "له"}, Row{"بطاقة", "طاقة"},
             Row{"بحرية", "حرية"}, Row{"بعيد", "عيد"}, Row{"واحد", "أحد"}, Row{"بلدية", "لديه"},
             Row{"سعودي", "سعود"}, Row{"عشرين", "عشر"}, Row{"قانون", "قان"}, Row{"مليون", "ملي"},
             Row{"تعيين", "تعي"}, Row{"ألمانيا", "مانيا"},
         }) {
        const std::string published = row.word;
        CAPTURE(published);
        const std::string stem = light_stem(published);
        CHECK(stem != normalize_text(row.other));
        CHECK(stem != light_stem(row.other));
        // Each is cut at most at its end: its first letter survives.
        const std::string word = normalize_text(published);
        CHECK(stem.compare(0, 2, word, 0, 2) == 0);
    }
}

TEST_CASE("fahras-light's exception lists are sorted, unique and normalized") {
    using detail::LightStem;
    for (const auto* list : {&LightStem::keep_start_words(), &LightStem::keep_whole_words()}) {
        REQUIRE(list->size() >= 20);
        CHECK(std::is_sorted(list->begin(), list->end()));
        CHECK(std::adjacent_find(list->begin(), list->end()) == list->end());
        for (auto word : *list) {
            CAPTURE(word);
            CHECK(normalize_text(word) == word);
            CHECK(letters(std::string(word)) >= 3);
        }
    }
    for (auto word : LightStem::keep_whole_words()) {
        CAPTURE(word);
        CHECK(light_stem(std::string(word)) == word);
    }
    for (auto word : LightStem::keep_start_words()) {
        CAPTURE(word);
        const std::string stem = light_stem(std::string(word));
        CHECK(stem.compare(0, 2, word.substr(0, 2)) == 0);
    }
}

TEST_CASE("fahras-light never throws, keeps two letters, and stem(stem(w)) == stem(w)") {
    // Words built from affix-heavy pieces, so that the guards are exercised,
    // plus letters drawn from the whole Arabic block.
    const std::vector<std::string> front = {"", "", "و", "ف", "ب", "ك", "ل", "ال", "وال", "بال", "لل", "وبال", "ولل"};
    const std::vector<std::string> back = {"", "", "ه", "ها", "هم", "هما", "نا", "ات", "ون", "ين", "وا", "ي", "يه", "ته", "تها", "تين"};
    const Xapian::Stem stem = make_stemmer("fahras-light");
    std::mt19937 rng(20150721);
    for (int i = 0; i < 5000; ++i) {
        std::string core;
        const std::size_t core_letters = rng() % 7;
        for (std::size_t k = 0; k < core_letters; ++k)
            utf8::append(core, static_cast<char32_t>(0x0621 + rng() % (0x064A - 0x0621 + 1)));
        const std::string word = front[rng() % front.size()] + core + back[rng() % back.size()];
        CAPTURE(word);
        std::string once;
        REQUIRE_NOTHROW(once = stem(word));
        CHECK(stem(once) == once);
        CHECK(word.find(once) != std::string::npos);  // only cut, never rewritten
        CHECK(letters(once) >= std::min<std::size_t>(2, letters(word)));
    }
}

TEST_CASE("fahras-light's memo of stems answers what the stemmer computes") {
    using detail::LightStem;
    // Words of every kind the stemmer treats apart (proclitics, suffixes,
    // exception words, non-Arabic, a stray tatweel, broken UTF-8, a word
    // past 64 letters), many more than the memo holds, seen three times
    // over, so that answers come from the memo, from a fresh computation
    // and from a memo started afresh.
    std::vector<std::string> words = {
        "الوزاره", "والوزاره", "بالسعوديه", "حكومتها", "قراراتهم", "الدولتين", "بيروت", "ببيروت",
        "ولايات", "والقانون", "فلسطين", "الله", "للجنه", "وقت", "بلد", "reuters", "2015", "ب\u0640ي",
        "\xD9", "\xD9\x84\xFF", std::string(),
    };
    std::string long_word;
    for (int i = 0; i < 70; ++i) long_word += "\u0628";
    words.push_back("\u0627\u0644" + long_word + "\u0647\u0627");
    std::mt19937 rng(20150722);
    for (int i = 0; i < 300; ++i) {
        std::string word = i % 2 ? "\u0648\u0627\u0644" : "";
        for (std::size_t k = 0, n = 2 + rng() % 5; k < n; ++k)
            utf8::append(word, static_cast<char32_t>(0x0621 + rng() % (0x064A - 0x0621 + 1)));
        words.push_back(word + (i % 3 ? "\u0647\u0627" : ""));
    }
    LightStem memo(64);
    for (int pass = 0; pass < 3; ++pass) {
        for (const auto& word : words) {
            CAPTURE(word);
            CHECK(memo(word) == LightStem::stem_uncached(word));
        }
    }
}

TEST_CASE("a memo of stems stays within its limit and computes each word once while it holds it") {
    detail::StemCache cache(3);
    int computed = 0;
    const auto stem = [&](const std::string& word) {
        ++computed;
        return word + "!";
    };
    struct Row {
        const char* word;
        int computed;  // total calls to stem() after this lookup
        std::size_t size;
    };
    for (const Row& row : {
             Row{"a", 1, 1}, Row{"b", 2, 2}, Row{"a", 2, 2}, Row{"c", 3, 3},
             Row{"a", 3, 3},  // still held
             Row{"d", 4, 1},  // full: starts afresh
             Row{"a", 5, 2}, Row{"d", 5, 2},
         }) {
        CAPTURE(row.word);
        CHECK(cache.get(row.word, stem) == std::string(row.word) + "!");
        CHECK(computed == row.computed);
        CHECK(cache.size() == row.size);
    }
    detail::StemCache off(0);
    CHECK(off.get("a", stem) == "a!");
    CHECK(off.get("a", stem) == "a!");
    CHECK(computed == 7);
    CHECK(off.size() == 0);
}
