// Fuzz target: the loaders of users' data files on any contents: a
// gazetteer read as our TSV (--gazetteer) and as GeoNames (--geonames),
// and a variants file (--variants).
//
// Properties: loading never throws for a readable file and reports bad rows
// as "file:line: reason"; every place loaded is found (resolve) by its own names and
// (with coordinates) near itself, and its chain of parents ends; a variants
// table expands queries into valid UTF-8, and expanding a query (each line
// of the file) never unpairs its quotes.
#include "fuzz_support.h"

#include <fahras/gazetteer.h>
#include <fahras/normalize.h>
#include <fahras/utf8.h>
#include <fahras/variants.h>
#include <fahras/words.h>

#include <algorithm>
#include <set>

using namespace fahras;
using fahras::fuzz::escaped;

namespace {

std::string trim_spaces(const std::string& text) {
    const std::size_t begin = text.find_first_not_of(' ');
    if (begin == std::string::npos) return {};
    return text.substr(begin, text.find_last_not_of(' ') - begin + 1);
}

void check_gazetteer(const std::string& path, const std::string& context) {
    Gazetteer gazetteer;
    std::vector<std::string> problems;
    gazetteer.load_tsv(path, false, &problems);
    gazetteer.load_geonames(path, &problems);
    gazetteer.finish();
    for (const auto& problem : problems)
        FUZZ_REQUIRE(problem.compare(0, path.size() + 1, path + ":") == 0 && problem.find('\n') == std::string::npos,
                     "problem " + escaped(problem) + "; " + context);
    std::set<std::string> ids;
    for (const Place& place : gazetteer.places()) ids.insert(place.id);
    for (PlaceIndex i = 0; i < gazetteer.size(); ++i) {
        const Place& place = gazetteer.place(i);
        FUZZ_REQUIRE(!place.id.empty() && !place.name_ar.empty(), context);
        FUZZ_REQUIRE(place.parent == NO_PLACE || place.parent < gazetteer.size(), context);
        const std::vector<PlaceIndex> chain = gazetteer.ancestors(i);
        FUZZ_REQUIRE(!chain.empty() && chain.front() == i, context);
        const PlaceIndex country = gazetteer.country_of(i);
        FUZZ_REQUIRE(country == NO_PLACE || gazetteer.place(country).kind == PlaceKind::country, context);
        // A user finds it by any of its names (--place, place:), unless the
        // name is also a place's id (the id wins) or has no word at all.
        std::vector<std::string> names = place.alt_names_ar;
        names.push_back(place.name_ar);
        for (const auto& name : names) {
            const std::string normalized = normalize_text(name);
            const std::vector<std::string_view> words = words_of(normalized);
            if (words.empty() || ids.count(trim_spaces(name))) continue;
            const std::vector<PlaceIndex> found = gazetteer.resolve(name);
            FUZZ_REQUIRE(std::find(found.begin(), found.end(), i) != found.end(), "name " + escaped(name) + "; " + context);
            FUZZ_REQUIRE(gazetteer.max_words_starting_with(words.front()) >= words.size(), "name " + escaped(name) + "; " + context);
        }
        if (place.lat && place.lon) {
            const auto near = gazetteer.within(*place.lat, *place.lon, 1);
            FUZZ_REQUIRE(std::find(near.begin(), near.end(), i) != near.end(), context);
        }
        gazetteer.resolve(place.name_en);
    }
}

std::size_t quotes(std::string_view text) { return static_cast<std::size_t>(std::count(text.begin(), text.end(), '"')); }

void check_variants(const std::string& path, std::string_view content, const std::string& context) {
    VariantTable variants;
    variants.load(path);
    // Each line of the file, as a query.
    std::size_t start = 0;
    while (start <= content.size()) {
        std::size_t end = content.find('\n', start);
        if (end == std::string_view::npos) end = content.size();
        const std::string query = normalize_text(content.substr(start, end - start), TextRole::query);
        const std::string expanded = variants.expand(query);
        const std::string detail = "query " + escaped(query) + " expands to " + escaped(expanded) + "; " + context;
        FUZZ_REQUIRE(utf8::is_valid(expanded), detail);
        // A phrase the user closed stays closed (an open one Xapian reads to the end).
        if (quotes(query) % 2 == 0) FUZZ_REQUIRE(quotes(expanded) % 2 == 0, detail);
        start = end + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view content = fuzz::as_text(data, size);
    const std::string context = "file: " + escaped(content);
    const std::string path = fuzz::scratch_path("data.tsv");
    fuzz::write_file(path, content);
    check_gazetteer(path, context);
    check_variants(path, content, context);
    return 0;
}
