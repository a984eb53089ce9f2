#include <fahras/stemmers.h>

#include <fahras/error.h>

#include "stem/light_stem.h"
#include "stem/snowball_conj.h"

namespace fahras {

const std::vector<std::string>& stemmer_names() {
    static const std::vector<std::string> NAMES = {"snowball-conj", "snowball", "fahras-light", "none"};
    return NAMES;
}

Xapian::Stem make_stemmer(std::string_view name) {
    if (name == "snowball-conj") return Xapian::Stem(new detail::SnowballConjunctionStem);
    if (name == "snowball") return Xapian::Stem("arabic");
    if (name == "fahras-light") return Xapian::Stem(new detail::LightStem);
    if (name == "none") return Xapian::Stem();
    std::string known;
    for (const auto& n : stemmer_names()) known += (known.empty() ? "" : ", ") + n;
    throw Error(EXIT_USAGE, "unknown stemmer '" + std::string(name) + "' (known: " + known + ")");
}

bool stems_by_removing_letters(std::string_view name) { return name == "fahras-light" || name == "none"; }

}  // namespace fahras
