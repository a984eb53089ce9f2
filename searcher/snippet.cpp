#include "snippet.h"

#include <fahras/utf8.h>
#include <fahras/words.h>

#include <algorithm>
#include <deque>

namespace fahras {

namespace {

bool is_space(char32_t cp) {
    return cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r' || cp == 0x00A0 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x3000;
}

// One piece of the original text: a word or the run between two words.
struct Piece {
    std::size_t begin, end;      // bytes
    std::size_t chars;           // code points
    bool is_word;
    int key;                     // the query word or phrase it is (part of) a match of, -1 if none
    int phrase_word;             // which word of the query's phrases it is, -1 if none
    std::size_t match_chars;     // a match's first piece: the characters of the match; 0 for others
    bool in_phrase = false;      // part of a phrase found in the text
};

/** Cuts a text into pieces, one at a time: a snippet usually needs only
 *  the beginning of an article.  The words are the index's (words.h). */
class PieceReader {
  public:
    PieceReader(std::string_view text, const WordMatcher& matcher)
        : text_(text), words_(text), matcher_(matcher), folds_(LetterFolds::table()) {}

    bool done() const { return pos_ >= text_.size(); }

    Piece next() {
        if (!word_read_) read_word();
        if (pos_ < word_.begin) {  // what stands before the word (or ends the text)
            const std::size_t begin = pos_;
            pos_ = word_.begin;
            // Mostly one space: no need to decode it.
            const std::size_t chars =
                pos_ - begin == 1 ? 1 : utf8::length(text_.substr(begin, pos_ - begin));
            return Piece{begin, pos_, chars, false, -1, -1, 0};
        }
        word_read_ = false;
        pos_ = word_.end;
        const std::string_view word = text_.substr(word_.begin, word_.end - word_.begin);
        const WordMatcher::WordMatch match = matcher_.match_word(word, word_letters_);
        return Piece{word_.begin, word_.end, word_chars_, true, match.key, match.phrase_word,
                     match.key >= 0 ? word_chars_ : 0};
    }

  private:
    // The next word; its characters are counted, and its letters gathered
    // for the matcher's quick "no" (letter_mask.h), as it is decoded.
    void read_word() {
        word_chars_ = 0;
        word_letters_ = 0;
        if (!words_.next(word_, [this](char32_t cp) {
                ++word_chars_;
                word_letters_ |= folds_[cp];
            }))
            word_ = WordSpan{text_.size(), text_.size()};
        word_read_ = true;
    }

    std::string_view text_;
    WordReader words_;
    const WordMatcher& matcher_;
    const LetterFolds& folds_;
    std::size_t pos_ = 0;
    WordSpan word_;
    bool word_read_ = false;  ///< word_ is the next word, not yet returned
    std::size_t word_chars_ = 0;
    LetterMask word_letters_ = 0;
};

/** PieceReader's pieces with the query's phrases found: where a phrase's
 *  words stand together in their order, its first word becomes one match
 *  as long as the whole phrase, and the pieces up to its last word are
 *  part of it (marked with it: one segment).  A word of a phrase standing
 *  alone is no match.  Reads ahead only while a phrase may be starting;
 *  where two phrases start, the longer wins, and a phrase found is not
 *  looked into for another. */
class MatchReader {
  public:
    MatchReader(std::string_view text, const WordMatcher& matcher) : pieces_(text, matcher), matcher_(matcher) {}

    bool done() const { return ahead_.empty() && pieces_.done(); }

    Piece next() {
        if (ahead_.empty()) {
            Piece piece = pieces_.next();
            if (piece.phrase_word < 0) return piece;  // the usual case: nothing to look ahead for
            ahead_.push_back(piece);
        }
        if (ahead_.front().phrase_word >= 0 && !ahead_.front().in_phrase) find_phrase();
        Piece piece = ahead_.front();
        ahead_.pop_front();
        return piece;
    }

  private:
    // Moves @a at to the next word after it, reading as far as needed;
    // false at the end of the text.
    bool next_word(std::size_t& at) {
        do {
            if (++at == ahead_.size()) {
                if (pieces_.done()) return false;
                ahead_.push_back(pieces_.next());
            }
        } while (!ahead_[at].is_word);
        return true;
    }

    // Marks the phrase that starts at the first piece ahead, if one does.
    void find_phrase() {
        for (const int p : matcher_.phrases_starting_with(ahead_.front().phrase_word)) {
            const std::vector<int>& words = matcher_.phrase(p).words;
            std::size_t at = 0, found = 1;
            while (found < words.size() && next_word(at) && ahead_[at].phrase_word == words[found]) ++found;
            if (found < words.size()) continue;
            std::size_t chars = 0;
            for (std::size_t i = 0; i <= at; ++i) {
                chars += ahead_[i].chars;
                ahead_[i].key = matcher_.phrase(p).key;
                ahead_[i].match_chars = 0;
                ahead_[i].in_phrase = true;
            }
            ahead_.front().match_chars = chars;
            return;
        }
    }

    PieceReader pieces_;
    const WordMatcher& matcher_;
    std::deque<Piece> ahead_;  ///< pieces read, not yet returned
};

std::vector<Piece> split(std::string_view text, const WordMatcher& matcher) {
    std::vector<Piece> pieces;
    MatchReader reader(text, matcher);
    while (!reader.done()) pieces.push_back(reader.next());
    return pieces;
}

// Collapse whitespace runs (newlines included) to one space.
std::string collapse_spaces(std::string_view text) {
    std::string out;
    bool in_space = false;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t start = pos;
        const char32_t cp = utf8::decode(text, pos);
        if (is_space(cp)) {
            if (!in_space) out += ' ';
            in_space = true;
        } else {
            out.append(text.substr(start, pos - start));
            in_space = false;
        }
    }
    return out;
}

void append_segment(Snippet& snippet, std::string text, bool highlighted) {
    if (text.empty()) return;
    if (!snippet.empty() && snippet.back().highlighted == highlighted) {
        snippet.back().text += text;
    } else {
        snippet.push_back({std::move(text), highlighted});
    }
}

Snippet render(std::string_view text, const std::vector<Piece>& pieces, std::size_t first, std::size_t last,
               bool cut_before, bool cut_after) {
    Snippet snippet;
    if (cut_before) append_segment(snippet, "\u2026 ", false);
    for (std::size_t i = first; i < last; ++i) {
        const Piece& p = pieces[i];
        std::string_view raw = text.substr(p.begin, p.end - p.begin);
        append_segment(snippet, p.is_word ? std::string(raw) : collapse_spaces(raw), p.key >= 0);
    }
    if (cut_after) append_segment(snippet, " \u2026", false);
    // No leading or trailing blank inside the snippet.
    if (!snippet.empty() && !snippet.front().highlighted) {
        auto& t = snippet.front().text;
        t.erase(0, t.find_first_not_of(' '));
    }
    if (!snippet.empty() && !snippet.back().highlighted) {
        auto& t = snippet.back().text;
        t.erase(t.find_last_not_of(' ') + 1);
    }
    snippet.erase(std::remove_if(snippet.begin(), snippet.end(), [](const SnippetSegment& s) { return s.text.empty(); }),
                  snippet.end());
    return snippet;
}

}  // namespace

Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars) {
    MatchReader reader(text, matcher);
    // Every result's snippet needs these: they keep their capacity from one
    // to the next instead of growing again from nothing.
    thread_local std::vector<Piece> pieces;
    thread_local std::vector<std::size_t> chars_before;  // characters before each piece, and after the last
    thread_local std::vector<std::size_t> matches;       // indices of the first pieces of matches
    pieces.clear();
    chars_before.assign(1, 0);
    matches.clear();
    const auto read_piece = [&] {
        pieces.push_back(reader.next());
        chars_before.push_back(chars_before.back() + pieces.back().chars);
        if (pieces.back().match_chars > 0) matches.push_back(pieces.size() - 1);
    };

    // Windows start at a match and reach as far as max_chars allow.  One is
    // scored once the text read goes past its end: the first with the most
    // distinct query words wins, more matches break ties, and once a window
    // holds every word the matcher knows, no later one can be better.
    std::size_t best_first = 0;
    double best_score = -1;
    std::size_t best_distinct = 0;
    std::vector<int> distinct;
    const auto score_window = [&](std::size_t m) {
        const std::size_t first = matches[m];
        distinct.clear();
        std::size_t count = 0;
        const auto fits = [&](std::size_t k) {
            return chars_before[matches[k]] + pieces[matches[k]].match_chars - chars_before[first] <= max_chars;
        };
        for (std::size_t k = m; k < matches.size() && fits(k); ++k) {
            ++count;
            if (std::find(distinct.begin(), distinct.end(), pieces[matches[k]].key) == distinct.end())
                distinct.push_back(pieces[matches[k]].key);
        }
        const double score = static_cast<double>(distinct.size()) + 0.01 * static_cast<double>(count);
        if (score > best_score) {
            best_score = score;
            best_first = first;
            best_distinct = distinct.size();
        }
    };
    std::size_t scored = 0;  // matches whose window has been scored
    const std::size_t all_words = matcher.key_count();
    while (!reader.done() && !(all_words > 0 && best_distinct == all_words)) {
        read_piece();
        while (scored < matches.size() && chars_before.back() - chars_before[matches[scored]] > max_chars)
            score_window(scored++);
    }
    if (reader.done())
        while (scored < matches.size()) score_window(scored++);
    if (pieces.empty()) return {};

    // Give the first match some words of context before it.
    if (best_score >= 0) {
        std::size_t context = 0;
        const std::size_t wanted = max_chars / 5;
        while (best_first > 0 && context + pieces[best_first - 1].chars <= wanted) {
            context += pieces[--best_first].chars;
        }
        while (best_first < pieces.size() && !pieces[best_first].is_word) ++best_first;
    }
    std::size_t last = best_first, chars = 0;
    for (;;) {
        if (last == pieces.size()) {
            if (reader.done()) break;
            read_piece();
        }
        if (chars + pieces[last].chars > max_chars) break;
        chars += pieces[last++].chars;
    }
    if (last == best_first && last < pieces.size()) ++last;  // one over-long word: show it anyway
    return render(text, pieces, best_first, last, best_first > 0, last < pieces.size() || !reader.done());
}

Snippet highlight_all(std::string_view text, const WordMatcher& matcher) {
    const std::vector<Piece> pieces = split(text, matcher);
    return render(text, pieces, 0, pieces.size(), false, false);
}

std::string snippet_text(const Snippet& snippet) {
    std::string out;
    for (const auto& segment : snippet) out += segment.text;
    return out;
}

std::vector<std::pair<std::size_t, std::size_t>> snippet_highlights(const Snippet& snippet) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    std::size_t offset = 0;
    for (const auto& segment : snippet) {
        const std::size_t length = utf8::length(segment.text);
        if (segment.highlighted) spans.emplace_back(offset, offset + length);
        offset += length;
    }
    return spans;
}

}  // namespace fahras
