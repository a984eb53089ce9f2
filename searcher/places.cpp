#include "places.h"

#include <fahras/error.h>
#include <fahras/normalize.h>
#include <fahras/schema.h>

#include <algorithm>
#include <sstream>

namespace fahras {

namespace {

Xapian::Query any_of_places(const std::vector<PlaceIndex>& places, const Gazetteer& gazetteer) {
    std::vector<Xapian::Query> terms;
    for (PlaceIndex p : places) terms.emplace_back(place_term(gazetteer.place(p).id));
    // Boolean terms: a filter, never a contribution to the ranking.
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), 0.0);
}

std::vector<PlaceIndex> resolve_or_fail(const Gazetteer& gazetteer, const std::string& name, bool countries_only,
                                        const char* option) {
    std::vector<PlaceIndex> found = gazetteer.resolve(name);
    if (countries_only) {
        found.erase(std::remove_if(found.begin(), found.end(),
                                   [&](PlaceIndex p) { return gazetteer.place(p).kind != PlaceKind::country; }),
                    found.end());
    }
    if (found.empty()) {
        throw Error(EXIT_USAGE, std::string(option) + " '" + name + "': no such " +
                                    (countries_only ? "country" : "place") +
                                    " in the gazetteer (try the Arabic or English name" +
                                    (countries_only ? ", or the ISO code)" : ", or add it with --gazetteer when indexing)"));
    }
    return found;
}

}  // namespace

std::unique_ptr<Gazetteer> load_database_gazetteer(const Xapian::Database& db) {
    auto gazetteer = std::make_unique<Gazetteer>();
    const std::string bundled = bundled_gazetteer_path();
    if (bundled.empty()) throw Error(EXIT_NO_INPUT, missing_gazetteer_help());
    try {
        gazetteer->load_tsv(bundled, true);
        std::istringstream files(db.get_metadata(META_GAZETTEERS));
        std::string entry;
        while (std::getline(files, entry)) {
            if (entry.rfind("tsv:", 0) == 0) gazetteer->load_tsv(entry.substr(4), false);
            if (entry.rfind("geonames:", 0) == 0) gazetteer->load_geonames(entry.substr(9));
        }
    } catch (const std::runtime_error& e) {
        throw Error(EXIT_NO_INPUT, std::string(e.what()) + " (the database was indexed with it)");
    }
    gazetteer->finish();
    return gazetteer;
}

Xapian::Query PlaceFieldProcessor::operator()(const std::string& name) {
    const std::vector<PlaceIndex> found = gazetteer_.resolve(name);
    if (found.empty()) {
        if (unknown_.empty()) unknown_ = name;
        return Xapian::Query::MatchNothing;
    }
    return any_of_places(found, gazetteer_);
}

Xapian::Query place_filter(const SearchRequest& request, const Gazetteer& gazetteer) {
    std::vector<Xapian::Query> filters;
    // Several --place values: any of them; --place and --country: both.
    if (!request.places.empty()) {
        std::vector<PlaceIndex> places;
        for (const auto& name : request.places) {
            const auto found = resolve_or_fail(gazetteer, name, false, "--place");
            places.insert(places.end(), found.begin(), found.end());
        }
        filters.push_back(any_of_places(places, gazetteer));
    }
    if (!request.countries.empty()) {
        std::vector<PlaceIndex> countries;
        for (const auto& name : request.countries) {
            const auto found = resolve_or_fail(gazetteer, name, true, "--country");
            countries.insert(countries.end(), found.begin(), found.end());
        }
        filters.push_back(any_of_places(countries, gazetteer));
    }
    if (request.near) {
        const auto around = gazetteer.within(request.near->first, request.near->second, request.near_km);
        filters.push_back(around.empty() ? Xapian::Query::MatchNothing : any_of_places(around, gazetteer));
    }
    if (filters.empty()) return Xapian::Query::MatchAll;
    return Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
}

namespace {

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string trimmed(std::string text) {
    const std::size_t first = text.find_first_not_of(' ');
    if (first == std::string::npos) return {};
    return text.substr(first, text.find_last_not_of(' ') - first + 1);
}

std::string without(std::string text, std::string_view what) {
    for (std::size_t at; (at = text.find(what)) != std::string::npos;) text.erase(at, what.size());
    return text;
}

// Al-Kharj, Az-Zulfi, Ash-Sharqiyah, El Alamein: the Arabic article, as
// English spellings write it in front of a name.
std::string without_article(const std::string& name) {
    const std::size_t space = name.find(' ');
    if (space == std::string::npos || space > 3 || name.size() - space - 1 < 4) return {};
    const std::string first = name.substr(0, space);
    std::string lower;
    for (const char c : first) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    for (const char* article : {"al", "el", "ad", "an", "ar", "as", "ash", "at", "az"})
        if (lower == article) return name.substr(space + 1);
    return {};
}

}  // namespace

std::vector<std::string> english_name_keys(std::string_view name_en) {
    std::string name(name_en.substr(0, name_en.find('(')));
    name = trimmed(name);
    if (std::none_of(name.begin(), name.end(), is_ascii_letter)) return {};
    std::vector<std::string> keys;
    const auto add = [&keys](std::string key) {
        key = trimmed(std::move(key));
        if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    };
    const std::string plain = without(without(name, "'"), "\xE2\x80\x99");  // ' and ’
    for (const std::string& form : {name, plain}) {
        add(form);
        std::string spaced = form;
        std::replace(spaced.begin(), spaced.end(), '-', ' ');
        add(spaced);
        add(without_article(spaced));
    }
    return keys;
}

void add_english_place_names(VariantTable& table, const Gazetteer& gazetteer) {
    for (const Place& place : gazetteer.places()) {
        if (place.name_en.empty()) continue;
        std::vector<std::string> arabic = place.alt_names_ar;
        arabic.insert(arabic.begin(), place.name_ar);
        for (const std::string& key : english_name_keys(place.name_en)) table.add_expansion(key, arabic);
    }
}

std::map<std::string, std::size_t> split_value_counts(const Xapian::ValueCountMatchSpy& spy) {
    std::map<std::string, std::size_t> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string value = *it;
        const std::size_t count = it.get_termfreq();
        std::size_t start = 0;
        while (start < value.size()) {
            std::size_t end = value.find('|', start);
            if (end == std::string::npos) end = value.size();
            if (end > start) counts[value.substr(start, end - start)] += count;
            start = end + 1;
        }
    }
    return counts;
}

namespace {

// What sets a place apart from another of the same name, in Arabic: its
// kind (مكة المكرمة the city, منطقة مكة المكرمة the province).
std::string_view kind_in_arabic(PlaceKind kind) {
    switch (kind) {
    case PlaceKind::country: return "\xD8\xAF\xD9\x88\xD9\x84\xD8\xA9";  // دولة
    case PlaceKind::admin1: return "\xD9\x85\xD9\x86\xD8\xB7\xD9\x82\xD8\xA9";  // منطقة
    case PlaceKind::admin2: return "\xD9\x85\xD8\xAD\xD8\xA7\xD9\x81\xD8\xB8\xD8\xA9";  // محافظة
    case PlaceKind::admin3: return "\xD9\x85\xD8\xB1\xD9\x83\xD8\xB2";  // مركز
    case PlaceKind::city: return "\xD9\x85\xD8\xAF\xD9\x8A\xD9\x86\xD8\xA9";  // مدينة
    case PlaceKind::district: return "\xD8\xAD\xD9\x8A";  // حي
    }
    return {};
}

// A name for @a place that tells it from another place of the same name:
// an Arabic alternative name holding the shared one (منطقة مكة المكرمة),
// else the shared name with its kind, and the country's name when the
// other place is in another country.
std::string distinct_name(const Place& place, const Gazetteer& gazetteer, bool other_country) {
    for (const std::string& alternative : place.alt_names_ar)
        if (alternative.size() > place.name_ar.size() && alternative.find(place.name_ar) != std::string::npos)
            return alternative;
    std::string name = place.name_ar + " (" + std::string(kind_in_arabic(place.kind));
    const PlaceIndex country = gazetteer.country_of(gazetteer.find_id(place.id));
    if (other_country && country != NO_PLACE && place.kind != PlaceKind::country)
        name += "\xD8\x8C " + gazetteer.place(country).name_ar;  // "، "
    return name + ")";
}

// Places of one facet list sharing a name: all but the first city among
// them (the place a reader means by the bare name) get a distinct one.
void tell_apart_same_names(std::vector<FacetCount>& facets, const Gazetteer& gazetteer) {
    std::map<std::string, std::vector<std::size_t>> by_name;
    for (std::size_t i = 0; i < facets.size(); ++i) by_name[facets[i].name].push_back(i);
    for (const auto& [name, indexes] : by_name) {
        if (indexes.size() < 2) continue;
        std::vector<const Place*> places;
        for (const std::size_t i : indexes) {
            const PlaceIndex index = gazetteer.find_id(facets[i].key);
            places.push_back(index == NO_PLACE ? nullptr : &gazetteer.place(index));
        }
        std::size_t keeps = indexes.size();  // the first city keeps the bare name
        for (std::size_t j = 0; j < places.size() && keeps == indexes.size(); ++j)
            if (places[j] && places[j]->kind == PlaceKind::city) keeps = j;
        for (std::size_t j = 0; j < places.size(); ++j) {
            if (j == keeps || !places[j]) continue;
            bool other_country = false;
            for (const Place* other : places)
                other_country = other_country || (other && other->country_code != places[j]->country_code);
            facets[indexes[j]].name = distinct_name(*places[j], gazetteer, other_country);
        }
    }
}

// A place whose name another place of the gazetteer bears in another
// country is named with its country even when the other is not counted:
// a reader who sees «طرابلس» alone cannot tell which.  Countries keep
// their names (عمان the country; Amman is «عمان (مدينة، الأردن)»).
void name_homonyms_with_country(std::vector<FacetCount>& facets, const Gazetteer& gazetteer) {
    for (auto& facet : facets) {
        const PlaceIndex index = gazetteer.find_id(facet.key);
        if (index == NO_PLACE) continue;
        const Place& place = gazetteer.place(index);
        if (place.kind == PlaceKind::country || facet.name != place.name_ar) continue;
        const auto& same_name = gazetteer.by_name(normalize_text(place.name_ar));
        const bool elsewhere = std::any_of(same_name.begin(), same_name.end(), [&](PlaceIndex other) {
            return gazetteer.place(other).country_code != place.country_code;
        });
        if (elsewhere) facet.name = distinct_name(place, gazetteer, true);
    }
}

}  // namespace

std::vector<FacetCount> top_facets(const std::map<std::string, std::size_t>& counts, std::size_t limit,
                                   const Gazetteer* gazetteer, bool by_country_code) {
    std::vector<FacetCount> facets;
    for (const auto& [key, count] : counts) facets.push_back({key, key, count});
    std::stable_sort(facets.begin(), facets.end(), [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
    if (facets.size() > limit) facets.resize(limit);
    if (!gazetteer) return facets;
    for (auto& facet : facets) {
        if (by_country_code) {
            for (const Place& place : gazetteer->places()) {
                if (place.kind == PlaceKind::country && place.country_code == facet.key) {
                    facet.name = place.name_ar;
                    break;
                }
            }
        } else if (const PlaceIndex index = gazetteer->find_id(facet.key); index != NO_PLACE) {
            facet.name = gazetteer->place(index).name_ar;
        }
    }
    if (!by_country_code) {
        tell_apart_same_names(facets, *gazetteer);
        name_homonyms_with_country(facets, *gazetteer);
    }
    return facets;
}

}  // namespace fahras
