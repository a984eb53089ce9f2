// The Arabic letter facts (arabic_letters.h).
#include <fahras/arabic_letters.h>
#include <fahras/utf8.h>

#include <doctest/doctest.h>

#include <string>

using namespace fahras;

namespace {

std::string encode(std::u32string_view letters) {
    std::string out;
    for (char32_t c : letters) utf8::append(out, c);
    return out;
}

}  // namespace

TEST_CASE("arabic letters: the named letters and proclitics are the ones meant") {
    using namespace arabic;
    CHECK(encode({&HAMZA, 1}) == "ء");
    CHECK(encode({&ALEF_WITH_MADDA_ABOVE, 1}) == "آ");
    CHECK(encode({&ALEF_WITH_HAMZA_ABOVE, 1}) == "أ");
    CHECK(encode({&ALEF_WITH_HAMZA_BELOW, 1}) == "إ");
    CHECK(encode({&ALEF, 1}) == "ا");
    CHECK(encode({&BEH, 1}) == "ب");
    CHECK(encode({&TEH_MARBUTA, 1}) == "ة");
    CHECK(encode({&TEH, 1}) == "ت");
    CHECK(encode({&TATWEEL, 1}) == "ـ");
    CHECK(encode({&FEH, 1}) == "ف");
    CHECK(encode({&KAF, 1}) == "ك");
    CHECK(encode({&LAM, 1}) == "ل");
    CHECK(encode({&HEH, 1}) == "ه");
    CHECK(encode({&WAW, 1}) == "و");
    CHECK(encode({&ALEF_MAKSURA, 1}) == "ى");
    CHECK(encode({&YEH, 1}) == "ي");
    CHECK(encode({&ALEF_WASLA, 1}) == "ٱ");
    CHECK(u8::WAW == "و");
    CHECK(u8::FEH == "ف");
    CHECK(u8::BEH == "ب");
    CHECK(u8::KAF == "ك");
    CHECK(u8::LAM == "ل");
    CHECK(u8::AL == "ال");
    CHECK(u8::LAM_LAM == "لل");
    CHECK(u8::AL.size() == 2 * u8::LETTER_BYTES);
}

TEST_CASE("arabic letters: the predicates") {
    using namespace arabic;
    CHECK(is_basic_letter(HAMZA));
    CHECK(is_basic_letter(YEH));
    CHECK_FALSE(is_basic_letter(TATWEEL));
    CHECK_FALSE(is_basic_letter(U'پ'));
    CHECK(is_letter(U'پ'));
    CHECK(is_letter(U'گ'));
    CHECK_FALSE(is_letter(TATWEEL));
    CHECK_FALSE(is_letter(U'٣'));
    CHECK_FALSE(is_letter(U'a'));
    CHECK(is_tashkeel(0x064E));  // fatha
    CHECK(is_tashkeel(0x0651));  // shadda
    CHECK(is_tashkeel(0x0670));  // superscript alef
    CHECK_FALSE(is_tashkeel(ALEF));
    CHECK(is_combining_hamza(0x0654));
    CHECK_FALSE(is_combining_hamza(ALEF_WITH_HAMZA_ABOVE));
    CHECK(is_arabic_indic_digit(U'٠'));
    CHECK(is_arabic_indic_digit(U'٩'));
    CHECK_FALSE(is_arabic_indic_digit(U'۹'));
    CHECK(is_extended_arabic_indic_digit(U'۹'));
}
