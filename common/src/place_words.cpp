// The words the place recognizer weighs: names that need context, words
// that make a name a place, words after which it is an organisation's.
// The lists of place_recognizer.cpp, apart so that the policy reads apart
// from the scanning.
#include "place_words.h"

#include <fahras/normalize.h>
#include <fahras/place_recognizer.h>

namespace fahras {

const std::set<std::string>& PlaceRecognizer::ambiguity_lexicon() {
    // Normalized spellings.  Each is a place name that is at least as often
    // a common word or a person's name in news text.
    static const std::set<std::string> LEXICON = [] {
        std::set<std::string> out;
        for (const char* word : {"الباب", "جده", "عمان", "حماه", "صور", "الخليل", "العين", "الحسين", "سلمان", "الامير",
                                 "الملك", "النصر", "الهلال", "الشباب", "الاتحاد", "الوحده", "الرائد", "التعاون",
                                 "الفتح", "الوطن", "الحياه", "الشرق", "الغرب", "الشمال", "الجنوب", "الوسط", "المنار",
                                 "الامل", "السلام", "النور", "الرحمه", "الحرم", "البيت", "الدار", "الجزيره", "المدينه",
                                 "العاصمه", "الساحل", "الجبل", "البحر", "النهر", "السد", "الميناء", "المطار", "الحدود",
                                 "علي", "محمد", "احمد", "عبدالله", "الله", "كان", "اليوم", "وان", "من", "في", "ان",
                                 "عن", "مع", "بين", "قال", "ذلك", "هذا", "هذه", "الذي", "التي", "حتي", "بعد", "قبل",
                                 "عمر", "خالد", "فيصل", "سعود", "فهد", "نايف", "حمد", "زايد",
                                 // Names that are also clubs, people or words: القادسية (clubs),
                                 // ليون (León, بليون "billion"), سول, الزاوية ("corner"), وجدة
                                 // (و + جدة "and Jeddah", see scan()).
                                 "القادسية", "ليون", "سول", "الزاوية", "وجدة"}) {
            out.insert(normalize_text(word));
        }
        return out;
    }();
    return LEXICON;
}

const std::set<std::string>& PlaceRecognizer::context_words() {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* word : {"في", "مدينة", "بمدينة", "لمدينة", "ومدينة", "بلدة", "ببلدة", "وبلدة", "محافظة",
                                 "بمحافظة", "ومحافظة", "لمحافظة", "ريف", "بريف", "وريف", "قرية", "بقرية", "منطقة",
                                 "بمنطقة", "حي", "بحي", "ولاية", "بولاية", "إمارة", "مخيم", "بمخيم", "ميناء", "مطار",
                                 "عاصمة", "شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "قرب",
                                 "أهالي", "سكان", "إلى", "من", "وفي", "بلدية", "مدن", "محافظات", "أحياء", "معبر",
                                 "قضاء"}) {
            out.insert(normalize_text(word));
        }
        return out;
    }();
    return WORDS;
}

// Place names that are first of all everyday words (كيف "how" and Kyiv,
// الخبر "the news" and Khobar, صور "pictures" and Tyre, مالي "financial" and
// Mali): found by counting place names among the most frequent words of a
// news archive.  A neighbouring place does not make them places (an article
// about Saudi Arabia is full of الخبر meaning "the news"): only a place word
// such as مدينة or محافظة right before them does.
const std::set<std::string>& common_word_names() {
    static const std::set<std::string> NAMES = [] {
        std::set<std::string> out;
        for (const char* word : {"الخبر", "كيف", "اطار", "الجديدة", "طويلة", "عالية", "الدور", "اب", "معسكر",
                                 "الحزم", "الابيض", "باي", "دورا", "الحي", "البيضاء", "بلد", "حديثة", "العين",
                                 "صور", "الخمس", "مني", "العيون", "مالي", "مشهد", "الشرقية", "الغربية", "بشار",
                                 "الخيام", "سلوك", "الوحدة", "الزمالك", "الامل", "النصر", "الحرية", "السلام",
                                 "الرمل", "الجبل", "الوادي", "النهضة", "الفجر", "الشهداء", "التحرير", "القرية",
                                 "البيض", "حولي", "القائم", "الأزرق", "جوهر", "نصيب", "مدني", "الجهة الشرقية",
                                 "تركية", "سيول", "مسكنه", "دوما"}) {
            out.insert(normalize_text(word));
        }
        return out;
    }();
    return NAMES;
}

// Context words strong enough for a common-word name ("في الخبر" is "in the
// news item"; "مدينة الخبر" is Khobar).
bool is_strong_context(std::string_view word) {
    static const std::set<std::string> WEAK = {normalize_text("في"), normalize_text("وفي"), normalize_text("من"),
                                               normalize_text("إلى"), normalize_text("قرب")};
    const std::string key(word);
    return PlaceRecognizer::context_words().count(key) && !WEAK.count(key);
}

// Context words that say what kind of place follows (مدينة, قرية, محافظة…),
// unlike a direction («جنوب البلاد», «شرق المدينة») or the people of a
// place: what a user gazetteer's town named after an everyday word needs.
bool is_kind_word(std::string_view word) {
    static const std::set<std::string> NOT_KINDS = [] {
        std::set<std::string> out;
        for (const char* w : {"شمال", "جنوب", "شرق", "غرب", "شمالي", "جنوبي", "شرقي", "غربي", "أهالي", "سكان"})
            out.insert(normalize_text(w));
        return out;
    }();
    return is_strong_context(word) && !NOT_KINDS.count(std::string(word));
}

// Names the recognizer never takes alone: they name a region wider than any
// one gazetteer entry ("الشام" is Damascus, Syria or the whole Levant).
const std::set<std::string>& never_alone() {
    static const std::set<std::string> NAMES = {normalize_text("الشام"), normalize_text("بلاد الشام")};
    return NAMES;
}

// Names that, unlike the other common words, any place word makes a place,
// "في" included: دوما "always" never follows one ("في دوما" is the town).
bool any_context_will_do(const std::string& name) {
    static const std::string DOUMA = normalize_text("دوما");
    return name == DOUMA;
}

// Words after which a name is not a place: the names of these newspapers
// (جريدة الرياض، صحيفة القدس العربي) are titles, not mentions.
bool is_press_word(std::string_view word) {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* w : {"صحيفة", "جريدة", "لصحيفة", "بصحيفة", "وصحيفة", "لجريدة", "بجريدة", "وجريدة"})
            out.insert(normalize_text(w));
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

// Words after which a name is an organisation's, not a place: بنك مسقط,
// اسمنت نجران, نادي الخور, دينامو كييف.
bool is_organisation_word(std::string_view word) {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* w : {"بنك", "مصرف", "اسمنت", "أسمنت", "نادي", "فريق", "دينامو", "أندية", "جمعية", "فرق"}) {
            const std::string bare = normalize_text(w);
            for (const char* proclitic : {"", "و", "ل", "ب", "ول", "وب"}) out.insert(normalize_text(proclitic) + bare);
        }
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

// A name that is a date (6 أكتوبر, العاشر من رمضان: towns named after
// one): only a place word makes it the town, not «في 6 أكتوبر 2014»; a
// name that starts with one (مدينة 6 أكتوبر) says it itself.
bool is_date_name(const std::string& name) {
    static const std::set<std::string> MONTHS = [] {
        std::set<std::string> out;
        for (const char* m : {"يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر",
                              "نوفمبر", "ديسمبر", "محرم", "صفر", "رمضان", "شوال"})
            out.insert(normalize_text(m));
        return out;
    }();
    for (std::size_t start = 0;;) {
        const std::size_t end = name.find(' ', start);
        if (MONTHS.count(name.substr(start, end == std::string::npos ? end : end - start))) return true;
        if (end == std::string::npos) return false;
        start = end + 1;
    }
}

// Words that say a neighbourhood follows: حي, بحي, وحي, لحي, أحياء.
bool is_neighbourhood_word(std::string_view word) {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* w : {"حي", "بحي", "وحي", "لحي", "وبحي", "أحياء", "بأحياء"}) out.insert(normalize_text(w));
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

// Words that start a person's name or a family's: a place name after them
// is part of it (أبو العلا, ابن الليث, بنت الشاطئ).
bool is_kinship_word(std::string_view word) {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* w : {"أبو", "أبي", "أبا", "ابن", "بن", "بنت", "وأبو", "وابن"}) out.insert(normalize_text(w));
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

// Demonstratives: a definite word after one is a noun of the sentence
// («هذه الزاوية» "this angle», «هذا الباب»), never a place's name.
bool is_demonstrative(std::string_view word) {
    static const std::set<std::string> WORDS = [] {
        std::set<std::string> out;
        for (const char* w : {"هذا", "هذه", "ذلك", "تلك", "هذي", "وهذا", "وهذه", "بهذا", "بهذه", "لهذا", "لهذه",
                              "بتلك", "بذلك", "لتلك", "وتلك", "وذلك"})
            out.insert(normalize_text(w));
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

}  // namespace fahras
