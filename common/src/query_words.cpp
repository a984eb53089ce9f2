// The words the query rewriters work on (query_lexer.h): runs of word
// characters, space-separated words, syntax words and quoted segments of a
// normalized query.  Simpler readings than lex_query(), for code that only
// needs to know where the words and the quotes are; and the query as plain
// words, the searcher's last resort when the parser refuses it.
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

namespace {

// Whether the quote at @a i is one of a phrase: closed, with a word.
bool kept_quote(const std::vector<QueryToken>& tokens, std::size_t i) {
    std::size_t open = i, close = i;
    if (tokens[i].kind == QueryTokenKind::phrase_open)
        while (close < tokens.size() && tokens[close].kind != QueryTokenKind::phrase_close) ++close;
    else
        while (open > 0 && tokens[open].kind != QueryTokenKind::phrase_open) --open;
    if (close == tokens.size()) return false;
    return std::any_of(tokens.begin() + static_cast<std::ptrdiff_t>(open), tokens.begin() + static_cast<std::ptrdiff_t>(close),
                       [](const QueryToken& t) { return t.kind == QueryTokenKind::word; });
}

bool is_ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A range's text with its syntax made spaces: its colon, dots, quotes,
// brackets and signs; a hyphen stays between two letters or digits
// (2015-07-21 is one phrase), nowhere else.
void append_range_words(std::string& plain, std::string_view range) {
    char32_t before = 0;
    for (std::size_t pos = 0; pos < range.size();) {
        const std::size_t begin = pos;
        const char32_t cp = utf8::decode(range, pos);
        std::size_t next_pos = pos;
        const char32_t after = pos < range.size() ? utf8::decode(range, next_pos) : 0;
        const bool syntax = cp == ':' || cp == '.' || cp == '"' || cp == '(' || cp == ')' || cp == '+' || cp == '*' ||
                            cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB ||
                            (cp == '-' && !(is_ascii_alnum(before) && is_ascii_alnum(after)));
        if (syntax) plain += ' ';
        else plain.append(range.substr(begin, pos - begin));
        before = cp;
    }
}

}  // namespace

std::string plain_words_query(std::string_view text) {
    const std::vector<QueryToken> tokens = lex_query(text);
    std::string plain;
    std::vector<std::pair<std::size_t, std::size_t>> filters;  // in plain
    std::size_t pos = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const QueryToken& token = tokens[i];
        plain.append(text.substr(pos, token.begin - pos));  // the spaces between
        pos = token.end;
        switch (token.kind) {
            case QueryTokenKind::boolean_filter:
                filters.emplace_back(plain.size(), plain.size() + (token.end - token.begin));
                plain.append(token.text(text));
                break;
            case QueryTokenKind::word:
            case QueryTokenKind::op:
                plain.append(token.text(text));
                break;
            case QueryTokenKind::phrase_open:
            case QueryTokenKind::phrase_close:
                plain += kept_quote(tokens, i) ? '"' : ' ';
                break;
            case QueryTokenKind::range:  // its words: date:yesterday..today is "date yesterday today"
                append_range_words(plain, token.text(text));
                break;
            default:
                plain += ' ';
                break;
        }
    }
    plain.append(text.substr(pos));
    // Every word spelled as an operator in small letters, wherever it
    // stands now (a quote gone can make one of a phrase's words one).
    for (const TextSpan run : word_runs(plain)) {
        const std::string_view word = std::string_view(plain).substr(run.begin, run.end - run.begin);
        const bool in_filter = std::any_of(filters.begin(), filters.end(), [&](const auto& span) {
            return span.first <= run.begin && run.end <= span.second;
        });
        if (!in_filter && operator_spelled(word))
            for (std::size_t i = run.begin; i < run.end; ++i) plain[i] = static_cast<char>(plain[i] - 'A' + 'a');
    }
    return plain;
}

}  // namespace fahras
