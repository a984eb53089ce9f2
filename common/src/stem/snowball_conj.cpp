#include "snowball_conj.h"

#include <fahras/arabic_letters.h>
#include <fahras/utf8.h>

#include <array>
#include <string_view>

namespace fahras::detail {

namespace {

// The input is already normalized: no hamza on alef.
using arabic::u8::FEH;
using arabic::u8::WAW;
constexpr std::array<std::string_view, 4> ARTICLE_FORMS = {
    arabic::u8::AL,
    "\u0628\u0627\u0644",  // بال
    "\u0643\u0627\u0644",  // كال
    arabic::u8::LAM_LAM,
};
constexpr std::size_t MIN_LETTERS_AFTER_ARTICLE = 2;

bool starts_with(std::string_view text, std::string_view prefix) {
    return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

SnowballConjunctionStem::SnowballConjunctionStem() : snowball_("arabic") {}

std::string SnowballConjunctionStem::strip_conjunction(const std::string& word) {
    const std::string_view view(word);
    if (!starts_with(view, WAW) && !starts_with(view, FEH)) return word;
    const std::string_view rest = view.substr(arabic::u8::LETTER_BYTES);  // و or ف
    for (auto article : ARTICLE_FORMS) {
        if (starts_with(rest, article) &&
            utf8::length(rest.substr(article.size())) >= MIN_LETTERS_AFTER_ARTICLE)
            return std::string(rest);
    }
    return word;
}

std::string SnowballConjunctionStem::operator()(const std::string& word) {
    return cache_.get(word, [this](const std::string& w) { return snowball_(strip_conjunction(w)); });
}

std::string SnowballConjunctionStem::get_description() const {
    return "fahras snowball-conj";
}

}  // namespace fahras::detail
