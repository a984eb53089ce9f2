// The word splitter: TermGenerator's word rules (words.h), in one place.
#include <fahras/words.h>

#include <fahras/normalize.h>

#include <xapian.h>

namespace fahras {

CharClass detail::other_char_class(char32_t cp) {
    if (is_invisible_control(cp) || arabic::is_tashkeel(cp) || cp == arabic::TATWEEL) return CharClass::IGNORED;
    const auto code = static_cast<unsigned>(cp);
    if (Xapian::Unicode::get_category(code) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER) return CharClass::DIGIT;
    return Xapian::Unicode::is_wordchar(code) ? CharClass::LETTER : CharClass::SEPARATOR;
}

std::size_t WordReader::suffix_end(std::size_t pos) const {
    std::size_t end = pos, scan = pos;
    int count = 0;
    while (scan < text_.size()) {
        std::size_t after = scan;
        const char32_t cp = utf8::decode(text_, after);
        if (cp == '+' || cp == '#') {
            // c++ and c# are words; a run of four or more is not part of one.
            if (++count > 3) return pos;
            scan = end = after;
        } else if (char_class(cp) == CharClass::IGNORED) {
            scan = after;
        } else {
            break;
        }
    }
    if (count == 0) return pos;
    // fish+chips: a + between words is no suffix.
    char32_t next_cp;
    return is_word_char(peek_past_ignored(scan, next_cp)) ? pos : end;
}

std::vector<WordSpan> word_spans(std::string_view text) {
    std::vector<WordSpan> words;
    WordReader reader(text);
    WordSpan word;
    while (reader.next(word)) words.push_back(word);
    return words;
}

std::vector<std::string_view> words_of(std::string_view text) {
    std::vector<std::string_view> words;
    WordReader reader(text);
    WordSpan word;
    while (reader.next(word)) words.push_back(text.substr(word.begin, word.end - word.begin));
    return words;
}

std::size_t end_of_words(std::string_view text, std::size_t count) {
    if (count == 0) return 0;
    WordReader reader(text);
    WordSpan word;
    std::size_t seen = 0;
    while (reader.next(word)) {
        // A term is never longer than its span: only long spans need it.
        const std::string_view span = text.substr(word.begin, word.end - word.begin);
        if (span.size() > MAX_WORD_BYTES && word_term(span).size() > MAX_WORD_BYTES) continue;
        if (++seen == count) return word.end;
    }
    return text.size();
}

std::string word_term(std::string_view word) {
    std::string term;
    term.reserve(word.size());
    for (std::size_t pos = 0; pos < word.size();) {
        const std::size_t start = pos;
        const char32_t cp = utf8::decode(word, pos);
        if (char_class(cp) == CharClass::IGNORED) continue;
        if (cp == 0x2019 || cp == 0x201B) {
            term += '\'';
        } else {
            term.append(word.substr(start, pos - start));
        }
    }
    return term;
}

}  // namespace fahras
