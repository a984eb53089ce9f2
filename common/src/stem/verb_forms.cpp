#include <fahras/verb_forms.h>

#include <fahras/arabic_letters.h>
#include <fahras/utf8.h>

#include <algorithm>

namespace fahras {

namespace {

using arabic::ALEF;
using arabic::TEH;
using arabic::WAW;
using arabic::YEH;

// Three letters is the shortest root: يضم (ضم) and يرى (رى) have only two
// left and too many words start with ي or ت and two letters for their
// readings to be worth searching (يوم، تلك).
constexpr std::size_t MIN_REST = 3;

std::string encode(const std::u32string& letters) {
    std::string out;
    for (const char32_t c : letters) utf8::append(out, c);
    return out;
}

}  // namespace

std::vector<std::string> past_tense_readings(std::string_view stem) {
    std::u32string letters;
    for (std::size_t pos = 0; pos < stem.size();) {
        const char32_t c = utf8::decode(stem, pos);
        if (!arabic::is_basic_letter(c)) return {};
        letters += c;
    }
    if (letters.size() < 1 + MIN_REST || (letters.front() != YEH && letters.front() != TEH)) return {};
    // تفعيل is the verbal noun (تفجير، تطوير، تحقيق), not a verb: its
    // readings would be فجير, or a false friend (تحقيق → حقيق).
    if (letters.size() == 5 && letters[3] == YEH) return {};
    const bool feminine = letters.front() == TEH;
    const std::u32string rest = letters.substr(1);

    std::vector<std::u32string> readings;
    const auto with_and_without_alef = [&](const std::u32string& past) {
        readings.push_back(past);
        readings.push_back(ALEF + past);
        if (feminine) {
            readings.push_back(past + TEH);
            readings.push_back(ALEF + past + TEH);
        }
    };
    with_and_without_alef(rest);
    if (rest.size() == 3 && (rest[1] == WAW || rest[1] == YEH))
        with_and_without_alef(std::u32string{rest[0], ALEF, rest[2]});
    if (rest.back() == WAW) readings.push_back(rest.substr(0, rest.size() - 1) + ALEF);

    std::vector<std::string> words;
    for (const auto& reading : readings) {
        std::string word = encode(reading);
        if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
    }
    return words;
}

}  // namespace fahras
