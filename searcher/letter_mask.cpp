#include "letter_mask.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <array>
#include <string>

namespace fahras {

namespace {

constexpr LetterMask bit_of(char32_t cp) { return LetterMask{1} << (cp & 63); }

// The characters news text is made of: ASCII, Latin-1, the Arabic block and
// the Arabic presentation forms.  Anything else (another script, a rare
// symbol) gets ANY_LETTER, so a word holding it is always analysed.
constexpr char32_t BASIC_END = 0x0700;
constexpr char32_t FORMS_BEGIN = 0xFB50, FORMS_END = 0xFF00;

// Combining hamza and madda compose with the letter before them (ا + ٔ is
// أ), which normalizing the mark alone cannot show.
bool composes_with_previous(char32_t cp) { return cp >= 0x0653 && cp <= 0x0655; }

struct FoldTable {
    std::array<LetterMask, BASIC_END> basic{};
    std::array<LetterMask, FORMS_END - FORMS_BEGIN> forms{};

    FoldTable() {
        for (char32_t cp = 0; cp < BASIC_END; ++cp) basic[cp] = fold(cp);
        for (char32_t cp = FORMS_BEGIN; cp < FORMS_END; ++cp) forms[cp - FORMS_BEGIN] = fold(cp);
    }

    // What normalization makes of the character on its own, as letters.
    static LetterMask fold(char32_t cp) {
        if (composes_with_previous(cp) || (cp >= 0xD800 && cp < 0xE000)) return ANY_LETTER;
        std::string text;
        utf8::append(text, cp);
        return letters_of(normalize_text(text));
    }

    LetterMask operator[](char32_t cp) const {
        if (cp < BASIC_END) return basic[cp];
        if (cp >= FORMS_BEGIN && cp < FORMS_END) return forms[cp - FORMS_BEGIN];
        return ANY_LETTER;
    }
};

const FoldTable& fold_table() {
    static const FoldTable table;
    return table;
}

}  // namespace

LetterMask letters_of(std::string_view analysed) {
    LetterMask mask = 0;
    for (std::size_t pos = 0; pos < analysed.size();) mask |= bit_of(utf8::decode(analysed, pos));
    return mask;
}

LetterMask possible_letters(std::string_view published) {
    const FoldTable& table = fold_table();
    LetterMask mask = 0;
    for (std::size_t pos = 0; pos < published.size();) {
        const auto lead = static_cast<unsigned char>(published[pos]);
        if (lead < 0x80) {
            mask |= table.basic[lead];  // no decoding for ASCII
            ++pos;
        } else {
            mask |= table[utf8::decode(published, pos)];
        }
    }
    return mask;
}

}  // namespace fahras
