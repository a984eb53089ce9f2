/** @file verb_forms.h
 *  @brief The past-tense spellings a headline's present-tense verb stands for.
 *
 *  Headlines are written in the present (يستقبل، تعلن، يعود، يدعو) and the
 *  article under them tells the story in the past (استقبل، أعلنت، عاد،
 *  دعا).  No stem joins the two: the prefix ي or ت cannot be stripped from
 *  every word without joining تقديم with قديم or يمين with مين.  So the
 *  searcher asks, for each query word that may be such a verb, for the past
 *  forms as well (with_past_forms in searcher/query_analysis.h), and the archive's own
 *  vocabulary decides which of them exist.
 */
#ifndef FAHRAS_VERB_FORMS_H
#define FAHRAS_VERB_FORMS_H

#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** For a normalized stem that reads as an imperfect verb (ي or ت before
 *  at least three letters), the words its perfect forms are written as, in
 *  normalized spelling and not yet stemmed, without repeats:
 *
 *  - the rest alone, for the forms without an alef: يرفض → رفض, يشارك →
 *    شارك, يبني → بني (بنى);
 *  - alef and the rest, for the forms with one: يعلن → اعلن, يفتتح →
 *    افتتح, يستقبل → استقبل;
 *  - after ت, both with the feminine ت as well: تعلن → اعلنت;
 *  - a hollow verb (و or ي in the middle of three letters) with its long
 *    alef: يعود → عاد, يعيد → اعاد;
 *  - a final و as alef: يدعو → دعا.
 *
 *  Empty for anything else: a shorter word (يوم), one starting otherwise,
 *  a verbal noun of the pattern تفعيل (تفجير، تطوير), or a word with a
 *  letter that is not Arabic.  Most of what this returns is
 *  no word at all (ستقبل); the caller keeps what its archive holds. */
std::vector<std::string> past_tense_readings(std::string_view stem);

}  // namespace fahras

#endif  // FAHRAS_VERB_FORMS_H
