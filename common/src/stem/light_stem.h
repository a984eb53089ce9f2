/** @file light_stem.h
 *  @brief fahras-light: a guarded light stemmer for normalized news Arabic.
 */
#ifndef FAHRAS_LIGHT_STEM_H
#define FAHRAS_LIGHT_STEM_H

#include "stem_cache.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fahras::detail {

/** A light stemmer: it removes attached particles and inflectional endings
 *  and never tries to find a root, so stems stay close to dictionary words
 *  (الوزارة → وزار, بالسعودية → سعودي, لدمشق → دمشق).
 *
 *  It expects normalized words (normalize.h: no tashkeel or tatweel, ا for
 *  أ إ آ, ي for ى, ه for ة).  A word holding anything but Arabic letters
 *  (digits, Latin, a stray tatweel) is returned unchanged.
 *
 *  One round removes, at most:
 *   - in front, a proclitic: the article and what may precede it (ال لل
 *     وال فال بال كال ولل فلل وبال فبال وكال فكال), or the conjunction و
 *     and the prepositions ب ل without an article (و ب ل وب ول).  ف and ك
 *     are only removed before the article: alone they start too many words
 *     (فريق، فرنسا، كتاب، كبير);
 *   - at the end, one suffix: the pronouns ها هم هما نا ه, the plurals ات
 *     ون ين, the verb ending وا.  A ت left in front of a pronoun or of ين
 *     was a ة (حكومتها، الدولتين) and goes too.  Final ي stays, so nisba
 *     adjectives keep their own stem: سعودية → سعودي but never سعود.  The
 *     dual ان is left alone: far more news words end in ان than are duals
 *     (بيان، سلطان، اعلان، رمضان).
 *  Each removal must leave enough letters: 2 after ال, لل, ولل, فلل; 3
 *  after everything else, and a lone و ب ل must leave its 3 once the
 *  suffix is gone too (بيتها → بيت, not يتها).  Rounds repeat until nothing
 *  changes, so the bare and the definite form of a word always share one
 *  stem (بركان and البركان both lose their ب: ركان) and stem(stem(w)) ==
 *  stem(w).
 *
 *  Guards for words whose letters only look like affixes live in two
 *  sorted exception lists in light_stem.cpp: words whose first letters
 *  belong to the word (بيروت، وزير، لبنان: never stripped in front, but
 *  their endings are, so ولايات meets ولاية), and words kept whole (الله،
 *  فلسطين، قانون، مليون).  A list word stops the stripping as soon as a
 *  round reaches it (ببيروت → بيروت, والقانون → قانون). */
class LightStem : public Xapian::StemImplementation {
  public:
    /** @param cache_limit  words the memo of stems holds (stem_cache.h). */
    explicit LightStem(std::size_t cache_limit = StemCache::DEFAULT_LIMIT);

    /** The stem, from the memo when the word was seen recently. */
    std::string operator()(const std::string& word) override;
    std::string get_description() const override;

    /** The stem, computed afresh: what operator() must always agree with. */
    static std::string stem_uncached(const std::string& word);

    /** Words whose first letters are part of the word (normalized, sorted). */
    static const std::vector<std::string_view>& keep_start_words();
    /** Words never shortened at either end (normalized, sorted). */
    static const std::vector<std::string_view>& keep_whole_words();

  private:
    StemCache cache_;
};

}  // namespace fahras::detail

#endif  // FAHRAS_LIGHT_STEM_H
