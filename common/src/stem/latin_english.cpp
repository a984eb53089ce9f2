#include "latin_english.h"

#include <fahras/utf8.h>

#include <utility>

namespace fahras::detail {

namespace {

bool is_ascii_letter(char32_t cp) { return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'); }

// Latin-1's letters (à…ÿ, without × and ÷): café, Müller, São.
bool is_latin1_letter(char32_t cp) { return cp >= 0xC0 && cp <= 0xFF && cp != 0xD7 && cp != 0xF7; }

}  // namespace

LatinEnglishStem::LatinEnglishStem(Xapian::Stem arabic) : arabic_(std::move(arabic)), english_("english") {}

bool LatinEnglishStem::is_latin_word(std::string_view word) {
    // Most words are Arabic: their first byte (0xD8…0xDB) settles it.
    if (word.empty() || static_cast<unsigned char>(word[0]) >= 0xC4) return false;
    bool letter = false;
    for (std::size_t pos = 0; pos < word.size();) {
        const char32_t cp = utf8::decode(word, pos);
        if (is_ascii_letter(cp) || is_latin1_letter(cp)) {
            letter = true;
        } else if ((cp < '0' || cp > '9') && cp != '\'') {  // digits, and the apostrophe of kerry's
            return false;
        }
    }
    return letter;
}

std::string LatinEnglishStem::operator()(const std::string& word) {
    return is_latin_word(word) ? english_(word) : arabic_(word);
}

std::string LatinEnglishStem::get_description() const {
    return arabic_.get_description() + ", english for Latin words";
}

}  // namespace fahras::detail
