// Lossless stages: invisible controls, spaces and punctuation.  They remove
// encoding noise that scraped news carries (bidi marks pasted from word
// processors, NBSP from HTML) without changing any visible letter.
#include "normalize_internal.h"

#include <fahras/normalize.h>

namespace fahras {
namespace detail {

// Zero-width and bidi controls are invisible: a word that contains one must
// match the same word without it (مدي\u200Cنة is مدينة).
char32_t rule_drop_invisible_controls(char32_t cp) {
    return is_invisible_control(cp) ? DROP : cp;
}

// Every Unicode space separator (Zs) and the line/paragraph separators count
// as a plain space; NBSP is the common one in scraped HTML.
char32_t rule_unify_spaces(char32_t cp) {
    switch (cp) {
        case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
        case 0x2028: case 0x2029:
            return U' ';
        default:
            return (cp >= 0x2000 && cp <= 0x200A) ? U' ' : cp;
    }
}

// Arabic punctuation always separates words.  Xapian would already split on
// most of these; mapping them to spaces makes it explicit and independent of
// Xapian's character tables.
char32_t rule_separate_punctuation(char32_t cp) {
    switch (cp) {
        case 0x060C:  // ، ARABIC COMMA
        case 0x061B:  // ؛ ARABIC SEMICOLON
        case 0x061F:  // ؟ ARABIC QUESTION MARK
        case 0x066D:  // ٭ ARABIC FIVE POINTED STAR
        case 0x06D4:  // ۔ ARABIC FULL STOP
        case 0x00AB:  // « LEFT-POINTING DOUBLE ANGLE QUOTATION MARK
        case 0x00BB:  // » RIGHT-POINTING DOUBLE ANGLE QUOTATION MARK
            return U' ';
        default:
            return cp;
    }
}

// In a query « » quote a phrase, as "" do: «تنظيم الدولة» is a phrase search.
char32_t rule_query_quotes(char32_t cp) {
    return (cp == 0x00AB || cp == 0x00BB) ? U'"' : cp;
}

}  // namespace detail

namespace stages {

std::string drop_invisible_controls(std::string_view text) {
    return detail::apply_rule(text, detail::rule_drop_invisible_controls);
}

std::string unify_spaces(std::string_view text) {
    return detail::apply_rule(text, detail::rule_unify_spaces);
}

std::string separate_punctuation(std::string_view text) {
    return detail::apply_rule(text, detail::rule_separate_punctuation);
}

}  // namespace stages
}  // namespace fahras
