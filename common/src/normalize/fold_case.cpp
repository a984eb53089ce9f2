// Lossy stage: case.  Arabic has no case; Latin names inside Arabic text
// (Reuters, FIFA, iPhone) must match however they are capitalised.
#include "normalize_internal.h"

#include <fahras/normalize.h>
#include <fahras/query_lexer.h>
#include <fahras/utf8.h>

#include <xapian.h>

namespace fahras {
namespace detail {

char32_t rule_fold_case(char32_t cp) {
    if (cp < 0x80) return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
    return static_cast<char32_t>(Xapian::Unicode::tolower(static_cast<unsigned>(cp)));
}

}  // namespace detail

namespace stages {

std::string fold_case(std::string_view text) {
    return detail::apply_rule(text, detail::rule_fold_case);
}

// Xapian's QueryParser reads AND, OR, NOT, XOR, NEAR and ADJ as operators
// only in capitals; folding them would turn "حلب OR الرقة" into three words.
// A word spelled as an operator keeps its capitals wherever it stands (the
// parser lower-cases it itself where it reads no operator: in a phrase,
// after title:).  A word is a run of word characters (query_lexer.h:
// word_runs).  Runs of ASCII letters would not do: "İNOT" folds to "iNOT",
// whose "NOT" is no operator, yet a second folding would see "iNOT" whole
// and make it "inot".
std::string fold_case_keep_operators(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    const auto fold_up_to = [&](std::size_t end) {
        while (pos < end) utf8::append(out, detail::rule_fold_case(utf8::decode(text, pos)));
    };
    for (const TextSpan run : word_runs(text)) {
        fold_up_to(run.begin);
        const std::string_view word = text.substr(run.begin, run.end - run.begin);
        if (operator_spelled(word)) out += word;
        else out += detail::apply_rule(word, detail::rule_fold_case);
        pos = run.end;
    }
    fold_up_to(text.size());
    return out;
}

}  // namespace stages
}  // namespace fahras
