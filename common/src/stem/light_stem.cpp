#include "light_stem.h"

#include <fahras/utf8.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <unordered_set>

namespace fahras::detail {

namespace {

using Letters = std::u32string;
using LettersView = std::u32string_view;

// A proclitic and the number of letters it must leave behind.  A bare
// article may leave two (الحج → حج); every other form must leave three,
// because short words starting with these letters are mostly whole words
// (بلد، وقت، بحث، لغة).  The article is certain enough to be removed first
// (الرقة → رقة, not الرق); a lone و ب ل is not, so it must leave its three
// letters once the suffixes are gone as well: بيتها → بيت, not يتها.
struct Affix {
    LettersView letters;
    std::size_t min_rest;
    bool article;
};

// Tried from the shortest, so that an exception word reached by a short
// proclitic wins over a longer reading (للجنة = ل + لجنة, not لل + جنة).
constexpr std::array<Affix, 17> PROCLITICS = {{
    {U"\u0648", 3, false},                  // و
    {U"\u0628", 3, false},                  // ب
    {U"\u0644", 3, false},                  // ل
    {U"\u0627\u0644", 2, true},             // ال
    {U"\u0644\u0644", 2, true},             // لل
    {U"\u0648\u0628", 3, false},            // وب
    {U"\u0648\u0644", 3, false},            // ول
    {U"\u0648\u0627\u0644", 3, true},       // وال
    {U"\u0641\u0627\u0644", 3, true},       // فال
    {U"\u0628\u0627\u0644", 3, true},       // بال
    {U"\u0643\u0627\u0644", 3, true},       // كال
    {U"\u0648\u0644\u0644", 2, true},       // ولل
    {U"\u0641\u0644\u0644", 2, true},       // فلل
    {U"\u0648\u0628\u0627\u0644", 3, true},  // وبال
    {U"\u0641\u0628\u0627\u0644", 3, true},  // فبال
    {U"\u0648\u0643\u0627\u0644", 3, true},  // وكال
    {U"\u0641\u0643\u0627\u0644", 3, true},  // فكال
}};

// A suffix, the letters it must leave, and from what length a ت left in
// front of it is a ة to remove as well (0: never).  After the ambiguous ه
// (pronoun or ة) that takes five letters, so مؤقته keeps مؤقت while
// حكومته meets حكومة.
struct Suffix {
    LettersView letters;
    std::size_t min_rest;
    std::size_t teh_from;
};

// Longest first; only one is removed per round.
constexpr std::array<Suffix, 9> SUFFIXES = {{
    {U"\u0647\u0645\u0627", 3, 4},  // هما
    {U"\u0647\u0627", 3, 4},        // ها
    {U"\u0647\u0645", 3, 4},        // هم
    {U"\u0646\u0627", 3, 4},        // نا
    {U"\u0627\u062A", 3, 0},        // ات
    {U"\u0648\u0646", 3, 0},        // ون
    {U"\u064A\u0646", 3, 4},        // ين (the dual of a feminine noun: الدولتين)
    {U"\u0648\u0627", 3, 0},        // وا
    {U"\u0647", 3, 5},              // ه
}};

constexpr char32_t TEH = U'\u062A';
constexpr LettersView ALEF_TEH = U"\u0627\u062A";

bool is_arabic_letter(char32_t c) {
    // The basic letters (without tatweel U+0640) and the extended ones
    // (پ چ ژ گ …) that foreign names are written with.
    return (c >= 0x0621 && c <= 0x064A && c != 0x0640) || (c >= 0x0671 && c <= 0x06D3);
}

bool ends_with(LettersView word, LettersView end) {
    return word.size() >= end.size() && word.substr(word.size() - end.size()) == end;
}

Letters decode(std::string_view text) {
    Letters letters;
    for (std::size_t pos = 0; pos < text.size();) letters += utf8::decode(text, pos);
    return letters;
}

std::string encode(LettersView letters) {
    std::string text;
    for (char32_t c : letters) utf8::append(text, c);
    return text;
}

// One suffix, and the ة a pronoun or ين leaves as ت.
Letters strip_suffix_once(Letters word) {
    for (const Suffix& suffix : SUFFIXES) {
        if (!ends_with(word, suffix.letters) || word.size() - suffix.letters.size() < suffix.min_rest) continue;
        word.resize(word.size() - suffix.letters.size());
        // قراراتها: the ت belongs to the plural ات, removed next round;
        // حياتها: too short for a plural, so it is a ة.
        const bool plural = ends_with(word, ALEF_TEH) && word.size() - ALEF_TEH.size() >= 3;
        if (suffix.teh_from != 0 && word.size() >= suffix.teh_from && word.back() == TEH && !plural)
            word.pop_back();
        return word;
    }
    return word;
}

Letters strip_suffixes(Letters word) {
    for (;;) {
        Letters shorter = strip_suffix_once(word);
        if (shorter == word) return word;
        word = std::move(shorter);
    }
}

struct Exceptions {
    std::unordered_set<Letters> whole;
    std::unordered_set<Letters> start;
    std::unordered_set<Letters> start_stems;  ///< strip_suffixes() of each start word

    bool protects_start(const Letters& rest, const Letters& stem) const {
        return start.count(rest) != 0 || start_stems.count(stem) != 0;
    }
};

const Exceptions& exceptions() {
    static const Exceptions EXCEPTIONS = [] {
        Exceptions e;
        for (auto word : LightStem::keep_whole_words()) e.whole.insert(decode(word));
        for (auto word : LightStem::keep_start_words()) {
            Letters letters = decode(word);
            e.start_stems.insert(strip_suffixes(letters));
            e.start.insert(std::move(letters));
        }
        return e;
    }();
    return EXCEPTIONS;
}

// One round: the longest proclitic the guards allow, then the suffixes.
// Readings are tried from the shortest proclitic (none) up; the first one
// that reaches an exception word ends the search there.
Letters stem_once(const Letters& word) {
    const Exceptions& ex = exceptions();
    const std::size_t core = strip_suffixes(word).size();
    LettersView best = word;
    for (std::size_t i = 0; i <= PROCLITICS.size(); ++i) {
        LettersView rest = word;
        if (i > 0) {
            const Affix& proclitic = PROCLITICS[i - 1];
            if (word.compare(0, proclitic.letters.size(), proclitic.letters) != 0) continue;
            // The core never loses the proclitic's letters, so this cannot wrap.
            if ((proclitic.article ? word.size() : core) < proclitic.letters.size() + proclitic.min_rest) continue;
            rest.remove_prefix(proclitic.letters.size());
            best = rest;
        }
        const Letters rest_letters(rest);
        if (ex.whole.count(rest_letters) != 0) return rest_letters;
        Letters stem = strip_suffixes(rest_letters);
        if (ex.protects_start(rest_letters, stem)) return stem;
    }
    return strip_suffixes(Letters(best));
}

}  // namespace

std::string LightStem::operator()(const std::string& word) {
    Letters letters = decode(word);
    if (letters.empty() || !std::all_of(letters.begin(), letters.end(), is_arabic_letter)) return word;
    // Every round that changes the word shortens it, so this ends; running
    // to the fixed point is what makes البرنامج and برنامج meet.
    for (;;) {
        Letters next = stem_once(letters);
        if (next == letters) return encode(letters);
        letters = std::move(next);
    }
}

std::string LightStem::get_description() const { return "fahras-light"; }

// Words whose first letters look like و ب ل or the article but belong to
// the word.  Their endings are still stripped (ولايات → ولاي, like ولاية),
// and so is a proclitic in front of them (ببيروت → بيروت).  Chosen from
// news vocabulary where stripping would merge two different words (بطاقة
// → طاقة, بحرية → حرية, واحد → احد) or mangle a name (بيروت، لبنان).
// ف and ك are never stripped alone; فرنسا and كابل are here all the same,
// so that changing that rule cannot break them silently.
// Sorted by code point (std::string byte order); a test checks it.
const std::vector<std::string_view>& LightStem::keep_start_words() {
    static const std::vector<std::string_view> WORDS = {
        "الاف", "البانيا", "الماني", "المانيا", "باراك", "باريس", "باكستان", "باكستاني", "بايرن",
        "بترول", "بحري", "بحرين", "بحريه", "بحوث", "بحيره", "بدايه", "برامج", "براميل", "برشلونه",
        "برلمان", "برلين", "برميل", "برنامج", "بروكسل", "بريد", "بريده", "بريطاني", "بريطانيا", "بشار",
        "بضائع", "بطاقه", "بطاله", "بطوله", "بعثه", "بعيد", "بغداد", "بقاء", "بقيق", "بكين", "بلاد",
        "بلجيكا", "بلجيكي", "بلد", "بلدان", "بلديه", "بلغاريا", "بناء", "بنزين", "بنغازي", "بنغلاديش",
        "بنما", "بنود", "بنوك", "بوتين", "بورصه", "بورما", "بوسطن", "بولندا", "بولندي", "بومباي",
        "بيئه", "بيئي", "بيان", "بيرو", "بيروت", "بيشه", "بيوت", "فرنسا", "كابل", "لائحه", "لاتفيا",
        "لاجئ", "لاذقيه", "لاعب", "لاغوس", "لاهاي", "لاوس", "لبنان", "لبناني", "لجان", "لجنه", "لحظه",
        "لحوم", "لشبونه", "لعبه", "لقاء", "لندن", "لواء", "لوائح", "لوحه", "لوزان", "لوكسمبورغ",
        "لياقه", "ليالي", "ليبي", "ليبيا", "ليتوانيا", "ليره", "ليفربول", "ليله", "ليون", "وائل",
        "واجب", "واحد", "واحده", "وادي", "واردات", "وارسو", "واشنطن", "واصل", "وافق", "واقع", "والد",
        "والده", "والي", "وباء", "وثائق", "وثيقه", "وجود", "ودائع", "ورشه", "ورقه", "وزاره", "وزراء",
        "وزير", "وسائل", "وسام", "وسيله", "وصول", "وطن", "وطني", "وظائف", "وظيفه", "وعود", "وفاه",
        "وفد", "وفود", "وفيات", "وقود", "وكاله", "وكيل", "ولاده", "ولايه", "وليد", "ويلز",
    };
    return WORDS;
}

// Words never shortened: what looks like a suffix is part of the word
// (فلسطين، قانون، مليون، تعيين; the tens عشرين…تسعين, which would merge
// with عشر…تسع) or the whole word looks like article + word (الله, not
// ال + له).  Sorted by code point; a test checks it.
const std::vector<std::string_view>& LightStem::keep_whole_words() {
    static const std::vector<std::string_view> WORDS = {
        "اثينا", "اربعون", "اربعين", "الله", "بنيامين", "تامين", "تحسين", "تخزين", "تدخين", "تدشين",
        "تسعون", "تسعين", "تعاون", "تعيين", "تكوين", "تلفزيون", "تمكين", "توطين", "ثلاثون", "ثلاثين",
        "ثمانون", "ثمانين", "خمسون", "خمسين", "زيتون", "سبعون", "سبعين", "عشرون", "عشرين", "عناوين",
        "فلسطين", "فيينا", "قانون", "قوانين", "كاميرون", "كلينتون", "كورونا", "مضمون", "مليون",
        "ميادين", "ياسين",
    };
    return WORDS;
}

}  // namespace fahras::detail
