/** @file word_matcher.h
 *  @brief Which words of an article's original text match a query: its
 *  words and stems, and its phrases where their words stand together.
 *
 *  Matching is done on analysed words (normalized, then stemmed), so a word
 *  published as أَعْلَنَتْ matches a query typed اعلنت.  snippet.h marks
 *  what matches.
 */
#ifndef FAHRAS_WORD_MATCHER_H
#define FAHRAS_WORD_MATCHER_H

#include "letter_mask.h"
#include "word_table.h"

#include <fahras/analyzer.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Xapian {
class Query;
}

namespace fahras {

/** The normalized form and the stem of published words, remembered: a
 *  snippet looks at every word of a body, and the same words come back in
 *  every article.  Holds at most @a max_words words (it starts again when
 *  full), for one analyzer (its stemmer): clear() it when that changes. */
class WordCache {
  public:
    struct Entry {
        std::string normalized;  ///< the word as the index has it: normalized, ’ written '
        std::string stem;
        bool stemmed = false;  ///< stem is computed only when asked for
    };

    explicit WordCache(std::size_t max_words = 200000) : max_words_(max_words < 1 ? 1 : max_words) {}

    /** The entry of @a raw_word, its stem still to compute.  Valid until
     *  the next lookup. */
    Entry& lookup(std::string_view raw_word);

    void clear() { entries_.clear(); }
    std::size_t size() const { return entries_.size(); }

  private:
    std::size_t max_words_;
    WordTable<Entry> entries_;
};

/** What a text's words are matched against: the query's terms, each
 *  marked wherever it stands, and its phrases, marked only where their
 *  words stand together in their order.  Terms are as Xapian names them
 *  (unprefixed, S/A-prefixed, Z-prefixed stems); filters are ignored. */
struct QueryWords {
    std::vector<std::string> terms;
    std::vector<std::vector<std::string>> phrases;  ///< the terms of each, in order
};

/** The words and phrases of @a query (a phrase typed in quotes, or a name
 *  variant of several words): a term only inside phrases is no word of its
 *  own, and what NOT excludes is not looked for. */
QueryWords query_words(const Xapian::Query& query);

/** Decides which words of an original text match a query.  Made once per
 *  query; restrict_to() then narrows it to what one result matched. */
class WordMatcher {
  public:
    /** @param cache  where to remember words' analyses (may be null; must
     *  belong to @a analyzer and outlive the matcher). */
    WordMatcher(const Analyzer& analyzer, const QueryWords& query, WordCache* cache = nullptr);

    /** A query of words alone (no phrase). */
    WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& query_terms, WordCache* cache = nullptr)
        : WordMatcher(analyzer, QueryWords{query_terms, {}}, cache) {}

    /** From now on, match only the query words among @a matched_terms (the
     *  terms one result matched), and the phrases all of whose terms are
     *  among them, and count only those in key_count(). */
    void restrict_to(const std::vector<std::string>& matched_terms);

    /** What a published word is to the query. */
    struct WordMatch {
        int key = -1;          ///< the query word it matches (the forms of one stem share it), or -1
        int phrase_word = -1;  ///< which word of the phrases it is (phrase_starts()), or -1
    };

    /** Which query word @a raw_word matches, as a number below the number
     *  of query words (the forms of one stem share a number), or -1.
     *  Words of phrases match only as phrases (make_snippet()). */
    int match(std::string_view raw_word) const;

    /** match() and the phrase word, for a caller that has decoded the word
     *  already and knows its possible_letters() (letter_mask.h). */
    WordMatch match_word(std::string_view raw_word, LetterMask possible) const;

    /** A phrase of the query: its words (phrase_word numbers) and its key. */
    struct Phrase {
        std::vector<int> words;
        int key;
    };

    /** The phrases (those restrict_to() allowed) whose first word is
     *  @a phrase_word (>= 0), longest first, as numbers for phrase(). */
    const std::vector<int>& phrases_starting_with(int phrase_word) const;

    const Phrase& phrase(int number) const { return phrases_[static_cast<std::size_t>(number)]; }

    /** How many different query words (a phrase is one) a text can match. */
    std::size_t key_count() const { return restricted_ ? allowed_count_ : key_count_; }

    bool empty() const { return words_.empty() && stems_.empty() && phrases_.empty(); }

  private:
    int key_of_stem(const std::string& stem);
    WordMatch analyse(std::string_view raw_word) const;
    int key_of_term(const std::string& term) const;
    bool may_match(LetterMask possible) const;
    void select_candidates();

    const Analyzer& analyzer_;
    WordCache* cache_;
    std::unordered_map<std::string, int> words_;  ///< normalized word → key
    std::unordered_map<std::string, int> stems_;  ///< stem → key
    std::unordered_map<std::string, int> phrase_words_;  ///< normalized word of a phrase → its number
    std::vector<Phrase> phrases_;
    std::vector<std::vector<std::string>> phrase_terms_;  ///< by phrase, its terms (for restrict_to())
    /// By phrase word, the phrases allowed that start with it, longest first.
    std::vector<std::vector<int>> starting_with_;
    std::size_t key_count_ = 0;
    std::size_t free_keys_ = 0;  ///< keys below it are words', the others phrases'

    mutable WordTable<WordMatch> memo_;  ///< published word → its match, for this query
    bool restricted_ = false;
    std::vector<bool> allowed_;    ///< by key, after restrict_to()
    std::size_t allowed_count_ = 0;
    /// The letters each query word's forms hold, by key; empty when the
    /// stemmer may add letters (Snowball's), and nothing is ruled out early.
    std::vector<LetterMask> needed_letters_;
    /// The letters of each phrase word, by its number (filled with needed_letters_).
    std::vector<LetterMask> phrase_word_letters_;
    /// needed_letters_ of the keys a word may still match (all, or those
    /// restrict_to() allowed), and the letters of the words of the phrases
    /// allowed, each mask once: what may_match() tries.
    std::vector<LetterMask> candidate_letters_;
};

}  // namespace fahras

#endif  // FAHRAS_WORD_MATCHER_H
