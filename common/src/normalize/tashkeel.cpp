// Lossy stages: diacritics and tatweel.  Most news text is written without
// tashkeel, so a vowelled word must match its bare spelling; tatweel only
// stretches a word for layout (مجلـــس is مجلس).
#include "normalize_internal.h"

#include <fahras/normalize.h>

namespace fahras {
namespace detail {

char32_t rule_strip_tashkeel(char32_t cp) {
    if (cp >= 0x064B && cp <= 0x065F) return DROP;  // fathatan … wavy hamza below
    if (cp == 0x0670) return DROP;                  // superscript alef (هٰذا)
    if (cp >= 0x0610 && cp <= 0x061A) return DROP;  // honorifics and small Quranic marks
    if (cp >= 0x06D6 && cp <= 0x06ED) return DROP;  // Quranic annotation signs
    return cp;
}

char32_t rule_strip_tatweel(char32_t cp) {
    return cp == 0x0640 ? DROP : cp;
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
