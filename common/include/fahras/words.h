/** @file words.h
 *  @brief Where the words of a text are: the one word splitter.
 *
 *  Xapian's TermGenerator decides what the index holds; everything else
 *  that reads words (place recognition, the lead of an article, snippets)
 *  must find the same ones, with their place in the text.  These functions
 *  apply TermGenerator's rules (Xapian 1.4) as they play out on the text
 *  Fahras indexes, which normalize_text() has made:
 *   - A word is a run of word characters (Xapian::Unicode::is_wordchar:
 *     letters, marks, numbers and connector punctuation such as _).
 *   - One joining character between two word characters keeps them one
 *     word: ' & · ׳ ‧ ’ ‛ (don't, at&t, l’ONU); between two digits it is
 *     one of , . ; ؍ ⁄ and their Greek, Armenian, NKo and vertical forms
 *     instead (2,500, 12.5, 2015؍7 are one word; 3'4 is two).
 *   - Up to three + or # right after a word belong to it (c++, c#), unless
 *     a word character follows them.
 *   - Anything else separates words: spaces of every kind, quotation marks
 *     (“ ” « » ‹ › „ " and ' not between letters), dashes, brackets, dots,
 *     Arabic punctuation (، ؛ ؟).
 *   - A word longer than MAX_WORD_BYTES is not indexed.  It is still a
 *     word here; end_of_words() does not count it, since it takes no
 *     position in the index.
 *
 *  Published text (snippets read it before normalization) is split so that
 *  its words are those of its normalized form:
 *   - characters normalization deletes (tashkeel, tatweel, the invisible
 *     controls: char_class() IGNORED) never separate: مدي\u200Cنة is one
 *     word.  They belong to the word they are in, follow or (with nothing
 *     between) precede, but alone they make no word: a lone tatweel is none;
 *   - ٫ and ٬ join digits, as the . and , they become do (١٢٫٥).
 *  Two of TermGenerator's rules never apply to normalized text and are not
 *  followed: capital initials (it reads U.N. as one word "un"; normalized
 *  text has no capitals) and CJK n-grams (off unless XAPIAN_CJK_NGRAM is
 *  set).  Compatibility characters that NFKC rewrites into characters the
 *  splitter reads otherwise are split as published: ﷺ is one word (four
 *  once normalized), the isolated ﹰ is a word (a space and a mark once
 *  normalized), the full-width comma joins no digits.  SaudiNewsNet holds
 *  20 of them in 8.7 million words.
 *
 *  Offsets are bytes; invalid UTF-8 decodes as U+FFFD (utf8.h), which
 *  separates words.
 */
#ifndef FAHRAS_WORDS_H
#define FAHRAS_WORDS_H

#include <fahras/arabic_letters.h>
#include <fahras/utf8.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

/// TermGenerator's default max_word_length: longer words are not indexed.
inline constexpr std::size_t MAX_WORD_BYTES = 64;

/** What a character is to the splitter. */
enum class CharClass : std::uint8_t {
    SEPARATOR,  ///< not part of a word (unless it joins two words: see above)
    LETTER,     ///< a word character other than a decimal digit
    DIGIT,      ///< a decimal digit (Unicode Nd): digits have their own joiners
    IGNORED,    ///< deleted by normalization: inside a word, as if absent
};

/** A word: bytes [begin, end) of the text. */
struct WordSpan {
    std::size_t begin = 0;
    std::size_t end = 0;
};

namespace detail {
/** char_class() for the characters outside its inline fast paths. */
CharClass other_char_class(char32_t cp);

/** Whether @a cp between two digits keeps them one number: Unicode's
 *  separators inside numbers (UAX #29 MidNum and MidNumLet) as
 *  TermGenerator takes them (2,500 12.5 2015؍7). */
inline bool joins_digits(char32_t cp) {
    switch (cp) {
        case ',':
        case '.':
        case ';':
        case 0x037E:  // GREEK QUESTION MARK
        case 0x0589:  // ARMENIAN FULL STOP
        case 0x060D:  // ARABIC DATE SEPARATOR
        case 0x07F8:  // NKO COMMA
        case 0x2044:  // FRACTION SLASH
        case 0xFE10:  // PRESENTATION FORM FOR VERTICAL COMMA
        case 0xFE13:  // PRESENTATION FORM FOR VERTICAL COLON
        case 0xFE14:  // PRESENTATION FORM FOR VERTICAL SEMICOLON
        // Published forms that normalization makes . and , (fold_digits).
        case arabic::DECIMAL_SEPARATOR:
        case arabic::THOUSANDS_SEPARATOR:
            return true;
        default:
            return false;
    }
}

/** Whether @a cp between two word characters, not both digits, keeps
 *  them one word: apostrophes and the like (don't, l’onu) and & (at&t). */
inline bool joins_letters(char32_t cp) {
    switch (cp) {
        case '\'':
        case '&':
        case 0x00B7:  // MIDDLE DOT
        case 0x05F4:  // HEBREW PUNCTUATION GERSHAYIM
        case 0x2027:  // HYPHENATION POINT
        case 0x2019:  // RIGHT SINGLE QUOTATION MARK, the typographic apostrophe
        case 0x201B:  // SINGLE HIGH-REVERSED-9 QUOTATION MARK
            return true;
        default:
            return false;
    }
}

/** Whether @a cp, between two word characters, keeps them one word
 *  (@a digits: both are digits). */
inline bool joins_words(char32_t cp, bool digits) { return digits ? joins_digits(cp) : joins_letters(cp); }

inline constexpr std::array<CharClass, 0x80> ASCII_CLASSES = [] {
    std::array<CharClass, 0x80> classes{};
    for (char c = '0'; c <= '9'; ++c) classes[static_cast<std::size_t>(c)] = CharClass::DIGIT;
    for (char c = 'a'; c <= 'z'; ++c) classes[static_cast<std::size_t>(c)] = CharClass::LETTER;
    for (char c = 'A'; c <= 'Z'; ++c) classes[static_cast<std::size_t>(c)] = CharClass::LETTER;
    classes['_'] = CharClass::LETTER;
    return classes;
}();
}  // namespace detail

/** The class of @a cp.  Inline for ASCII and the Arabic letters, marks and
 *  digits, nearly all of a news text: snippets ask for every character. */
inline CharClass char_class(char32_t cp) {
    if (cp < 0x80) return detail::ASCII_CLASSES[cp];
    if (cp >= arabic::HAMZA && cp <= arabic::YEH) return cp == arabic::TATWEEL ? CharClass::IGNORED : CharClass::LETTER;
    if (arabic::is_tashkeel(cp)) return CharClass::IGNORED;
    if (arabic::is_arabic_indic_digit(cp)) return CharClass::DIGIT;
    return detail::other_char_class(cp);
}

inline bool is_word_char(CharClass c) { return c == CharClass::LETTER || c == CharClass::DIGIT; }

/** Reads the words of a text one at a time: a snippet usually needs only
 *  the first ones. */
class WordReader {
  public:
    explicit WordReader(std::string_view text) : text_(text) {}

    /** The next word, or false at the end of the text. */
    bool next(WordSpan& word) {
        return next(word, [](char32_t) {});
    }

    /** The same, calling @a visit(cp) for every character of the word, in
     *  order, so that a caller that needs them (the snippet reader counts
     *  them and gathers their letters) does not decode the word again. */
    template <typename Visit>
    bool next(WordSpan& word, Visit&& visit);

  private:
    /** The first character at or after @a pos that is not IGNORED: its
     *  class, and in @a cp the character; SEPARATOR at the end. */
    CharClass peek_past_ignored(std::size_t pos, char32_t& cp) const {
        while (pos < text_.size()) {
            cp = utf8::decode(text_, pos);
            const CharClass c = char_class(cp);
            if (c != CharClass::IGNORED) return c;
        }
        cp = 0;
        return CharClass::SEPARATOR;
    }

    /** The end of the + and # (at most three) that belong to the word
     *  ending at @a pos, or @a pos. */
    std::size_t suffix_end(std::size_t pos) const;

    std::string_view text_;
    std::size_t pos_ = 0;
};

template <typename Visit>
bool WordReader::next(WordSpan& word, Visit&& visit) {
    // A local position, written back at the end: @a visit may write through
    // pointers the compiler cannot tell from pos_.
    std::size_t pos = pos_;
    const std::size_t size = text_.size();
    // Up to the first word character, and the ignored characters right
    // before it, which are the word's too (a bidi mark opening a paragraph).
    constexpr std::size_t NONE = std::string_view::npos;
    std::size_t ignored_from = NONE;
    char32_t cp = 0;
    CharClass cls = CharClass::SEPARATOR;
    std::size_t after = pos;
    while (pos < size) {
        after = pos;
        cp = utf8::decode(text_, after);
        cls = char_class(cp);
        if (is_word_char(cls)) break;
        if (cls != CharClass::IGNORED) ignored_from = NONE;
        else if (ignored_from == NONE) ignored_from = pos;
        pos = after;
    }
    if (pos >= size) {
        pos_ = pos;
        return false;
    }
    word.begin = pos;
    if (ignored_from != NONE) {
        word.begin = ignored_from;
        for (std::size_t at = ignored_from; at < pos;) visit(utf8::decode(text_, at));
    }
    visit(cp);
    pos = after;
    bool last_is_digit = cls == CharClass::DIGIT;
    for (;;) {
        // The run of word characters (and ignored ones).
        while (pos < size) {
            after = pos;
            cp = utf8::decode(text_, after);
            if (cp >= arabic::HAMZA && cp <= arabic::YEH && cp != arabic::TATWEEL) {  // most of them
                visit(cp);
                pos = after;
                last_is_digit = false;
                continue;
            }
            cls = char_class(cp);
            if (cls == CharClass::SEPARATOR) break;
            if (cls != CharClass::IGNORED) last_is_digit = cls == CharClass::DIGIT;
            visit(cp);
            pos = after;
        }
        if (pos >= size) break;
        // A separator: does it join this word to the next?  Most are spaces.
        const bool may_join_digits = detail::joins_digits(cp), may_join_letters = detail::joins_letters(cp);
        if (!may_join_digits && !may_join_letters) break;
        char32_t next_cp;
        const CharClass next = peek_past_ignored(after, next_cp);
        if (!is_word_char(next)) break;
        if (!(last_is_digit && next == CharClass::DIGIT ? may_join_digits : may_join_letters)) break;
        visit(cp);
        pos = after;
    }
    if (pos < size && (text_[pos] == '+' || text_[pos] == '#')) {
        const std::size_t end = suffix_end(pos);
        while (pos < end) visit(utf8::decode(text_, pos));
    }
    word.end = pos_ = pos;
    return true;
}

/** The words of @a text, in order. */
std::vector<WordSpan> word_spans(std::string_view text);

/** The words of @a text as views of it. */
std::vector<std::string_view> words_of(std::string_view text);

/** The byte offset just past the @a count-th word of @a text that the
 *  index holds (words over MAX_WORD_BYTES are not counted), or
 *  text.size() when it has fewer: text.substr(0, end_of_words(text, n))
 *  holds the first n words and nothing more. */
std::size_t end_of_words(std::string_view text, std::size_t count);

/** The term TermGenerator makes of @a word (a span of normalized text):
 *  ignored characters dropped, ’ and ‛ written '. */
std::string word_term(std::string_view word);

}  // namespace fahras

#endif  // FAHRAS_WORDS_H
