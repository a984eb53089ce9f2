#include "query_analysis.h"

#include <fahras/data_files.h>
#include <fahras/schema.h>
#include <fahras/normalize.h>
#include <fahras/query_lexer.h>
#include <fahras/utf8.h>
#include <fahras/verb_forms.h>

#include <algorithm>
#include <fstream>
#include <optional>

namespace fahras {


std::string stopwords_path() { return data_file_path("stopwords_ar.txt", "FAHRAS_STOPWORDS"); }

const Xapian::SimpleStopper& arabic_stopper() {
    // Xapian stoppers cannot be copied: build the one instance in place.
    static const Xapian::SimpleStopper* const STOPPER = [] {
        auto* stopper = new Xapian::SimpleStopper;
        std::ifstream in(stopwords_path());
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
    const std::vector<std::string_view> words = spaced_words(normalized_query);
    return std::none_of(words.begin(), words.end(), is_syntax_word);
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
    const auto end_run = [&runs] {
        if (!runs.back().empty()) runs.emplace_back();
    };
    // Quoted phrases are the user's own proximity request: they end a run
    // and give it no words.
    for (const QuerySegment& segment : quote_segments(normalized_query)) {
        if (segment.quoted) {
            end_run();
            continue;
        }
        for (const std::string_view word : spaced_words(segment.text)) {
            if (is_syntax_word(word)) end_run();
            else runs.back().emplace_back(word);
        }
    }
    if (runs.back().empty()) runs.pop_back();
    return runs;
}

namespace {

// Weights of the boosts, measured with bench/eval (docs/retrieval.md).
constexpr double EXACT_FORM_WEIGHT = 0.5;  // against 1 for the stemmed query
constexpr std::size_t MAX_PROXIMITY_PAIRS = 4;
// A name or an organisation's is at most this long (خادم الحرمين الشريفين
// الملك سلمان); a longer run is a pasted headline.
constexpr std::size_t MAX_PHRASE_WORDS = 6;

}  // namespace

std::vector<std::string> proclitic_forms(const std::string& word) {
    std::vector<std::string> forms{word};
    const std::string article = "ال";
    const bool definite = word.compare(0, article.size(), article) == 0 && word.size() > article.size();
    for (const char* proclitic : {"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"}) {
        const std::string before(proclitic);
        // ل before the article drops its alef: للملك, not لالملك.
        const bool lam = before.size() >= 2 && before.compare(before.size() - 2, 2, "ل") == 0;
        if (definite && lam) forms.push_back(before + word.substr(std::string("ا").size()));
        else forms.push_back(before + word);
    }
    return forms;
}

std::vector<Phrase> query_phrases(const std::string& normalized_query, TermFrequencies& frequencies) {
    const Xapian::Stopper& stopper = arabic_stopper();
    std::vector<Phrase> phrases;
    for (const auto& run : plain_word_runs(normalized_query)) {
        std::size_t begin = 0, end = run.size();
        while (begin < end && stopper(run[begin])) ++begin;
        while (end > begin && stopper(run[end - 1])) --end;
        if (end - begin < 2 || end - begin > MAX_PHRASE_WORDS) continue;
        Phrase phrase;
        for (std::size_t k = begin; k < end; ++k) {
            std::vector<std::string> forms;
            for (auto& form : k == begin ? proclitic_forms(run[k]) : std::vector<std::string>{run[k]})
                if (frequencies(form) > 0) forms.push_back(std::move(form));
            if (forms.empty()) break;
            phrase.words.push_back(std::move(forms));
        }
        if (phrase.words.size() == end - begin) phrases.push_back(std::move(phrase));
    }
    return phrases;
}

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

Boost exact_form_boost(const std::string& normalized_query, const Xapian::Stopper* stopper,
                       const VariantTable* variants) {
    // Unstemmed terms are what the TermGenerator indexes with positions.
    Boost words;
    const auto add = [&words](const std::string& term, const std::vector<std::string>& weighed_with) {
        const bool known = std::any_of(words.begin(), words.end(), [&](const BoostTerm& b) { return b.term == term; });
        if (!known) words.push_back({term, EXACT_FORM_WEIGHT, weighed_with});
    };
    for (const auto& run : plain_word_runs(normalized_query))
        for (const auto& word : run) {
            if (stopper && (*stopper)(word)) continue;
            const std::vector<std::string> spellings =
                variants ? variants->one_word_members(std::string(word)) : std::vector<std::string>();
            if (spellings.size() < 2) {
                add(std::string(word), {});
                continue;
            }
            for (const auto& spelling : spellings) add(spelling, spellings);
        }
    return words;
}

namespace {

// The stems of @a stem's past-tense readings that the database holds in
// the field whose prefix is @a field_prefix (none: the unprefixed text),
// other than @a stem itself.
std::vector<std::string> past_form_stems(const std::string& stem, std::string_view field_prefix,
                                         const Analyzer& analyzer, TermFrequencies& frequencies) {
    std::vector<std::string> stems;
    for (const auto& reading : past_tense_readings(stem)) {
        std::string past = analyzer.stemmer()(reading);
        if (past == stem || std::find(stems.begin(), stems.end(), past) != stems.end()) continue;
        if (frequencies(stem_term(past, field_prefix)) > 0) stems.push_back(std::move(past));
    }
    return stems;
}

// with_past_forms(), or nothing when the query has no word to widen.
std::optional<Xapian::Query> widened(const Xapian::Query& query, const Analyzer& analyzer, TermFrequencies& frequencies,
                                     PastForms* added) {
    switch (query.get_type()) {
        case Xapian::Query::LEAF_TERM: {
            const std::string term = *query.get_terms_begin();
            const TermParts parts = split_term(term);
            if (!parts.stem) return std::nullopt;  // an exact form or a boolean filter
            const std::vector<std::string> stems =
                past_form_stems(std::string(parts.word), parts.prefix, analyzer, frequencies);
            if (stems.empty()) return std::nullopt;
            std::vector<Xapian::Query> forms{query};
            for (const auto& stem : stems) forms.emplace_back(stem_term(stem, parts.prefix));
            if (added) (*added)[term] = stems;
            return Xapian::Query(Xapian::Query::OP_SYNONYM, forms.begin(), forms.end());
        }
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_FILTER:
        case Xapian::Query::OP_SYNONYM:
        case Xapian::Query::OP_MAX: {
            // These are rebuilt from their parts alone.  What AND_NOT
            // excludes (-word) is not widened: it stays what was typed.
            const std::size_t widen = query.get_type() == Xapian::Query::OP_AND_NOT ? 1 : query.get_num_subqueries();
            std::vector<Xapian::Query> parts;
            bool changed = false;
            for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
                parts.push_back(query.get_subquery(i));
                if (i >= widen) continue;
                if (auto part = widened(parts.back(), analyzer, frequencies, added)) {
                    parts.back() = std::move(*part);
                    changed = true;
                }
            }
            if (!changed) return std::nullopt;
            return Xapian::Query(query.get_type(), parts.begin(), parts.end());
        }
        default:
            // A phrase or NEAR means the words as typed; a scaled weight or
            // a value range has parameters a rebuild would lose.
            return std::nullopt;
    }
}

}  // namespace

Xapian::Query with_past_forms(const Xapian::Query& query, const Analyzer& analyzer, TermFrequencies& frequencies,
                              PastForms* added) {
    return widened(query, analyzer, frequencies, added).value_or(query);
}

std::string spelling_correction(const std::string& normalized_query, const Analyzer& analyzer, const Xapian::Database& db) {
    const std::string_view text = normalized_query;
    std::string corrected;
    bool changed = false;
    std::size_t looked_up = 0;
    std::size_t copied = 0;  // text before this is in corrected
    for (const std::string_view word : spaced_words(text)) {
        // Xapian's parser spells no prefixed term either (title:x is "Sx").
        if (word.find(':') != std::string_view::npos) continue;
        // Each run of word characters is a term: "-word", "(word" and
        // "word)" hold one, a hyphenated "a-b" two.
        const auto word_begin = static_cast<std::size_t>(word.data() - text.data());
        for (const TextSpan run : word_runs(word)) {
            const std::string term(word.substr(run.begin, run.end - run.begin));
            std::string suggestion;
            // An operator is no misspelling.
            if (!operator_spelled(term) && looked_up < MAX_SPELLED_WORDS &&
                utf8::length(term) <= MAX_SPELLING_WORD_LETTERS && db.get_termfreq(term) == 0 &&
                db.get_termfreq(stem_term(analyzer.stemmer()(term))) == 0) {
                ++looked_up;
                suggestion = db.get_spelling_suggestion(term);
            }
            if (suggestion.empty()) continue;
            changed = true;
            corrected.append(text, copied, word_begin + run.begin - copied);
            corrected += suggestion;
            copied = word_begin + run.end;
        }
    }
    corrected.append(text, copied, std::string_view::npos);
    return changed ? corrected : std::string();
}

std::vector<WordAnalysis> explain_query(const std::string& query, const Analyzer& analyzer, const Xapian::Database& db,
                                        const Xapian::Stopper* stopper, const PastForms& past_forms) {
    std::vector<WordAnalysis> words;
    for (const std::string_view typed : spaced_words(query)) {
        const std::string normalized = normalize_text(typed, TextRole::query);
        if (is_syntax_word(normalized)) continue;
        WordAnalysis analysis;
        analysis.word = std::string(typed);
        analysis.normalized = normalized;
        analysis.stem = analyzer.stemmer()(normalized);
        analysis.word_frequency = db.get_termfreq(normalized);
        analysis.stem_frequency = db.get_termfreq(stem_term(analysis.stem));
        analysis.stopword = stopper && (*stopper)(normalized);
        if (const auto found = past_forms.find(stem_term(analysis.stem)); found != past_forms.end())
            analysis.past_forms = found->second;
        words.push_back(std::move(analysis));
    }
    return words;
}

}  // namespace fahras
