#include <fahras/stemmers.h>

#include <fahras/error.h>

#include "stem/latin_english.h"
#include "stem/light_stem.h"
#include "stem/snowball_conj.h"

namespace fahras {

const std::vector<std::string>& stemmer_names() {
    static const std::vector<std::string> NAMES = {"snowball-conj", "snowball", "fahras-light", "none"};
    return NAMES;
}

namespace {

// Every stemmer but "none" stems Latin words as English.
Xapian::Stem with_english(Xapian::Stem arabic) { return Xapian::Stem(new detail::LatinEnglishStem(std::move(arabic))); }

}  // namespace

Xapian::Stem make_stemmer(std::string_view name) {
    if (name == "snowball-conj") return with_english(Xapian::Stem(new detail::SnowballConjunctionStem));
    if (name == "snowball") return with_english(Xapian::Stem("arabic"));
    if (name == "fahras-light") return with_english(Xapian::Stem(new detail::LightStem));
    if (name == "none") return Xapian::Stem();
    std::string known;
    for (const auto& n : stemmer_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error(EXIT_USAGE, "unknown stemmer '" + std::string(name) + "' (known: " + known + ")");
}

bool stems_by_removing_letters(std::string_view name) { return name == "fahras-light" || name == "none"; }

bool is_latin_word(std::string_view normalized_word) { return detail::LatinEnglishStem::is_latin_word(normalized_word); }

}  // namespace fahras
