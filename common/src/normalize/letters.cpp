// Lossy stages: letter shapes that writers use interchangeably.  Each folds
// to the form most common in news text, so both spellings meet in one term.
#include "normalize_internal.h"

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>

namespace fahras {
namespace detail {

// Hamza and madda on alef are often omitted in print and online:
// أعلن / اعلن, إسطنبول / اسطنبول, آخر / اخر.
char32_t rule_fold_alef(char32_t cp) {
    switch (cp) {
        case arabic::ALEF_WITH_MADDA_ABOVE:  // آ
        case arabic::ALEF_WITH_HAMZA_ABOVE:  // أ
        case arabic::ALEF_WITH_HAMZA_BELOW:  // إ
        case arabic::ALEF_WASLA:             // ٱ
        case 0x0672:  // ٲ ALEF WITH WAVY HAMZA ABOVE
        case 0x0673:  // ٳ ALEF WITH WAVY HAMZA BELOW
        case 0x0675:  // ٵ HIGH HAMZA ALEF
            return arabic::ALEF;
        default:
            return cp;
    }
}

// Egyptian and much online text writes final ي as ى and vice versa
// (على / علي, مستشفى / مستشفي).
char32_t rule_fold_alef_maksura(char32_t cp) {
    return cp == arabic::ALEF_MAKSURA ? arabic::YEH : cp;
}

// Final ة is often written ه (القاهرة / القاهره).
char32_t rule_fold_teh_marbuta(char32_t cp) {
    return cp == arabic::TEH_MARBUTA ? arabic::HEH : cp;
}

// Persian and Urdu keyboards produce look-alike letters in Arabic text.
char32_t rule_fold_persian_letters(char32_t cp) {
    switch (cp) {
        case 0x06A9:  // ک KEHEH
        case 0x06AA:  // ڪ SWASH KAF
            return arabic::KAF;
        case 0x06CC:  // ی FARSI YEH
        case 0x06D2:  // ے YEH BARREE
            return arabic::YEH;
        case 0x06C0:  // ۀ HEH WITH YEH ABOVE
        case 0x06C1:  // ہ HEH GOAL
        case 0x06BE:  // ھ HEH DOACHASHMEE
        case 0x06D5:  // ە AE
            return arabic::HEH;
        default:
            return cp;
    }
}

}  // namespace detail

namespace stages {

std::string fold_alef(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_alef);
}

std::string fold_alef_maksura(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_alef_maksura);
}

std::string fold_teh_marbuta(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_teh_marbuta);
}

std::string fold_persian_letters(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_persian_letters);
}

}  // namespace stages
}  // namespace fahras
