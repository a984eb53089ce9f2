#include <fahras/place_recognizer.h>

#include <fahras/normalize.h>

#include <algorithm>
#include <unordered_set>

namespace fahras {

namespace {

// Letters as normalized UTF-8 (two bytes each).
constexpr std::string_view WAW = "\u0648", FEH = "\u0641", BEH = "\u0628", KAF = "\u0643", LAM = "\u0644";
constexpr std::string_view AL = "\u0627\u0644";  // ال

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// Arabic letters in a normalized word (each two bytes; ASCII counts one).
std::size_t letters(std::string_view word) {
    std::size_t n = 0;
    for (unsigned char c : word) n += (c & 0xC0) != 0x80;
    return n;
}

// Split normalized text into words the way the index does: letters, marks
// and digits; everything else separates.
std::vector<std::string> words_of(std::string_view normalized) {
    std::vector<std::string> words;
    std::string current;
    for (std::size_t i = 0; i < normalized.size(); ++i) {
        const auto c = static_cast<unsigned char>(normalized[i]);
        const bool ascii_word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z');
        const bool separator = c < 0x80 && !ascii_word;
        // Non-ASCII: keep together; Arabic punctuation was made a space already.
        if (separator) {
            if (!current.empty()) words.push_back(std::move(current));
            current.clear();
        } else {
            current += static_cast<char>(c);
        }
    }
    if (!current.empty()) words.push_back(std::move(current));
    return words;
}

// The forms a word may take once its proclitics are removed, longest first.
std::vector<std::string> without_proclitics(const std::string& word) {
    std::vector<std::string> forms{word};
    std::vector<std::string> bases{word};
    // Two letters must remain (وتل أبيض → تل أبيض); two-letter names need
    // context anyway, so short remainders cannot create false places.
    if ((starts_with(word, WAW) || starts_with(word, FEH)) && letters(word) >= 3) bases.push_back(word.substr(2));
    for (const auto& base : bases) {
        if (base != word) forms.push_back(base);
        // لل is ل + ال with the alef dropped: للموصل → الموصل.
        if (starts_with(base, std::string(LAM) + std::string(LAM)) && letters(base) >= 4)
            forms.push_back(std::string(AL) + base.substr(4));
        if ((starts_with(base, BEH) || starts_with(base, KAF) || starts_with(base, LAM)) && letters(base) >= 3)
            forms.push_back(base.substr(2));
    }
    return forms;
}

}  // namespace

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
                                 "عمر", "خالد", "فيصل", "سعود", "فهد", "نايف", "حمد", "زايد"}) {
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
                                 "أهالي", "سكان", "إلى", "من", "وفي", "بلدية", "مدن", "محافظات", "أحياء"}) {
            out.insert(normalize_text(word));
        }
        return out;
    }();
    return WORDS;
}

PlaceRecognizer::PlaceRecognizer(const Gazetteer& gazetteer, RecognizerOptions options)
    : gazetteer_(gazetteer), options_(options) {}

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
                                 "الرمل", "الجبل", "الوادي", "النهضة", "الفجر", "الشهداء", "التحرير", "القرية"}) {
            out.insert(normalize_text(word));
        }
        return out;
    }();
    return NAMES;
}

// Context words strong enough for a common-word name ("في الخبر" is "in the
// news item"; "مدينة الخبر" is Khobar).
bool is_strong_context(const std::string& word) {
    static const std::set<std::string> WEAK = {normalize_text("في"), normalize_text("وفي"), normalize_text("من"),
                                               normalize_text("إلى"), normalize_text("قرب")};
    return PlaceRecognizer::context_words().count(word) && !WEAK.count(word);
}

// Names the recognizer never takes alone: they name a region wider than any
// one gazetteer entry ("الشام" is Damascus, Syria or the whole Levant).
const std::set<std::string>& never_alone() {
    static const std::set<std::string> NAMES = {normalize_text("الشام"), normalize_text("بلاد الشام")};
    return NAMES;
}

bool PlaceRecognizer::needs_context(const std::string& name, PlaceIndex index) const {
    if (ambiguity_lexicon().count(name)) return true;
    if (letters(name) <= 2) return true;
    const Place& place = gazetteer_.place(index);
    if (!place.from_user_file) return false;
    switch (place.kind) {
        case PlaceKind::country:
        case PlaceKind::admin1:
            return false;
        case PlaceKind::city:
            return place.population < options_.min_population;
        default:
            return true;
    }
}

void PlaceRecognizer::scan(const std::vector<std::string>& words, std::size_t offset, bool in_title,
                           std::vector<Candidate>& out) const {
    const std::size_t window = gazetteer_.max_name_words();
    for (std::size_t i = 0; i < words.size();) {
        bool matched = false;
        for (std::size_t n = std::min(window, words.size() - i); n >= 1 && !matched; --n) {
            std::string rest;
            for (std::size_t k = i + 1; k < i + n; ++k) rest += " " + words[k];
            for (const auto& first : without_proclitics(words[i])) {
                const std::string name = first + rest;
                const auto& places = gazetteer_.by_name(name);
                if (places.empty() || never_alone().count(name)) continue;
                const bool common_word = common_word_names().count(name) > 0;
                Candidate candidate{places, offset + i, n, in_title,
                                    common_word || needs_context(name, places.front()), false, common_word};
                if (candidate.ambiguous && i > 0) {
                    candidate.has_context = common_word ? is_strong_context(words[i - 1])
                                                        : context_words().count(words[i - 1]) > 0;
                }
                out.push_back(std::move(candidate));
                i += n;
                matched = true;
                break;
            }
            if (n == 1) break;
        }
        if (!matched) ++i;
    }
}

std::vector<PlaceMention> PlaceRecognizer::recognize(std::string_view title, std::string_view body) const {
    const auto title_words = words_of(normalize_text(title));
    const auto body_words = words_of(normalize_text(body));
    std::vector<Candidate> candidates;
    scan(title_words, 0, true, candidates);
    scan(body_words, title_words.size(), false, candidates);

    // Countries the article mentions without ambiguity decide the rest.
    std::unordered_set<PlaceIndex> countries;
    for (const auto& c : candidates) {
        if (c.ambiguous) continue;
        // حلب is a city and a governorate, both Syrian: the country is sure.
        const PlaceIndex country = gazetteer_.country_of(c.places.front());
        const bool one_country = std::all_of(c.places.begin(), c.places.end(), [&](PlaceIndex p) {
            return gazetteer_.country_of(p) == country;
        });
        if (one_country && country != NO_PLACE) countries.insert(country);
    }
    std::vector<PlaceMention> mentions;
    for (const auto& c : candidates) {
        PlaceIndex chosen = c.places.front();
        bool country_known = false;
        for (PlaceIndex p : c.places) {
            if (countries.count(gazetteer_.country_of(p))) {
                chosen = p;
                country_known = true;
                break;
            }
        }
        if (c.ambiguous && !c.has_context && (c.strict || !country_known)) continue;
        mentions.push_back({chosen, c.first_word, c.words, c.in_title, c.ambiguous});
    }
    return mentions;
}

std::vector<PlaceIndex> PlaceRecognizer::places_in(std::string_view title, std::string_view body) const {
    std::vector<PlaceIndex> places;
    for (const auto& mention : recognize(title, body))
        if (std::find(places.begin(), places.end(), mention.place) == places.end()) places.push_back(mention.place);
    return places;
}

ArticlePlaces PlaceRecognizer::article_places(std::string_view title, std::string_view body) const {
    ArticlePlaces result;
    for (PlaceIndex index : places_in(title, body)) {
        const Place& place = gazetteer_.place(index);
        result.mentioned.push_back({place.id, place.name_ar});
        for (PlaceIndex at : gazetteer_.ancestors(index)) {
            const Place& p = gazetteer_.place(at);
            if (std::find(result.with_parents.begin(), result.with_parents.end(), p.id) == result.with_parents.end())
                result.with_parents.push_back(p.id);
            if (p.kind == PlaceKind::country &&
                std::find(result.countries.begin(), result.countries.end(), p.country_code) == result.countries.end())
                result.countries.push_back(p.country_code);
        }
    }
    return result;
}

}  // namespace fahras
