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
 *  Snowball leaves attached.  "fahras-light" is a light stemmer of our own
 *  (src/stem/light_stem.h): it removes proclitics and inflectional endings
 *  only, with length guards and an exception lexicon, so that بيروت, وزير
 *  and فلسطين stay whole and nisba adjectives keep their ي (سعودية →
 *  سعودي, never سعود).  "none" indexes unstemmed words only.
 *  fahras-light is the default: it finds known articles measurably better
 *  than snowball-conj, as robustly to spelling variants (docs/retrieval.md).
 *  Every stemmer but "none" stems Latin words (is_latin_word) with
 *  Snowball's english stemmer, so that elections meets election; Arabic
 *  words never reach it. */
inline constexpr std::string_view DEFAULT_STEMMER = "fahras-light";

/** The names make_stemmer() accepts. */
const std::vector<std::string>& stemmer_names();

/** The stemmer called @a name; throws fahras::Error (usage) if unknown. */
Xapian::Stem make_stemmer(std::string_view name);

/** True when the stemmer called @a name only removes letters from a
 *  normalized Arabic word, so a stem's letters are all the word's ("none",
 *  and fahras-light, which strips affixes).  Snowball also rewrites
 *  letters, and so does its english stemmer in Latin words (country →
 *  countri), which is why the snippet matcher, relying on this to rule
 *  words out by their letters, lets a Latin letter stand for any other
 *  (letter_mask.h). */
bool stems_by_removing_letters(std::string_view name);

/** Whether the stemmers stem @a normalized_word as English: it holds an
 *  ASCII or Latin-1 letter and nothing but those, ASCII digits and
 *  apostrophes. */
bool is_latin_word(std::string_view normalized_word);

}  // namespace fahras

#endif  // FAHRAS_STEMMERS_H
