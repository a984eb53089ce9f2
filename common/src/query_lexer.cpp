// The query lexer: the rules of Xapian 1.4's QueryParser (queryparser.lemony),
// written again from their description, for the flags Fahras parses with.
#include <fahras/query_lexer.h>

#include <fahras/analyzer.h>
#include <fahras/utf8.h>

#include <xapian.h>

#include <algorithm>
#include <string>

namespace fahras {

std::optional<QueryOperator> operator_spelled(std::string_view word) {
    for (std::size_t i = 0; i < QUERY_OPERATORS.size(); ++i)
        if (word == QUERY_OPERATORS[i]) return static_cast<QueryOperator>(i);
    return std::nullopt;
}

namespace {

bool is_wordchar(char32_t cp) { return Xapian::Unicode::is_wordchar(static_cast<unsigned>(cp)); }
bool is_whitespace(char32_t cp) { return Xapian::Unicode::is_whitespace(static_cast<unsigned>(cp)); }
bool is_digit(char32_t cp) {
    return Xapian::Unicode::get_category(static_cast<unsigned>(cp)) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}
bool is_ascii_upper(char32_t cp) { return cp >= 'A' && cp <= 'Z'; }
bool is_ascii_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

// The parser's quotes (" “ ”) and « », which the normalizer turns into "
// in queries: lexing the text as typed or as normalized gives one reading.
bool is_quote(char32_t cp) { return cp == '"' || cp == 0x201C || cp == 0x201D || cp == 0x00AB || cp == 0x00BB; }

// Between two words, these make them one phrase: a-b, a.b, a/b, a:b, a\b, a@b.
bool is_phrase_joiner(char32_t cp) {
    return cp == '.' || cp == '-' || cp == '/' || cp == ':' || cp == '\\' || cp == '@';
}

constexpr char32_t ENDS_WORD = 0;
constexpr char32_t INVISIBLE = 0xFFFFFFFF;

// What a non-word character between two word characters is to the word:
// ENDS_WORD, INVISIBLE (skipped: the zero-width characters) or the
// character the word keeps in its place (’ is kept as ').  Between two
// digits the number separators join instead of the apostrophes.
char32_t infix(char32_t cp, bool between_digits) {
    if ((cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF) return INVISIBLE;
    if (between_digits) {
        switch (cp) {
            case ',': case '.': case ';':
            case 0x037E:  // GREEK QUESTION MARK
            case 0x0589:  // ARMENIAN FULL STOP
            case 0x060D:  // ARABIC DATE SEPARATOR
            case 0x07F8:  // NKO COMMA
            case 0x2044:  // FRACTION SLASH
            case 0xFE10: case 0xFE13: case 0xFE14:  // vertical comma, colon, semicolon
                return cp;
            default:
                return ENDS_WORD;
        }
    }
    if (cp == '\'' || cp == '&' || cp == 0x00B7 || cp == 0x05F4 || cp == 0x2027) return cp;
    if (cp == 0x2019 || cp == 0x201B) return '\'';
    return ENDS_WORD;
}

class Lexer {
  public:
    Lexer(std::string_view text, unsigned flags)
        : text_(text), flags_(flags), ranges_(text.find("..") != std::string_view::npos) {}

    std::vector<QueryToken> run() {
        while (pos_ < text_.size()) {
            const char32_t cp = peek(pos_);
            if (is_whitespace(cp)) {
                pos_ = skip_whitespace(pos_);
                prev_ = ' ';
            } else if (ranges_ && mode_ == Mode::normal && read_range()) {
                continue;
            } else if (!is_wordchar(cp)) {
                read_non_word();
            } else if (!(mode_ == Mode::normal && read_prefix())) {
                read_words(nullptr);
            }
        }
        return std::move(tokens_);
    }

  private:
    enum class Mode { normal, in_phrase, in_prefixed_phrase };

    bool has(unsigned flag) const { return (flags_ & flag) != 0; }

    char32_t peek(std::size_t pos) const {
        if (pos >= text_.size()) return 0;
        return utf8::decode(text_, pos);
    }
    std::size_t after(std::size_t pos) const {
        utf8::decode(text_, pos);
        return pos;
    }
    std::size_t skip_whitespace(std::size_t pos) const {
        while (pos < text_.size() && is_whitespace(peek(pos))) pos = after(pos);
        return pos;
    }

    QueryToken& emit(QueryTokenKind kind, std::size_t begin, std::size_t end) {
        QueryToken token;
        token.kind = kind;
        token.begin = begin;
        token.end = end;
        tokens_.push_back(token);
        return tokens_.back();
    }
    void emit_punctuation(std::size_t begin, std::size_t end) {
        for (std::size_t pos = begin; pos < end; pos = after(pos)) emit(QueryTokenKind::punctuation, pos, after(pos));
    }

    // a..b, tried where a token may start outside phrases: the parser looks
    // ahead over characters above ' ' other than '(' for "..".
    bool read_range() {
        char32_t last = 0;
        for (std::size_t pos = pos_; pos < text_.size();) {
            const char32_t cp = peek(pos);
            const std::size_t next = after(pos);
            if (last == '.' && cp == '.') {
                const std::string_view from = text_.substr(pos_, pos - 1 - pos_);
                const char32_t first_of_to = peek(next);
                if (from.empty() && !(next < text_.size() && first_of_to > ' ' && first_of_to != ')')) {
                    emit_punctuation(pos_, next);  // ".." alone is skipped
                    pos_ = next;
                    return true;
                }
                std::size_t end = next;
                while (end < text_.size() && peek(end) > ' ' && peek(end) != ')') end = after(end);
                const QueryPrefix* prefix = nullptr;
                for (const auto& known : query_prefixes()) {
                    if (known.kind == PrefixKind::range && from.size() > known.name.size() &&
                        from.substr(0, known.name.size()) == known.name && from[known.name.size()] == ':')
                        prefix = &known;
                }
                // Refused, unless a colon makes it a boolean value with ".." in it.
                if (!prefix && from.find(':', 1) != std::string_view::npos) return false;
                emit(QueryTokenKind::range, pos_, end).prefix = prefix;
                pos_ = end;
                return true;
            }
            if (cp <= ' ' || cp == '(') return false;
            last = cp;
            pos = next;
        }
        return false;
    }

    void read_non_word() {
        const std::size_t begin = pos_;
        const char32_t cp = peek(pos_);
        pos_ = after(pos_);
        const char32_t before = prev_;
        prev_ = cp;
        if (is_quote(cp)) {
            read_quote(begin);
        } else if (cp == '+' || cp == '-') {
            read_love_hate(begin, cp, before);
        } else if (cp == '(') {
            read_open_paren(begin, before);
        } else if (cp == ')' && mode_ == Mode::normal && has(Xapian::QueryParser::FLAG_BOOLEAN)) {
            if (prefixes_.size() > 1) prefixes_.pop_back();
            emit(QueryTokenKind::close_paren, begin, pos_);
        } else {
            emit(QueryTokenKind::punctuation, begin, pos_);
        }
    }

    void read_quote(std::size_t begin) {
        if (mode_ == Mode::normal) {
            const std::size_t end = pos_;
            pos_ = skip_whitespace(pos_);
            // A quote with nothing after it, or an empty "", is skipped.
            if (pos_ == text_.size()) {
                emit(QueryTokenKind::punctuation, begin, end);
                return;
            }
            if (is_quote(peek(pos_))) {
                emit(QueryTokenKind::punctuation, begin, end);
                prev_ = peek(pos_);
                emit(QueryTokenKind::punctuation, pos_, after(pos_));
                pos_ = after(pos_);
                return;
            }
            if (has(Xapian::QueryParser::FLAG_PHRASE)) {
                emit(QueryTokenKind::phrase_open, begin, end);
                mode_ = Mode::in_phrase;
                return;
            }
            emit(QueryTokenKind::punctuation, begin, end);
            return;
        }
        if (mode_ == Mode::in_prefixed_phrase) prefixes_.pop_back();
        mode_ = Mode::normal;
        emit(QueryTokenKind::phrase_close, begin, pos_);
    }

    void read_love_hate(std::size_t begin, char32_t cp, char32_t before) {
        // Only before a term, and only after a space or '(' (not C++, a-b).
        if (pos_ == text_.size() || (before > ' ' && before != '(')) {
            emit(QueryTokenKind::punctuation, begin, pos_);
            return;
        }
        const char32_t next = peek(pos_);
        if (is_whitespace(next) || next == '+' || next == '-') {
            // "- a", "--a": both characters are skipped.
            emit(QueryTokenKind::punctuation, begin, pos_);
            prev_ = next;
            if (!is_whitespace(next)) emit(QueryTokenKind::punctuation, pos_, after(pos_));
            pos_ = after(pos_);
            return;
        }
        if (mode_ == Mode::normal && has(Xapian::QueryParser::FLAG_LOVEHATE))
            emit(cp == '+' ? QueryTokenKind::love : QueryTokenKind::hate, begin, pos_);
        else
            emit(QueryTokenKind::punctuation, begin, pos_);
    }

    void read_open_paren(std::size_t begin, char32_t before) {
        const std::size_t end = pos_;
        pos_ = skip_whitespace(pos_);
        // The parser tests the character before with strchr("()+-", c),
        // which sees only its low byte, and finds the string's end for 0:
        // a ( after U+0600 or U+202B opens a group as after a bracket.
        const auto low = static_cast<char>(before & 0xFF);
        const bool after_space_or_bracket =
            before <= ' ' || low == '\0' || low == '(' || low == ')' || low == '+' || low == '-';
        if (pos_ == text_.size() || !after_space_or_bracket) {
            emit(QueryTokenKind::punctuation, begin, end);
            return;
        }
        if (peek(pos_) == ')') {  // an empty () is skipped
            emit(QueryTokenKind::punctuation, begin, end);
            emit(QueryTokenKind::punctuation, pos_, after(pos_));
            prev_ = ')';
            pos_ = after(pos_);
            return;
        }
        if (mode_ == Mode::normal && has(Xapian::QueryParser::FLAG_BOOLEAN)) {
            prefixes_.push_back(prefixes_.back());
            emit(QueryTokenKind::open_paren, begin, end);
        } else {
            emit(QueryTokenKind::punctuation, begin, end);
        }
    }

    // name:… where name is a known prefix: a boolean filter (whole), or a
    // field prefix followed by its word, phrase or group.  False when the
    // word at pos_ starts no prefix.
    bool read_prefix() {
        std::size_t colon = pos_;
        while (colon < text_.size() && is_wordchar(peek(colon))) colon = after(colon);
        if (colon + 1 >= text_.size() || text_[colon] != ':') return false;
        const std::size_t value = colon + 1;
        const char32_t first = peek(value);
        if (first <= ' ' || first == ')') return false;
        const std::string_view name = text_.substr(pos_, colon - pos_);
        const auto known = std::find_if(query_prefixes().begin(), query_prefixes().end(),
                                        [&](const QueryPrefix& prefix) { return prefix.name == name; });
        if (known == query_prefixes().end() || known->kind == PrefixKind::range) return false;
        const QueryPrefix* prefix = &*known;
        if (prefix->kind == PrefixKind::boolean) {
            read_boolean_filter(prefix, value);
            return true;
        }
        const std::size_t begin = pos_;
        if (is_quote(first) && has(Xapian::QueryParser::FLAG_PHRASE)) {
            emit(QueryTokenKind::field_prefix, begin, value).prefix = prefix;
            emit(QueryTokenKind::phrase_open, value, after(value));
            mode_ = Mode::in_prefixed_phrase;
            prefixes_.push_back(prefix);
            prev_ = first;
            pos_ = after(value);
            return true;
        }
        if (first == '(' && has(Xapian::QueryParser::FLAG_BOOLEAN)) {
            emit(QueryTokenKind::field_prefix, begin, value).prefix = prefix;
            emit(QueryTokenKind::open_paren, value, value + 1);
            prefixes_.push_back(prefix);
            prev_ = '(';
            pos_ = value + 1;
            return true;
        }
        // title:/x skips what would join a phrase; title::x is no prefix.
        std::size_t word = value;
        if (first != ':')
            while (word < text_.size() && is_phrase_joiner(peek(word))) word = after(word);
        if (word == text_.size() || !is_wordchar(peek(word))) return false;
        emit(QueryTokenKind::field_prefix, begin, value).prefix = prefix;
        emit_punctuation(value, word);
        prev_ = 'A';
        pos_ = word;
        read_words(prefix);
        return true;
    }

    // A boolean value runs to a space or ')', or is quoted: "" inside stands
    // for ", and a value opened by another quote closes at any quote.
    void read_boolean_filter(const QueryPrefix* prefix, std::size_t value) {
        std::size_t value_begin = value, value_end = value, end = value;
        const char32_t first = peek(value);
        if (is_quote(first)) {
            const bool any_quote_closes = first != '"';
            value_begin = value_end = end = after(value);
            while (end < text_.size()) {
                const char32_t cp = peek(end);
                const std::size_t next = after(end);
                if (cp == '"' && next < text_.size() && text_[next] == '"') {
                    end = value_end = next + 1;
                    continue;
                }
                if (cp == '"' || (any_quote_closes && is_quote(cp))) {
                    end = next;
                    break;
                }
                end = value_end = next;
            }
        } else {
            while (end < text_.size() && peek(end) > ' ' && peek(end) != ')') end = after(end);
            value_end = end;
        }
        QueryToken& token = emit(QueryTokenKind::boolean_filter, pos_, end);
        token.prefix = prefix;
        token.value_begin = value_begin;
        token.value_end = value_end;
        prev_ = 'A';
        pos_ = end;
    }

    // One term as the parser reads it, from pos_: its end, whether it is
    // capital initials, and the word it makes (for the operators).
    struct Term {
        std::size_t end = 0;
        bool initials = false;
        std::string word;
    };

    Term read_term(std::size_t begin) const {
        Term term;
        if (is_ascii_upper(peek(begin))) {
            std::size_t pos = begin, letters = 0;
            for (;;) {
                ++letters;
                ++pos;
                if (pos >= text_.size() || text_[pos] != '.') break;
                ++pos;
                if (pos >= text_.size() || !is_ascii_upper(peek(pos))) break;
            }
            if (letters > 1 && (pos == text_.size() || !is_wordchar(peek(pos)))) {
                term.end = pos;
                term.initials = true;
                return term;
            }
        }
        std::size_t pos = begin;
        char32_t last = peek(pos);
        utf8::append(term.word, last);
        for (pos = after(pos); pos < text_.size(); pos = after(pos)) {
            char32_t cp = peek(pos);
            if (!is_wordchar(cp)) {
                const char32_t next = peek(after(pos));
                if (after(pos) >= text_.size() || !is_wordchar(next)) break;
                cp = infix(cp, is_digit(last) && is_digit(next));
                if (cp == ENDS_WORD) break;
                if (cp == INVISIBLE) continue;
            }
            utf8::append(term.word, cp);
            last = cp;
        }
        term.end = pos;
        return term;
    }

    // An operator the term spells where the parser reads one, with the
    // end of its token (past /n for NEAR/n).
    std::optional<std::pair<QueryOperator, std::size_t>> operator_at(const Term& term, unsigned& window) const {
        window = 0;
        if (term.initials || term.word.size() < 2 || term.word.size() > 4) return std::nullopt;
        std::string word = term.word;
        if (has(Xapian::QueryParser::FLAG_BOOLEAN_ANY_CASE))
            for (char& c : word)
                if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        const auto op = operator_spelled(word);
        if (!op) return std::nullopt;
        if ((*op != QueryOperator::NEAR && *op != QueryOperator::ADJ) || term.end >= text_.size() ||
            text_[term.end] != '/')
            return std::make_pair(*op, term.end);
        // NEAR/n, ADJ/n: n > 0 and a space or the end after it; else a word.
        std::size_t end = term.end + 1;
        unsigned width = 0;
        while (end < text_.size() && is_ascii_digit(static_cast<unsigned char>(text_[end])))
            width = width * 10 + static_cast<unsigned>(text_[end++] - '0');
        if (width == 0 || (end < text_.size() && !is_whitespace(peek(end)))) return std::nullopt;
        window = width;
        return std::make_pair(*op, end);
    }

    // A word (or operator) at pos_, then the words joined to it as a phrase.
    void read_words(const QueryPrefix* field) {
        prev_ = 'A';
        const Term term = read_term(pos_);
        unsigned window = 0;
        if (mode_ == Mode::normal && has(Xapian::QueryParser::FLAG_BOOLEAN) && !field) {
            if (const auto op = operator_at(term, window)) {
                QueryToken& token = emit(QueryTokenKind::op, pos_, op->second);
                token.op = op->first;
                token.window = window;
                pos_ = op->second;
                return;
            }
        }
        emit_word(pos_, term.end, field, false);
        pos_ = term.end;
        if (mode_ == Mode::normal && has(Xapian::QueryParser::FLAG_WILDCARD) && peek(pos_) == '*' &&
            (pos_ + 1 == text_.size() || !is_wordchar(peek(pos_ + 1)))) {
            emit(QueryTokenKind::wildcard, pos_, pos_ + 1);
            ++pos_;
            return;
        }
        while (pos_ < text_.size() && is_phrase_joiner(peek(pos_))) {
            std::size_t next = pos_;
            while (next < text_.size() && is_phrase_joiner(peek(next))) ++next;
            emit_punctuation(pos_, next);
            pos_ = next;
            if (pos_ == text_.size() || !is_wordchar(peek(pos_))) return;
            const Term joined = read_term(pos_);
            emit_word(pos_, joined.end, field, true);
            pos_ = joined.end;
        }
    }

    void emit_word(std::size_t begin, std::size_t end, const QueryPrefix* field, bool phrased) {
        QueryToken& token = emit(QueryTokenKind::word, begin, end);
        token.prefix = field ? field : prefixes_.back();
        token.in_phrase = mode_ != Mode::normal;
        token.phrased = phrased;
    }

    std::string_view text_;
    unsigned flags_;
    bool ranges_;
    std::size_t pos_ = 0;
    Mode mode_ = Mode::normal;
    char32_t prev_ = ' ';  ///< the character before, as the parser sees it: ' ' after spaces, 'A' after a word
    std::vector<const QueryPrefix*> prefixes_{nullptr};  ///< the prefix of words in each open group or phrase
    std::vector<QueryToken> tokens_;
};

}  // namespace

std::vector<QueryToken> lex_query(std::string_view text, unsigned flags) { return Lexer(text, flags).run(); }

std::vector<QueryToken> lex_query(std::string_view text) { return lex_query(text, query_parser_flags()); }

bool uses_prefix(const std::vector<QueryToken>& tokens, std::string_view name) {
    return std::any_of(tokens.begin(), tokens.end(), [&](const QueryToken& token) {
        return (token.kind == QueryTokenKind::field_prefix || token.kind == QueryTokenKind::boolean_filter) &&
               token.prefix->name == name;
    });
}

}  // namespace fahras
