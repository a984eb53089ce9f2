/** @file normalize_internal.h
 *  @brief Code-point rules behind the single-character normalization stages.
 *
 *  Most stages map one code point to at most one code point.  Writing them as
 *  rules lets pipeline.cpp fuse consecutive stages into one pass over the
 *  text while each stage stays a separate, separately tested function.
 */
#ifndef FAHRAS_NORMALIZE_INTERNAL_H
#define FAHRAS_NORMALIZE_INTERNAL_H

#include <array>
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

/** The same as apply_rules() with a fixed list of rules, for the pipeline,
 *  which runs them over every article twice (indexing, places).  The rules
 *  are pure functions of the code point, so their composition is computed
 *  once for every code point below U+0800 (ASCII, Latin, Greek, Cyrillic,
 *  Hebrew, Arabic: nearly all of any news text), which then costs a table
 *  lookup instead of a call per rule; the others still go through the
 *  rules.  One or two bytes of UTF-8 are decoded and encoded in line. */
class FusedRules {
  public:
    /** @a rules must outlive the object. */
    FusedRules(const CodepointRule* rules, std::size_t count);

    /** Byte for byte what apply_rules(text, rules, count) returns. */
    std::string apply(std::string_view text) const;

  private:
    static constexpr char32_t TABLE_END = 0x800;

    char32_t run(char32_t cp) const;

    const CodepointRule* rules_;
    std::size_t count_;
    std::array<char32_t, TABLE_END> table_;  ///< run(cp) for every cp below TABLE_END
};

/** True when stages::nfkc() leaves valid UTF-8 @a text as it is. */
bool is_nfkc(std::string_view text);

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
