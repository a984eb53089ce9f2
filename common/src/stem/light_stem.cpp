#include "light_stem.h"

#include <fahras/arabic_letters.h>
#include <fahras/utf8.h>

#include <array>
#include <deque>
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

using arabic::TEH;
constexpr LettersView ALEF_TEH = U"\u0627\u062A";  // ات

bool ends_with(LettersView word, LettersView end) {
    return word.size() >= end.size() && word.substr(word.size() - end.size()) == end;
}

// Every step below only removes letters at either end, so a stem is a
// substring of its word: the steps pass views of one decoded buffer and
// allocate nothing.

// One suffix, and the ة a pronoun or ين leaves as ت.
LettersView strip_suffix_once(LettersView word) {
    for (const Suffix& suffix : SUFFIXES) {
        if (!ends_with(word, suffix.letters) || word.size() - suffix.letters.size() < suffix.min_rest) continue;
        word.remove_suffix(suffix.letters.size());
        // قراراتها: the ت belongs to the plural ات, removed next round;
        // حياتها: too short for a plural, so it is a ة.
        const bool plural = ends_with(word, ALEF_TEH) && word.size() - ALEF_TEH.size() >= 3;
        if (suffix.teh_from != 0 && word.size() >= suffix.teh_from && word.back() == TEH && !plural)
            word.remove_suffix(1);
        return word;
    }
    return word;
}

// A view that only loses letters is unchanged exactly when its length is.
LettersView strip_suffixes(LettersView word) {
    for (;;) {
        const LettersView shorter = strip_suffix_once(word);
        if (shorter.size() == word.size()) return word;
        word = shorter;
    }
}

Letters decode(std::string_view text) {
    Letters letters;
    for (std::size_t pos = 0; pos < text.size();) letters += utf8::decode(text, pos);
    return letters;
}

struct Exceptions {
    // The sets hold views of `words`, a deque so that they never move.
    std::deque<Letters> words;
    std::unordered_set<LettersView> whole;
    std::unordered_set<LettersView> start;
    std::unordered_set<LettersView> start_stems;  ///< strip_suffixes() of each start word

    bool protects_start(LettersView rest, LettersView stem) const {
        return start.count(rest) != 0 || start_stems.count(stem) != 0;
    }
};

const Exceptions& exceptions() {
    static const Exceptions EXCEPTIONS = [] {
        Exceptions e;
        for (auto word : LightStem::keep_whole_words()) e.whole.insert(e.words.emplace_back(decode(word)));
        for (auto word : LightStem::keep_start_words()) {
            const LettersView letters = e.words.emplace_back(decode(word));
            e.start_stems.insert(strip_suffixes(letters));
            e.start.insert(letters);
        }
        return e;
    }();
    return EXCEPTIONS;
}

// One round: the longest proclitic the guards allow, then the suffixes.
// Readings are tried from the shortest proclitic (none) up; the first one
// that reaches an exception word ends the search there.
LettersView stem_once(LettersView word) {
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
        if (ex.whole.count(rest) != 0) return rest;
        const LettersView stem = strip_suffixes(rest);
        if (ex.protects_start(rest, stem)) return stem;
    }
    return strip_suffixes(best);
}

// Xapian's TermGenerator passes words of at most 64 bytes, hence letters:
// those decode on the stack; only a longer word (from a caller of our own)
// takes the heap.
constexpr std::size_t STACK_LETTERS = 64;

}  // namespace

LightStem::LightStem(std::size_t cache_limit) : cache_(cache_limit) {}

std::string LightStem::operator()(const std::string& word) { return cache_.get(word, stem_uncached); }

std::string LightStem::stem_uncached(const std::string& word) {
    std::array<char32_t, STACK_LETTERS> stack;
    Letters heap;
    char32_t* letters = stack.data();
    if (word.size() > stack.size()) {
        heap.resize(word.size());
        letters = heap.data();
    }
    std::size_t count = 0;
    for (std::size_t pos = 0; pos < word.size();) {
        const char32_t c = utf8::decode(word, pos);
        if (!arabic::is_letter(c)) return word;
        letters[count++] = c;
    }
    if (count == 0) return word;
    const LettersView whole(letters, count);
    // Every round that changes the word shortens it, so this ends; running
    // to the fixed point is what makes البرنامج and برنامج meet.
    LettersView stem = whole;
    for (;;) {
        const LettersView next = stem_once(stem);
        if (next.size() == stem.size()) break;
        stem = next;
    }
    // Every Arabic letter takes two bytes in UTF-8 (utf8::decode rejects
    // overlong forms), so the stem's bytes are a substring of the word's.
    const auto begin = static_cast<std::size_t>(stem.data() - whole.data());
    return word.substr(2 * begin, 2 * stem.size());
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
