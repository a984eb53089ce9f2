/** @file rerank.h
 *  @brief The top of a ranking, reordered by what costs too much to ask of
 *  the whole match: the exact-form boost, proximity, and the query's words
 *  found as a phrase where an article says what it is about.
 *
 *  Xapian ranks the stemmed query alone; the first results are then
 *  rescored.  Added to the query itself (AND_MAYBE), the exact-form boost
 *  made Xapian score every article holding any of the typed words, which
 *  doubled the cost of a search (bench/eval/latency.sh); here only the
 *  window of first results is scored, with Xapian's weighting computed
 *  from the postings of those articles alone.
 */
#ifndef FAHRAS_RERANK_H
#define FAHRAS_RERANK_H

#include "postings.h"

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fahras {

/** How many first results the boosts reorder: measured with bench/eval
 *  (docs/retrieval.md). */
inline constexpr std::size_t RERANK_WINDOW = 30;

/** One leaf of a boost: a term, weighed as Xapian weighs a term of a query
 *  (BM25 with its default parameters) times @a factor, as OP_SCALE_WEIGHT
 *  would scale it. */
struct BoostTerm {
    BoostTerm(std::string term_, double factor_ = 1.0, std::vector<std::string> weighed_with_ = {})
        : term(std::move(term_)), factor(factor_), weighed_with(std::move(weighed_with_)) {}

    std::string term;
    double factor = 1.0;
    /// The terms weighed as one with this one (a variant group's spellings:
    /// the idf is that of all their articles, as OP_SYNONYM weighs them);
    /// empty: the term alone.
    std::vector<std::string> weighed_with;
};

/** The OR of these leaves: what the first results are rescored by. */
using Boost = std::vector<BoostTerm>;

/** The leaves of @a query, each at factor 1: for a query that is a term or
 *  an OR of terms, as the query parser makes them, its exact weight. */
Boost boost_terms(const Xapian::Query& query);

/** @a boost as a Xapian query (the OR of its leaves, scaled), for what
 *  --json shows and snippets mark; empty when @a boost is. */
Xapian::Query boost_query(const Boost& boost);

/** A run of the query's words to find together and in order, as a name is
 *  written (محمد بن سلمان, هيئة كبار العلماء): per word, the forms it may
 *  take in the text, as indexed (unstemmed).  The first word may carry a
 *  proclitic (والملك, للملك, لمحمد); the others stand as typed, so that
 *  two of its words inside another name (سلطان بن سلمان) are not it. */
struct Phrase {
    std::vector<std::vector<std::string>> words;
};

/** Which part of an article an occurrence is in: the title, the lead (the
 *  body's first LEAD_WORDS words), or the rest of the body. */
enum class Region : unsigned char { title, lead, body };

/** One occurrence of a term in an article's unprefixed text. */
struct Occurrence {
    Xapian::termpos position;
    Region region;
};

/** The occurrences of a term in one article, from what the index holds of
 *  it (schema.h): its positions in the unprefixed text, where the title
 *  comes before the body; its wdf there, where a title word counts
 *  TITLE_WEIGHT and a lead word LEAD_EXTRA_WEIGHT more without a position;
 *  and its wdf in the title's own terms (PREFIX_TITLE, 1 a word).  So the
 *  first @a title_wdf positions are the title's, and the next
 *  (@a wdf − positions − (TITLE_WEIGHT − 1) × @a title_wdf) /
 *  LEAD_EXTRA_WEIGHT the lead's.  @a positions are sorted. */
std::vector<Occurrence> locate(const std::vector<Xapian::termpos>& positions, Xapian::termcount wdf,
                               Xapian::termcount title_wdf);

/** Where an article holds a phrase: how many times it starts in the title,
 *  in the lead, and in the rest of the body. */
struct PhraseHits {
    std::size_t title = 0;
    std::size_t lead = 0;
    std::size_t body = 0;
    std::size_t total() const { return title + lead + body; }
    bool operator==(const PhraseHits& other) const {
        return title == other.title && lead == other.lead && body == other.body;
    }
};

/** The words that, right before a name, make it part of an institution's
 *  name (مركز الملك سلمان للإغاثة, جامعة الملك سعود, بمركز محمد بن نايف):
 *  normalized as the index holds them, with the proclitics a noun takes
 *  there (ومركز, بجامعه, لمستشفي).  One table, in rerank.cpp. */
const std::vector<std::string>& institution_forms();

/** The titles that may stand between such a noun and the name (مركز
 *  الأمير محمد بن نايف): normalized, as written there (no proclitic). */
const std::vector<std::string>& honorific_forms();

/** The sorted positions of institution_forms() and honorific_forms() in
 *  one article: what stands before an occurrence of a name. */
struct Before {
    std::vector<Xapian::termpos> institution;
    std::vector<Xapian::termpos> honorific;
    /** Whether the word before @a position is an institution noun, or a
     *  title after one (مركز الأمير ‹محمد بن نايف›). */
    bool institution_before(Xapian::termpos position) const;
};

/** Where the words stand one right after the other, in order: @a first
 *  the first word's occurrences (its forms merged, sorted), @a rest the
 *  sorted positions of each following word.  An occurrence counts in the
 *  region of its first word, and not at all where @a before says an
 *  institution noun precedes it: it is then the institution's name, and
 *  the article about the institution, not the person. */
PhraseHits find_phrase(const std::vector<Occurrence>& first, const std::vector<std::vector<Xapian::termpos>>& rest,
                       const Before& before = {});

/** What a result's weight is multiplied by for holding the query's phrase:
 *  1 without it; more for the phrase in the title, more for it in the
 *  lead, and more for each time it is repeated (up to a bound).  An
 *  article about a person names them in its headline or lead and again
 *  in the text; a list of officials names them once. */
double phrase_factor(const PhraseHits& hits);

/** Which of a few articles hold a term: term → their ids, increasing. */
using Holders = std::map<std::string, std::vector<Xapian::docid>>;

/** What a few articles earn in the rescoring. */
struct WindowScores {
    /** Per article, what Xapian would add to its weight were the boost
     *  AND_MAYBE'd into the query (the same weighting and statistics), 0
     *  when it holds none of the boost's terms. */
    std::vector<double> boost;
    /** Per article, how many of the pairs (first word, second word) stand
     *  next to each other, in that order, somewhere in it. */
    std::vector<std::size_t> pairs_together;
    /** Per article, where it holds the phrases (summed over them). */
    std::vector<PhraseHits> phrases;
    /** Which of the articles hold each term of the boost and the pairs:
     *  the matched terms of a page need not read those again. */
    Holders holders;
};

/** Score @a docids by @a boost, @a pairs and @a phrases, reading only
 *  what those articles need: each term's postlist is walked once over them
 *  in id order (which hold it, how often), lengths are read for the
 *  articles holding a boost term, positions only where both words of a
 *  pair, or every word of a phrase, are (most hold one without the
 *  other), and the title's terms only of a phrase's first word.  Term
 *  frequencies come from @a frequencies when given (the search's own
 *  memo), else the database. */
WindowScores score_window(const Xapian::Database& db, const std::vector<Xapian::docid>& docids, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          const std::vector<Phrase>& phrases = {}, TermFrequencies* frequencies = nullptr);

/** The same, of the articles of @a window, read as it reads them. */
WindowScores score_window(const Xapian::Database& db, WindowTerms& window, const Boost& boost,
                          const std::vector<std::pair<std::string, std::string>>& pairs,
                          const std::vector<Phrase>& phrases = {}, TermFrequencies* frequencies = nullptr);

/** A reordered ranking, and what was learnt about its window. */
struct Reranking {
    /** (index in the MSet, weight), in the new order. */
    std::vector<std::pair<Xapian::doccount, double>> order;
    /** The ids of the articles rescored, increasing. */
    std::vector<Xapian::docid> window;
    /** Which of them hold each term of the boost and the pairs. */
    Holders holders;
};

/** Reorder the first @a window results of @a mset (which starts at the
 *  first result): each gains the weight of @a boost (none when it is
 *  empty), then PROXIMITY_BONUS of its weight per pair of @a pairs standing
 *  together, and is multiplied by the phrase_factor() of where it holds
 *  @a phrases.  The results after the window follow in Xapian's order, so
 *  the first page is the same whatever the page size; boosts only add, so
 *  no result after the window weighs more than one in it.  Equal weights
 *  keep Xapian's order (lower document id first).  @a remote_shards: some
 *  shard is remote, and the window is read as WindowTerms reads it there. */
Reranking rerank_top(
    const Xapian::Database& db, const Xapian::MSet& mset, const Boost& boost,
    const std::vector<std::pair<std::string, std::string>>& pairs, const std::vector<Phrase>& phrases = {},
    std::size_t window = RERANK_WINDOW, TermFrequencies* frequencies = nullptr, bool remote_shards = false);

}  // namespace fahras

#endif  // FAHRAS_RERANK_H
