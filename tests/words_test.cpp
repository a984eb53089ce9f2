// The word splitter (words.h) against Xapian's TermGenerator.
#include "test_support.h"

#include <fahras/analyzer.h>
#include <fahras/article_reader.h>
#include <fahras/normalize.h>
#include <fahras/utf8.h>
#include <fahras/words.h>

#include <doctest/doctest.h>
#include <xapian.h>

#include <map>
#include <random>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// The terms, in position order, that Fahras's term generator puts in a
// document for @a normalized text, unstemmed.
std::vector<std::string> xapian_terms(const std::string& normalized) {
    static const Analyzer analyzer("none");
    Xapian::TermGenerator generator = analyzer.make_term_generator();
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_NONE);
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(normalized);
    std::map<Xapian::termpos, std::string> by_position;
    for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term)
        for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) by_position[*pos] = *term;
    std::vector<std::string> terms;
    for (const auto& [pos, term] : by_position) terms.push_back(term);
    return terms;
}

// The same, by the splitter: the terms of its words that the index keeps.
std::vector<std::string> splitter_terms(std::string_view normalized) {
    std::vector<std::string> terms;
    for (std::string_view word : words_of(normalized)) {
        std::string term = word_term(word);
        if (term.size() <= MAX_WORD_BYTES) terms.push_back(std::move(term));
    }
    return terms;
}

// The splitter on published text: its words, normalized one by one, are
// the words of the normalized text (a word of ignored characters only, such
// as a lone tatweel, is none).
std::vector<std::string> published_terms(std::string_view published) {
    std::vector<std::string> terms;
    for (std::string_view word : words_of(published)) {
        std::string term = word_term(normalize_text(word));
        if (!term.empty() && term.size() <= MAX_WORD_BYTES) terms.push_back(std::move(term));
    }
    return terms;
}

std::string joined(const std::vector<std::string>& terms) {
    std::string out;
    for (const auto& term : terms) out += (out.empty() ? "" : " | ") + term;
    return out;
}

// Checks one text both ways; returns whether it agreed.
bool agrees(const std::string& published, bool check_published = true) {
    const std::string normalized = normalize_text(published);
    const auto expected = xapian_terms(normalized);
    const auto found = splitter_terms(normalized);
    if (found != expected) {
        CAPTURE(published);
        CHECK(joined(found) == joined(expected));
        return false;
    }
    if (check_published) {
        const auto from_published = published_terms(published);
        if (from_published != expected) {
            CAPTURE(published);
            CHECK(joined(from_published) == joined(expected));
            return false;
        }
    }
    return true;
}

std::vector<Article> corpus_articles() {
    std::vector<Article> articles;
    ReaderCallbacks callbacks;
    callbacks.on_article = [&](Article&& article) { articles.push_back(std::move(article)); };
    callbacks.on_problem = [](const InputProblem& problem) { FAIL(problem.where << ": " << problem.reason); };
    const std::string corpus = test::source_dir() + "/corpus";
    for (const auto& file : expand_inputs({corpus + "/articles.jsonl", corpus + "/text"}, callbacks.on_problem))
        read_articles(file, ReaderOptions{}, callbacks);
    return articles;
}

// Pieces of news text and of everything that may stand between its words.
const std::vector<std::string>& pieces() {
    static const std::vector<std::string> PIECES = {
        // Words: Arabic with proclitics, hamza forms, ة/ى, Persian letters,
        // presentation forms; Latin; digits of both kinds.
        "حلب", "والقاهرة", "للموصل", "بدمشق", "أعلن", "إسطنبول", "مستشفى", "مدرسة", "الکویت", "ﻻ", "ﺳ",
        "Reuters", "FIFA", "iPhone", "c", "at", "t", "don", "2015", "٢٠١٥", "۱۲", "3", "12", "x",
        // Tashkeel, tatweel, invisible controls: inside and around words.
        "\u064E", "\u0650", "\u0651", "\u0652", "\u064B", "\u0670", "\u0640", "\u0640\u0640", "\u200C", "\u200D",
        "\u200F", "\u200E", "\u061C", "\u00AD", "\u2067", "\uFEFF",
        // Punctuation of every kind.
        "\u201C", "\u201D", "\u00AB", "\u00BB", "\u2039", "\u203A", "\u201E", "'", "\"", "\u2014", "\u2013", "-",
        "...", "\u2026", "\u060C", "\u061B", "\u061F", "!", "(", ")", "[", "]", "/", "\\", "|", ":", ".", ",", ";",
        "&", "+", "#", "++", "_", "\u2019", "\u201B", "\u00B7", "\u060D", "\u066B", "\u066C", "\u066A", "%", "@",
        "\u2044", "\u0589", "\u037E",
        // Spaces: ordinary, NBSP, thin, narrow no-break, new lines.
        " ", " ", " ", "\u00A0", "\u2009", "\u202F", "\u2002", "\n", "\t",
    };
    return PIECES;
}

std::string generated_text(std::mt19937& random, std::size_t length) {
    const auto& all = pieces();
    std::uniform_int_distribution<std::size_t> pick(0, all.size() - 1);
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += all[pick(random)];
    return text;
}

}  // namespace

TEST_CASE("words: the splitter finds the words TermGenerator indexes, in the sample corpus") {
    const auto articles = corpus_articles();
    REQUIRE(articles.size() >= 10);
    std::size_t words = 0;
    for (const Article& article : articles) {
        CAPTURE(article.id);
        CHECK(agrees(article.title));
        CHECK(agrees(article.body));
        words += words_of(normalize_text(article.body)).size();
    }
    CHECK(words > 1000);
}

TEST_CASE("words: the splitter finds the words TermGenerator indexes, in generated text") {
    std::mt19937 random(18);
    std::size_t failures = 0;
    for (int i = 0; i < 3000 && failures < 5; ++i) {
        const std::string text = generated_text(random, 1 + i % 40);
        if (!agrees(text)) ++failures;
    }
    CHECK(failures == 0);
}

TEST_CASE("words: the rules, one by one") {
    struct Row {
        std::string text;
        std::vector<std::string> words;  // as views of the normalized text
    };
    const std::vector<Row> rows = {
        {"قصف في حلب اليوم", {"قصف", "في", "حلب", "اليوم"}},
        {"قصف في “حلب” اليوم", {"قصف", "في", "حلب", "اليوم"}},
        {"حلب—اليوم", {"حلب", "اليوم"}},
        {"«حلب» (حلب) [حلب] حلب... حلب… حلب، حلب؛ حلب؟", {"حلب", "حلب", "حلب", "حلب", "حلب", "حلب", "حلب", "حلب"}},
        {"‹حلب› „حلب“ 'حلب' \"حلب\" حلب/دمشق حلب|دمشق حلب\\دمشق حلب:دمشق",
         {"حلب", "حلب", "حلب", "حلب", "حلب", "دمشق", "حلب", "دمشق", "حلب", "دمشق", "حلب", "دمشق"}},
        {"حلب-دمشق حلب–دمشق حلب.دمشق", {"حلب", "دمشق", "حلب", "دمشق", "حلب", "دمشق"}},
        // Joiners: apostrophes and & between letters; , . ; between digits.
        {"don't at&t l’onu", {"don't", "at&t", "l’onu"}},
        {"2,500 12.5 ١٢٫٥ ٢٬٥٠٠ 2015؍7", {"2,500", "12.5", "12.5", "2,500", "2015؍7"}},
        {"3'4 a.b a,b 1..2 1.a", {"3", "4", "a", "b", "a", "b", "1", "2", "1", "a"}},
        {"'حلب' don'' x'", {"حلب", "don", "x"}},
        // Suffixes: up to three + or #, not before a letter.
        {"c++ c# c+++ c++++ fish+chips", {"c++", "c#", "c+++", "c", "fish", "chips"}},
        // Tashkeel, tatweel and invisible controls never split a word.
        {"مدي\u200Cنة مجلـــس حَلَبُ \u200Fحلب\u200F", {"مدينه", "مجلس", "حلب", "حلب"}},
        {"الرياض ـ واس", {"الرياض", "واس"}},
        {"snake_case", {"snake_case"}},
        {"", {}},
        {" \n\t ", {}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.text);
        const std::string normalized = normalize_text(row.text);
        std::vector<std::string> words;
        for (std::string_view word : words_of(normalized)) words.emplace_back(word);
        std::vector<std::string> expected;
        for (const auto& word : row.words) expected.push_back(normalize_text(word));
        CHECK(joined(words) == joined(expected));
        CHECK(agrees(row.text));
    }
}

TEST_CASE("words: spans are byte offsets of the published text, marks and all") {
    const std::string text = "«حَلَبُ» و\u200Fدمشق—c++";
    const auto spans = word_spans(text);
    std::vector<std::string> words;
    for (const WordSpan& span : spans) words.push_back(text.substr(span.begin, span.end - span.begin));
    // Marks after a letter are the word's; an invisible mark joins و to دمشق
    // as normalization does (ودمشق).
    CHECK(joined(words) == "حَلَبُ | و\u200Fدمشق | c++");
    CHECK(spans.front().begin == std::string("«").size());
    // Ignored characters right before a word are its own; alone they are none.
    const std::string opening = "\u200F\u202Bحلب ـ \u200F دمشق";
    words.clear();
    for (const WordSpan& span : word_spans(opening)) words.push_back(opening.substr(span.begin, span.end - span.begin));
    CHECK(joined(words) == "\u200F\u202Bحلب | دمشق");
}

TEST_CASE("words: end_of_words ends the lead after the nth indexed word") {
    const std::string text = normalize_text("الرياض - واس: أعلن “حلب”—اليوم 12.5 مليون.");
    CHECK(text.substr(0, end_of_words(text, 0)).empty());
    CHECK(text.substr(0, end_of_words(text, 1)) == normalize_text("الرياض"));
    CHECK(text.substr(0, end_of_words(text, 2)) == normalize_text("الرياض - واس"));
    CHECK(text.substr(0, end_of_words(text, 4)) == normalize_text("الرياض - واس: أعلن “حلب"));
    CHECK(text.substr(0, end_of_words(text, 6)) == normalize_text("الرياض - واس: أعلن “حلب”—اليوم 12.5"));
    CHECK(end_of_words(text, 7) == text.size() - 1);
    CHECK(end_of_words(text, 8) == text.size());
    // A word too long for the index takes no place in the lead.
    const std::string long_word(MAX_WORD_BYTES + 1, 'x');
    const std::string with_long = "a " + long_word + " b c";
    CHECK(with_long.substr(0, end_of_words(with_long, 2)) == "a " + long_word + " b");
}

TEST_CASE("words: the inline fast paths classify every code point as the general rule does") {
    std::size_t disagreements = 0;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp < 0xE000) continue;
        const auto code = static_cast<unsigned>(cp);
        CharClass expected = CharClass::SEPARATOR;
        if (Xapian::Unicode::get_category(code) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER)
            expected = CharClass::DIGIT;
        else if (Xapian::Unicode::is_wordchar(code))
            expected = CharClass::LETTER;
        // Exactly what normalization deletes is ignored.
        std::string one;
        utf8::append(one, cp);
        const std::string dropped = stages::strip_tatweel(stages::strip_tashkeel(stages::drop_invisible_controls(one)));
        if (dropped.empty()) expected = CharClass::IGNORED;
        if (char_class(cp) != expected && ++disagreements <= 5) {
            CAPTURE(code);
            CHECK(static_cast<int>(char_class(cp)) == static_cast<int>(expected));
        }
    }
    CHECK(disagreements == 0);
    CHECK(char_class(U'ب') == CharClass::LETTER);
    CHECK(char_class(U'٣') == CharClass::DIGIT);
    CHECK(char_class(arabic::TATWEEL) == CharClass::IGNORED);
    CHECK(char_class(0x064E) == CharClass::IGNORED);  // fatha
    CHECK(char_class(0x200C) == CharClass::IGNORED);  // ZWNJ
    CHECK(char_class(0x060C) == CharClass::SEPARATOR);  // Arabic comma
    CHECK(char_class(0x201C) == CharClass::SEPARATOR);  // “
    CHECK(char_class(' ') == CharClass::SEPARATOR);
}

TEST_CASE("words: published text splits into the words of its normalized form, for every code point") {
    // Except compatibility characters NFKC rewrites into characters the
    // splitter reads otherwise (ﷺ into four words, ⑴ into (1), ﹰ into a
    // space and a mark, the full-width comma and plus into , and +): words.h
    // says so.
    const auto reads_alike = [](char32_t cp, const std::string& one) {
        const auto is_suffix = [](char32_t c) { return c == '+' || c == '#'; };
        const std::string folded = stages::nfkc(one);
        for (std::size_t pos = 0; pos < folded.size();) {
            const char32_t other = utf8::decode(folded, pos);
            const bool joins_alike = detail::joins_words(other, true) == detail::joins_words(cp, true) &&
                                     detail::joins_words(other, false) == detail::joins_words(cp, false);
            if (char_class(other) != char_class(cp) || !joins_alike || is_suffix(other) != is_suffix(cp)) return false;
        }
        return true;
    };
    // Planes 0 to 2 and the tags and variation selectors of plane 14: the
    // rest is unassigned or private use.
    std::size_t checked = 0, disagreements = 0;
    for (char32_t cp = 0x80; cp < 0xE1000; ++cp) {
        if (cp == 0x30000) cp = 0xE0000;
        if ((cp >= 0xD800 && cp < 0xE000) ||
            Xapian::Unicode::get_category(static_cast<unsigned>(cp)) == Xapian::Unicode::UNASSIGNED)
            continue;
        std::string one;
        utf8::append(one, cp);
        if (!reads_alike(cp, one)) continue;
        ++checked;
        for (const char* context : {"1%2", "ب%ت", "c%", "%x"}) {
            std::string text(context);
            text.replace(text.find('%'), 1, one);
            const std::string normalized = normalize_text(text);
            std::vector<std::string> expected;
            for (std::string_view word : words_of(normalized)) expected.push_back(word_term(word));
            if (published_terms(text) != expected && ++disagreements <= 5) {
                CAPTURE(static_cast<unsigned>(cp));
                CHECK(joined(published_terms(text)) == joined(expected));
            }
        }
    }
    CHECK(disagreements == 0);
    CHECK(checked > 100000);
}
