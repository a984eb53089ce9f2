/** @file gazetteer.h
 *  @brief Places with their Arabic names, kinds, hierarchy and coordinates.
 *
 *  Loaded from TSV files with the columns of data/gazetteer/places.tsv
 *  (name_ar, alt_names_ar, name_en, kind, country_code, lat, lon,
 *  population, source, source_id, admin1_ar, admin1_en): the project's own
 *  file, users' additions, or a large third-party file in the same format.
 */
#ifndef FAHRAS_GAZETTEER_H
#define FAHRAS_GAZETTEER_H

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fahras {

enum class PlaceKind { country, admin1, admin2, admin3, city, district };

std::string_view place_kind_name(PlaceKind kind);

using PlaceIndex = std::uint32_t;
inline constexpr PlaceIndex NO_PLACE = 0xFFFFFFFF;

/** What a name needs before a mention of it counts as a place (the
 *  recognizer's policy, place_recognizer.h). */
enum class ContextNeed {
    none,        ///< the name alone is a place
    context,     ///< a place word before it, or another place of its country
    place_word,  ///< a place word other than في/من/إلى before it
    never,       ///< not a user gazetteer's place at all (measured: the archive writes it as a word)
};

struct Place {
    std::string id;  ///< stable id (first of source_id), e.g. "fahras:sy-aleppo"
    std::string name_ar;
    std::vector<std::string> alt_names_ar;
    std::string name_en;
    PlaceKind kind = PlaceKind::city;
    std::string country_code;  ///< ISO 3166-1 alpha-2, upper case
    std::optional<double> lat, lon;
    std::uint64_t population = 0;  ///< 0 when unknown
    PlaceIndex parent = NO_PLACE;  ///< admin1 for cities and districts, country for admin1
    bool from_user_file = false;   ///< loaded from a file other than the bundled one
};

class Gazetteer {
  public:
    /** Add the places of a TSV file.  Rows with a problem are reported in
     *  @a problems as "file:line: reason" and skipped.  @a bundled marks
     *  the project's own curated file. */
    void load_tsv(const std::string& path, bool bundled, std::vector<std::string>* problems = nullptr);

    /** Add the places of a GeoNames cities file (cities15000.txt, …): the
     *  Arabic names come from its alternatenames column; rows without one
     *  are skipped. */
    void load_geonames(const std::string& path, std::vector<std::string>* problems = nullptr);

    /** Add the names that need context: lines `name<TAB>context|place-word|never<TAB>…`
     *  ('#' starts a comment), as data/gazetteer/needs_context.tsv and
     *  large_needs.tsv write them.  load_tsv() of the bundled file loads
     *  the two files beside it, if there.  They are part of content_hash(). */
    void load_context_needs(const std::string& path, std::vector<std::string>* problems = nullptr);

    /** What a mention of @a normalized_name needs (see load_context_needs). */
    ContextNeed context_need(const std::string& normalized_name) const {
        const auto found = context_needs_.find(normalized_name);
        return found == context_needs_.end() ? ContextNeed::none : found->second;
    }

    /** A hash of everything loaded: articles are reindexed when it changes. */
    const std::string& content_hash() const { return content_hash_; }

    /** Link admin1 rows to countries and places to their admin1 and country;
     *  call after the last load. */
    void finish();

    std::size_t size() const { return places_.size(); }
    const Place& place(PlaceIndex index) const { return places_[index]; }
    const std::vector<Place>& places() const { return places_; }

    /** Places whose Arabic name (any spelling) normalizes to @a normalized_name:
     *  the name's words (words.h), one space apart. */
    const std::vector<PlaceIndex>& by_name(const std::string& normalized_name) const;

    /** The place whose id is @a id exactly, or NO_PLACE. */
    PlaceIndex find_id(const std::string& id) const {
        const auto found = by_id_.find(id);
        return found == by_id_.end() ? NO_PLACE : found->second;
    }

    /** Places a user means by @a text: an Arabic or English name, an ISO
     *  code (for countries) or a place id.  Countries first, then by size. */
    std::vector<PlaceIndex> resolve(std::string_view text) const;

    /** @a index and the places containing it, innermost first. */
    std::vector<PlaceIndex> ancestors(PlaceIndex index) const;

    /** The country of @a index (itself for a country), or NO_PLACE. */
    PlaceIndex country_of(PlaceIndex index) const;

    /** Places with coordinates within @a km of (lat, lon). */
    std::vector<PlaceIndex> within(double lat, double lon, double km) const;

    /** The longest name, in words, of any place: the recognizer's window. */
    std::size_t max_name_words() const { return max_name_words_; }

    /** The most words of any name whose first word is @a normalized_word
     *  (0: no name starts with it).  Lets the recognizer skip most words
     *  with one lookup. */
    std::size_t max_words_starting_with(std::string_view normalized_word) const {
        return first_words_.find(normalized_word);
    }

  private:
    /** First words of names → the most words of a name starting with it.
     *  The recognizer asks once per form of every word of every article,
     *  so a lookup takes a string_view and allocates nothing: open
     *  addressing over one string holding the words end to end.  Slots
     *  hold offsets, not pointers, so a copied Gazetteer stays valid. */
    class FirstWords {
      public:
        /** The count stored for @a word, 0 if none. */
        std::size_t find(std::string_view word) const;
        /** Store max(the count stored for @a word, @a words); @a words > 0. */
        void raise(std::string_view word, std::size_t words);

      private:
        struct Slot {
            std::uint32_t offset = 0, size = 0;  ///< the word, in text_
            std::size_t max_words = 0;           ///< 0: an empty slot
        };
        /** The slot holding @a word, or the empty one where it would go. */
        std::size_t slot_of(std::string_view word) const;
        void grow();

        std::string text_;
        std::vector<Slot> slots_;  ///< a power of two in size, at most half full
        std::size_t count_ = 0;
    };

    void add_name(const std::string& name, PlaceIndex index);

    std::vector<Place> places_;
    std::unordered_map<std::string, std::vector<PlaceIndex>> by_name_;
    std::unordered_map<std::string, PlaceIndex> by_id_;
    std::unordered_map<std::string, ContextNeed> context_needs_;
    std::vector<std::string> admin1_names_;  ///< per place, until finish() links parents
    std::size_t max_name_words_ = 1;
    FirstWords first_words_;
    std::string content_hash_;
};

/** Great-circle distance in km. */
double distance_km(double lat1, double lon1, double lat2, double lon2);

/** The bundled gazetteer file (data/gazetteer/places.tsv) as installed or
 *  in the source tree; "" if not found.  $FAHRAS_GAZETTEER overrides. */
std::string bundled_gazetteer_path();

/** What to say when bundled_gazetteer_path() found nothing: where it looked
 *  and how to fix the installation. */
std::string missing_gazetteer_help();

}  // namespace fahras

#endif  // FAHRAS_GAZETTEER_H
