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
#include <string>
#include <string_view>
#include <vector>

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

/// Arabic writes the definite article as part of the word: a prefix in
/// Arabic letters without it also stands for the words that begin with
/// the article and it (سعود* finds السعودية), as a word finds its forms
/// with the article through its stem.
inline constexpr std::string_view ARABIC_ARTICLE = "ال";

/** Whether @a prefix (a normalized word before a *) also stands for
 *  ARABIC_ARTICLE + @a prefix: it begins with an Arabic letter, not with
 *  the article itself. */
bool takes_article(std::string_view prefix);

struct QueryToken;

/** Whether the word* whose word is @a tokens[@a word] (a token of
 *  lex_query(@a text), followed by a wildcard) also stands for the words
 *  beginning with the article and it: in free text (outside phrases,
 *  without a field prefix, + or -) when its word takes_article(). */
bool prefix_takes_article(const std::vector<QueryToken>& tokens, std::size_t word, std::string_view text);

/** @a normalized_query for the parser, each word* in free text (outside
 *  phrases, without a field prefix, + or -) whose word takes_article()
 *  written as "<ARTICLE_PREFIX_QUERY_PREFIX>:word", which the parser of
 *  Analyzer::make_query_parser() reads as the words beginning with word or
 *  with الword, weighed as one word (OP_SYNONYM), as word* alone is. */
std::string with_article_prefixes(std::string_view normalized_query);

}  // namespace fahras

#endif  // FAHRAS_PREFIX_SEARCH_H
