/** @file arabic_letters.h
 *  @brief The Arabic letters the code names, and the facts it relies on.
 *
 *  One place for them: the normalizer, the stemmers, the place recognizer
 *  and the word splitter all test for the same letters, marks and
 *  proclitics.  Code points as char32_t; the proclitics also as UTF-8, for
 *  code that compares bytes of normalized text (every letter of the
 *  U+0600 block takes two bytes).
 */
#ifndef FAHRAS_ARABIC_LETTERS_H
#define FAHRAS_ARABIC_LETTERS_H

#include <cstddef>
#include <string_view>

namespace fahras::arabic {

// The letters U+0621–U+064A, by their Unicode names; those the code uses.
inline constexpr char32_t HAMZA = 0x0621;                  // ء
inline constexpr char32_t ALEF_WITH_MADDA_ABOVE = 0x0622;  // آ
inline constexpr char32_t ALEF_WITH_HAMZA_ABOVE = 0x0623;  // أ
inline constexpr char32_t ALEF_WITH_HAMZA_BELOW = 0x0625;  // إ
inline constexpr char32_t ALEF = 0x0627;                   // ا
inline constexpr char32_t BEH = 0x0628;                    // ب
inline constexpr char32_t TEH_MARBUTA = 0x0629;            // ة
inline constexpr char32_t TEH = 0x062A;                    // ت
inline constexpr char32_t TATWEEL = 0x0640;                // ـ (stretches a word; no letter)
inline constexpr char32_t FEH = 0x0641;                    // ف
inline constexpr char32_t KAF = 0x0643;                    // ك
inline constexpr char32_t LAM = 0x0644;                    // ل
inline constexpr char32_t HEH = 0x0647;                    // ه
inline constexpr char32_t WAW = 0x0648;                    // و
inline constexpr char32_t ALEF_MAKSURA = 0x0649;           // ى
inline constexpr char32_t YEH = 0x064A;                    // ي
inline constexpr char32_t ALEF_WASLA = 0x0671;             // ٱ

/** The basic letters, U+0621–U+064A without tatweel: what normalized
 *  Arabic words are written with. */
constexpr bool is_basic_letter(char32_t c) { return c >= HAMZA && c <= YEH && c != TATWEEL; }

/** The basic letters and the extended ones (U+0671–U+06D3: پ چ ژ گ …)
 *  that foreign names and other languages' words are written with. */
constexpr bool is_letter(char32_t c) { return is_basic_letter(c) || (c >= ALEF_WASLA && c <= 0x06D3); }

/** Tashkeel in the wide sense normalization removes (strip_tashkeel):
 *  harakat, tanween, shadda, sukun and the other marks U+064B–U+065F,
 *  superscript alef U+0670, the honorifics and small Quranic marks
 *  U+0610–U+061A and the Quranic annotation signs U+06D6–U+06ED. */
constexpr bool is_tashkeel(char32_t c) {
    return (c >= 0x064B && c <= 0x065F) || c == 0x0670 || (c >= 0x0610 && c <= 0x061A) || (c >= 0x06D6 && c <= 0x06ED);
}

/** Hamza and madda as combining marks (U+0653–U+0655): they compose with
 *  the letter before them (ا + ٔ is أ). */
constexpr bool is_combining_hamza(char32_t c) { return c >= 0x0653 && c <= 0x0655; }

/** ٠–٩ (U+0660–U+0669). */
constexpr bool is_arabic_indic_digit(char32_t c) { return c >= 0x0660 && c <= 0x0669; }
/** ۰–۹ (U+06F0–U+06F9), the Persian and Urdu forms. */
constexpr bool is_extended_arabic_indic_digit(char32_t c) { return c >= 0x06F0 && c <= 0x06F9; }

inline constexpr char32_t DECIMAL_SEPARATOR = 0x066B;    // ٫ (١٢٫٥ is 12.5)
inline constexpr char32_t THOUSANDS_SEPARATOR = 0x066C;  // ٬ (٢٬٥٠٠ is 2,500)

/** The proclitics written onto the next word, as normalized UTF-8.  A
 *  test checks that each spells the letters above. */
namespace u8 {
inline constexpr std::string_view WAW = "\u0648";          // و "and"
inline constexpr std::string_view FEH = "\u0641";          // ف "so, then"
inline constexpr std::string_view BEH = "\u0628";          // ب "in, with"
inline constexpr std::string_view KAF = "\u0643";          // ك "like"
inline constexpr std::string_view LAM = "\u0644";          // ل "for, to"
inline constexpr std::string_view AL = "\u0627\u0644";     // ال the article
inline constexpr std::string_view LAM_LAM = "\u0644\u0644";  // لل: ل + ال, the alef dropped
/// Bytes of one letter of the U+0600 block in UTF-8.
inline constexpr std::size_t LETTER_BYTES = 2;
}  // namespace u8

}  // namespace fahras::arabic

#endif  // FAHRAS_ARABIC_LETTERS_H
