/** @file places.h
 *  @brief The searcher's side of places: filters, place: queries, facets.
 */
#ifndef FAHRAS_SEARCHER_PLACES_H
#define FAHRAS_SEARCHER_PLACES_H

#include "search_types.h"

#include <fahras/gazetteer.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** The gazetteers a database was indexed with (bundled + META_GAZETTEERS). */
std::unique_ptr<Gazetteer> load_database_gazetteer(const Xapian::Database& db);

/** "place:NAME" in a query: articles about NAME or a place inside it.
 *  A name the gazetteer does not know matches nothing and is recorded in
 *  @a unknown (the first one), for the caller to refuse the query once the
 *  parser has returned: an exception thrown from here through Xapian's
 *  QueryParser leaks the parser's state (72 bytes a query, found by
 *  LeakSanitizer), which a Searcher answering many queries would add up. */
class PlaceFieldProcessor : public Xapian::FieldProcessor {
  public:
    PlaceFieldProcessor(const Gazetteer& gazetteer, std::string& unknown) : gazetteer_(gazetteer), unknown_(unknown) {}
    Xapian::Query operator()(const std::string& name) override;

  private:
    const Gazetteer& gazetteer_;
    std::string& unknown_;
};

/** The ways a user may type the English name @a name_en of a place, in
 *  query words: as written (Ta'if, Al-Kharj), without apostrophes (Taif),
 *  with a hyphen read as a space (Al Kharj), and without a leading Arabic
 *  article when four letters or more remain (Kharj).  What follows a
 *  parenthesis goes: Tripoli (Lebanon) is typed Tripoli. */
std::vector<std::string> english_name_keys(std::string_view name_en);

/** Add to @a table, one way (VariantTable::add_expansion), every place's
 *  English name typed as english_name_keys() says, expanding to the
 *  place's Arabic names: "Taif" finds الطائف and الطايف as words, ranked as
 *  a query in Arabic ranks them.  Places sharing an English name share
 *  the expansion (Tripoli: طرابلس and طرابلس الغرب…). */
void add_english_place_names(VariantTable& table, const Gazetteer& gazetteer);

/** The filter for --place, --country and --near (MatchAll when none).
 *  Throws fahras::Error(EXIT_USAGE) for a name the gazetteer does not know. */
Xapian::Query place_filter(const SearchRequest& request, const Gazetteer& gazetteer);

/** How many matching documents hold each '|'-separated value of a slot,
 *  from what Xapian's ValueCountMatchSpy counted of its whole values: each
 *  whole value ("sy-aleppo|sy") adds its count to every part.  A document
 *  lists a place once, so the sums count documents.  Xapian's own spy,
 *  unlike one of ours, also counts on remote databases (xapian-tcpsrv
 *  knows only its built-in classes), merging the shards' counts. */
std::map<std::string, std::size_t> split_value_counts(const Xapian::ValueCountMatchSpy& spy);

/** The top @a limit entries of @a counts, named through @a gazetteer;
 *  places sharing an Arabic name among them are told apart (مكة المكرمة,
 *  منطقة مكة المكرمة), and a place whose name the gazetteer gives a place
 *  of another country too is named with its country even alone
 *  (طرابلس (مدينة، لبنان)); countries keep their names. */
std::vector<FacetCount> top_facets(const std::map<std::string, std::size_t>& counts, std::size_t limit,
                                   const Gazetteer* gazetteer, bool by_country_code);

}  // namespace fahras

#endif  // FAHRAS_SEARCHER_PLACES_H
