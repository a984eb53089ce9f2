#include <fahras/place_recognizer.h>

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>
#include <fahras/words.h>

#include "place_words.h"

#include <algorithm>
#include <array>
#include <set>
#include <unordered_set>

namespace fahras {

namespace {

using arabic::u8::AL;
using arabic::u8::BEH;
using arabic::u8::FEH;
using arabic::u8::KAF;
using arabic::u8::LAM;
using arabic::u8::LAM_LAM;
using arabic::u8::LETTER_BYTES;
using arabic::u8::WAW;

// The words of normalized text that names are made of: the words the index
// holds (words.h), so quotation marks and dashes are never part of a name;
// and the parts of a hashtag, whose words _ joins into one word of the
// index (#تفجير_في_أبها mentions Abha).
std::vector<std::string_view> names_words(std::string_view text) {
    std::vector<std::string_view> words;
    for (std::string_view word : words_of(text)) {
        for (std::size_t start = 0;;) {
            const std::size_t end = word.find('_', start);
            const std::string_view part = word.substr(start, end == std::string_view::npos ? end : end - start);
            if (!part.empty()) words.push_back(part);
            if (end == std::string_view::npos) break;
            start = end + 1;
        }
    }
    return words;
}

// The forms a word may take once its proclitics are removed, longest first.
// scan() takes them for every word of every article, so they cost no
// allocation: all but the ال forms are ends of the word, kept as views; an
// ال form (at most one per base) is built in a buffer of its own.  The views
// point into the object, which therefore cannot be copied.
class Forms {
  public:
    explicit Forms(std::string_view word) {
        push(word);
        std::array<std::string_view, 2> bases{word, {}};
        // Two letters must remain (وتل أبيض → تل أبيض); two-letter names need
        // context anyway, so short remainders cannot create false places.
        if ((starts_with(word, WAW) || starts_with(word, FEH)) && letters(word) >= 3)
            bases[1] = word.substr(LETTER_BYTES);
        for (std::size_t b = 0; b < bases.size() && !bases[b].empty(); ++b) {
            const std::string_view base = bases[b];
            if (b > 0) push(base);
            // لل is ل + ال with the alef dropped: للموصل → الموصل.
            if (starts_with(base, LAM_LAM) && letters(base) >= 4) {
                joined_[b].assign(AL);
                joined_[b].append(base.substr(LAM_LAM.size()));
                push(joined_[b]);
            }
            if ((starts_with(base, BEH) || starts_with(base, KAF) || starts_with(base, LAM)) && letters(base) >= 3)
                push(base.substr(LETTER_BYTES));
        }
    }
    Forms(const Forms&) = delete;
    Forms& operator=(const Forms&) = delete;

    std::size_t size() const { return size_; }
    std::string_view operator[](std::size_t i) const { return forms_[i]; }
    const std::string_view* begin() const { return forms_.data(); }
    const std::string_view* end() const { return forms_.data() + size_; }

  private:
    void push(std::string_view form) { forms_[size_++] = form; }

    // The word; per base (the word, and it without و/ف): the base unless it
    // is the word, its ال form, it without ب/ك/ل.
    std::array<std::string_view, 6> forms_;
    std::size_t size_ = 0;
    std::array<std::string, 2> joined_;
};

}  // namespace

// A word with the article: الـ, and with proclitics وال، بال، لل…
bool is_definite(std::string_view word) {
    std::string_view w = word;
    if ((starts_with(w, WAW) || starts_with(w, FEH)) && letters(w) >= 4) w.remove_prefix(LETTER_BYTES);
    if (starts_with(w, LAM_LAM)) return true;
    if ((starts_with(w, BEH) || starts_with(w, KAF) || starts_with(w, LAM)) && starts_with(w.substr(LETTER_BYTES), AL))
        return true;
    return starts_with(w, AL);
}

// A word that is the name of a place of the bundled gazetteer, with or without proclitics.
bool is_bundled_name(const Gazetteer& gazetteer, std::string_view word) {
    for (std::string_view form : Forms(word))
        for (PlaceIndex p : gazetteer.by_name(std::string(form)))
            if (!gazetteer.place(p).from_user_file) return true;
    return false;
}

bool PlaceRecognizer::needs_context(const std::string& name, PlaceIndex index) const {
    if (ambiguity_lexicon().count(name) || gazetteer_.context_need(name) != ContextNeed::none) return true;
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

namespace {

// A gazetteer name found in the text, and the words around it.
struct Found {
    const std::string& name;      ///< as the gazetteer keys it: @a first and the words after it
    std::string_view first;       ///< the form of the first word the name starts with
    std::string_view word;        ///< that first word as the text has it
    std::size_t words;            ///< words the name takes
    std::string_view prev, next;  ///< the words before and after it ("" at either end)
};

// A place word other than في، من، إلى…, perhaps with proclitics (لمطار, وبمدينة).
bool is_strong_context_form(std::string_view word) {
    for (std::string_view form : Forms(word))
        if (is_strong_context(form)) return true;
    return false;
}

// Not places: a newspaper's title (جريدة الرياض), مسقط رأسه / مسقط الرأس
// "birthplace", أمانة العاصمة المقدسة (Makkah's municipality), a name in a
// person's name (أبو العلا, ابن الليث), a noun after a demonstrative (هذه
// الزاوية "this angle": a place's name takes none).
bool is_title_or_idiom(const Found& found) {
    static const std::string MUSCAT = normalize_text("مسقط"), RAS = normalize_text("راس"),
                             AL_RAS = normalize_text("الراس"), AMANA = normalize_text("أمانة العاصمة"),
                             HOLY = normalize_text("المقدسة");
    return (is_press_word(found.prev) && starts_with(found.first, AL)) || is_organisation_word(found.prev) ||
           is_kinship_word(found.prev) || (is_demonstrative(found.prev) && starts_with(found.first, AL)) ||
           (found.name == MUSCAT && (starts_with(found.next, RAS) || starts_with(found.next, AL_RAS))) ||
           (found.name == AMANA && found.next == HOLY);
}

// A name conjoined in a list that an organisation word heads: «أندية
// الحزم والرائد والفيصلي ونجران» names clubs, all four.  @a at is the
// name's first word; the items before it each start with و.
bool in_organisation_list(const std::vector<std::string_view>& words, std::size_t at) {
    if (!starts_with(words[at], WAW)) return false;
    constexpr std::size_t MAX_ITEMS = 8;
    for (std::size_t k = at, items = 0; k > 0 && items < MAX_ITEMS; --k, ++items) {
        const std::string_view before = words[k - 1];
        if (!starts_with(before, WAW)) return k >= 2 && is_organisation_word(words[k - 2]);
    }
    return false;
}

// A name of our own gazetteer is never another file's place of that name.
void keep_bundled_places(const Gazetteer& gazetteer, std::vector<PlaceIndex>& places) {
    if (std::any_of(places.begin(), places.end(), [&](PlaceIndex p) { return !gazetteer.place(p).from_user_file; }))
        places.erase(std::remove_if(places.begin(), places.end(),
                                    [&](PlaceIndex p) { return gazetteer.place(p).from_user_file; }),
                     places.end());
}

// An ambiguous word is also read without its proclitics: وجدة is Oujda or
// "and Jeddah"; the article's countries decide.  @a forms from the one
// after @a form (the one the name was found with) on; @a rest: the name's
// other words.
void add_readings_without_proclitics(const Gazetteer& gazetteer, const Forms& forms, std::size_t form,
                                     const std::string& rest, std::vector<PlaceIndex>& places) {
    for (std::size_t g = form + 1; g < forms.size(); ++g)
        for (PlaceIndex q : gazetteer.by_name(std::string(forms[g]) + rest))
            if (std::find(places.begin(), places.end(), q) == places.end()) places.push_back(q);
}

// What a name needs before it counts as a place.
struct Doubt {
    bool ambiguous;            ///< a context word before it
    bool common_word;          ///< a place word before it: a neighbouring place will not do
    bool strong_context_only;  ///< a context word other than في، من، إلى…
    bool kind_word_only = false;  ///< a word saying the kind of place (مدينة, قرية), not a direction
};

// @a doubt, what the name itself needs (a common word, a name that needs
// context), and what its first place @a front adds.
Doubt add_doubt_of_place(Doubt doubt, const Found& found, const Place& front, std::uint64_t min_population) {
    // A short name reached by removing a proclitic (لغات → غات, فاطمة →
    // أطمة, بحجة → حجة) is a small place only with context.
    if (found.first != found.word && found.words == 1 && letters(found.first) <= 4 &&
        (front.kind == PlaceKind::city || front.kind == PlaceKind::district) && front.population < min_population)
        doubt.ambiguous = true;
    // A user gazetteer's places are checked harder: its towns need a word
    // saying their kind before them (its large file names towns فان "then",
    // يوما "one day", فلاديمير, ليفربول: their country in the article is
    // no evidence); its regions their country or a place word.
    doubt.strong_context_only = doubt.common_word && !any_context_will_do(found.name);
    if (front.from_user_file && front.kind != PlaceKind::country) {
        if (doubt.ambiguous || front.kind != PlaceKind::admin1) doubt.common_word = true;
        doubt.ambiguous = true;
        doubt.strong_context_only = true;
        doubt.kind_word_only = front.kind != PlaceKind::admin1;
    }
    return doubt;
}

// "الحملة الوطنية السعودية": السعودية after a definite noun is the
// adjective; it still tells the article is about Saudi Arabia.
bool is_saudi_adjective(const Gazetteer& gazetteer, const Found& found) {
    static const std::string SAUDI = normalize_text("السعودية");
    return found.name == SAUDI && found.first == found.word && is_definite(found.prev) &&
           !PlaceRecognizer::context_words().count(std::string(found.prev)) && !is_bundled_name(gazetteer, found.prev);
}

// A dash between the word before and the name: a dateline or a byline
// («عين اليوم – جدة», «محمد الحمد - الرياض»).
bool after_dash(const Found& found) {
    if (found.prev.empty()) return false;
    const char* from = found.prev.data() + found.prev.size();
    const char* to = found.word.data();
    if (to <= from) return false;
    const std::string_view gap(from, static_cast<std::size_t>(to - from));
    return gap.find('-') != std::string_view::npos || gap.find("\u2013") != std::string_view::npos ||
           gap.find("\u2014") != std::string_view::npos;
}

// The name was written with ب or ل, prepositions of place («بالدمام»,
// «للمجمعة»), perhaps after و/ف.
bool has_preposition(const Found& found) {
    if (found.first == found.word) return false;
    std::string_view w = found.word;
    if ((starts_with(w, WAW) || starts_with(w, FEH)) && !starts_with(found.first, w.substr(0, LETTER_BYTES)))
        w.remove_prefix(LETTER_BYTES);
    return w != found.first && (starts_with(w, BEH) || starts_with(w, LAM));
}

// «سلطان عمان»: a ruler's title makes a country of a name.
bool after_ruler_title(const Gazetteer& gazetteer, const Found& found, const std::vector<PlaceIndex>& places) {
    static const std::string SULTAN = normalize_text("سلطان");
    return found.prev == SULTAN && std::any_of(places.begin(), places.end(), [&](PlaceIndex p) {
               return gazetteer.place(p).kind == PlaceKind::country;
           });
}

// A word saying a place's kind, before a user gazetteer's place of kind
// @a kind: a neighbourhood's is حي («حي الملك عبدالعزيز»; «مطار الملك
// عبدالعزيز» and «مدينة الملك عبدالعزيز» are named after the king).
bool fits_kind(std::string_view word, PlaceKind kind) {
    if (kind == PlaceKind::district) return is_neighbourhood_word(word);
    return is_kind_word(word);
}

// " " and words [first, last) into @a rest.
void join_rest(const std::vector<std::string_view>& words, std::size_t first, std::size_t last, std::string& rest) {
    rest.clear();
    for (std::size_t k = first; k < last; ++k) {
        rest += ' ';
        rest += words[k];
    }
}

// The first words of a body, where a dateline names the place (جدة – …).
constexpr std::size_t DATELINE_WORDS = 3;

}  // namespace

void PlaceRecognizer::scan(const std::vector<std::string_view>& words, std::size_t offset, bool in_title,
                           std::vector<Candidate>& out) const {
    std::string rest, name;  // reused: most words need neither
    for (std::size_t i = 0; i < words.size();) {
        bool matched = false;
        // Most words start no place name in any of their forms: one lookup
        // per form settles them.
        const Forms forms(words[i]);
        std::size_t window = 0;
        for (std::string_view form : forms) window = std::max(window, gazetteer_.max_words_starting_with(form));
        for (std::size_t n = std::min(window, words.size() - i); n >= 1 && !matched; --n) {
            join_rest(words, i + 1, i + n, rest);
            for (std::size_t f = 0; f < forms.size(); ++f) {
                const std::string_view first = forms[f];
                if (gazetteer_.max_words_starting_with(first) < n) continue;
                name.assign(first);
                name += rest;
                std::vector<PlaceIndex> places = gazetteer_.by_name(name);
                if (places.empty() || never_alone().count(name)) continue;
                const Found found{name, first, words[i], n, i > 0 ? words[i - 1] : std::string_view(),
                                  i + n < words.size() ? words[i + n] : std::string_view()};
                // A title or an idiom takes its words, but is no place.
                // A country's masculine adjective after a town with no place word
                // before it names a club: «إلى الخور القطري».  The feminine one, or
                // any after a place word other than في/إلى, names the town's
                // country («مدينة العين الإماراتية», «ميناء العقبة الأردني»).
                const Nisba* after = n == 1 ? nisba(found.next) : nullptr;
                const Place& front_place = gazetteer_.place(places.front());
                const bool club = after && after->masculine &&
                                  (front_place.kind == PlaceKind::city || front_place.kind == PlaceKind::district) &&
                                  !is_strong_context_form(found.prev);
                // A user gazetteer's place named after a word the archive almost
                // never writes as a place (علي "on", الثورة, عادل) is no place: the
                // name is measured (data/gazetteer/large_needs.tsv).
                keep_bundled_places(gazetteer_, places);
                const bool never = gazetteer_.place(places.front()).from_user_file &&
                                   gazetteer_.context_need(name) == ContextNeed::never;
                if (!club && !never && !is_title_or_idiom(found) && !in_organisation_list(words, i)) {
                    if (ambiguity_lexicon().count(name)) add_readings_without_proclitics(gazetteer_, forms, f, rest, places);
                    const bool common_word = common_word_names().count(name) > 0 ||
                                             gazetteer_.context_need(name) == ContextNeed::place_word ||
                                             (is_date_name(name) && !is_strong_context(name.substr(0, name.find(' '))));
                    const Doubt of_name{common_word || needs_context(name, places.front()), common_word, false};
                    const Doubt doubt =
                        add_doubt_of_place(of_name, found, gazetteer_.place(places.front()), options_.min_population);
                    Candidate candidate{places, offset + i, n, in_title, doubt.ambiguous, false, doubt.common_word};
                    // A user gazetteer's small places are named after such words too
                    // (its villages الجديد, البلاد, شرق).
                    candidate.everyday_word = common_word || gazetteer_.context_need(name) != ContextNeed::none ||
                                              front_place.from_user_file;
                    candidate.evidence_only = i > 0 && is_saudi_adjective(gazetteer_, found);
                    if (after && std::any_of(places.begin(), places.end(), [&](PlaceIndex p) {
                            return gazetteer_.country_of(p) == after->country;
                        })) {
                        candidate.named_country = after->country;
                        candidate.has_context = true;
                    }
                    if (after_ruler_title(gazetteer_, found, places)) candidate.country_list = candidate.has_context = true;
                    if (candidate.ambiguous && i > 0 && candidate.named_country == NO_PLACE && !candidate.country_list) {
                        candidate.has_context = doubt.kind_word_only
                                                    ? fits_kind(found.prev, gazetteer_.place(places.front()).kind)
                                                : doubt.strong_context_only ? is_strong_context(found.prev)
                                                                            : context_words().count(std::string(found.prev)) > 0;
                    }
                    candidate.placed = (!in_title && (i < DATELINE_WORDS || after_dash(found))) || has_preposition(found) ||
                                       is_strong_context_form(found.prev) ||
                                       context_words().count(std::string(found.prev)) > 0 ||
                                       nisba(found.prev) != nullptr || candidate.named_country != NO_PLACE ||
                                       candidate.country_list;
                    out.push_back(std::move(candidate));
                }
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
    return recognize_normalized(normalize_text(title), normalize_text(body));
}

std::vector<PlaceMention> PlaceRecognizer::recognize_normalized(std::string_view title, std::string_view body) const {
    const auto title_words = names_words(title);
    const auto body_words = names_words(body);
    std::vector<Candidate> candidates;
    scan(title_words, 0, true, candidates);
    scan(body_words, title_words.size(), false, candidates);

    // Countries the article mentions without ambiguity decide the rest,
    // the one it mentions most first.
    std::unordered_map<PlaceIndex, std::size_t> country_mentions;
    for (const auto& c : candidates) {
        if (c.ambiguous) continue;
        // حلب is a city and a governorate, both Syrian: the country is sure.
        const PlaceIndex country = gazetteer_.country_of(c.places.front());
        const bool one_country = std::all_of(c.places.begin(), c.places.end(), [&](PlaceIndex p) {
            return gazetteer_.country_of(p) == country;
        });
        if (one_country && country != NO_PLACE) ++country_mentions[country];
    }
    mark_lists(candidates);
    std::vector<PlaceMention> mentions;
    std::vector<bool> placed;  // per mention
    for (const auto& c : candidates) {
        if (c.evidence_only) continue;
        PlaceIndex chosen = c.places.front();
        bool country_known = false;
        // In a list of countries, a name that is a country and a city
        // (عمان) is the country.
        if (c.country_list)
            for (PlaceIndex p : c.places)
                if (gazetteer_.place(p).kind == PlaceKind::country) {
                    chosen = p;
                    break;
                }
        if (c.named_country != NO_PLACE) {
            for (PlaceIndex p : c.places)
                if (gazetteer_.country_of(p) == c.named_country) {
                    chosen = p;
                    country_known = true;
                    break;
                }
        } else if (const PlaceIndex p = by_article_countries(c, country_mentions); p != NO_PLACE) {
            chosen = p;
            country_known = true;
        }
        if (c.ambiguous && !c.has_context && (c.strict || !country_known)) continue;
        // A place word says a word is a place, not which one («مدينة العيون» in
        // al-Ahsa): an everyday word of geography counts with a place word
        // only if the article names its country too, or no country.
        if (c.ambiguous && c.everyday_word && !country_known && !country_mentions.empty() && !c.country_list) continue;
        // A name several countries' places share (المنصورة of Egypt and of
        // Aden), in an article that names other countries but none of them,
        // is yet another place of that name (a village of Hama, a town of
        // al-Ahsa): left out, unless one of them is a city the world knows
        // by that name (الإسكندرية of Egypt, not of Iraq).
        if (!country_known && !c.country_list && !country_mentions.empty() && spans_countries(c.places) &&
            !dominant(c.places))
            continue;
        mentions.push_back({chosen, c.first_word, c.words, c.in_title, c.ambiguous, c.ambiguous && !c.has_context});
        placed.push_back(c.placed);
    }
    drop_clubs(title_words, body_words, mentions, placed);
    return mentions;
}

std::vector<PlaceIndex> PlaceRecognizer::places_in(std::string_view title, std::string_view body) const {
    return places_in_normalized(normalize_text(title), normalize_text(body));
}

std::vector<PlaceIndex> PlaceRecognizer::places_in_normalized(std::string_view title, std::string_view body) const {
    std::vector<PlaceIndex> places;
    for (const auto& mention : recognize_normalized(title, body))
        if (std::find(places.begin(), places.end(), mention.place) == places.end()) places.push_back(mention.place);
    return places;
}

ArticlePlaces PlaceRecognizer::article_places(std::string_view title, std::string_view body) const {
    return article_places_normalized(normalize_text(title), normalize_text(body));
}

ArticlePlaces PlaceRecognizer::article_places_normalized(std::string_view title, std::string_view body) const {
    // Places in order of first mention, and whether any mention of each
    // passed the bar without help from the article's country.
    std::vector<PlaceIndex> places;
    std::vector<bool> firm;
    for (const auto& mention : recognize_normalized(title, body)) {
        const auto at = std::find(places.begin(), places.end(), mention.place);
        if (at == places.end()) {
            places.push_back(mention.place);
            firm.push_back(!mention.weak);
        } else if (!mention.weak) {
            firm[static_cast<std::size_t>(at - places.begin())] = true;
        }
    }
    ArticlePlaces result;
    for (std::size_t k = 0; k < places.size(); ++k) {
        const PlaceIndex index = places[k];
        const Place& place = gazetteer_.place(index);
        result.mentioned.push_back({place.id, place.name_ar});
        // Weak evidence goes no higher than the place itself and its
        // country, which the article names anyway: "peaceful" (السلمية) in
        // an article about Syria does not put it under Hama governorate.
        std::vector<PlaceIndex> up{index};
        if (firm[k]) {
            up = gazetteer_.ancestors(index);
        } else if (const PlaceIndex country = gazetteer_.country_of(index); country != NO_PLACE && country != index) {
            up.push_back(country);
        }
        for (PlaceIndex at : up) {
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
