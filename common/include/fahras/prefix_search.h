/** @file prefix_search.h
 *  @brief word*: the words that begin with a prefix, and its bounds.
 *
 *  The parser reads word* (query_parser_flags(), analyzer.h) and expands it
 *  over the words as indexed: normalized and unstemmed (stems are Z terms,
 *  which no prefix typed begins), so that what is typed in the prefix is
 *  normalized as any word (أقتص* is اقتص*).
 */
#ifndef FAHRAS_PREFIX_SEARCH_H
#define FAHRAS_PREFIX_SEARCH_H

#include <cstddef>

namespace fahras {

/// A prefix (الاقتص*) stands for at most this many words: the most
/// frequent of those the archive holds that begin with it.  Past it the
/// searcher says so (ResultPage::capped_prefixes): a longer prefix narrows
/// it.  One Xapian query term each, so this bounds what a * costs.
inline constexpr unsigned MAX_PREFIX_WORDS = 100;

/// A * after fewer letters than this is punctuation (readable_query(),
/// query_lexer.h): one letter begins a tenth of the archive's words,
/// whose hundred most frequent say nothing of what was meant.
inline constexpr std::size_t MIN_PREFIX_LETTERS = 2;

}  // namespace fahras

#endif  // FAHRAS_PREFIX_SEARCH_H
