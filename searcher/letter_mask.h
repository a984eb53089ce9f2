/** @file letter_mask.h
 *  @brief Which letters a word can hold after analysis: a quick "no" for
 *  the snippet matcher.
 *
 *  A snippet looks at every word of a result, and almost none of them is a
 *  query word; analysing each (normalization, stemming, a table lookup in a
 *  cache too large for the CPU's) was most of a snippet's cost.  Analysis
 *  only removes or folds letters, so the letters of a word's normalized
 *  form, and of the stem fahras-light or no stemmer makes of it, are among
 *  the letters its published characters can normalize to (a Latin letter
 *  counts as every Latin letter: the english stemmer rewrites some).  A word whose
 *  possible letters lack one of every query word's is no match, and is
 *  decided without being analysed.
 *
 *  Masks are 64-bit sets of letters (a letter's bit is its code point
 *  modulo 64: collisions only make the test weaker, never wrong).
 */
#ifndef FAHRAS_LETTER_MASK_H
#define FAHRAS_LETTER_MASK_H

#include <array>
#include <cstdint>
#include <string_view>

namespace fahras {

using LetterMask = std::uint64_t;

/** Every letter: a character the table does not know could become anything. */
inline constexpr LetterMask ANY_LETTER = ~LetterMask{0};

/** The letters of @a analysed, a normalized word or a stem. */
LetterMask letters_of(std::string_view analysed);

/** The letters each published character can normalize to: ANY_LETTER for
 *  a character outside the table (another script) or one that composes
 *  with the letter before it.  possible_letters() is these, OR-ed over a
 *  word; a caller decoding the word anyway (the snippet tokenizer) reads
 *  them as it goes. */
class LetterFolds {
  public:
    static const LetterFolds& table();

    LetterMask operator[](char32_t cp) const {
        if (cp < BASIC_END) return basic_[cp];
        if (cp >= FORMS_BEGIN && cp < FORMS_END) return forms_[cp - FORMS_BEGIN];
        return ANY_LETTER;
    }

  private:
    // The characters news text is made of: ASCII, Latin-1, the Arabic block
    // and the Arabic presentation forms.
    static constexpr char32_t BASIC_END = 0x0700;
    static constexpr char32_t FORMS_BEGIN = 0xFB50, FORMS_END = 0xFF00;

    LetterFolds();

    std::array<LetterMask, BASIC_END> basic_{};
    std::array<LetterMask, FORMS_END - FORMS_BEGIN> forms_{};
};

/** The letters the characters of @a published (a word as the article
 *  prints it) can normalize to: always a superset of
 *  letters_of(normalize_text(published)). */
LetterMask possible_letters(std::string_view published);

/** True when a word with @a possible letters can hold all of @a needed. */
inline bool can_hold(LetterMask possible, LetterMask needed) { return (needed & ~possible) == 0; }

}  // namespace fahras

#endif  // FAHRAS_LETTER_MASK_H
