#include "query_analysis.h"

#include <fahras/data_files.h>
#include <fahras/normalize.h>
#include <fahras/variants.h>

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

Xapian::Query proximity_boost(const std::string& normalized_query, const Xapian::Stopper* stopper) {
    std::vector<Xapian::Query> pairs;
    for (const auto& run : plain_word_runs(normalized_query)) {
        for (std::size_t i = 0; i + 1 < run.size(); ++i) {
            // A pair of stopwords ("في ما") says nothing about the topic.
            if (stopper && (*stopper)(run[i]) && (*stopper)(run[i + 1])) continue;
            const Xapian::Query words[] = {Xapian::Query(run[i]), Xapian::Query(run[i + 1])};
            pairs.emplace_back(Xapian::Query::OP_PHRASE, words, words + 2, 2);
        }
    }
    if (pairs.empty()) return Xapian::Query();
    return Xapian::Query(Xapian::Query::OP_OR, pairs.begin(), pairs.end());
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
