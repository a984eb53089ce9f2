#include "letter_mask.h"

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <string>

namespace fahras {

namespace {

constexpr LetterMask bit_of(char32_t cp) { return LetterMask{1} << (cp & 63); }

// Every small Latin letter and Latin-1 letter.
LetterMask latin_letters() {
    LetterMask mask = 0;
    for (char32_t cp = 'a'; cp <= 'z'; ++cp) mask |= bit_of(cp);
    for (char32_t cp = 0xDF; cp <= 0xFF; ++cp) mask |= bit_of(cp);
    return mask;
}

// What normalization makes of the character on its own, as letters.
LetterMask fold(char32_t cp) {
    // Combining hamza and madda compose with the letter before them (ا + ٔ
    // is أ), which normalizing the mark alone cannot show.
    if (arabic::is_combining_hamza(cp) || (cp >= 0xD800 && cp < 0xE000)) return ANY_LETTER;
    std::string text;
    utf8::append(text, cp);
    const std::string normalized = normalize_text(text);
    // The english stemmer rewrites Latin letters (country → countri): in
    // a Latin word, a letter may become any other.
    for (const char c : normalized)
        if (c >= 'a' && c <= 'z') return letters_of(normalized) | latin_letters();
    return letters_of(normalized);
}

}  // namespace

LetterFolds::LetterFolds() {
    for (char32_t cp = 0; cp < BASIC_END; ++cp) basic_[cp] = fold(cp);
    for (char32_t cp = FORMS_BEGIN; cp < FORMS_END; ++cp) forms_[cp - FORMS_BEGIN] = fold(cp);
}

const LetterFolds& LetterFolds::table() {
    static const LetterFolds folds;
    return folds;
}

LetterMask letters_of(std::string_view analysed) {
    LetterMask mask = 0;
    for (std::size_t pos = 0; pos < analysed.size();) mask |= bit_of(utf8::decode(analysed, pos));
    return mask;
}

LetterMask possible_letters(std::string_view published) {
    const LetterFolds& folds = LetterFolds::table();
    LetterMask mask = 0;
    for (std::size_t pos = 0; pos < published.size();) {
        const auto lead = static_cast<unsigned char>(published[pos]);
        if (lead < 0x80) {
            mask |= folds[lead];  // no decoding for ASCII
            ++pos;
        } else {
            mask |= folds[utf8::decode(published, pos)];
        }
    }
    return mask;
}

}  // namespace fahras
