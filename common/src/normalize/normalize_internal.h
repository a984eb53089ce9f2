/** @file normalize_internal.h
 *  @brief Code-point rules behind the single-character normalization stages.
 *
 *  Most stages map one code point to at most one code point.  Writing them as
 *  rules lets pipeline.cpp fuse consecutive stages into one pass over the
 *  text while each stage stays a separate, separately tested function.
 */
#ifndef FAHRAS_NORMALIZE_INTERNAL_H
#define FAHRAS_NORMALIZE_INTERNAL_H

#include <string>
#include <string_view>

namespace fahras::detail {

/// A rule returns this to delete the code point.
inline constexpr char32_t DROP = 0xFFFFFFFF;

using CodepointRule = char32_t (*)(char32_t);

/** Apply @a rules in order to every code point of @a text. */
std::string apply_rules(std::string_view text, const CodepointRule* rules, std::size_t count);

inline std::string apply_rule(std::string_view text, CodepointRule rule) {
    return apply_rules(text, &rule, 1);
}

char32_t rule_drop_invisible_controls(char32_t cp);
char32_t rule_unify_spaces(char32_t cp);
char32_t rule_separate_punctuation(char32_t cp);
char32_t rule_query_quotes(char32_t cp);
char32_t rule_strip_tashkeel(char32_t cp);
char32_t rule_strip_tatweel(char32_t cp);
char32_t rule_fold_alef(char32_t cp);
char32_t rule_fold_alef_maksura(char32_t cp);
char32_t rule_fold_teh_marbuta(char32_t cp);
char32_t rule_fold_persian_letters(char32_t cp);
char32_t rule_fold_digits(char32_t cp);
char32_t rule_fold_case(char32_t cp);

}  // namespace fahras::detail

#endif  // FAHRAS_NORMALIZE_INTERNAL_H
