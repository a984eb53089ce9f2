// The whole pipeline: golden rows, then properties over seeded random text.
#include "test_support.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include "normalize/normalize_internal.h"  // private: the tests see common/src

#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace fahras;

namespace {

// "\uXXXX" escapes in the golden file stand for invisible characters.
std::string unescape(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "\\u") == 0 && i + 6 <= text.size()) {
            utf8::append(out, static_cast<char32_t>(std::stoul(text.substr(i + 2, 4), nullptr, 16)));
            i += 5;
        } else {
            out += text[i];
        }
    }
    return out;
}

// Random text drawn from the characters the pipeline cares about.
std::string random_text(std::mt19937& rng, std::size_t length) {
    static const std::vector<std::pair<char32_t, char32_t>> RANGES = {
        {0x0621, 0x064A}, {0x064B, 0x065F}, {0x0660, 0x066D}, {0x0670, 0x0675}, {0x06A9, 0x06D5},
        {0x06D6, 0x06ED}, {0x06F0, 0x06F9}, {0x0610, 0x061F}, {0x0640, 0x0640}, {0x200B, 0x200F},
        {0x202A, 0x202E}, {0x2066, 0x2069}, {0xFB50, 0xFBB1}, {0xFE70, 0xFEFC}, {0x0041, 0x007A},
        {0x0020, 0x0020}, {0x00A0, 0x00A0}, {0x00AB, 0x00BB}, {0xFEFF, 0xFEFF},
    };
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
        const auto& [first, last] = RANGES[rng() % RANGES.size()];
        utf8::append(out, first + static_cast<char32_t>(rng() % (last - first + 1)));
    }
    return out;
}

}  // namespace

TEST_CASE("normalize_text matches the golden table") {
    std::istringstream golden(test::read_file(test::source_dir() + "/tests/data/normalize_golden.tsv"));
    std::string line;
    int rows = 0;
    while (std::getline(golden, line)) {
        if (line.empty() || line[0] == '#') continue;
        const std::size_t tab = line.find('\t');
        REQUIRE(tab != std::string::npos);
        const std::string input = unescape(line.substr(0, tab));
        const std::string expected = unescape(line.substr(tab + 1));
        CAPTURE(line);
        CHECK(normalize_text(input) == expected);
        ++rows;
    }
    CHECK(rows >= 15);
}

TEST_CASE("the stage list names the pipeline's stages in order") {
    const auto& stages = normalization_stages();
    REQUIRE(stages.size() == 12);
    CHECK(stages.front().name == "nfkc");
    CHECK(stages.back().name == "fold_case");
    // Running the listed stages one by one gives what the fused pipeline gives.
    const std::string sample = "أَعْلَنَتِ \uFEFBجئين ٢٠١٥ «مجلـــس» الکویت\u200F Reuters";
    std::string stepwise = sample;
    for (const auto& stage : stages) stepwise = stage.apply(stepwise);
    CHECK(stepwise == normalize_text(sample));
}

TEST_CASE("normalization is idempotent and leaves nothing it removes") {
    std::mt19937 rng(20151);
    for (int i = 0; i < 2000; ++i) {
        const std::string text = random_text(rng, 1 + rng() % 40);
        const std::string once = normalize_text(text);
        CAPTURE(text);
        CHECK(normalize_text(once) == once);
        CHECK(utf8::is_valid(once));
        for (std::size_t pos = 0; pos < once.size();) {
            const char32_t cp = utf8::decode(once, pos);
            // U+FE73 (tail fragment) has no decomposition, U+FE75 is unassigned.
            const bool removed = (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640 ||
                                 (cp >= 0x0610 && cp <= 0x061A) || (cp >= 0x06D6 && cp <= 0x06ED) ||
                                 (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
                                 (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x061C ||
                                 (cp >= 0xFB50 && cp <= 0xFBB1) || (cp >= 0xFE70 && cp <= 0xFEFC && cp != 0xFE73 && cp != 0xFE75) ||
                                 cp == 0x0622 || cp == 0x0623 || cp == 0x0625 || cp == 0x0649 || cp == 0x0629 ||
                                 (cp >= 0x0660 && cp <= 0x0669) || (cp >= 0x06F0 && cp <= 0x06F9) ||
                                 cp == 0x00A0 || cp == 0x00AB || cp == 0x00BB;
            CAPTURE(static_cast<unsigned>(cp));
            CHECK_FALSE(removed);
        }
    }
}

TEST_CASE("query normalization keeps ASCII query syntax and reads « » as quotes") {
    for (const char* query : {"title:x AND source:okaz", "\"a b\" -c +d", "date:2015-07-21..2015-07-25",
                              "(a OR b) NOT c", "year:2015 month:201507"}) {
        CAPTURE(query);
        CHECK(normalize_text(query, TextRole::query) == query);
    }
    CHECK(normalize_text("«تنظيم الدولة»", TextRole::query) == "\"تنظيم الدوله\"");
    CHECK(normalize_text("Reuters OR أوبك", TextRole::query) == "reuters OR اوبك");
    CHECK(normalize_text("date:٢٠١٥-٠٧-٢١..", TextRole::query) == "date:2015-07-21..");
}

TEST_CASE("invalid UTF-8 becomes U+FFFD and never throws") {
    const std::string bad = std::string("حلب") + "\xFF\xC3" + "x\xE2\x82";
    std::string out;
    CHECK_NOTHROW(out = normalize_text(bad));
    CHECK(utf8::is_valid(out));
    CHECK(out == "حلب\uFFFD\uFFFDx\uFFFD\uFFFD");
}

TEST_CASE("the fused rules give what the rules give one by one") {
    // FusedRules answers code points below U+0800 from a table and decodes
    // UTF-8 in line: every code point, and broken UTF-8, must come out as
    // apply_rules() makes it.
    const std::array<detail::CodepointRule, 12> rules = {
        detail::rule_drop_invisible_controls, detail::rule_unify_spaces, detail::rule_query_quotes,
        detail::rule_separate_punctuation, detail::rule_strip_tashkeel, detail::rule_strip_tatweel,
        detail::rule_fold_alef, detail::rule_fold_alef_maksura, detail::rule_fold_teh_marbuta,
        detail::rule_fold_persian_letters, detail::rule_fold_digits, detail::rule_fold_case,
    };
    const detail::FusedRules fused(rules.data(), rules.size());
    std::string all;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        std::string one;
        utf8::append(one, cp);
        all += one;
        if (cp < 0x3000) {
            CAPTURE(static_cast<unsigned>(cp));
            CHECK(fused.apply(one) == detail::apply_rules(one, rules.data(), rules.size()));
        }
    }
    CHECK(fused.apply(all) == detail::apply_rules(all, rules.data(), rules.size()));
    for (const std::string& text : {std::string("\xD9"), std::string("\xC0\x80"), std::string("\xC1\xBF"),
                                    std::string("\xD9\xD9\x84"), std::string("\xE0\x80\x80"),
                                    std::string("\xED\xA0\x80"), std::string("\xF4\x90\x80\x80"),
                                    std::string("\xD9\x84\x80\xFF"), std::string("x\xC2"), std::string()}) {
        CAPTURE(text);
        CHECK(fused.apply(text) == detail::apply_rules(text, rules.data(), rules.size()));
    }
}

namespace {

std::string cp_text(char32_t cp) {
    std::string out;
    utf8::append(out, cp);
    return out;
}

// Random text mixing Arabic with the letters whose case mappings are not
// one capital to one small letter (İ → i + dot, ß, ﬁ, final sigma, dotless
// ı, Cherokee's small letters above U+AB70, Deseret above U+FFFF, full-width
// Latin), combining marks, what the rules drop, and query syntax.
std::string mixed_text(std::mt19937& rng, std::size_t length) {
    static const std::vector<std::pair<char32_t, char32_t>> RANGES = {
        {0x0621, 0x064A}, {0x064B, 0x065F}, {0x0640, 0x0640}, {0x0660, 0x0669}, {0x06A9, 0x06D5},
        {0xFE70, 0xFEFC}, {0x0041, 0x005A}, {0x0061, 0x007A}, {0x00C0, 0x017F}, {0x0130, 0x0131},
        {0x00DF, 0x00DF}, {0x1E9E, 0x1E9E}, {0xFB00, 0xFB06}, {0x0391, 0x03C9}, {0x03C2, 0x03C2},
        {0x13A0, 0x13F5}, {0xAB70, 0xABBF}, {0x10400, 0x1044F}, {0xFF01, 0xFF5E}, {0x0300, 0x036F},
        {0x0300, 0x030C}, {0x200B, 0x200F}, {0x00AD, 0x00AD}, {0x2066, 0x2069}, {0x0020, 0x0020},
        {0x1100, 0x1112}, {0x1161, 0x1175}, {0x00AB, 0x00BB}, {0x0022, 0x0022}, {0x0028, 0x0029},
    };
    static const std::vector<std::string> WORDS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ", " ", "J", "title:", "-"};
    std::string out;
    for (std::size_t i = 0; i < length; ++i) {
        if (rng() % 6 == 0) {
            out += WORDS[rng() % WORDS.size()];
            continue;
        }
        const auto& [first, last] = RANGES[rng() % RANGES.size()];
        utf8::append(out, first + static_cast<char32_t>(rng() % (last - first + 1)));
    }
    return out;
}

}  // namespace

TEST_CASE("normalizing is idempotent for text mixing Arabic with special case mappings, in both roles") {
    std::mt19937 rng(17);
    for (int i = 0; i < 5000; ++i) {
        const std::string text = mixed_text(rng, 1 + rng() % 30);
        for (TextRole role : {TextRole::document, TextRole::query}) {
            const std::string once = normalize_text(text, role);
            CAPTURE(text);
            CAPTURE(once);
            CHECK(normalize_text(once, role) == once);
        }
    }
}

TEST_CASE("normalizing any code point twice gives what normalizing it once gives") {
    // Alone, before a combining caron after a capital J (a letter folded to
    // lower case composes with it: there is no capital J with caron), and
    // beside an operator in a query (İ folds to ASCII i).
    const std::string CARON = cp_text(0x030C);
    std::vector<std::string> failures;
    for (char32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string one = cp_text(cp);
        const std::pair<std::string, TextRole> texts[] = {
            {one, TextRole::document}, {one, TextRole::query}, {"J" + one + CARON, TextRole::document},
            {one + "NOT", TextRole::query}, {"NOT" + one, TextRole::query}};
        for (const auto& text : texts) {
            const std::string once = normalize_text(text.first, text.second);
            if (normalize_text(once, text.second) != once) failures.push_back(text.first);
        }
    }
    for (std::size_t i = 0; i < std::min<std::size_t>(failures.size(), 20); ++i) {
        std::ostringstream codes;
        for (std::size_t pos = 0; pos < failures[i].size();)
            codes << " U+" << std::hex << std::uppercase << static_cast<unsigned>(utf8::decode(failures[i], pos));
        MESSAGE("not idempotent:" << codes.str());
    }
    CHECK(failures.empty());
}

TEST_CASE("what broke idempotence: case folding before marks, dropped controls, operators inside words") {
    const std::string CARON = cp_text(0x030C), ACUTE = cp_text(0x0301);
    CHECK(normalize_text("J" + CARON) == cp_text(0x01F0));  // ǰ: only the small letter composes
    CHECK(normalize_text("e" + cp_text(0x200B) + ACUTE) == cp_text(0x00E9));
    CHECK(normalize_text("e" + cp_text(0x0640) + ACUTE) == cp_text(0x00E9));
    CHECK(normalize_text("NOT" + cp_text(0x0308)) == "no" + cp_text(0x1E97));  // ẗ
    // An operator is a whole word: İNOT is one word, indexed as "inot".
    CHECK(normalize_text("İNOT", TextRole::query) == "inot");
    CHECK(normalize_text("NOTİ", TextRole::query) == "noti");
    CHECK(normalize_text("NOT2 _AND", TextRole::query) == "not2 _and");
    CHECK(normalize_text("İNOT", TextRole::query) == normalize_text("İNOT"));
    CHECK(normalize_text("حلب NOT دمشق (A OR B) NEAR/3 x", TextRole::query) == "حلب NOT دمشق (a OR b) NEAR/3 x");
    CHECK(normalize_text("«AND»", TextRole::query) == "\"AND\"");
}
