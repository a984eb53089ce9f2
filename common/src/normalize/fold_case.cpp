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
std::string fold_case_keep_operators(std::string_view text) {
    static constexpr std::array<std::string_view, 6> OPERATORS = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Copy an ASCII-letter run verbatim when it is exactly an operator.
        std::size_t end = pos;
        while (end < text.size() && ((text[end] >= 'A' && text[end] <= 'Z') || (text[end] >= 'a' && text[end] <= 'z')))
            ++end;
        if (end > pos) {
            const std::string_view word = text.substr(pos, end - pos);
            bool is_operator = false;
            for (auto op : OPERATORS) is_operator = is_operator || word == op;
            if (is_operator) {
                out += word;
            } else {
                out += detail::apply_rule(word, detail::rule_fold_case);
            }
            pos = end;
            continue;
        }
        utf8::append(out, detail::rule_fold_case(utf8::decode(text, pos)));
    }
    return out;
}

}  // namespace stages
}  // namespace fahras
