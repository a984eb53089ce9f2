/** @file query_analysis.h
 *  @brief What the searcher adds around Xapian's query parser: stopwords,
 *  boosts for exact forms and for words standing together, and --explain.
 */
#ifndef FAHRAS_QUERY_ANALYSIS_H
#define FAHRAS_QUERY_ANALYSIS_H

#include "postings.h"
#include "rerank.h"
#include "search_types.h"

#include <fahras/analyzer.h>
#include <fahras/variants.h>

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** The stopwords file (data/stopwords_ar.txt, or $FAHRAS_STOPWORDS); "" if not found. */
std::string stopwords_path();

/** The bundled stopwords, normalized (data/stopwords_ar.txt); none if the
 *  file is missing (missing_data_warnings() says so). */
const Xapian::SimpleStopper& arabic_stopper();

/** True when @a normalized_query is words only: no operator, prefix,
 *  +/-, parenthesis or quote.  Function words can leave the match only
 *  then: taken out of "في -حلب", they would leave -حلب alone, which Xapian
 *  reads as حلب. */
bool is_plain_text(const std::string& normalized_query);

/** The words @a parser's stopper took out of the query it parsed last,
 *  space-separated, ready to be parsed again without the stopper (empty
 *  when none). */
std::string stopped_words(const Xapian::QueryParser& parser);

/** Runs of plain consecutive words in a normalized query: outside quotes,
 *  without operators, prefixes or +/-.  Proximity pairs come from these. */
std::vector<std::vector<std::string>> plain_word_runs(const std::string& normalized_query);

/** Adjacent query words worth checking for proximity, as (first, second)
 *  unstemmed terms: pairs with a stopword or with a word the database
 *  lacks are left out, and at most MAX_PROXIMITY_PAIRS pairs, those with
 *  the rarest words, are kept. */
std::vector<std::pair<std::string, std::string>> proximity_pairs(const std::string& normalized_query,
                                                                 TermFrequencies& frequencies);

/** The forms a word may take first in a name, as the text writes it after
 *  a conjunction or preposition: the word itself, و ف ب ل ك and their
 *  pairs before it, and ل before ال as لل (الملك: والملك, بالملك, للملك,
 *  وللملك…).  Normalized, as the index holds words. */
std::vector<std::string> proclitic_forms(const std::string& word);

/** The query's runs of plain words to find as phrases in the first
 *  results (rerank.h): each run of 2 to MAX_PHRASE_WORDS words, function
 *  words at its ends left out, whose words the database holds; the first
 *  word with those of its proclitic_forms() the database holds.  Longer
 *  runs are pasted headlines, not names. */
std::vector<Phrase> query_phrases(const std::string& normalized_query, TermFrequencies& frequencies);

/** Boost for articles holding the words in the form typed, not only another
 *  form of the same stem: the unstemmed words, each scaled down (none when
 *  there is none).  Skips words @a stopper stops.  A word of a name-variant
 *  group (@a variants) stands for the group's spellings of one word, all
 *  boosted and weighed as one (كيري for Kerry, not البكيرية, whose stem
 *  the stemmer makes كيري). */
Boost exact_form_boost(const std::string& normalized_query, const Xapian::Stopper* stopper,
                       const VariantTable* variants = nullptr);

/** The past forms with_past_forms() added, by the stemmed term they
 *  joined: "Zيستقبل" → {"استقبل"}. */
using PastForms = std::map<std::string, std::vector<std::string>>;

/** @a query with each stemmed term that reads as a present-tense verb
 *  joined (OP_SYNONYM: one word, its frequencies summed) by its past forms
 *  in the database (verb_forms.h): Zيستقبل becomes Zيستقبل SYNONYM
 *  Zاستقبل.  Phrases and NEAR stay exact, and words after NOT are left as
 *  typed.  What was added goes into @a added when given. */
Xapian::Query with_past_forms(const Xapian::Query& query, const Analyzer& analyzer, TermFrequencies& frequencies,
                              PastForms* added = nullptr);

/** "Did you mean": @a normalized_query with each of its free-text words
 *  that is in no article, neither as typed nor by its stem, replaced by the
 *  archive's closest title word (Xapian's spelling data); "" when no word
 *  was replaced.  Words as the parser reads them (runs of word characters),
 *  never operators or a field's words (title:, source:…).  Work
 *  is bounded: words longer than MAX_SPELLING_WORD_LETTERS are no typos
 *  and stay as typed, and only the first MAX_SPELLED_WORDS unknown words
 *  are looked up. */
std::string spelling_correction(const std::string& normalized_query, const Analyzer& analyzer, const Xapian::Database& db);

/** --explain: each word of @a query as typed, normalized, stemmed, with
 *  its frequencies in @a db and the past forms the search added for it
 *  (@a past_forms, from with_past_forms). */
std::vector<WordAnalysis> explain_query(const std::string& query, const Analyzer& analyzer, const Xapian::Database& db,
                                        const Xapian::Stopper* stopper, const PastForms& past_forms);

}  // namespace fahras

#endif  // FAHRAS_QUERY_ANALYSIS_H
