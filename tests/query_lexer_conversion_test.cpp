// The functions that read query text went over to the query lexer without
// changing what they return.  The oracle is a copy of each function as it
// was before (namespace `before`, kept here only for this comparison), run
// with the new one over generated queries: words, operators in both cases,
// prefixes known and unknown, quotes of every kind, brackets, + and -,
// colons, ranges, Arabic punctuation, tabs, invisible and invalid bytes.
// Copies, rather than outputs recorded from the old build, because the
// queries are generated: a copy answers any query, and a failure shows the
// query and both answers.
#include "test_support.h"

#include "query_analysis.h"

#include "normalize/normalize_internal.h"

#include <fahras/analyzer.h>
#include <fahras/normalize.h>
#include <fahras/query_lexer.h>
#include <fahras/utf8.h>
#include <fahras/variants.h>

#include <doctest/doctest.h>

#include <xapian.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

using namespace fahras;

namespace before {

std::vector<std::string> query_words(std::string_view text) {
    std::vector<std::string> words;
    std::size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && text[pos] == ' ') ++pos;
        const std::size_t end = std::min(text.find(' ', pos), text.size());
        if (end > pos) words.emplace_back(text.substr(pos, end - pos));
        pos = end;
    }
    return words;
}

bool is_query_syntax(const std::string& word) {
    if (word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" || word == "ADJ") return true;
    return word.find_first_of(":\"()+-*") != std::string::npos;
}

std::string join(const std::vector<std::string>& words, std::size_t from, std::size_t count) {
    std::string out;
    for (std::size_t i = from; i < from + count; ++i) out += (i > from ? " " : "") + words[i];
    return out;
}

class VariantTable {
  public:
    void add_group(const std::vector<std::string>& members) {
        std::vector<std::string> normalized;
        for (const auto& member : members) {
            const std::string words =
                join(query_words(normalize_text(member)), 0, query_words(normalize_text(member)).size());
            if (!words.empty() && std::find(normalized.begin(), normalized.end(), words) == normalized.end())
                normalized.push_back(words);
        }
        if (normalized.size() < 2) return;
        const std::size_t index = groups_.size();
        for (const auto& member : normalized) {
            group_of_[member] = index;
            max_words_ = std::max(max_words_, query_words(member).size());
        }
        groups_.push_back(std::move(normalized));
    }

    std::string expand(std::string_view normalized_query) const {
        if (groups_.empty()) return std::string(normalized_query);
        std::string out;
        bool in_quotes = false;
        std::string segment;
        auto flush = [&]() {
            const std::vector<std::string> words = query_words(segment);
            std::vector<std::string> rewritten;
            for (std::size_t i = 0; i < words.size();) {
                bool matched = false;
                for (std::size_t n = std::min(max_words_, words.size() - i); n >= 1 && !matched; --n) {
                    bool plain = true;
                    for (std::size_t k = i; k < i + n; ++k) plain = plain && !is_query_syntax(words[k]);
                    if (!plain) continue;
                    const auto group = group_of_.find(join(words, i, n));
                    if (group == group_of_.end()) continue;
                    std::string alternatives;
                    for (const auto& member : groups_[group->second]) {
                        alternatives += alternatives.empty() ? "(" : " OR ";
                        alternatives += member.find(' ') == std::string::npos ? member : "\"" + member + "\"";
                    }
                    rewritten.push_back(alternatives + ")");
                    i += n;
                    matched = true;
                }
                if (!matched) rewritten.push_back(words[i++]);
            }
            if (!out.empty() && !rewritten.empty() && out.back() != ' ') out += ' ';
            out += join(rewritten, 0, rewritten.size());
            segment.clear();
        };
        char previous = ' ';
        for (char c : normalized_query) {
            const bool joined = previous != ' ';
            previous = c;
            if (c == '"') {
                if (!in_quotes) {
                    flush();
                    // The one deliberate change since the lexer: a phrase
                    // keeps what it was joined to (title:"…"), where the
                    // old code always put a space before it.
                    if (!out.empty() && out.back() != ' ' && !joined) out += ' ';
                }
                out += c;
                in_quotes = !in_quotes;
                continue;
            }
            if (in_quotes) out += c;
            else segment += c;
        }
        if (in_quotes) out += '"';
        flush();
        return out;
    }

  private:
    std::vector<std::vector<std::string>> groups_;
    std::unordered_map<std::string, std::size_t> group_of_;
    std::size_t max_words_ = 1;
};

bool is_plain_text(const std::string& normalized_query) {
    const std::vector<std::string> words = query_words(normalized_query);
    return std::none_of(words.begin(), words.end(), [](const std::string& word) { return is_query_syntax(word); });
}

std::vector<std::vector<std::string>> plain_word_runs(const std::string& normalized_query) {
    std::vector<std::vector<std::string>> runs(1);
    bool in_quotes = false;
    std::string outside;
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

std::string spelling_correction(const std::string& normalized_query, const Analyzer& analyzer, const Xapian::Database& db) {
    const std::string_view text = normalized_query;
    std::string corrected;
    bool changed = false;
    std::size_t looked_up = 0;
    for (std::size_t pos = 0; pos < text.size();) {
        if (text[pos] == ' ') {
            corrected += text[pos++];
            continue;
        }
        const std::string_view word = text.substr(pos, std::min(text.find(' ', pos), text.size()) - pos);
        pos += word.size();
        if (word.find(':') != std::string_view::npos) {
            corrected += word;
            continue;
        }
        for (std::size_t at = 0; at < word.size();) {
            std::size_t run_end = at;
            for (std::size_t i = at; i < word.size() && Xapian::Unicode::is_wordchar(utf8::decode(word, i));) run_end = i;
            if (run_end == at) {
                utf8::decode(word, run_end);
                corrected += word.substr(at, run_end - at);
                at = run_end;
                continue;
            }
            const std::string term(word.substr(at, run_end - at));
            at = run_end;
            std::string suggestion;
            if (!is_query_syntax(term) && looked_up < MAX_SPELLED_WORDS &&
                utf8::length(term) <= MAX_SPELLING_WORD_LETTERS && db.get_termfreq(term) == 0 &&
                db.get_termfreq("Z" + analyzer.stemmer()(term)) == 0) {
                ++looked_up;
                suggestion = db.get_spelling_suggestion(term);
            }
            changed = changed || !suggestion.empty();
            corrected += suggestion.empty() ? term : suggestion;
        }
    }
    return changed ? corrected : std::string();
}

// explain_query() without the past forms (an empty map in both).
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

std::string fold_case_keep_operators(std::string_view text) {
    static constexpr std::array<std::string_view, 6> OPERATORS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t start = pos;
        const char32_t cp = utf8::decode(text, pos);
        if (!Xapian::Unicode::is_wordchar(static_cast<unsigned>(cp))) {
            utf8::append(out, detail::rule_fold_case(cp));
            continue;
        }
        std::size_t end = pos;
        for (std::size_t next = pos; next < text.size() && Xapian::Unicode::is_wordchar(utf8::decode(text, next));)
            end = next;
        const std::string_view word = text.substr(start, end - start);
        bool is_operator = false;
        for (auto op : OPERATORS) is_operator = is_operator || word == op;
        if (is_operator) out += word;
        else out += detail::apply_rule(word, detail::rule_fold_case);
        pos = end;
    }
    return out;
}

// searcher.cpp's count_words (--query word limit).
std::size_t count_words(std::string_view normalized_query) {
    std::size_t words = 0;
    bool in_word = false;
    for (std::size_t pos = 0; pos < normalized_query.size();) {
        const bool word_char = Xapian::Unicode::is_wordchar(static_cast<unsigned>(utf8::decode(normalized_query, pos)));
        if (word_char && !in_word) ++words;
        in_word = word_char;
    }
    return words;
}

}  // namespace before

namespace {

// Pieces of generated queries.  Variants members (أمريكا, داعش, تنظيم
// الدولة) and stopwords (في، من) make the rewriters rewrite; the misspelt
// words (حلت, الرقا, reuter) have a spelling suggestion in the database.
const std::vector<std::string> PIECES = {
    "حلب", "الرقة", "أمريكا", "أميركا", "داعش", "تنظيم", "الدولة", "في", "من", "وزير", "حلت", "الرقا",
    "أَعْلَنَ", "مجلـــس", "x", "Reuters", "reuter", "iPhone", "and", "or", "Not", "İNOT", "NOT2",
    "AND", "OR", "NOT", "XOR", "NEAR", "ADJ", "NEAR/3", "ADJ/0", "AND's", "AND,", "A.N.D", "U.N.",
    "title:", "author:", "source:", "place:", "year:", "date:", "xyz:", "Title:", ":",
    "\"", "«", "»", "“", "”", "(", ")", "+", "-", "*", "..", ".", "/", ",", "،", "؟", "—", "_", "'",
    "2015-07-01", "٢٠١٥", "١٢٫٥", "\u200B", "\u00A0", "\t", "\x01", "\xFF", "\xD8",
};

std::string generated_query(std::mt19937& random) {
    return fahras::test::generated_query(random, PIECES, 9, 7);
}

const std::vector<std::vector<std::string>> VARIANT_GROUPS = {
    {"أمريكا", "أميركا"}, {"داعش", "تنظيم الدولة", "الدولة الإسلامية"}, {"حلب", "Aleppo"}, {"في حلب", "x y"},
};

// A database for the functions that look words up: a few articles, and
// spelling data that corrects the misspelt pieces.
void build_database(const std::string& path, const Analyzer& analyzer) {
    Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OVERWRITE);
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    for (const char* text : {"حلب الرقة وزير في من", "Reuters iPhone الدولة تنظيم", "اعلن مجلس 2015"}) {
        Xapian::Document doc;
        generator.set_document(doc);
        generator.index_text(normalize_text(text));
        db.add_document(doc);
    }
    for (const char* word : {"حلب", "الرقه", "reuters", "وزير"}) db.add_spelling(word);
    db.commit();
}

}  // namespace

TEST_CASE("the functions that read queries answer as before over generated queries") {
    test::TempDir dir;
    const Analyzer analyzer("snowball");
    build_database(dir.file("db"), analyzer);
    const Xapian::Database db(dir.file("db"));
    const Xapian::Stopper& stopper = arabic_stopper();

    before::VariantTable old_table;
    VariantTable new_table;
    for (const auto& group : VARIANT_GROUPS) {
        old_table.add_group(group);
        new_table.add_group(group);
    }
    const std::string bundled = test::source_dir() + "/data/variants_ar.txt";
    VariantTable new_bundled;
    new_bundled.load(bundled);
    before::VariantTable old_bundled;
    {
        std::ifstream in(bundled);
        std::string line;
        while (std::getline(in, line)) {
            if (line.empty() || line[0] == '#') continue;
            std::vector<std::string> members;
            for (std::size_t start = 0;;) {
                const std::size_t bar = line.find('|', start);
                members.push_back(line.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
                if (bar == std::string::npos) break;
                start = bar + 1;
            }
            old_bundled.add_group(members);
        }
    }

    std::mt19937 random(1446);
    std::size_t rewritten = 0, corrected = 0, syntax = 0;
    for (int n = 0; n < 6000; ++n) {
        const std::string query = generated_query(random);
        const std::string normalized = normalize_text(query, TextRole::query);
        CAPTURE(query);
        CAPTURE(normalized);
        CHECK(stages::fold_case_keep_operators(query) == before::fold_case_keep_operators(query));
        CHECK(new_table.expand(normalized) == old_table.expand(normalized));
        CHECK(new_bundled.expand(normalized) == old_bundled.expand(normalized));
        CHECK(is_plain_text(normalized) == before::is_plain_text(normalized));
        CHECK(plain_word_runs(normalized) == before::plain_word_runs(normalized));
        CHECK(word_runs(normalized).size() == before::count_words(normalized));
        const std::string correction = spelling_correction(normalized, analyzer, db);
        CHECK(correction == before::spelling_correction(normalized, analyzer, db));
        const auto explained = explain_query(query, analyzer, db, &stopper, {});
        const auto old_explained = before::explain_query(query, analyzer, db, &stopper);
        REQUIRE(explained.size() == old_explained.size());
        for (std::size_t i = 0; i < explained.size(); ++i) {
            CHECK(explained[i].word == old_explained[i].word);
            CHECK(explained[i].normalized == old_explained[i].normalized);
            CHECK(explained[i].stem == old_explained[i].stem);
            CHECK(explained[i].word_frequency == old_explained[i].word_frequency);
            CHECK(explained[i].stem_frequency == old_explained[i].stem_frequency);
            CHECK(explained[i].stopword == old_explained[i].stopword);
        }
        rewritten += new_table.expand(normalized) != normalized;
        corrected += !correction.empty();
        syntax += !is_plain_text(normalized);
    }
    // The generator must reach what the functions do.
    CHECK(rewritten > 500);
    CHECK(corrected > 500);
    CHECK(syntax > 2000);
}
