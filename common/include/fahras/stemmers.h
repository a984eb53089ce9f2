/** @file stemmers.h
 *  @brief The stemmers Fahras can index with, chosen by name.
 *
 *  The stemmer is one pluggable choice: a database records the name it was
 *  built with (META_STEMMER) and the searcher uses the same one.
 */
#ifndef FAHRAS_STEMMERS_H
#define FAHRAS_STEMMERS_H

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** "snowball" is Xapian's Snowball arabic stemmer as it is.
 *  "snowball-conj" runs it after removing a conjunction و/ف that stands
 *  before the article (والقاهرة → القاهرة, فالحكومة → الحكومة), which
 *  Snowball leaves attached.  "none" indexes unstemmed words only. */
inline constexpr std::string_view DEFAULT_STEMMER = "snowball-conj";

/** The names make_stemmer() accepts. */
const std::vector<std::string>& stemmer_names();

/** The stemmer called @a name; throws fahras::Error (usage) if unknown. */
Xapian::Stem make_stemmer(std::string_view name);

}  // namespace fahras

#endif  // FAHRAS_STEMMERS_H
