// Lossy stages: diacritics and tatweel.  Most news text is written without
// tashkeel, so a vowelled word must match its bare spelling; tatweel only
// stretches a word for layout (مجلـــس is مجلس).
#include "normalize_internal.h"

#include <fahras/arabic_letters.h>
#include <fahras/normalize.h>

namespace fahras {
namespace detail {

// The marks are listed in arabic_letters.h: the word splitter counts them
// as part of a word for the same reason they are removed here.
char32_t rule_strip_tashkeel(char32_t cp) {
    return arabic::is_tashkeel(cp) ? DROP : cp;
}

char32_t rule_strip_tatweel(char32_t cp) {
    return cp == arabic::TATWEEL ? DROP : cp;
}

}  // namespace detail

namespace stages {

std::string strip_tashkeel(std::string_view text) {
    return detail::apply_rule(text, detail::rule_strip_tashkeel);
}

std::string strip_tatweel(std::string_view text) {
    return detail::apply_rule(text, detail::rule_strip_tatweel);
}

}  // namespace stages
}  // namespace fahras
