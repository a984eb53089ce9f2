#include "snippet.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <xapian.h>

#include <algorithm>

namespace fahras {

namespace {

// Invisible controls sit inside published words; they belong to the word.
bool is_invisible_control(char32_t cp) {
    return (cp >= 0x200B && cp <= 0x200F) || cp == 0x2060 || cp == 0xFEFF || cp == 0x061C || cp == 0x00AD;
}

bool is_word_char(char32_t cp) {
    return Xapian::Unicode::is_wordchar(static_cast<unsigned>(cp)) || is_invisible_control(cp);
}

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
 *  the beginning of an article. */
class PieceReader {
  public:
    PieceReader(std::string_view text, const WordMatcher& matcher) : text_(text), matcher_(matcher) {}

    bool done() const { return pos_ >= text_.size(); }

    Piece next() {
        const std::size_t begin = pos_;
        std::size_t probe = pos_;
        const bool word = is_word_char(utf8::decode(text_, probe));
        std::size_t chars = 0;
        while (pos_ < text_.size()) {
            probe = pos_;
            if (is_word_char(utf8::decode(text_, probe)) != word) break;
            pos_ = probe;
            ++chars;
        }
        return Piece{begin, pos_, chars, word, word ? matcher_.match(text_.substr(begin, pos_ - begin)) : -1};
    }

  private:
    std::string_view text_;
    const WordMatcher& matcher_;
    std::size_t pos_ = 0;
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

WordCache::WordCache(std::size_t max_words) : max_words_(std::max<std::size_t>(max_words, 1)) {}

void WordCache::clear() {
    entries_.clear();
    std::fill(slots_.begin(), slots_.end(), Slot{});
}

namespace {

std::size_t hash_word(std::string_view word) { return std::hash<std::string_view>{}(word); }

}  // namespace

void WordCache::insert_slot(std::size_t hash, std::uint32_t entry) {
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = hash & mask;
    while (slots_[i].entry != 0) i = (i + 1) & mask;
    slots_[i] = Slot{static_cast<std::uint32_t>(hash >> 32), entry};
}

WordCache::Entry& WordCache::lookup(std::string_view raw_word) {
    const std::size_t hash = hash_word(raw_word);
    const auto tag = static_cast<std::uint32_t>(hash >> 32);
    const std::size_t mask = slots_.size() - 1;
    // Linear probing: at most half the slots are ever in use.
    for (std::size_t i = hash & mask; !slots_.empty(); i = (i + 1) & mask) {
        const Slot slot = slots_[i];
        if (slot.entry == 0) break;
        if (slot.hash == tag && entries_[slot.entry - 1].raw == raw_word) return entries_[slot.entry - 1];
    }
    if (entries_.size() >= max_words_) clear();
    if (2 * (entries_.size() + 1) > slots_.size()) {
        // Grow by doubling (a one-off search needs only a few hundred words).
        slots_.assign(std::max<std::size_t>(1024, 2 * slots_.size()), Slot{});
        for (std::size_t e = 0; e < entries_.size(); ++e)
            insert_slot(hash_word(entries_[e].raw), static_cast<std::uint32_t>(e + 1));
    }
    Entry entry;
    entry.raw = std::string(raw_word);
    entry.normalized = normalize_text(raw_word);
    entries_.push_back(std::move(entry));
    insert_slot(hash, static_cast<std::uint32_t>(entries_.size()));
    return entries_.back();
}

WordMatcher::WordMatcher(const Analyzer& analyzer, const std::vector<std::string>& matching_terms, WordCache* cache)
    : analyzer_(analyzer), cache_(cache) {
    for (const auto& term : matching_terms) {
        // Terms carry upper-case ASCII prefixes; Z marks a stem, S and A are
        // the title and author fields, anything else (Q, X…) is a filter.
        std::size_t prefix_end = 0;
        while (prefix_end < term.size() && term[prefix_end] >= 'A' && term[prefix_end] <= 'Z') ++prefix_end;
        std::string_view prefix(term.data(), prefix_end);
        const std::string word = term.substr(prefix_end);
        if (word.empty()) continue;
        // A word and its stem are one query word: a snippet counts each once.
        if (prefix == "Z" || prefix == "ZS" || prefix == "ZA") stems_.emplace(word, key_of_stem(word));
        else if (prefix.empty() || prefix == "S" || prefix == "A") words_.emplace(word, key_of_stem(analyzer_.stemmer()(word)));
    }
}

int WordMatcher::key_of_stem(const std::string& stem) {
    // Keys are handed out per stem; a stem no Z term names gets one too.
    if (const auto it = stems_.find(stem); it != stems_.end()) return it->second;
    for (const auto& [word, key] : words_)
        if (analyzer_.stemmer()(word) == stem) return key;
    return static_cast<int>(key_count_++);
}

int WordMatcher::match(std::string_view raw_word) const {
    if (empty()) return -1;
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
        return match_analysis(entry.normalized, entry.stem);
    }
    const std::string word = normalize_text(raw_word);
    return match_analysis(word, stems_.empty() ? std::string() : analyzer_.stemmer()(word));
}

Snippet make_snippet(std::string_view text, const WordMatcher& matcher, std::size_t max_chars) {
    PieceReader reader(text, matcher);
    std::vector<Piece> pieces;
    std::vector<std::size_t> chars_before;  // characters before each piece, and after the last
    chars_before.push_back(0);
    std::vector<std::size_t> matches;       // indices of matched pieces
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
