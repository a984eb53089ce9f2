// The place recognizer's word lists (place_words.cpp); internal to fahras_common.
#ifndef FAHRAS_PLACE_WORDS_H
#define FAHRAS_PLACE_WORDS_H

#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace fahras {

inline bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

/** Letters in a normalized word (code points: ASCII counts one too). */
inline std::size_t letters(std::string_view word) {
    std::size_t n = 0;
    for (unsigned char c : word) n += (c & 0xC0) != 0x80;
    return n;
}

/** Place names that are first of all everyday words (كيف, الخبر, صور, مالي). */
const std::set<std::string>& common_word_names();
/** A context word strong enough for an everyday word: not في، من، إلى، قرب. */
bool is_strong_context(std::string_view word);
/** A strong context word that says the kind of place (مدينة, قرية), not a direction. */
bool is_kind_word(std::string_view word);
/** Names never taken alone (الشام). */
const std::set<std::string>& never_alone();
/** Everyday-word names that any context word makes a place (دوما). */
bool any_context_will_do(const std::string& name);
/** A newspaper word (صحيفة, جريدة): a name after it is a title. */
bool is_press_word(std::string_view word);
/** A word after which a name is an organisation's (بنك, اسمنت, نادي, فريق, دينامو). */
bool is_organisation_word(std::string_view word);
/** A name with a month in it (6 أكتوبر, العاشر من رمضان): a date as much as a town. */
bool is_date_name(const std::string& name);
/** A word saying a neighbourhood follows (حي, بحي). */
bool is_neighbourhood_word(std::string_view word);
/** A word that starts a person's or family's name (أبو, ابن, بن): a name after it is theirs. */
bool is_kinship_word(std::string_view word);
/** A demonstrative (هذه, ذلك): a definite word after it is a noun, not a name. */
bool is_demonstrative(std::string_view word);

}  // namespace fahras

#endif  // FAHRAS_PLACE_WORDS_H
