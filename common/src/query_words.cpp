// The words the query rewriters work on (query_lexer.h): runs of word
// characters, space-separated words, syntax words and quoted segments of a
// normalized query.  Simpler readings than lex_query(), for code that only
// needs to know where the words and the quotes are.
#include <fahras/query_lexer.h>

#include <fahras/utf8.h>

#include <xapian.h>

#include <algorithm>

namespace fahras {

namespace {

bool is_wordchar(char32_t cp) { return Xapian::Unicode::is_wordchar(static_cast<unsigned>(cp)); }

}  // namespace

std::vector<TextSpan> word_runs(std::string_view text) {
    std::vector<TextSpan> runs;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t begin = pos;
        if (!is_wordchar(utf8::decode(text, pos))) continue;
        std::size_t end = pos;
        for (std::size_t next = pos; next < text.size() && is_wordchar(utf8::decode(text, next));) end = next;
        runs.push_back({begin, end});
        pos = end;
    }
    return runs;
}

std::vector<std::string_view> spaced_words(std::string_view text) {
    std::vector<std::string_view> words;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = std::min(text.find(' ', pos), text.size());
        if (end > pos) words.push_back(text.substr(pos, end - pos));
        pos = end + 1;
    }
    return words;
}

bool is_syntax_word(std::string_view word) {
    return operator_spelled(word) || word.find_first_of(QUERY_SYNTAX_CHARACTERS) != std::string_view::npos;
}

std::vector<QuerySegment> quote_segments(std::string_view text) {
    std::vector<QuerySegment> segments;
    bool quoted = false;
    for (std::size_t pos = 0;;) {
        const std::size_t quote = std::min(text.find('"', pos), text.size());
        if (quoted || quote > pos) segments.push_back({text.substr(pos, quote - pos), quoted});
        if (quote == text.size()) break;
        quoted = !quoted;
        pos = quote + 1;
    }
    return segments;
}

}  // namespace fahras
