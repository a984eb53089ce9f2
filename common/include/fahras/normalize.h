/** @file normalize.h
 *  @brief Arabic text normalization, identical at index and query time.
 *
 *  normalize_text() runs the stages below in the order fixed in
 *  src/normalize/pipeline.cpp.  Each stage is also exported on its own so it
 *  can be tested letter by letter.  All stages take and return UTF-8; invalid
 *  bytes become U+FFFD (see utf8.h) and nothing throws.
 *
 *  Lossless stages (they only remove encoding noise):
 *   - nfkc:                    ICU NFKC.  Folds presentation forms
 *                              (U+FB50–FDFF, U+FE70–FEFF: ﻻ → لا, ﺳ → س),
 *                              full-width Latin and compatibility digits.
 *   - drop_invisible_controls: removes U+200B–U+200F, U+202A–U+202E,
 *                              U+2060, U+2066–U+2069, U+061C, U+FEFF, U+00AD.
 *   - unify_spaces:            NBSP and every other Unicode space → U+0020.
 *   - separate_punctuation:    ، ؛ ؟ « » (and ٭ ۔) → space, so they never glue
 *                              words together.
 *  Lossy stages (they erase distinctions Arabic writers do not keep reliably):
 *   - strip_tashkeel:          U+064B–U+065F, U+0670, U+0610–U+061A,
 *                              U+06D6–U+06ED  (مَدْرَسَةٌ → مدرسة).
 *   - strip_tatweel:           U+0640 (مجلـــس → مجلس).
 *   - fold_alef:               أ إ آ ٱ ٲ ٳ ٵ → ا  (إسطنبول → اسطنبول).
 *   - fold_alef_maksura:       ى → ي  (مستشفى → مستشفي).
 *   - fold_teh_marbuta:        ة → ه  (مدرسة → مدرسه).
 *   - fold_persian_letters:    ک ڪ → ك; ی → ي; ۀ ہ ھ → ه  (الکویت → الكويت).
 *   - fold_digits:             ٠–٩ and ۰–۹ → 0–9; ٪ → %; ٫ → . ; ٬ → ,
 *   - fold_case:               Latin (and any cased script) → lower case.
 *
 *  Query text differs in two places only, both so that query syntax
 *  survives: « » become ASCII quotes (they delimit phrases), and the
 *  operators AND OR NOT XOR NEAR ADJ keep their capitals where they stand
 *  as whole words (runs of word characters, as Xapian's parser reads them).
 */
#ifndef FAHRAS_NORMALIZE_H
#define FAHRAS_NORMALIZE_H

#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** Bumped whenever any stage changes what it outputs: a database records the
 *  version it was built with and the searcher refuses a mismatch.
 *  2: text the rules leave unnormalized for NFKC (a capital letter folded
 *  to lower case before a combining mark, a control dropped from between
 *  a letter and its mark) is composed, so normalizing is idempotent. */
inline constexpr int NORMALIZER_VERSION = 2;

/** The invisible controls drop_invisible_controls removes: zero-width
 *  spaces and joiners, bidi marks, embeddings and isolates, the Arabic
 *  letter mark, BOM, word joiner and soft hyphen.  A word that contains one
 *  is the same word without it (the word splitter, words.h, agrees). */
inline bool is_invisible_control(char32_t cp) {
    if (cp >= 0x200B && cp <= 0x200F) return true;  // ZWSP ZWNJ ZWJ LRM RLM
    if (cp >= 0x202A && cp <= 0x202E) return true;  // LRE RLE PDF LRO RLO
    if (cp >= 0x2066 && cp <= 0x2069) return true;  // LRI RLI FSI PDI
    return cp == 0x061C     // ARABIC LETTER MARK
           || cp == 0xFEFF  // BOM / ZERO WIDTH NO-BREAK SPACE
           || cp == 0x2060  // WORD JOINER
           || cp == 0x00AD;  // SOFT HYPHEN: invisible unless a line breaks there
}

/** Whether text is an article (indexed) or a query typed by a user. */
enum class TextRole { document, query };

/** Run the whole pipeline.  Idempotent: normalizing the result again
 *  changes nothing. */
std::string normalize_text(std::string_view text, TextRole role = TextRole::document);

/** One named stage, for tests, --explain and documentation. */
struct NormalizationStage {
    std::string_view name;
    std::string (*apply)(std::string_view);
};

/** The stages in pipeline order (document role). */
const std::vector<NormalizationStage>& normalization_stages();

namespace stages {
std::string nfkc(std::string_view text);
std::string drop_invisible_controls(std::string_view text);
std::string unify_spaces(std::string_view text);
std::string separate_punctuation(std::string_view text);
std::string strip_tashkeel(std::string_view text);
std::string strip_tatweel(std::string_view text);
std::string fold_alef(std::string_view text);
std::string fold_alef_maksura(std::string_view text);
std::string fold_teh_marbuta(std::string_view text);
std::string fold_persian_letters(std::string_view text);
std::string fold_digits(std::string_view text);
std::string fold_case(std::string_view text);
/** fold_case for queries: leaves the capitalised boolean operators alone. */
std::string fold_case_keep_operators(std::string_view text);
}  // namespace stages

}  // namespace fahras

#endif  // FAHRAS_NORMALIZE_H
