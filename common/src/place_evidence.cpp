// The article-level evidence of place recognition: country adjectives,
// lists of places, which country a shared name is in, sports articles
// naming clubs.  Part of PlaceRecognizer (place_recognizer.cpp scans the
// words).
#include <fahras/place_recognizer.h>

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>

#include "place_words.h"

#include <algorithm>
#include <unordered_set>

namespace fahras {

using arabic::u8::AL;

// The adjectives of a country's one-word name @a name (normalized):
// السعودية → السعودي/السعوديه, قطر → القطري/القطريه, سوريا → السوري…
// Forms that are no word cost nothing; the first of the pair is masculine.
std::vector<std::pair<std::string, bool>> nisba_forms(const std::string& name) {
    static const std::string YA = normalize_text("يا"), YEH_TEH = normalize_text("ية"), ALEF = normalize_text("ا"),
                             TEH = normalize_text("ة"), YEH = normalize_text("ي");
    auto ends_with = [](const std::string& w, const std::string& end) {
        return w.size() > end.size() && w.compare(w.size() - end.size(), end.size(), end) == 0;
    };
    std::vector<std::string> stems;
    for (std::string stem : {name, starts_with(name, AL) ? name.substr(AL.size()) : std::string()}) {
        if (letters(stem) < 3) continue;
        for (const std::string* end : {&YA, &YEH_TEH, &ALEF, &TEH})
            if (ends_with(stem, *end)) {
                stem.resize(stem.size() - end->size());
                break;
            }
        if (letters(stem) >= 2) stems.push_back(stem);
    }
    std::vector<std::pair<std::string, bool>> out;
    for (const std::string& stem : stems) {
        out.emplace_back(std::string(AL) + stem + YEH, true);
        out.emplace_back(std::string(AL) + stem + YEH + TEH, false);
    }
    return out;
}
PlaceRecognizer::PlaceRecognizer(const Gazetteer& gazetteer, RecognizerOptions options)
    : gazetteer_(gazetteer), options_(options) {
    for (PlaceIndex index = 0; index < gazetteer.size(); ++index) {
        const Place& place = gazetteer.place(index);
        if (place.kind != PlaceKind::country || place.from_user_file) continue;
        std::vector<std::string> names{place.name_ar};
        names.insert(names.end(), place.alt_names_ar.begin(), place.alt_names_ar.end());
        for (const std::string& name : names) {
            const std::string normalized = normalize_text(name);
            if (normalized.find(' ') != std::string::npos) continue;
            for (const auto& [form, masculine] : nisba_forms(normalized))
                nisbas_.emplace(form, Nisba{index, masculine});
        }
    }
}

const PlaceRecognizer::Nisba* PlaceRecognizer::nisba(std::string_view word) const {
    const auto found = nisbas_.find(std::string(word));
    return found == nisbas_.end() ? nullptr : &found->second;
}

namespace {

// Words of sports news (normalized).  An article with several of them is
// about sport, where a town's name alone is its club («رئيس نجران», «صفوف
// الليث»).  Not الفريق (also a general's rank), الموسم (Hajj's season) nor
// هدف/أهداف ("aim" as much as "goal").
bool is_sports_word(std::string_view word) {
    static const std::unordered_set<std::string> WORDS = [] {
        std::unordered_set<std::string> out;
        for (const char* w : {"مباراة", "المباراة", "مباريات", "المباريات", "الدوري", "دوري", "لاعب", "اللاعب",
                              "لاعبي", "لاعبين", "اللاعبين", "مدرب", "المدرب", "النادي", "الأندية", "البطولة",
                              "بطولة", "الملعب", "ملعب", "المنتخب", "منتخب", "جماهير",
                              "الجماهير", "مرمى", "شباك", "التعادل", "الشوط", "الكرة"})
            out.insert(normalize_text(w));
        return out;
    }();
    return WORDS.count(std::string(word)) > 0;
}

// Distinct sports words that make an article a sports article.
constexpr std::size_t SPORTS_WORDS = 3;

bool is_sports_article(const std::vector<std::string_view>& title, const std::vector<std::string_view>& body) {
    std::unordered_set<std::string_view> seen;
    for (const auto* words : {&title, &body})
        for (std::string_view w : *words)
            if (is_sports_word(w) && seen.insert(w).second && seen.size() >= SPORTS_WORDS) return true;
    return false;
}


}  // namespace

// Lists of places make context: the two rules below.
void PlaceRecognizer::mark_lists(std::vector<Candidate>& candidates) const {
    // A list of countries is context for an ambiguous country name: "قطر، عمان".
    auto is_country = [&](PlaceIndex p) { return gazetteer_.place(p).kind == PlaceKind::country; };
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        auto& c = candidates[k];
        if (!c.ambiguous || c.has_context || c.strict || std::none_of(c.places.begin(), c.places.end(), is_country))
            continue;
        const auto country_word = [&](const Candidate& o) { return !o.ambiguous && is_country(o.places.front()); };
        if ((k > 0 && candidates[k - 1].first_word + candidates[k - 1].words == c.first_word &&
             country_word(candidates[k - 1])) ||
            (k + 1 < candidates.size() && c.first_word + c.words == candidates[k + 1].first_word &&
             country_word(candidates[k + 1]))) {
            c.has_context = true;
            c.country_list = true;
        }
    }
    // A list of places of one country is context even for an everyday word:
    // "حلب والباب" is the town, "فتح الباب" the door.  The neighbour must be
    // sure (not itself ambiguous) and right next to the name.  Only for our
    // own gazetteer's names: a large one's villages named اليوم or الجديد
    // would otherwise follow every city ("الرياض اليوم").
    for (std::size_t k = 0; k < candidates.size(); ++k) {
        auto& c = candidates[k];
        if (!c.ambiguous || c.has_context || !c.strict || gazetteer_.place(c.places.front()).from_user_file) continue;
        const auto same_country_neighbour = [&](const Candidate& o) {
            if (o.ambiguous || o.evidence_only) return false;
            const PlaceIndex country = gazetteer_.country_of(o.places.front());
            return country != NO_PLACE && std::any_of(c.places.begin(), c.places.end(), [&](PlaceIndex p) {
                       return gazetteer_.country_of(p) == country;
                   });
        };
        if ((k > 0 && candidates[k - 1].first_word + candidates[k - 1].words == c.first_word &&
             same_country_neighbour(candidates[k - 1])) ||
            (k + 1 < candidates.size() && c.first_word + c.words == candidates[k + 1].first_word &&
             same_country_neighbour(candidates[k + 1])))
            c.has_context = true;
    }
}

bool PlaceRecognizer::spans_countries(const std::vector<PlaceIndex>& places) const {
    return std::any_of(places.begin(), places.end(), [&](PlaceIndex p) {
        return gazetteer_.country_of(p) != gazetteer_.country_of(places.front());
    });
}

// The first of @a places is a city of a million or more, five times as big
// as any place of that name in another country.
bool PlaceRecognizer::dominant(const std::vector<PlaceIndex>& places) const {
    constexpr std::uint64_t BIG_CITY = 1000000, TIMES = 5;
    const PlaceIndex country = gazetteer_.country_of(places.front());
    std::uint64_t own = 0, others = 0;
    for (PlaceIndex p : places) {
        std::uint64_t& biggest = gazetteer_.country_of(p) == country ? own : others;
        biggest = std::max(biggest, gazetteer_.place(p).population);
    }
    return own >= BIG_CITY && own >= TIMES * others;
}

// The place of @a c in the country the article names most often (sure
// mentions), the first of the name's places on a tie.
PlaceIndex PlaceRecognizer::by_article_countries(
    const Candidate& c, const std::unordered_map<PlaceIndex, std::size_t>& country_mentions) const {
    PlaceIndex best = NO_PLACE;
    std::size_t most = 0;
    for (PlaceIndex p : c.places) {
        const auto found = country_mentions.find(gazetteer_.country_of(p));
        if (found != country_mentions.end() && found->second > most) {
            best = p;
            most = found->second;
        }
    }
    return best;
}

// In a sports article a town named nowhere with a place word, a
// preposition of place or in the dateline is its club («رئيس نجران»,
// «صفوف الليث»): its mentions go.  Countries and regions stay (a national
// team still says the country).
void PlaceRecognizer::drop_clubs(const std::vector<std::string_view>& title_words,
                                 const std::vector<std::string_view>& body_words, std::vector<PlaceMention>& mentions,
                                 const std::vector<bool>& placed) const {
    auto is_town = [&](PlaceIndex p) {
        const PlaceKind kind = gazetteer_.place(p).kind;
        return kind == PlaceKind::city || kind == PlaceKind::district;
    };
    std::unordered_set<PlaceIndex> unplaced, placed_somewhere;
    for (std::size_t m = 0; m < mentions.size(); ++m) {
        if (!is_town(mentions[m].place)) continue;
        (placed[m] ? placed_somewhere : unplaced).insert(mentions[m].place);
    }
    for (PlaceIndex p : placed_somewhere) unplaced.erase(p);
    if (unplaced.empty() || !is_sports_article(title_words, body_words)) return;
    mentions.erase(std::remove_if(mentions.begin(), mentions.end(),
                                  [&](const PlaceMention& m) { return unplaced.count(m.place) > 0; }),
                   mentions.end());
}

}  // namespace fahras
