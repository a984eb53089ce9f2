// Lossy stages: letter shapes that writers use interchangeably.  Each folds
// to the form most common in news text, so both spellings meet in one term.
#include "normalize_internal.h"

#include <fahras/normalize.h>

namespace fahras {
namespace detail {

// Hamza and madda on alef are often omitted in print and online:
// أعلن / اعلن, إسطنبول / اسطنبول, آخر / اخر.
char32_t rule_fold_alef(char32_t cp) {
    switch (cp) {
        case 0x0622:  // آ ALEF WITH MADDA ABOVE
        case 0x0623:  // أ ALEF WITH HAMZA ABOVE
        case 0x0625:  // إ ALEF WITH HAMZA BELOW
        case 0x0671:  // ٱ ALEF WASLA
        case 0x0672:  // ٲ ALEF WITH WAVY HAMZA ABOVE
        case 0x0673:  // ٳ ALEF WITH WAVY HAMZA BELOW
        case 0x0675:  // ٵ HIGH HAMZA ALEF
            return 0x0627;  // ا
        default:
            return cp;
    }
}

// Egyptian and much online text writes final ي as ى and vice versa
// (على / علي, مستشفى / مستشفي).
char32_t rule_fold_alef_maksura(char32_t cp) {
    return cp == 0x0649 ? char32_t{0x064A} : cp;
}

// Final ة is often written ه (القاهرة / القاهره).
char32_t rule_fold_teh_marbuta(char32_t cp) {
    return cp == 0x0629 ? char32_t{0x0647} : cp;
}

// Persian and Urdu keyboards produce look-alike letters in Arabic text.
char32_t rule_fold_persian_letters(char32_t cp) {
    switch (cp) {
        case 0x06A9:  // ک KEHEH
        case 0x06AA:  // ڪ SWASH KAF
            return 0x0643;  // ك
        case 0x06CC:  // ی FARSI YEH
        case 0x06D2:  // ے YEH BARREE
            return 0x064A;  // ي
        case 0x06C0:  // ۀ HEH WITH YEH ABOVE
        case 0x06C1:  // ہ HEH GOAL
        case 0x06BE:  // ھ HEH DOACHASHMEE
        case 0x06D5:  // ە AE
            return 0x0647;  // ه
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
