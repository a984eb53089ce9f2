// A query read as the parser can read it (query_lexer.h, 3: readable_query):
// what is not clearly syntax made punctuation, in passes over the lexer's
// tokens.  A pass that edits the text has it lexed again before the next
// one, since an edit can change what the rest is: a stray quote removed
// brings a ".." out of the phrase it was in, an operator made a word gives
// its neighbour an operand.
#include <fahras/query_lexer.h>

#include <fahras/prefix_search.h>
#include <fahras/utf8.h>

#include <algorithm>
#include <optional>

namespace fahras {

namespace {

// What was read as plain words, as the notes say it.
constexpr std::string_view NOTE_DOTS = "'..' outside date:FROM..TO";
constexpr std::string_view NOTE_QUOTE = "a quote without its pair";
constexpr std::string_view NOTE_BRACKET = "a bracket without its pair";
constexpr std::string_view NOTE_DANGLING = "an operator with no term before or after it, left out";
constexpr std::string_view NOTE_PROXIMITY = "NEAR or ADJ not between two single words";
constexpr std::string_view NOTE_SIGN = "+ or - before no term";
constexpr std::string_view NOTE_SHORT_PREFIX = "a * after a single letter";

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/** One pass's changes to a text, applied together once the pass is done. */
class Edits {
  public:
    explicit Edits(std::string_view text) : text_(text) {}

    /** Bytes [begin, end) made punctuation: removed next to a space or an
     *  end, a space between two other characters (a"b becomes a b). */
    void blank(std::size_t begin, std::size_t end, std::string_view note) {
        const bool spaced = begin == 0 || end == text_.size() || is_space(text_[begin - 1]) || is_space(text_[end]);
        replace(begin, end, spaced ? "" : " ", note);
    }

    /** The operator at [begin, end) in small letters: a word. */
    void lower(std::size_t begin, std::size_t end, std::string_view note) {
        std::string word(text_.substr(begin, end - begin));
        for (char& c : word)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        replace(begin, end, std::move(word), note);
    }

    /** Bytes [begin, end) replaced; @a note is "" for a rewriting that
     *  keeps what was meant.  An edit overlapping an earlier one is dropped. */
    void replace(std::size_t begin, std::size_t end, std::string replacement, std::string_view note) {
        for (const Edit& edit : edits_)
            if (begin < edit.end && edit.begin < end) return;
        edits_.push_back({begin, end, std::move(replacement), note});
    }

    bool empty() const { return edits_.empty(); }

    /** Applies the edits to @a text (the one they were found in) and adds
     *  their notes to @a notes, each once. */
    void apply(std::string& text, std::vector<std::string>& notes) {
        // From the end, so that each applies where it was found; of two at
        // one place, a replacement before an insertion ("-" to "NOT ", then
        // "(" before it).
        std::sort(edits_.begin(), edits_.end(), [](const Edit& a, const Edit& b) {
            return a.begin != b.begin ? a.begin > b.begin : a.end > b.end;
        });
        for (const Edit& edit : edits_) text.replace(edit.begin, edit.end - edit.begin, edit.replacement);
        for (auto edit = edits_.rbegin(); edit != edits_.rend(); ++edit)
            if (!edit->note.empty() && std::find(notes.begin(), notes.end(), edit->note) == notes.end())
                notes.emplace_back(edit->note);
    }

  private:
    struct Edit {
        std::size_t begin, end;
        std::string replacement;
        std::string_view note;
    };
    std::string_view text_;
    std::vector<Edit> edits_;
};

using Tokens = std::vector<QueryToken>;

// ".." that the parser would take for a range: every run of two dots or
// more outside what reads them as they are (date:FROM..TO, a boolean value,
// a phrase), unless it is two dots alone between spaces or brackets (the
// parser skips "x .. y", but reads "x ... y" as a range from "" to ".").
// The lexer's own refused ranges are among these, and so are those it
// reads as words but the parser does not (title:a..b).
void stray_dots(std::string_view text, const Tokens& tokens, Edits& edits) {
    std::vector<std::pair<std::size_t, std::size_t>> kept;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const QueryToken& token = tokens[i];
        if ((token.kind == QueryTokenKind::range && token.prefix) || token.kind == QueryTokenKind::boolean_filter) {
            kept.emplace_back(token.begin, token.end);
        } else if (token.kind == QueryTokenKind::phrase_open) {
            // The parser looks for a range from the quote to a space or a
            // bracket ("a.. b" is one), but not further into the phrase.
            std::size_t from = token.begin;
            while (from < text.size() && static_cast<unsigned char>(text[from]) > ' ' && text[from] != '(') ++from;
            std::size_t close = i + 1;
            while (close < tokens.size() && tokens[close].kind != QueryTokenKind::phrase_close) ++close;
            kept.emplace_back(from, close < tokens.size() ? tokens[close].end : text.size());
        }
    }
    for (std::size_t begin = text.find(".."); begin != std::string_view::npos; begin = text.find("..", begin)) {
        std::size_t end = begin;
        while (end < text.size() && text[end] == '.') ++end;
        const bool inside = std::any_of(kept.begin(), kept.end(), [&](const auto& span) {
            return span.first <= begin && end <= span.second;
        });
        // After a phrase's closing quote the parser starts afresh ("a b".. c).
        const bool after_phrase = std::any_of(tokens.begin(), tokens.end(), [&](const QueryToken& token) {
            return token.kind == QueryTokenKind::phrase_close && token.end == begin;
        });
        const bool joined = (begin > 0 && !is_space(text[begin - 1]) && text[begin - 1] != '(' && !after_phrase) ||
                            (end < text.size() && !is_space(text[end]) && text[end] != ')');
        if (!inside && (joined || end - begin > 2)) edits.blank(begin, end, NOTE_DOTS);
        begin = end;
    }
}

// A quote or a bracket without its pair.  Next to a prefix (title:"a b)
// it goes without a space, so that the prefix keeps its word.  With no
// note, as no word is read otherwise: quotes or brackets around no word
// (the parser has no empty phrase or group: "(!!)"), and a ) closing a (
// that the parser skips, after a letter (ب(8), a headline's way).
void unpaired(std::string_view text, const Tokens& tokens, Edits& edits) {
    const auto drop = [&](std::size_t i, std::string_view note) {
        const QueryToken& token = tokens[i];
        if (i > 0 && tokens[i - 1].kind == QueryTokenKind::field_prefix && tokens[i - 1].end == token.begin)
            edits.replace(token.begin, token.end, "", note);
        else
            edits.blank(token.begin, token.end, note);
    };
    constexpr std::size_t NONE = static_cast<std::size_t>(-1);
    std::size_t open_quote = NONE;
    bool phrase_words = false;
    std::vector<std::pair<std::size_t, bool>> open_brackets;  // each with whether it holds a term yet
    std::size_t loose_brackets = 0;  // ( the parser skips, after a letter: ب(8)
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const QueryTokenKind kind = tokens[i].kind;
        if (kind == QueryTokenKind::word || kind == QueryTokenKind::boolean_filter || kind == QueryTokenKind::range) {
            phrase_words = true;
            for (auto& bracket : open_brackets) bracket.second = true;
        }
        if (kind == QueryTokenKind::phrase_open) {
            open_quote = i;
            phrase_words = false;
        } else if (kind == QueryTokenKind::phrase_close) {
            if (!phrase_words && open_quote != NONE) {
                drop(open_quote, "");
                drop(i, "");
            }
            open_quote = NONE;
        } else if (kind == QueryTokenKind::punctuation) {
            if (tokens[i].end - tokens[i].begin == 1 && text[tokens[i].begin] == '(') ++loose_brackets;
        } else if (kind == QueryTokenKind::open_paren) {
            open_brackets.emplace_back(i, false);
        } else if (kind == QueryTokenKind::close_paren) {
            // One closing a skipped ( is as much punctuation as it: no note.
            if (!open_brackets.empty()) {
                if (!open_brackets.back().second) {
                    drop(open_brackets.back().first, "");
                    drop(i, "");
                }
                open_brackets.pop_back();
            } else if (loose_brackets > 0) {
                --loose_brackets;
                drop(i, "");
            } else {
                drop(i, NOTE_BRACKET);
            }
        }
    }
    if (open_quote != NONE) drop(open_quote, NOTE_QUOTE);
    for (const auto& bracket : open_brackets) drop(bracket.first, NOTE_BRACKET);
}

// A * after fewer than MIN_PREFIX_LETTERS letters (prefix_search.h): the word
// alone is searched.
void short_prefixes(std::string_view text, const Tokens& tokens, Edits& edits) {
    for (std::size_t i = 1; i < tokens.size(); ++i)
        if (tokens[i].kind == QueryTokenKind::wildcard && tokens[i - 1].kind == QueryTokenKind::word &&
            utf8::length(tokens[i - 1].text(text)) < MIN_PREFIX_LETTERS)
            edits.replace(tokens[i].begin, tokens[i].end, "", NOTE_SHORT_PREFIX);
}

bool starts_operand(QueryTokenKind kind) {
    switch (kind) {
        case QueryTokenKind::word:
        case QueryTokenKind::phrase_open:
        case QueryTokenKind::open_paren:
        case QueryTokenKind::boolean_filter:
        case QueryTokenKind::field_prefix:
        case QueryTokenKind::range:
            return true;
        default:
            return false;
    }
}

/** The grammar of Xapian's parser (queryparser.lemony), as far as it
 *  decides what fails: level by level (the query, and what each pair of
 *  brackets holds), the operands and operators in order. */
class GrammarPass {
  public:
    GrammarPass(std::string_view text, const Tokens& tokens, Edits& edits) : text_(text), tokens_(tokens), edits_(edits) {}
    void run() { read_level(0, false); }

  private:
    /** An operator, or an operand: a word (with the words joined to it:
     *  a-b), a phrase, a bracketed group, a filter, a range, a prefix and
     *  its word, phrase or group; with its + or - when it has one. */
    struct Item {
        bool is_operator = false;
        std::size_t first = 0;  ///< token index: the operator, or the operand's first token after its sign
        std::size_t last = 0;   ///< the operand's last token
        std::optional<std::size_t> sign;
    };

    const QueryToken& token(std::size_t i) const { return tokens_[i]; }
    bool is_op(const std::vector<Item>& items, std::size_t k, std::initializer_list<QueryOperator> ops) const {
        return k < items.size() && items[k].is_operator &&
               std::find(ops.begin(), ops.end(), token(items[k].first).op) != ops.end();
    }
    bool is_operand(const std::vector<Item>& items, std::size_t k) const {
        return k < items.size() && !items[k].is_operator;
    }

    std::size_t skip_punctuation(std::size_t i) const {
        while (i < tokens_.size() && token(i).kind == QueryTokenKind::punctuation) ++i;
        return i;
    }

    // Reads a level from token @a i: to its closing bracket (returned) when
    // @a nested, else to the end.
    std::size_t read_level(std::size_t i, bool nested) {
        std::vector<Item> items;
        while (i < tokens_.size()) {
            const QueryTokenKind kind = token(i).kind;
            if (kind == QueryTokenKind::close_paren && nested) break;
            if (kind == QueryTokenKind::op) items.push_back({true, i, i, std::nullopt});
            if (!starts_operand(kind) && kind != QueryTokenKind::love && kind != QueryTokenKind::hate) {
                ++i;  // punctuation, and a bracket without its pair (the pairs' pass takes it)
                continue;
            }
            std::optional<std::size_t> sign;
            if (kind == QueryTokenKind::love || kind == QueryTokenKind::hate) {
                sign = i;
                i = skip_punctuation(i + 1);  // the parser skips it too: "-، a" excludes a
                if (i == tokens_.size() || !starts_operand(token(i).kind)) {
                    edits_.blank(token(*sign).begin, token(*sign).end, NOTE_SIGN);
                    continue;
                }
            }
            const std::size_t end = operand_end(i);
            items.push_back({false, i, end - 1, sign});
            i = end;
        }
        check_operators(items);
        check_signs(items);
        return i;
    }

    // Past the operand that starts at token @a i.
    std::size_t operand_end(std::size_t i) {
        switch (token(i).kind) {
            case QueryTokenKind::word: {
                std::size_t end = i + 1;
                for (std::size_t next = skip_punctuation(end);
                     next < tokens_.size() && token(next).kind == QueryTokenKind::word && token(next).phrased;
                     next = skip_punctuation(end))
                    end = next + 1;
                return end;
            }
            case QueryTokenKind::phrase_open: {
                std::size_t close = i + 1;
                while (close < tokens_.size() && token(close).kind != QueryTokenKind::phrase_close) ++close;
                return std::min(close + 1, tokens_.size());
            }
            case QueryTokenKind::open_paren: {
                const std::size_t close = read_level(i + 1, true);
                return std::min(close + 1, tokens_.size());
            }
            case QueryTokenKind::field_prefix: {
                const std::size_t next = skip_punctuation(i + 1);
                return next < tokens_.size() ? operand_end(next) : tokens_.size();
            }
            default:
                return i + 1;
        }
    }

    // A word alone, maybe under a prefix: what NEAR and ADJ take.
    bool single_word(const Item& item) const {
        std::size_t word = item.first;
        if (token(word).kind == QueryTokenKind::field_prefix) word = skip_punctuation(word + 1);
        // Not word*: the parser refuses NEAR and ADJ around a wildcard.
        const bool wildcard = word + 1 < tokens_.size() && token(word + 1).kind == QueryTokenKind::wildcard;
        return word == item.last && token(word).kind == QueryTokenKind::word && !token(word).in_phrase && !wildcard;
    }

    // Only . - / : \ @ (what joins words into a phrase) between @a a and @b b.
    bool only_joiners_between(std::size_t a, std::size_t b) const {
        for (std::size_t i = a + 1; i < b; ++i) {
            const std::string_view piece = token(i).text(text_);
            if (token(i).kind != QueryTokenKind::punctuation || piece.size() != 1 ||
                std::string_view(".-/:\\@").find(piece[0]) == std::string_view::npos)
                return false;
        }
        return true;
    }

    // NEAR and ADJ join two words, neither of which may be one of a group
    // (words with only spaces between them, which the parser reads
    // together, for multi-word synonyms: a group goes on past "a: " too);
    // the word after may have no sign.
    bool proximity_operands(const std::vector<Item>& items, std::size_t k) const {
        const Item& left = items[k - 1];
        const Item& right = items[k + 1];
        if (right.sign || !single_word(left) || !single_word(right)) return false;
        if (!left.sign && is_operand(items, k - 2) && token(items[k - 2].last).kind == QueryTokenKind::word &&
            only_joiners_between(items[k - 2].last, left.first))
            return false;
        return !(is_operand(items, k + 2) && !items[k + 2].sign &&
                 token(items[k + 2].first).kind == QueryTokenKind::word && right.last + 1 == items[k + 2].first);
    }

    // An operator the parser cannot read is a word in small letters between
    // terms (NEAR, ADJ but between single words: "x a near b"), and is left
    // out when it dangles: first (but NOT) or last, or next to another
    // ("الملك سلمان AND", "a AND AND b"); as a word, AND found English titles.
    // From the last back, each sees its right neighbour as it stays: of two
    // in a row the second goes, the first joins the terms ("a AND b").
    void check_operators(const std::vector<Item>& items) {
        using Op = QueryOperator;
        std::vector<bool> dropped(items.size(), false);
        constexpr std::size_t NONE = static_cast<std::size_t>(-1);
        const auto before = [&](std::size_t k) {
            while (k-- > 0)
                if (!dropped[k]) return k;
            return NONE;
        };
        const auto after = [&](std::size_t k) {
            while (++k < items.size())
                if (!dropped[k]) return k;
            return NONE;
        };
        for (std::size_t k = items.size(); k-- > 0;) {
            if (!items[k].is_operator) continue;
            const QueryToken& op = token(items[k].first);
            const std::size_t left_k = before(k), right_k = after(k);
            const bool left = left_k != NONE && is_operand(items, left_k);
            const bool right = right_k != NONE && is_operand(items, right_k);
            bool valid = false;
            switch (op.op) {
                case Op::NOT:  // first, it is "all articles but" (FLAG_PURE_NOT)
                    valid = right && (left || left_k == NONE || is_op(items, left_k, {Op::AND, Op::OR, Op::XOR}));
                    break;
                case Op::NEAR:
                case Op::ADJ:
                    // Next to an operator left out: decided once it is gone (the next round).
                    if (left && right && (left_k != k - 1 || right_k != k + 1)) continue;
                    valid = left && right && proximity_operands(items, k);
                    break;
                default:
                    valid = left && (right || (right_k != NONE && is_op(items, right_k, {Op::NOT}) &&
                                               after(right_k) != NONE && is_operand(items, after(right_k))));
                    break;
            }
            if (valid) continue;
            if (left && right) {  // only NEAR and ADJ: the others take any terms
                edits_.lower(op.begin, op.end, NOTE_PROXIMITY);
            } else {
                dropped[k] = true;
                edits_.blank(op.begin, op.end, NOTE_DANGLING);
            }
        }
    }

    bool excluded(const Item& item) const { return item.sign && token(*item.sign).kind == QueryTokenKind::hate; }

    // Each run of operands between operators, as the parser takes them.
    void check_signs(const std::vector<Item>& items) {
        for (std::size_t k = 0; k < items.size();) {
            if (items[k].is_operator) {
                ++k;
                continue;
            }
            std::size_t end = k;
            while (end < items.size() && !items[end].is_operator) ++end;
            check_run(items, k, end);
            k = end;
        }
    }

    // The parser refuses terms that are all excluded ("-a", "x OR -a":
    // nothing left to exclude them from) and reads such a query again as
    // plain words, finding what was excluded; "NOT a" is what was meant.
    // After OR, XOR and NOT it refuses terms that begin with an excluded one
    // ("a OR -b c"), which it reads, as it reads "a OR b -c", in brackets.
    // A sign before date:… makes the parser read "-date:…" as a range no
    // processor knows: + goes (a range is a filter), and an excluded range
    // is excluded from the run's other terms by NOT after them.
    void check_run(const std::vector<Item>& items, std::size_t k, std::size_t end) {
        using Op = QueryOperator;
        const bool all_excluded =
            std::all_of(items.begin() + static_cast<std::ptrdiff_t>(k), items.begin() + static_cast<std::ptrdiff_t>(end),
                        [&](const Item& item) { return excluded(item); });
        const std::size_t run_end = token(items[end - 1].last).end;
        if (all_excluded) {
            const bool after_not = k > 0 && is_op(items, k - 1, {Op::NOT});
            for (std::size_t m = k; m < end; ++m)
                edits_.replace(token(*items[m].sign).begin, token(*items[m].sign).end, m == k && after_not ? "" : "NOT ", "");
            return;
        }
        // Only where the bracket closes cleanly: not after a quoted value
        // (source:"a b) that would take it in.
        const QueryToken& last = token(items[end - 1].last);
        const bool clean_end = last.kind != QueryTokenKind::boolean_filter || last.end > last.value_end ||
                               text_[last.value_begin - 1] == ':';
        if (clean_end && excluded(items[k]) && k > 0 && is_op(items, k - 1, {Op::OR, Op::XOR, Op::NOT})) {
            edits_.replace(token(*items[k].sign).begin, token(*items[k].sign).begin, "(", "");
            edits_.replace(run_end, run_end, ")", "");
            return;  // what is inside is read next round
        }
        std::string moved;
        for (std::size_t m = k; m < end; ++m) {
            if (!items[m].sign || token(items[m].first).kind != QueryTokenKind::range) continue;
            const QueryToken& sign = token(*items[m].sign);
            const QueryToken& range = token(items[m].first);
            if (sign.kind == QueryTokenKind::love) {
                edits_.replace(sign.begin, sign.end, "", "");
            } else {
                edits_.replace(sign.begin, range.end, "", "");
                moved += " NOT " + std::string(range.text(text_));
            }
        }
        if (!moved.empty()) edits_.replace(run_end, run_end, moved, "");
    }

    std::string_view text_;
    const Tokens& tokens_;
    Edits& edits_;
};

void grammar(std::string_view text, const Tokens& tokens, Edits& edits) { GrammarPass(text, tokens, edits).run(); }

}  // namespace

ReadableQuery readable_query(std::string_view text) {
    ReadableQuery readable{std::string(text), {}};
    using Pass = void (*)(std::string_view, const Tokens&, Edits&);
    // Dots first: "a.. b" in quotes is a refused range to the lexer, and
    // its quote would look unpaired until the dots are gone.
    constexpr Pass PASSES[] = {stray_dots, unpaired, grammar, short_prefixes};
    // Each round edits, or is the last; every edit takes some syntax away
    // (but "-a" becoming "NOT a", which no later round edits), so a few
    // rounds are enough, and the bound only guards against a mistake.
    constexpr int MAX_ROUNDS = 8;
    Tokens tokens = lex_query(readable.text);
    for (int round = 0; round < MAX_ROUNDS; ++round) {
        bool edited = false;
        for (const Pass pass : PASSES) {
            Edits edits(readable.text);
            pass(readable.text, tokens, edits);
            if (edits.empty()) continue;
            edits.apply(readable.text, readable.notes);
            tokens = lex_query(readable.text);
            edited = true;
        }
        if (!edited) break;
    }
    return readable;
}

bool has_decisive_syntax(const std::vector<QueryToken>& tokens) {
    std::size_t phrase_words = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const QueryToken& token = tokens[i];
        if (token.kind == QueryTokenKind::op) return true;
        // A - before no term is skipped either way.
        if (token.kind == QueryTokenKind::hate) {
            std::size_t next = i + 1;
            while (next < tokens.size() && tokens[next].kind == QueryTokenKind::punctuation) ++next;
            if (next < tokens.size() && starts_operand(tokens[next].kind)) return true;
        }
        if (token.kind == QueryTokenKind::phrase_open) phrase_words = 0;
        // Words joined by punctuation (a-b) are a phrase read either way.
        if (token.kind == QueryTokenKind::word && token.in_phrase && !token.phrased && ++phrase_words == 2) return true;
    }
    return false;
}

}  // namespace fahras
