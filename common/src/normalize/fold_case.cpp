// Lossy stage: case.  Arabic has no case; Latin names inside Arabic text
// (Reuters, FIFA, iPhone) must match however they are capitalised.
#include "normalize_internal.h"

#include <fahras/normalize.h>
#include <fahras/utf8.h>

#include <xapian.h>

#include <array>

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
// An operator is a whole word as the parser reads it: a run of word
// characters (letters, digits, marks, _).  Runs of ASCII letters would not
// do: "İNOT" folds to "iNOT", whose "NOT" is no operator, yet a second
// folding would see "iNOT" whole and make it "inot".
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

}  // namespace stages
}  // namespace fahras
