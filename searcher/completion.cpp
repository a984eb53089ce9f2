// Completions from the title vocabulary (completion.h): the spelling table
// read once into two sorted keys per word, so a prefix is a binary search
// and a scan of the words it matches.
#include "completion.h"

#include <fahras/document.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>
#include <fahras/words.h>

#include <algorithm>
#include <tuple>

namespace fahras {

namespace {

constexpr std::string_view ARTICLE = "\xD8\xA7\xD9\x84";  // ال

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The word's second key, after its article, when it has one with at least
// two letters after it (اللي is no article: it stays whole).
std::string_view without_article(std::string_view word) {
    if (!starts_with(word, ARTICLE) || word.size() < ARTICLE.size() + 4) return {};
    return word.substr(ARTICLE.size());
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

}  // namespace

CompletionIndex::CompletionIndex(const Xapian::Database& db, const Xapian::Stopper* stopper) {
    for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) {
        if (stopper && (*stopper)(*it)) continue;
        words_.push_back(*it);
        frequencies_.push_back(it.get_termfreq());
    }
    keys_.reserve(words_.size() * 2);
    for (std::uint32_t i = 0; i < words_.size(); ++i) {
        keys_.push_back({words_[i], i});
        if (const auto rest = without_article(words_[i]); !rest.empty()) keys_.push_back({rest, i});
    }
    std::sort(keys_.begin(), keys_.end(), [](const Key& a, const Key& b) { return std::tie(a.text, a.word) < std::tie(b.text, b.word); });
}

std::vector<std::pair<std::string, Xapian::doccount>> CompletionIndex::complete(std::string_view prefix,
                                                                                 std::size_t limit) const {
    std::vector<std::pair<std::string, Xapian::doccount>> result;
    if (prefix.empty() || limit == 0) return result;
    auto first = std::lower_bound(keys_.begin(), keys_.end(), prefix, [](const Key& key, std::string_view p) { return key.text < p; });
    std::vector<std::uint32_t> matches;
    for (auto it = first; it != keys_.end() && starts_with(it->text, prefix); ++it) matches.push_back(it->word);
    // A word can match by both keys (ا matches الاقتصاد and اقتصاد): once.
    std::sort(matches.begin(), matches.end());
    matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
    const auto better = [this](std::uint32_t a, std::uint32_t b) {
        if (frequencies_[a] != frequencies_[b]) return frequencies_[a] > frequencies_[b];
        if (words_[a].size() != words_[b].size()) return words_[a].size() < words_[b].size();
        return words_[a] < words_[b];
    };
    const std::size_t n = std::min(limit, matches.size());
    std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(n), matches.end(), better);
    for (std::size_t i = 0; i < n; ++i) result.emplace_back(words_[matches[i]], frequencies_[matches[i]]);
    return result;
}

const std::string& CompletionIndex::published(const Xapian::Database& db, const std::string& word) {
    if (const auto found = published_.find(word); found != published_.end()) return found->second;
    // Bounded: a client typing every prefix there is cannot grow it past this.
    if (published_.size() >= 100000) published_.clear();
    return published_.emplace(word, published_spelling(db, word)).first->second;
}

std::string published_spelling(const Xapian::Database& db, const std::string& word, Xapian::doccount titles) {
    const std::string term = std::string(PREFIX_TITLE) + word;
    std::vector<std::pair<std::string, std::size_t>> spellings;  // in the order first seen
    Xapian::doccount read = 0;
    for (auto it = db.postlist_begin(term); it != db.postlist_end(term) && read < titles; ++it, ++read) {
        const std::string title = read_stored_article(db.get_document(*it), false).title;
        for (const WordSpan& span : word_spans(title)) {
            const std::string_view raw = std::string_view(title).substr(span.begin, span.end - span.begin);
            if (word_term(normalize_text(raw)) != word) continue;
            const std::string shown = stages::strip_tashkeel(stages::strip_tatweel(stages::drop_invisible_controls(stages::nfkc(raw))));
            const auto same = std::find_if(spellings.begin(), spellings.end(), [&](const auto& s) { return s.first == shown; });
            if (same == spellings.end()) spellings.emplace_back(shown, 1);
            else ++same->second;
        }
    }
    if (spellings.empty()) return word;
    return std::max_element(spellings.begin(), spellings.end(), [](const auto& a, const auto& b) { return a.second < b.second; })
        ->first;
}

CompletionPage complete_query(CompletionIndex& index, std::string_view query, std::size_t limit,
                              const Xapian::Database* db) {
    CompletionPage page;
    std::size_t start = query.size();
    while (start > 0 && !is_space(query[start - 1])) --start;
    // Query syntax before the word ("الاقت, (الاقت, -الاقت) is kept with
    // the words before it: the word itself is what is completed.
    while (start < query.size() && std::string_view("\"(+-").find(query[start]) != std::string_view::npos) ++start;
    const std::string_view typed = query.substr(start);
    // Normalized as every query is; a mark of punctuation it turns into a
    // space (، ؛ ؟) ends the word before it.
    std::string prefix = normalize_text(typed, TextRole::query);
    if (const std::size_t space = prefix.rfind(' '); space != std::string::npos) prefix.erase(0, space + 1);
    page.prefix = prefix;
    const std::string kept(query.substr(0, start));
    for (auto& [word, frequency] : index.complete(prefix, limit)) {
        std::string published = db ? index.published(*db, word) : word;
        page.completions.push_back({kept + published, word, std::move(published), frequency});
    }
    return page;
}

}  // namespace fahras
