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

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** A run of snippet text, marked or not. */
struct SnippetSegment {
    std::string text;
    bool highlighted = false;
};

using Snippet = std::vector<SnippetSegment>;

/** Decides which words of an original text match a query. */
class WordMatcher {
  public:
    /** @param matching_terms  the query terms that matched the document, as
     *  Xapian reports them (unprefixed, S/A-prefixed, Z-prefixed stems). */
    WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& matching_terms);

    /** The key of the query term @a raw_word matches ("" if none). */
    std::string match(std::string_view raw_word) const;

    bool empty() const { return words_.empty() && stems_.empty(); }

  private:
    const Analyzer& analyzer_;
    std::set<std::string> words_;  ///< normalized words
    std::set<std::string> stems_;  ///< stems
};

/** The best window of at most @a max_chars characters of @a text: the one
 *  holding the most distinct matched terms; the start of the text when
 *  nothing matches.  Whitespace runs become one space; "…" marks a cut. */
Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars);

/** All of @a text (a title), with matches marked. */
Snippet highlight_all(std::string_view text, const WordMatcher& matcher);

/** Concatenated text of a snippet. */
std::string snippet_text(const Snippet& snippet);

/** [start, end) code-point offsets of the highlighted segments. */
std::vector<std::pair<std::size_t, std::size_t>> snippet_highlights(const Snippet& snippet);

}  // namespace fahras

#endif  // FAHRAS_SNIPPET_H
