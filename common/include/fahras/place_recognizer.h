/** @file place_recognizer.h
 *  @brief Finding the places an article mentions.
 *
 *  Works on normalized text, so every spelling the normalizer folds
 *  (hamza, ة/ه, ى/ي, tashkeel…) matches.  The policy:
 *   1. The longest name wins: "دير الزور" before "الزور", "تل أبيض" before "تل".
 *   2. A name may carry proclitics: و/ف, then ب/ك/ل, and لل for ل+ال
 *      (وبالرقة, لدمشق, والقاهرة, للموصل).
 *   3. Some names are also common words or people's names (الباب "the door",
 *      جدة "grandmother", عمان, حماه "his father-in-law", and in a large
 *      gazetteer علي, الله, اليوم…).  Such an *ambiguous* mention counts only
 *      with context: a place word just before it (في، مدينة، بلدة، محافظة، ريف…)
 *      or another, unambiguous, place of the same country in the article.
 *      Ambiguous are: names in the ambiguity lexicon, and places from a user
 *      gazetteer that are small (under min_population, or unknown) or are not
 *      countries, regions or cities.  Names that are above all everyday
 *      words (كيف, الخبر, صور, مالي) need a place word right before them
 *      (مدينة الخبر), not just any context.
 *      Which names need context is measured too: the bundled gazetteer's
 *      data/gazetteer/needs_context.tsv (Gazetteer::context_need) lists the
 *      names the archive uses as ordinary words, written by
 *      bench/places/context_stats.py.  A place accepted on weak evidence
 *      (only its country elsewhere in the article) gets the article, but
 *      its governorate does not.
 *   4. When several places share a name (طرابلس in Lebanon and Libya), the one
 *      whose country the article otherwise mentions wins, else the most
 *      prominent (country, region, bigger city).
 *   5. Which place: an everyday word of geography (العيون, الوادي) with a
 *      place word counts only if the article names its country, or none;
 *      a country's adjective after a name picks that country's place
 *      (مدينة العين الإماراتية), and its masculine form after a town with no
 *      place word makes a club (الخور القطري); a name after بنك، اسمنت، نادي،
 *      فريق… is an organisation's.  A user gazetteer's towns need a word
 *      saying their kind (مدينة, قرية) before them, its neighbourhoods حي;
 *      its names the archive almost never writes as places
 *      (data/gazetteer/large_needs.tsv: علي, فان, الثورة) are not taken.
 *   6. The article's evidence (place_evidence.cpp): a name several
 *      countries share goes to the country the article names most, and is
 *      left out when the article names only others (unless one place is a
 *      big city); in a sports article a town no mention places is its club;
 *      lists an organisation word heads, names after أبو/ابن, nouns after a
 *      demonstrative and dates (6 أكتوبر) are no places.  docs/places.md,
 *      rules 9-16.
 */
#ifndef FAHRAS_PLACE_RECOGNIZER_H
#define FAHRAS_PLACE_RECOGNIZER_H

#include <fahras/document.h>
#include <fahras/gazetteer.h>

#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fahras {

struct PlaceMention {
    PlaceIndex place = NO_PLACE;
    std::size_t first_word = 0;  ///< position among the text's words
    std::size_t words = 1;
    bool in_title = false;
    bool ambiguous = false;      ///< accepted thanks to context
    /// Accepted only because the article names the place's country
    /// otherwise (no place word before it): weak evidence, which does not
    /// carry the article up to the governorate containing the place.
    bool weak = false;
};

struct RecognizerOptions {
    /// User-gazetteer cities below this population need context.
    std::uint64_t min_population = 50000;
};

class PlaceRecognizer {
  public:
    explicit PlaceRecognizer(const Gazetteer& gazetteer, RecognizerOptions options = {});

    /** The mentions accepted in an article (positions count title words
     *  first, then body words). */
    std::vector<PlaceMention> recognize(std::string_view title, std::string_view body) const;

    /** Distinct places mentioned, in order of first mention. */
    std::vector<PlaceIndex> places_in(std::string_view title, std::string_view body) const;

    /** What to index for an article: the places, their parents, countries. */
    ArticlePlaces article_places(std::string_view title, std::string_view body) const;

    /** The same three, for a title and body that are normalize_text()
     *  already: a caller that normalizes them for indexing anyway saves
     *  doing it twice (it is half the cost of recognition). */
    std::vector<PlaceMention> recognize_normalized(std::string_view title, std::string_view body) const;
    std::vector<PlaceIndex> places_in_normalized(std::string_view title, std::string_view body) const;
    ArticlePlaces article_places_normalized(std::string_view title, std::string_view body) const;

    /** Names that need context whatever gazetteer they come from. */
    static const std::set<std::string>& ambiguity_lexicon();
    /** Words that, just before an ambiguous name, make it a place. */
    static const std::set<std::string>& context_words();

  private:
    struct Candidate {
        std::vector<PlaceIndex> places;
        std::size_t first_word, words;
        bool in_title, ambiguous, has_context;
        bool strict;  ///< a common word: only a place word before it will do
        bool evidence_only = false;  ///< tells the article's country but is not a mention
        bool country_list = false;   ///< the country of its name: next to other country names, after سلطان
        bool everyday_word = false;  ///< measured or listed as an everyday word (not a person's name)
        PlaceIndex named_country = NO_PLACE;  ///< the country a nisba after it names (مدينة العين الإماراتية)
        bool placed = false;  ///< a place word or preposition of place before it, or in the dateline
    };
    void scan(const std::vector<std::string_view>& words, std::size_t offset, bool in_title,
              std::vector<Candidate>& out) const;
    /** A country's adjective (nisba), as a word after a name says it. */
    struct Nisba {
        PlaceIndex country = NO_PLACE;
        bool masculine = false;  ///< القطري (a club, a port); القطرية (a city)
    };
    /** The nisba @a word is, if any: derived from the countries' one-word names. */
    const Nisba* nisba(std::string_view word) const;
    bool needs_context(const std::string& name, PlaceIndex place) const;
    /** Context from lists: country names next to each other, places of one country. */
    void mark_lists(std::vector<Candidate>& candidates) const;
    /** Which of @a c's places the article's countries pick (@a country_mentions:
     *  sure mentions per country), or NO_PLACE when they pick none. */
    /** Takes out the mentions of towns that a sports article names only as clubs. */
    void drop_clubs(const std::vector<std::string_view>& title_words, const std::vector<std::string_view>& body_words,
                    std::vector<PlaceMention>& mentions, const std::vector<bool>& placed) const;
    /** Whether @a places lie in more than one country. */
    bool spans_countries(const std::vector<PlaceIndex>& places) const;
    /** Whether the first of @a places is a big city that dwarfs the name's places in other countries. */
    bool dominant(const std::vector<PlaceIndex>& places) const;
    PlaceIndex by_article_countries(const Candidate& c,
                                    const std::unordered_map<PlaceIndex, std::size_t>& country_mentions) const;

    const Gazetteer& gazetteer_;
    RecognizerOptions options_;
    std::unordered_map<std::string, Nisba> nisbas_;
};

}  // namespace fahras

#endif  // FAHRAS_PLACE_RECOGNIZER_H
