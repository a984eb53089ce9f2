// The normalization pipeline: the one place that fixes which stages run and
// in what order.  Index and query text both pass through normalize_text(),
// so an article and a query for it always produce the same terms.
#include "normalize_internal.h"

#include <fahras/normalize.h>

#include <array>

namespace fahras {

namespace {

using detail::CodepointRule;

// Single-code-point stages, fused into one pass.  Order matters only where
// a rule's output feeds another's input; each is noted.
constexpr std::array<CodepointRule, 11> DOCUMENT_RULES = {
    detail::rule_drop_invisible_controls,  // first: controls may sit between a letter and its marks
    detail::rule_unify_spaces,
    detail::rule_separate_punctuation,
    detail::rule_strip_tashkeel,
    detail::rule_strip_tatweel,
    detail::rule_fold_alef,
    detail::rule_fold_alef_maksura,
    detail::rule_fold_teh_marbuta,
    detail::rule_fold_persian_letters,     // after the Arabic folds: ۀ → ه is final
    detail::rule_fold_digits,
    detail::rule_fold_case,                // last: Latin letters only reach here unchanged
};

// Queries: « » quote phrases (before separate_punctuation could blank them)
// and case folding runs separately so that AND/OR/NOT survive.
constexpr std::array<CodepointRule, 11> QUERY_RULES = {
    detail::rule_drop_invisible_controls,
    detail::rule_unify_spaces,
    detail::rule_query_quotes,
    detail::rule_separate_punctuation,
    detail::rule_strip_tashkeel,
    detail::rule_strip_tatweel,
    detail::rule_fold_alef,
    detail::rule_fold_alef_maksura,
    detail::rule_fold_teh_marbuta,
    detail::rule_fold_persian_letters,
    detail::rule_fold_digits,
};

const detail::FusedRules& document_rules() {
    static const detail::FusedRules RULES(DOCUMENT_RULES.data(), DOCUMENT_RULES.size());
    return RULES;
}

const detail::FusedRules& query_rules() {
    static const detail::FusedRules RULES(QUERY_RULES.data(), QUERY_RULES.size());
    return RULES;
}

}  // namespace

namespace {

std::string one_pass(std::string_view text, TextRole role) {
    // NFKC runs first, on the whole text: it needs context to compose, and
    // it turns presentation forms (ﻻ, ﺳ) into the letters the rules fold.
    const std::string composed = stages::nfkc(text);
    if (role == TextRole::document) return document_rules().apply(composed);
    return stages::fold_case_keep_operators(query_rules().apply(composed));
}

// Passes after the first (see below): one is enough for every text the
// tests build (tests/pipeline_test.cpp); the bound only keeps a loop finite.
constexpr int MAX_EXTRA_PASSES = 3;

}  // namespace

std::string normalize_text(std::string_view text, TextRole role) {
    std::string out = one_pass(text, role);
    // The rules can leave text that NFKC would compose further, and then
    // normalizing twice would not give what normalizing once gives:
    //  - lower case composes where capitals do not: J + U+030C stays two
    //    code points (there is no capital J with caron), j + U+030C is ǰ;
    //  - a code point dropped from between a letter and a mark lets them
    //    meet: e + U+200B + U+0301, e + tatweel + U+0301 become é.
    // Such text is rare, and the check costs a scan of the output: ASCII
    // and Arabic letters pass it without ICU.
    for (int pass = 0; pass < MAX_EXTRA_PASSES && !detail::is_nfkc(out); ++pass) out = one_pass(out, role);
    return out;
}

const std::vector<NormalizationStage>& normalization_stages() {
    static const std::vector<NormalizationStage> STAGES = {
        {"nfkc", stages::nfkc},
        {"drop_invisible_controls", stages::drop_invisible_controls},
        {"unify_spaces", stages::unify_spaces},
        {"separate_punctuation", stages::separate_punctuation},
        {"strip_tashkeel", stages::strip_tashkeel},
        {"strip_tatweel", stages::strip_tatweel},
        {"fold_alef", stages::fold_alef},
        {"fold_alef_maksura", stages::fold_alef_maksura},
        {"fold_teh_marbuta", stages::fold_teh_marbuta},
        {"fold_persian_letters", stages::fold_persian_letters},
        {"fold_digits", stages::fold_digits},
        {"fold_case", stages::fold_case},
    };
    return STAGES;
}

}  // namespace fahras
