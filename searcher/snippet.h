/** @file snippet.h
 *  @brief Snippets from the original text with the matched words marked.
 *
 *  Matching is done on analysed words (normalized, then stemmed), so a word
 *  published as أَعْلَنَتْ is marked for a query typed اعلنت; the text shown is
 *  the published one, diacritics and all.  Lengths count characters (code
 *  points), never bytes.
 */
#ifndef FAHRAS_SNIPPET_H
#define FAHRAS_SNIPPET_H

#include "letter_mask.h"
#include "word_table.h"

#include <fahras/analyzer.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fahras {

/** A run of snippet text, marked or not. */
struct SnippetSegment {
    std::string text;
    bool highlighted = false;
};

using Snippet = std::vector<SnippetSegment>;

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

/** Decides which words of an original text match a query.  Made once per
 *  query; restrict_to() then narrows it to what one result matched. */
class WordMatcher {
  public:
    /** @param query_terms  the query's terms, as Xapian names them
     *  (unprefixed, S/A-prefixed, Z-prefixed stems; filters are ignored).
     *  @param cache  where to remember words' analyses (may be null; must
     *  belong to @a analyzer and outlive the matcher). */
    WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& query_terms, WordCache* cache = nullptr);

    /** From now on, match only the query words among @a matched_terms (the
     *  terms one result matched), and count only those in key_count(). */
    void restrict_to(const std::vector<std::string>& matched_terms);

    /** Which query word @a raw_word matches, as a number below the number
     *  of query words (the forms of one stem share a number), or -1. */
    int match(std::string_view raw_word) const;

    /** match(), for a caller that has decoded the word already and knows
     *  its possible_letters() (letter_mask.h). */
    int match(std::string_view raw_word, LetterMask possible) const;

    /** How many different query words a text can match. */
    std::size_t key_count() const { return restricted_ ? allowed_count_ : key_count_; }

    bool empty() const { return words_.empty() && stems_.empty(); }

  private:
    int key_of_stem(const std::string& stem);
    int analyse(std::string_view raw_word) const;
    int key_of_term(const std::string& term) const;
    bool may_match(LetterMask possible) const;
    void select_candidate_letters();

    const Analyzer& analyzer_;
    WordCache* cache_;
    std::unordered_map<std::string, int> words_;  ///< normalized word → key
    std::unordered_map<std::string, int> stems_;  ///< stem → key
    std::size_t key_count_ = 0;
    mutable WordTable<int> memo_;  ///< published word → key, for this query
    bool restricted_ = false;
    std::vector<bool> allowed_;    ///< by key, after restrict_to()
    std::size_t allowed_count_ = 0;
    /// The letters each query word's forms hold, by key; empty when the
    /// stemmer may add letters (Snowball's), and nothing is ruled out early.
    std::vector<LetterMask> needed_letters_;
    /// needed_letters_ of the keys a word may still match (all, or those
    /// restrict_to() allowed), each mask once: what may_match() tries.
    std::vector<LetterMask> candidate_letters_;
};

/** The best window of at most @a max_chars characters of @a text: the first
 *  one holding the most distinct matched query words (more matches break
 *  ties); the start of the text when nothing matches.  Reading stops at
 *  the first window that holds every word the matcher can match.
 *  Whitespace runs become one space; "…" marks a cut. */
Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars);

/** All of @a text (a title), with matches marked. */
Snippet highlight_all(std::string_view text, const WordMatcher& matcher);

/** Concatenated text of a snippet. */
std::string snippet_text(const Snippet& snippet);

/** [start, end) code-point offsets of the highlighted segments. */
std::vector<std::pair<std::size_t, std::size_t>> snippet_highlights(const Snippet& snippet);

}  // namespace fahras

#endif  // FAHRAS_SNIPPET_H
