#include "query_analysis.h"

#include <fahras/data_files.h>
#include <fahras/normalize.h>
#include <fahras/variants.h>

#include <algorithm>
#include <fstream>

namespace fahras {


const Xapian::SimpleStopper& arabic_stopper() {
    // Xapian stoppers cannot be copied: build the one instance in place.
    static const Xapian::SimpleStopper* const STOPPER = [] {
        auto* stopper = new Xapian::SimpleStopper;
        std::ifstream in(data_file_path("stopwords_ar.txt", "FAHRAS_STOPWORDS"));
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            stopper->add(normalize_text(line));
        }
        return stopper;
    }();
    return *STOPPER;
}

bool is_plain_text(const std::string& normalized_query) {
    const std::vector<std::string> words = query_words(normalized_query);
    return std::none_of(words.begin(), words.end(), [](const std::string& word) { return is_query_syntax(word); });
}

std::string stopped_words(const Xapian::QueryParser& parser) {
    std::string words;
    for (auto it = parser.stoplist_begin(); it != parser.stoplist_end(); ++it) {
        if (!words.empty()) words += ' ';
        words += *it;
    }
    return words;
}

std::vector<std::vector<std::string>> plain_word_runs(const std::string& normalized_query) {
    std::vector<std::vector<std::string>> runs(1);
    bool in_quotes = false;
    std::string outside;
    // Blank out quoted phrases: they are the user's own proximity request.
    for (char c : normalized_query) {
        if (c == '"') {
            in_quotes = !in_quotes;
            outside += " \" ";
        } else {
            outside += in_quotes ? ' ' : c;
        }
    }
    for (const auto& word : query_words(outside)) {
        if (is_query_syntax(word)) {
            if (!runs.back().empty()) runs.emplace_back();
            continue;
        }
        runs.back().push_back(word);
    }
    if (runs.back().empty()) runs.pop_back();
    return runs;
}

namespace {

// Weights of the boosts, measured with bench/eval (docs/retrieval.md).
constexpr double EXACT_FORM_WEIGHT = 0.5;  // against 1 for the stemmed query
constexpr std::size_t MAX_PROXIMITY_PAIRS = 4;

}  // namespace

std::vector<std::pair<std::string, std::string>> proximity_pairs(const std::string& normalized_query,
                                                                 TermFrequencies& frequencies) {
    const Xapian::Stopper& stopper = arabic_stopper();
    struct Pair {
        Xapian::doccount rarer_frequency;
        std::pair<std::string, std::string> words;
    };
    std::vector<Pair> pairs;
    for (const auto& run : plain_word_runs(normalized_query)) {
        for (std::size_t i = 0; i + 1 < run.size(); ++i) {
            // A pair with a function word ("في الرياض") says little about
            // the topic.
            if (stopper(run[i]) || stopper(run[i + 1])) continue;
            const Xapian::doccount first = frequencies(run[i]), second = frequencies(run[i + 1]);
            if (first == 0 || second == 0) continue;
            pairs.push_back({std::min(first, second), {run[i], run[i + 1]}});
        }
    }
    std::stable_sort(pairs.begin(), pairs.end(),
                     [](const Pair& a, const Pair& b) { return a.rarer_frequency < b.rarer_frequency; });
    if (pairs.size() > MAX_PROXIMITY_PAIRS) pairs.resize(MAX_PROXIMITY_PAIRS);
    std::vector<std::pair<std::string, std::string>> words;
    for (auto& pair : pairs) words.push_back(std::move(pair.words));
    return words;
}

Boost exact_form_boost(const std::string& normalized_query, const Xapian::Stopper* stopper) {
    // Unstemmed terms are what the TermGenerator indexes with positions.
    Boost words;
    for (const auto& run : plain_word_runs(normalized_query))
        for (const auto& word : run)
            if (!stopper || !(*stopper)(word)) words.push_back({word, EXACT_FORM_WEIGHT});
    return words;
}

std::vector<WordAnalysis> explain_query(const std::string& query, const Analyzer& analyzer, const Xapian::Database& db,
                                        const Xapian::Stopper* stopper) {
    std::vector<WordAnalysis> words;
    for (const auto& typed : query_words(query)) {
        const std::string normalized = normalize_text(typed, TextRole::query);
        if (is_query_syntax(normalized)) continue;
        WordAnalysis analysis;
        analysis.word = typed;
        analysis.normalized = normalized;
        analysis.stem = analyzer.stemmer()(normalized);
        analysis.word_frequency = db.get_termfreq(normalized);
        analysis.stem_frequency = db.get_termfreq("Z" + analysis.stem);
        analysis.stopword = stopper && (*stopper)(normalized);
        words.push_back(std::move(analysis));
    }
    return words;
}

}  // namespace fahras
