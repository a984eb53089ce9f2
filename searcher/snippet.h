/** @file snippet.h
 *  @brief Snippets from the original text with the matched words marked.
 *
 *  Matching is done on analysed words (word_matcher.h), so a word
 *  published as أَعْلَنَتْ is marked for a query typed اعلنت; the text shown is
 *  the published one, diacritics and all.  Lengths count characters (code
 *  points), never bytes.
 */
#ifndef FAHRAS_SNIPPET_H
#define FAHRAS_SNIPPET_H

#include "word_matcher.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fahras {

/** A run of snippet text, marked or not. */
struct SnippetSegment {
    std::string text;
    bool highlighted = false;
};

using Snippet = std::vector<SnippetSegment>;

/** The best window of at most @a max_chars characters of @a text: the first
 *  one holding the most distinct matched query words (more matches break
 *  ties); the start of the text when nothing matches.  A phrase standing
 *  in the text is one match, marked as one segment (its words and what
 *  stands between them); its words standing elsewhere are not marked.
 *  Reading stops at the first window that holds every word the matcher
 *  can match.  Whitespace runs become one space; "…" marks a cut. */
Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars);

/** All of @a text (a title), with matches marked. */
Snippet highlight_all(std::string_view text, const WordMatcher& matcher);

/** Concatenated text of a snippet. */
std::string snippet_text(const Snippet& snippet);

/** [start, end) code-point offsets of the highlighted segments. */
std::vector<std::pair<std::size_t, std::size_t>> snippet_highlights(const Snippet& snippet);

}  // namespace fahras

#endif  // FAHRAS_SNIPPET_H
