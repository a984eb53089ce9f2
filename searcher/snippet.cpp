#include "snippet.h"

#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>
#include <fahras/words.h>

#include <xapian.h>

#include <algorithm>

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
    int key;                     // the query word matched, -1 if none
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
            return Piece{begin, pos_, chars, false, -1};
        }
        word_read_ = false;
        pos_ = word_.end;
        const std::string_view word = text_.substr(word_.begin, word_.end - word_.begin);
        return Piece{word_.begin, word_.end, word_chars_, true, matcher_.match(word, word_letters_)};
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

std::vector<Piece> split(std::string_view text, const WordMatcher& matcher) {
    std::vector<Piece> pieces;
    PieceReader reader(text, matcher);
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

namespace {

// A published word as the index has it: normalized, its typographic
// apostrophes written ' (l’onu is the term l'onu).
std::string indexed_form(std::string_view raw_word) { return word_term(normalize_text(raw_word)); }

}  // namespace

WordCache::Entry& WordCache::lookup(std::string_view raw_word) {
    if (Entry* entry = entries_.find(raw_word)) return *entry;
    if (entries_.size() >= max_words_) entries_.clear();
    Entry entry;
    entry.normalized = indexed_form(raw_word);
    return entries_.insert(raw_word, std::move(entry));
}

namespace {

/** A query term as the matcher reads it: its word, and whether it is a
 *  stem.  Only words and stems of text (split_term()) are matched; filters
 *  (ids, sources, dates, places) are not in the published text. */
struct TermWord {
    std::string word;
    bool stem = false;
    bool text = false;  ///< false for filters and empty terms
};

TermWord read_term(const std::string& term) {
    const TermParts parts = split_term(term);
    TermWord out;
    out.word = std::string(parts.word);
    out.stem = parts.stem;
    out.text = !out.word.empty() && parts.is_free_text();
    return out;
}

}  // namespace

WordMatcher::WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& query_terms, WordCache* cache)
    : analyzer_(analyzer), cache_(cache) {
    for (const auto& term : query_terms) {
        const TermWord read = read_term(term);
        if (!read.text) continue;
        // A word and its stem are one query word: a snippet counts each once.
        if (read.stem) stems_.emplace(read.word, key_of_stem(read.word));
        else words_.emplace(read.word, key_of_stem(analyzer_.stemmer()(read.word)));
    }
    // A key's letters are those all its forms share: a published word must
    // hold them to match any of the forms.
    if (stems_by_removing_letters(analyzer_.stemmer_name())) {
        needed_letters_.assign(key_count_, ANY_LETTER);
        for (const auto* table : {&words_, &stems_})
            for (const auto& [word, key] : *table) needed_letters_[key] &= letters_of(word);
    }
    select_candidate_letters();
}

void WordMatcher::select_candidate_letters() {
    candidate_letters_.clear();
    for (std::size_t key = 0; key < needed_letters_.size(); ++key) {
        if (restricted_ && !allowed_[key]) continue;
        if (std::find(candidate_letters_.begin(), candidate_letters_.end(), needed_letters_[key]) ==
            candidate_letters_.end())
            candidate_letters_.push_back(needed_letters_[key]);
    }
}

bool WordMatcher::may_match(LetterMask possible) const {
    if (needed_letters_.empty()) return true;
    for (const LetterMask needed : candidate_letters_)
        if (can_hold(possible, needed)) return true;
    return false;
}

int WordMatcher::key_of_stem(const std::string& stem) {
    // Keys are handed out per stem; a stem no Z term names gets one too.
    if (const auto it = stems_.find(stem); it != stems_.end()) return it->second;
    for (const auto& [word, key] : words_)
        if (analyzer_.stemmer()(word) == stem) return key;
    return static_cast<int>(key_count_++);
}

int WordMatcher::key_of_term(const std::string& term) const {
    const TermWord read = read_term(term);
    if (!read.text) return -1;
    const auto& table = read.stem ? stems_ : words_;
    const auto it = table.find(read.word);
    return it == table.end() ? -1 : it->second;
}

void WordMatcher::restrict_to(const std::vector<std::string>& matched_terms) {
    restricted_ = true;
    allowed_.assign(key_count_, false);
    allowed_count_ = 0;
    for (const auto& term : matched_terms) {
        const int key = key_of_term(term);
        if (key >= 0 && !allowed_[key]) {
            allowed_[key] = true;
            ++allowed_count_;
        }
    }
    select_candidate_letters();
}

int WordMatcher::analyse(std::string_view raw_word) const {
    const auto match_analysis = [this](const std::string& normalized, const std::string& stem) {
        if (const auto it = words_.find(normalized); it != words_.end()) return it->second;
        if (const auto it = stems_.find(stem); it != stems_.end()) return it->second;
        return -1;
    };
    if (cache_) {
        WordCache::Entry& entry = cache_->lookup(raw_word);
        if (const auto it = words_.find(entry.normalized); it != words_.end()) return it->second;
        if (stems_.empty()) return -1;
        if (!entry.stemmed) {
            entry.stem = analyzer_.stemmer()(entry.normalized);
            entry.stemmed = true;
        }
        // The word itself was looked up above: only its stem is left.
        const auto it = stems_.find(entry.stem);
        return it == stems_.end() ? -1 : it->second;
    }
    const std::string word = indexed_form(raw_word);
    return match_analysis(word, stems_.empty() ? std::string() : analyzer_.stemmer()(word));
}

int WordMatcher::match(std::string_view raw_word) const {
    if (empty()) return -1;
    return match(raw_word, needed_letters_.empty() ? ANY_LETTER : possible_letters(raw_word));
}

int WordMatcher::match(std::string_view raw_word, LetterMask possible) const {
    if (empty() || !may_match(possible)) return -1;
    // The same words come back in every result of a query: each is
    // analysed once, then found in a table that stays in the cache.
    const int* known = memo_.find(raw_word);
    const int key = known ? *known : memo_.insert(raw_word, analyse(raw_word));
    if (key < 0 || !restricted_) return key;
    return allowed_[key] ? key : -1;
}

Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars) {
    PieceReader reader(text, matcher);
    // Every result's snippet needs these: they keep their capacity from one
    // to the next instead of growing again from nothing.
    thread_local std::vector<Piece> pieces;
    thread_local std::vector<std::size_t> chars_before;  // characters before each piece, and after the last
    thread_local std::vector<std::size_t> matches;       // indices of matched pieces
    pieces.clear();
    chars_before.assign(1, 0);
    matches.clear();
    const auto read_piece = [&] {
        pieces.push_back(reader.next());
        chars_before.push_back(chars_before.back() + pieces.back().chars);
        if (pieces.back().key >= 0) matches.push_back(pieces.size() - 1);
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
        for (std::size_t k = m; k < matches.size() && chars_before[matches[k] + 1] - chars_before[first] <= max_chars; ++k) {
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
