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
 *  full), for one analyzer (its stemmer): clear() it when that changes.
 *
 *  An open-addressing table of entry numbers, not std::unordered_map: a
 *  lookup per published word made the map's bucket chains (a cache miss
 *  per node) a quarter of a search's time (bench/perf). */
class WordCache {
  public:
    struct Entry {
        std::string raw;
        std::string normalized;
        std::string stem;
        bool stemmed = false;  ///< stem is computed only when asked for
    };

    explicit WordCache(std::size_t max_words = 200000);

    /** The entry of @a raw_word, its stem still to compute. */
    Entry& lookup(std::string_view raw_word);

    void clear();
    std::size_t size() const { return entries_.size(); }

  private:
    struct Slot {
        std::uint32_t hash = 0;   ///< the high bits of the word's hash
        std::uint32_t entry = 0;  ///< entry number + 1; 0 for an empty slot
    };

    void insert_slot(std::size_t hash, std::uint32_t entry);

    std::size_t max_words_;
    std::vector<Slot> slots_;  ///< a power of two (or none yet), at most half full
    std::vector<Entry> entries_;
};

/** Decides which words of an original text match a query. */
class WordMatcher {
  public:
    /** @param matching_terms  the query terms that matched the document, as
     *  Xapian reports them (unprefixed, S/A-prefixed, Z-prefixed stems).
     *  @param cache  where to remember words' analyses (may be null; must
     *  belong to @a analyzer and outlive the matcher). */
    WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& matching_terms,
                WordCache* cache = nullptr);

    /** Which query word @a raw_word matches, as a number from 0 to
     *  key_count() - 1 (the forms of one stem share a number), or -1. */
    int match(std::string_view raw_word) const;

    /** How many different query words a text can match. */
    std::size_t key_count() const { return key_count_; }

    bool empty() const { return words_.empty() && stems_.empty(); }

  private:
    int key_of_stem(const std::string& stem);

    const Analyzer& analyzer_;
    WordCache* cache_;
    std::unordered_map<std::string, int> words_;  ///< normalized word → key
    std::unordered_map<std::string, int> stems_;  ///< stem → key
    std::size_t key_count_ = 0;
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
