/** @file query_lexer.h
 *  @brief The one reader of query text: typed tokens, as Xapian's parser
 *  reads a query, and the words the query rewriters work on.
 *
 *  Everything that looks at what a user typed goes through here, so that
 *  the operators and the field prefixes are listed once: QUERY_OPERATORS
 *  below, and query_prefixes() in schema.h (the fields, place: and date:).
 *
 *  Two readings of one text:
 *
 *  1. lex_query(): tokens with their byte spans, by the rules of Xapian
 *     1.4's QueryParser with the flags analyzer.h sets (query_parser_flags():
 *     phrases, boolean operators in capitals, +/-, pure NOT, word*):
 *     - Whitespace (Xapian::Unicode::is_whitespace: spaces and every
 *       control character) separates tokens.
 *     - A word is a run of word characters (Xapian::Unicode::is_wordchar:
 *       letters, marks, digits, connector punctuation), in which one ' & ·
 *       ׳ ‧ ’ ‛ between two word characters (or , . ; ؍ ⁄… between two
 *       digits) is kept and U+200B–U+200D, U+2060, U+FEFF are skipped; or
 *       capital initials (U.N.).  A word joined to the one before by
 *       . - / : \ @ is `phrased`: the parser makes the pair a phrase.
 *     - AND OR NOT XOR NEAR ADJ (and NEAR/n, ADJ/n) are operators where the
 *       parser reads them: in capitals, standing alone as a word, outside
 *       phrases, not after a prefix, not phrased, not initials.
 *     - name:… is a prefix when name is in query_prefixes() and the colon
 *       is followed by neither a space nor ')': a boolean prefix takes the
 *       value up to a space or ')' (or a quoted value), a free-text prefix
 *       a word, a phrase or a bracketed group.
 *     - " “ ” open and close phrases, and so do « », which the normalizer
 *       turns into " in queries (normalize.h).  A quote with nothing but
 *       spaces after it, or two quotes with nothing but spaces between
 *       them, are skipped.
 *     - + and - before a term love or hate it, after a space or '(' only;
 *       ( opens a group after a space, a bracket, + or -; ) always closes.
 *     - * right after a word, before no word character, is a wildcard:
 *       the words beginning with it (prefix_search.h).
 *     - date:FROM..TO (either end may be empty) is a range; another a..b
 *       outside phrases is one the parser refuses ("Unknown range
 *       operation"), unless a colon in it makes it a boolean value.
 *     - Everything else is punctuation the parser skips.
 *     The lexer does not check the grammar: "a OR" lexes, and the parser
 *     refuses it; readable_query() (3, below) reads it as a word.  Two
 *     rules depend on the database and are read one way: a + or # after a
 *     word (C++) is punctuation, not part of the word; CJK text is not cut
 *     into n-grams (Xapian's default).
 *
 *  2. The rewriters' words (spaced_words(), quote_segments(),
 *     is_syntax_word()): what variants, stopword deferral, proximity,
 *     exact-form boosts and --explain take apart.  They read the text
 *     cautiously, by characters: a word is what lies between two U+0020
 *     spaces, and any word holding a character of QUERY_SYNTAX_CHARACTERS,
 *     or spelled as an operator, is left as typed.  Where this reading and
 *     the parser's differ, the rewriters are more careful than needed
 *     (they skip "a-b", "x:", "a*", "AND" in a phrase), except in these
 *     cases, kept so that results stay what they were
 *     (tests/query_lexer_test.cpp lists them):
 *     - “ ” quote phrases for the parser, not for the rewriters;
 *     - a " inside a boolean value or a range (source:a"b) opens a phrase
 *       for the rewriters only;
 *     - "a.b", "a/b" (phrases for the parser) and "AND," "NEAR/3"
 *       (operators for it) are plain words to the rewriters;
 *     - a tab or other control character separates tokens, not words.
 *
 *  word_runs() is the plainest reading: the runs of word characters, which
 *  is how the normalizer finds the operators it keeps in capitals and how
 *  the searcher counts a query's words.
 *
 *  3. readable_query(): the text the searcher gives the parser.  Queries
 *     are pasted as often as typed (a headline: "الهلال يلتقي العين اليوم..
 *     ومدربه"), and Xapian refuses what it cannot read ("Unknown range
 *     operation", "Syntax: <expression> AND <expression>"), or, after some
 *     errors, reads the whole query again without any syntax, silently.
 *     What is clearly syntax is kept: a balanced quoted phrase, a prefix of
 *     query_prefixes(), AND OR NOT XOR between terms, NEAR and ADJ between
 *     two single words, +term and -term, balanced brackets, date:FROM..TO.
 *     The rest becomes what the parser reads as punctuation, and a note
 *     says what:
 *     - ".." (and "...") but in date:FROM..TO, a boolean value (source:a..b)
 *       or a phrase;
 *     - a quote or a bracket without its pair;
 *     - NEAR and ADJ between terms but not two single words: in small
 *       letters, they are words;
 *     - a * after a single letter (MIN_PREFIX_LETTERS, prefix_search.h);
 *     - left out: an operator that dangles (first, but NOT, which is "all
 *       articles but": FLAG_PURE_NOT; last; next to another operator, of
 *       which the second goes), and + or - before no term (an operator,
 *       the end).
 *     With no note, since no word is read otherwise: quotes or brackets
 *     around no word ("(!!)"), a ) closing a ( the parser skips (ب(8)).
 *     Three rewritings keep what was written, which the parser refuses:
 *     terms that are all excluded become NOT terms (-حلب is NOT حلب, which
 *     the parser read again as حلب); terms after OR, XOR or NOT that begin
 *     with an excluded one are bracketed ("a OR -b c" is "a OR (-b c)",
 *     as the parser reads "a OR b -c"); -date:… (a range no processor
 *     knows, to the parser) goes after the other terms as NOT date:…, and
 *     +date:… loses its +.
 *     plain_words_query() is the last resort, when the parser still refuses
 *     the text: its words, boolean filters and balanced phrases.
 *     has_decisive_syntax() says when the parser's silent reading without
 *     syntax can be told from its reading with.
 *
 *  Offsets are bytes; invalid UTF-8 decodes as U+FFFD (utf8.h), which is
 *  punctuation.
 */
#ifndef FAHRAS_QUERY_LEXER_H
#define FAHRAS_QUERY_LEXER_H

#include <fahras/schema.h>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/** The boolean operators of Xapian's QueryParser (FLAG_BOOLEAN). */
enum class QueryOperator { AND, OR, NOT, XOR, NEAR, ADJ };

/// How each operator is spelled, in QueryOperator's order.  The parser
/// reads them in capitals only (FLAG_BOOLEAN_ANY_CASE is off), so that a
/// Latin "and" or "or" in a query stays a word.
inline constexpr std::array<std::string_view, 6> QUERY_OPERATORS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

/** The operator @a word spells exactly ("NOT"), if any ("not", "NOT2": none). */
std::optional<QueryOperator> operator_spelled(std::string_view word);

/// The characters query syntax is made of: : after a prefix, " around a
/// phrase, ( ) around a group, + and - before a term, * after one.
inline constexpr std::string_view QUERY_SYNTAX_CHARACTERS = ":\"()+-*";

/** What a token is to the parser. */
enum class QueryTokenKind {
    word,            ///< a term (see `prefix`, `in_phrase`, `phrased`)
    op,              ///< AND OR NOT XOR NEAR ADJ, NEAR/n, ADJ/n
    field_prefix,    ///< "title:" before a word, a phrase or a group
    boolean_filter,  ///< "source:okaz": the prefix and its value, one token
    phrase_open,     ///< a quote that opens a phrase
    phrase_close,    ///< a quote that closes one
    love,            ///< + before a term: it must match
    hate,            ///< - before a term: it must not
    open_paren,      ///< ( that opens a group
    close_paren,     ///< ) that closes one (or that has none to close)
    range,           ///< a..b: date:2015-07-01..2015-07-31
    wildcard,        ///< * right after a word (FLAG_WILDCARD only)
    punctuation,     ///< anything else: skipped, or joining a phrased word
};

/** One token: bytes [begin, end) of the text. */
struct QueryToken {
    QueryTokenKind kind = QueryTokenKind::punctuation;
    std::size_t begin = 0;
    std::size_t end = 0;
    /// field_prefix and boolean_filter: their prefix; range: date:, or
    /// none for a range the parser refuses; word: the prefix it is read
    /// under (title:x, title:"x y", title:(x y)), none for free text.
    const QueryPrefix* prefix = nullptr;
    QueryOperator op = QueryOperator::AND;  ///< op only
    unsigned window = 0;                    ///< op: n of NEAR/n and ADJ/n, 0 without
    std::size_t value_begin = 0;            ///< boolean_filter: its value,
    std::size_t value_end = 0;              ///< quotes excluded
    bool in_phrase = false;                 ///< word: between phrase quotes
    bool phrased = false;                   ///< word: joined to the word before by . - / : \ @

    std::string_view text(std::string_view query) const { return query.substr(begin, end - begin); }
};

/** @a text's tokens as Xapian's parser reads it with query_parser_flags(),
 *  in order.  Whitespace makes no token.  Works on raw and normalized text
 *  alike; never throws. */
std::vector<QueryToken> lex_query(std::string_view text);

/** The same with other QueryParser flags: FLAG_PHRASE, FLAG_BOOLEAN,
 *  FLAG_LOVEHATE, FLAG_WILDCARD and FLAG_BOOLEAN_ANY_CASE are honoured. */
std::vector<QueryToken> lex_query(std::string_view text, unsigned flags);

/** True when some token of @a tokens is the prefix @a name (a boolean
 *  filter or a field prefix): uses_prefix(lex_query(q), PLACE_QUERY_PREFIX). */
bool uses_prefix(const std::vector<QueryToken>& tokens, std::string_view name);

/** Bytes [begin, end) of a text. */
struct TextSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/** The runs of word characters (Xapian::Unicode::is_wordchar) of @a text. */
std::vector<TextSpan> word_runs(std::string_view text);

/** The rewriters' words: the non-empty parts of @a text between U+0020
 *  spaces, in order (views into @a text). */
std::vector<std::string_view> spaced_words(std::string_view text);

/** True for a word the rewriters leave alone: one spelled as an operator,
 *  or holding a character of QUERY_SYNTAX_CHARACTERS (title:x, "a, (b,
 *  -c, a-b, x*). */
bool is_syntax_word(std::string_view word);

/** What readable_query() makes of a query. */
struct ReadableQuery {
    std::string text;                ///< for the parser: the query, what is not syntax made punctuation
    std::vector<std::string> notes;  ///< what was read as plain words, one note per kind (none: all of it is syntax)
};

/** @a text (a normalized query) with what the parser cannot read, or
 *  would read otherwise than as syntax, made plain words (see the file's
 *  comment, 3).  Never throws; a text that is all syntax comes back as it
 *  is, with no note. */
ReadableQuery readable_query(std::string_view text);

/** @a text as plain words, for when the parser refuses even
 *  readable_query()'s text: boolean filters (source:x) and balanced
 *  phrases are kept, operators lower-cased, a range's words kept
 *  without its colon and dots, and every other piece of syntax
 *  (prefixes, brackets, signs, "..") made a space. */
std::string plain_words_query(std::string_view text);

/** True when @a tokens hold syntax that the parser, reading a text again
 *  without syntax after a parse error (which Xapian does silently), would
 *  read otherwise: an operator, a -term, a phrase of two words or more.
 *  Equal parses with and without syntax then mean the syntax was lost. */
bool has_decisive_syntax(const std::vector<QueryToken>& tokens);

/** A stretch of a query outside or inside ASCII quotes. */
struct QuerySegment {
    std::string_view text;  ///< quotes excluded
    bool quoted = false;    ///< after an odd number of quotes
};

/** @a text cut at each ASCII quote ("), as the rewriters see phrases:
 *  outside and quoted stretches alternate, starting outside; empty
 *  outside stretches are left out, empty quoted ones ("") kept. */
std::vector<QuerySegment> quote_segments(std::string_view text);

}  // namespace fahras

#endif  // FAHRAS_QUERY_LEXER_H
