// Matching published words against a query: see word_matcher.h.
#include "word_matcher.h"

#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/stemmers.h>
#include <fahras/words.h>

#include <xapian.h>

#include <algorithm>
#include <set>

namespace fahras {

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

namespace {

// Gathers query_words(): @a seen holds the terms and phrases gathered.
void gather_words(const Xapian::Query& query, QueryWords& out, std::set<std::string>& seen_terms,
                  std::set<std::vector<std::string>>& seen_phrases) {
    const auto add_term = [&](const std::string& term) {
        if (!term.empty() && seen_terms.insert(term).second) out.terms.push_back(term);
    };
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM:
            add_term(*query.get_terms_begin());
            return;
        case Xapian::Query::OP_AND_NOT:  // what the other operands exclude is in no result
            if (query.get_num_subqueries() > 0) gather_words(query.get_subquery(0), out, seen_terms, seen_phrases);
            return;
        case Xapian::Query::OP_PHRASE: {
            // A phrase of words as typed, as the parser makes them; one with
            // anything else in it (a wildcard) is looked for word by word.
            std::vector<std::string> terms;
            bool words_only = true;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                const Xapian::Query word = query.get_subquery(i);
                if (word.get_type() != Xapian::Query::LEAF_TERM) words_only = false;
                else terms.push_back(*word.get_terms_begin());
            }
            if (words_only && terms.size() > 1) {
                if (seen_phrases.insert(terms).second) out.phrases.push_back(std::move(terms));
                return;
            }
            break;
        }
        default:
            break;
    }
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
        gather_words(query.get_subquery(i), out, seen_terms, seen_phrases);
}

}  // namespace

QueryWords query_words(const Xapian::Query& query) {
    QueryWords out;
    std::set<std::string> seen_terms;
    std::set<std::vector<std::string>> seen_phrases;
    gather_words(query, out, seen_terms, seen_phrases);
    return out;
}

WordMatcher::WordMatcher(const Analyzer& analyzer, const QueryWords& query, WordCache* cache)
    : analyzer_(analyzer), cache_(cache) {
    for (const auto& term : query.terms) {
        const TermWord read = read_term(term);
        if (!read.text) continue;
        // A word and its stem are one query word: a snippet counts each once.
        if (read.stem) stems_.emplace(read.word, key_of_stem(read.word));
        else words_.emplace(read.word, key_of_stem(analyzer_.stemmer()(read.word)));
    }
    free_keys_ = key_count_;
    // Phrases hold words as typed (the parser stems none), each phrase one
    // query word of its own.
    for (const auto& terms : query.phrases) {
        Phrase phrase{{}, static_cast<int>(key_count_)};
        for (const auto& term : terms) {
            const TermWord read = read_term(term);
            if (!read.text) break;
            phrase.words.push_back(phrase_words_.emplace(read.word, static_cast<int>(phrase_words_.size())).first->second);
        }
        if (phrase.words.size() != terms.size() || terms.size() < 2) continue;
        ++key_count_;
        phrases_.push_back(std::move(phrase));
        phrase_terms_.push_back(terms);
    }
    // A key's letters are those all its forms share: a published word must
    // hold them to match any of the forms.
    if (stems_by_removing_letters(analyzer_.stemmer_name())) {
        needed_letters_.assign(free_keys_, ANY_LETTER);
        for (const auto* table : {&words_, &stems_})
            for (const auto& [word, key] : *table) needed_letters_[key] &= letters_of(word);
        phrase_word_letters_.assign(phrase_words_.size(), ANY_LETTER);
        for (const auto& [word, number] : phrase_words_) phrase_word_letters_[number] = letters_of(word);
    }
    select_candidates();
}

void WordMatcher::select_candidates() {
    const auto allowed = [this](std::size_t key) { return !restricted_ || allowed_[key]; };
    starting_with_.assign(phrase_words_.size(), {});
    for (std::size_t p = 0; p < phrases_.size(); ++p)
        if (allowed(phrases_[p].key)) starting_with_[phrases_[p].words.front()].push_back(static_cast<int>(p));
    for (auto& starting : starting_with_)
        std::stable_sort(starting.begin(), starting.end(),
                         [this](int a, int b) { return phrases_[a].words.size() > phrases_[b].words.size(); });

    candidate_letters_.clear();
    if (needed_letters_.empty()) return;
    const auto add = [this](LetterMask needed) {
        if (std::find(candidate_letters_.begin(), candidate_letters_.end(), needed) == candidate_letters_.end())
            candidate_letters_.push_back(needed);
    };
    for (std::size_t key = 0; key < needed_letters_.size(); ++key)
        if (allowed(key)) add(needed_letters_[key]);
    for (const Phrase& phrase : phrases_)
        if (allowed(phrase.key))
            for (const int word : phrase.words) add(phrase_word_letters_[word]);
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
    const auto allow = [this](int key) {
        if (key >= 0 && !allowed_[key]) {
            allowed_[key] = true;
            ++allowed_count_;
        }
    };
    for (const auto& term : matched_terms) allow(key_of_term(term));
    // A result that holds every word of a phrase may have it.
    const auto matched = [&](const std::string& term) {
        return std::find(matched_terms.begin(), matched_terms.end(), term) != matched_terms.end();
    };
    for (std::size_t p = 0; p < phrases_.size(); ++p)
        if (std::all_of(phrase_terms_[p].begin(), phrase_terms_[p].end(), matched)) allow(phrases_[p].key);
    select_candidates();
}

const std::vector<int>& WordMatcher::phrases_starting_with(int phrase_word) const {
    return starting_with_[static_cast<std::size_t>(phrase_word)];
}

WordMatcher::WordMatch WordMatcher::analyse(std::string_view raw_word) const {
    const auto find = [](const std::unordered_map<std::string, int>& table, const std::string& word) {
        const auto it = table.find(word);
        return it == table.end() ? -1 : it->second;
    };
    WordMatch match;
    if (cache_) {
        WordCache::Entry& entry = cache_->lookup(raw_word);
        match.phrase_word = find(phrase_words_, entry.normalized);
        match.key = find(words_, entry.normalized);
        if (match.key >= 0 || stems_.empty()) return match;
        if (!entry.stemmed) {
            entry.stem = analyzer_.stemmer()(entry.normalized);
            entry.stemmed = true;
        }
        // The word itself was looked up above: only its stem is left.
        match.key = find(stems_, entry.stem);
        return match;
    }
    const std::string word = indexed_form(raw_word);
    match.phrase_word = find(phrase_words_, word);
    match.key = find(words_, word);
    if (match.key < 0 && !stems_.empty()) match.key = find(stems_, analyzer_.stemmer()(word));
    return match;
}

int WordMatcher::match(std::string_view raw_word) const {
    if (empty()) return -1;
    return match_word(raw_word, needed_letters_.empty() ? ANY_LETTER : possible_letters(raw_word)).key;
}

WordMatcher::WordMatch WordMatcher::match_word(std::string_view raw_word, LetterMask possible) const {
    if (empty() || !may_match(possible)) return {};
    // The same words come back in every result of a query: each is
    // analysed once, then found in a table that stays in the cache.
    const WordMatch* known = memo_.find(raw_word);
    WordMatch match = known ? *known : memo_.insert(raw_word, analyse(raw_word));
    if (restricted_ && match.key >= 0 && !allowed_[match.key]) match.key = -1;
    return match;
}

}  // namespace fahras
