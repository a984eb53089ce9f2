// Fuzz target: the normalizer and the stemmers on any text.
//
// Properties:
//  - normalize_text() never throws and always returns valid UTF-8 (invalid
//    input bytes become U+FFFD), in both roles;
//  - the fused pipeline is byte for byte its stages run one after another
//    (and again, while NFKC would still compose);
//  - it is idempotent, and its output is a fixed point of every stage (so
//    no tashkeel, tatweel, hamza on alef… survives);
//  - ASCII passes through with only letters lower-cased (documents) or
//    letters outside the operators AND OR NOT… lower-cased (queries), so
//    query syntax survives;
//  - every stemmer gives the same stem for a normalized word whatever it
//    stemmed before and whichever instance does it, in valid UTF-8; the
//    stemmers that only remove letters (stems_by_removing_letters) return
//    a stem made of the word's letters, for any word but a Latin one
//    (Snowball english rewrites letters: country → countri).
#include "fuzz_support.h"

#include <fahras/normalize.h>
#include <fahras/stemmers.h>
#include <fahras/utf8.h>

#include <xapian.h>

#include <algorithm>
#include <map>
#include <vector>

using namespace fahras;
using fahras::fuzz::escaped;

namespace {

struct Stemmers {
    std::string name;
    Xapian::Stem first, second;  ///< two instances: neither may keep state that changes a stem
};

std::vector<Stemmers>* stemmers = nullptr;

bool is_ascii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::vector<char32_t> code_points(std::string_view text) {
    std::vector<char32_t> out;
    for (std::size_t pos = 0; pos < text.size();) out.push_back(utf8::decode(text, pos));
    return out;
}

// The words the indexer would stem: the unprefixed terms a TermGenerator
// makes of normalized text.
std::vector<std::string> words_of(const std::string& normalized) {
    Xapian::TermGenerator generator;
    Xapian::Document doc;
    generator.set_document(doc);
    generator.index_text(normalized);
    std::vector<std::string> words;
    for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) words.push_back(*it);
    return words;
}

void check_document_role(std::string_view text) {
    const std::string context = "text: " + escaped(text);
    const std::string normalized = normalize_text(text);
    FUZZ_REQUIRE(utf8::is_valid(normalized), "output " + escaped(normalized) + "; " + context);

    // The fused pass equals the stages one after another, passes repeated
    // while NFKC would still change the text (pipeline.cpp: at most 3 more).
    auto run_stages = [](std::string in) {
        for (const auto& stage : normalization_stages()) in = stage.apply(in);
        return in;
    };
    std::string staged = run_stages(std::string(text));
    for (int pass = 0; pass < 3 && stages::nfkc(staged) != staged; ++pass) staged = run_stages(staged);
    FUZZ_REQUIRE(staged == normalized, "stages give " + escaped(staged) + ", the pipeline " + escaped(normalized) + "; " + context);

    const std::string again = normalize_text(normalized);
    FUZZ_REQUIRE(again == normalized, "again gives " + escaped(again) + " after " + escaped(normalized) + "; " + context);
    for (const auto& stage : normalization_stages()) {
        const std::string out = stage.apply(normalized);
        FUZZ_REQUIRE(out == normalized, std::string(stage.name) + " changes " + escaped(normalized) + " to " +
                                            escaped(out) + "; " + context);
    }
    if (is_ascii(text)) {
        std::string lower(text);
        std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
        FUZZ_REQUIRE(normalized == lower, "output " + escaped(normalized) + "; " + context);
    }
}

void check_query_role(std::string_view text) {
    const std::string context = "query: " + escaped(text);
    const std::string normalized = normalize_text(text, TextRole::query);
    FUZZ_REQUIRE(utf8::is_valid(normalized), "output " + escaped(normalized) + "; " + context);
    const std::string again = normalize_text(normalized, TextRole::query);
    FUZZ_REQUIRE(again == normalized, "again gives " + escaped(again) + " after " + escaped(normalized) + "; " + context);
    if (is_ascii(text)) {
        // Query syntax survives: only letters change, and only their case.
        FUZZ_REQUIRE(normalized.size() == text.size(), "output " + escaped(normalized) + "; " + context);
        for (std::size_t i = 0; i < text.size(); ++i) {
            const bool same = normalized[i] == text[i] || (is_ascii_letter(text[i]) && normalized[i] == ascii_lower(text[i]));
            FUZZ_REQUIRE(same, "output " + escaped(normalized) + "; " + context);
        }
    }
}

void check_stems(std::string_view text) {
    const std::string normalized = normalize_text(text);
    const std::vector<std::string> words = words_of(normalized);
    for (auto& s : *stemmers) {
        std::vector<std::string> stems;
        for (const auto& word : words) stems.push_back(s.first(word));
        for (std::size_t i = 0; i < words.size(); ++i) {
            const std::string context = s.name + " stems " + escaped(words[i]) + " to " + escaped(stems[i]) +
                                        "; text: " + escaped(text);
            // Again, after the other words; and by a fresh instance.
            FUZZ_REQUIRE(s.first(words[i]) == stems[i], context);
            FUZZ_REQUIRE(s.second(words[i]) == stems[i], context);
            FUZZ_REQUIRE(utf8::is_valid(stems[i]), context);
            if (stems_by_removing_letters(s.name) && !is_latin_word(words[i])) {
                std::map<char32_t, int> letters;
                for (char32_t cp : code_points(words[i])) ++letters[cp];
                for (char32_t cp : code_points(stems[i])) FUZZ_REQUIRE(--letters[cp] >= 0, context);
            }
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    stemmers = new std::vector<Stemmers>;
    for (const auto& name : stemmer_names()) stemmers->push_back({name, make_stemmer(name), make_stemmer(name)});
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fuzz::as_text(data, size);
    check_document_role(text);
    check_query_role(text);
    check_stems(text);
    return 0;
}
