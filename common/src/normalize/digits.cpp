// Lossy stage: digits and numeric punctuation.  ٢٠١٥ must be the term 2015
// (Xapian does not stem numbers, so nothing else would join them), and ٨٠٪
// must read like 80%.
#include "normalize_internal.h"

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>

namespace fahras {
namespace detail {

char32_t rule_fold_digits(char32_t cp) {
    if (arabic::is_arabic_indic_digit(cp)) return U'0' + (cp - 0x0660);           // ٠–٩
    if (arabic::is_extended_arabic_indic_digit(cp)) return U'0' + (cp - 0x06F0);  // ۰–۹
    switch (cp) {
        case 0x066A: return U'%';  // ٪ ARABIC PERCENT SIGN
        case arabic::DECIMAL_SEPARATOR: return U'.';    // ٫ ١٢٫٥ → 12.5
        case arabic::THOUSANDS_SEPARATOR: return U',';  // ٬ ٢٬٥٠٠ → 2,500
        default: return cp;
    }
}

}  // namespace detail

namespace stages {

std::string fold_digits(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_digits);
}

}  // namespace stages
}  // namespace fahras
