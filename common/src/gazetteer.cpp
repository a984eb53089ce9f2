#include <fahras/gazetteer.h>

#include <fahras/arabic_letters.h>
#include <fahras/data_files.h>
#include <fahras/normalize.h>
#include <fahras/utf8.h>
#include <fahras/words.h>

#include "hash_internal.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fahras {

namespace {

std::vector<std::string> split(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (;;) {
        const std::size_t end = text.find(separator, start);
        parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) return parts;
        start = end + 1;
    }
}

std::optional<PlaceKind> parse_kind(const std::string& kind) {
    if (kind == "country") return PlaceKind::country;
    if (kind == "admin1") return PlaceKind::admin1;
    if (kind == "admin2") return PlaceKind::admin2;
    if (kind == "admin3") return PlaceKind::admin3;
    if (kind == "city") return PlaceKind::city;
    if (kind == "district") return PlaceKind::district;
    return std::nullopt;
}

std::optional<double> parse_double(const std::string& text) {
    if (text.empty()) return std::nullopt;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || !std::isfinite(value)) return std::nullopt;
    return value;
}

std::string trim_spaces(std::string text) {
    const std::size_t begin = text.find_first_not_of(' ');
    if (begin == std::string::npos) return {};
    const std::size_t end = text.find_last_not_of(' ');
    return text.substr(begin, end - begin + 1);
}

// A name as the recognizer meets it: its words (words.h), one space
// apart, so that "بعلبك - الهرمل" is found as the text's words بعلبك الهرمل.
std::string name_key(std::string_view name) {
    const std::string normalized = normalize_text(name);
    std::string key;
    for (std::string_view word : words_of(normalized)) {
        if (!key.empty()) key += ' ';
        key.append(word);
    }
    return key;
}

std::string lower_ascii(std::string text) {
    for (char& c : text)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    return text;
}

// A bare name shared by a region and its capital (حلب, الرقة) means the
// city far more often in news; "محافظة حلب" is the region's own name.
int kind_rank(PlaceKind kind) {
    switch (kind) {
        case PlaceKind::country: return 0;
        case PlaceKind::city: return 1;
        case PlaceKind::admin1: return 2;
        case PlaceKind::admin2: return 3;
        case PlaceKind::admin3: return 4;
        case PlaceKind::district: return 5;
    }
    return 6;
}

const std::vector<PlaceIndex> NONE;

}  // namespace

std::string_view place_kind_name(PlaceKind kind) {
    switch (kind) {
        case PlaceKind::country: return "country";
        case PlaceKind::admin1: return "admin1";
        case PlaceKind::admin2: return "admin2";
        case PlaceKind::admin3: return "admin3";
        case PlaceKind::city: return "city";
        case PlaceKind::district: return "district";
    }
    return "city";
}

void Gazetteer::add_name(const std::string& name, PlaceIndex index) {
    const std::string key = name_key(name);
    if (key.empty()) return;
    auto& list = by_name_[key];
    if (std::find(list.begin(), list.end(), index) == list.end()) list.push_back(index);
    const std::size_t words = 1 + static_cast<std::size_t>(std::count(key.begin(), key.end(), ' '));
    max_name_words_ = std::max(max_name_words_, words);
    first_words_.raise(std::string_view(key).substr(0, key.find(' ')), words);
}

std::size_t Gazetteer::FirstWords::slot_of(std::string_view word) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(word) & mask;; i = (i + 1) & mask) {
        const Slot& slot = slots_[i];
        if (slot.max_words == 0 || std::string_view(text_).substr(slot.offset, slot.size) == word) return i;
    }
}

std::size_t Gazetteer::FirstWords::find(std::string_view word) const {
    return slots_.empty() ? 0 : slots_[slot_of(word)].max_words;
}

void Gazetteer::FirstWords::raise(std::string_view word, std::size_t words) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    Slot& slot = slots_[slot_of(word)];
    if (slot.max_words == 0) {
        slot.offset = static_cast<std::uint32_t>(text_.size());
        slot.size = static_cast<std::uint32_t>(word.size());
        text_ += word;
        ++count_;
    }
    slot.max_words = std::max(slot.max_words, words);
}

void Gazetteer::FirstWords::grow() {
    const std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 64 : 2 * old.size(), Slot{});
    for (const Slot& slot : old)
        if (slot.max_words != 0) slots_[slot_of(std::string_view(text_).substr(slot.offset, slot.size))] = slot;
}

namespace {

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read gazetteer " + path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bool has_arabic_letter(std::string_view text) {
    for (std::size_t pos = 0; pos < text.size();) {
        const char32_t cp = utf8::decode(text, pos);
        if (arabic::is_basic_letter(cp)) return true;
    }
    return false;
}

}  // namespace

void Gazetteer::load_geonames(const std::string& path, std::vector<std::string>* problems) {
    const std::string content = read_whole(path);
    content_hash_ = detail::hash128_hex(content_hash_ + "geonames:" + content);
    std::istringstream in(content);
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        const auto columns = split(line, '\t');
        // geonameid name asciiname alternatenames lat lon class code country cc2 admin1 … population (14)
        if (columns.size() < 15) {
            if (problems && !line.empty())
                problems->push_back(path + ":" + std::to_string(line_number) + ": expected a GeoNames row");
            continue;
        }
        std::vector<std::string> arabic;
        for (const auto& name : split(columns[3], ','))
            if (has_arabic_letter(name)) arabic.push_back(name);
        if (arabic.empty()) continue;
        Place place;
        place.id = "gn:" + columns[0];
        if (by_id_.count(place.id)) continue;
        place.name_ar = arabic.front();
        place.alt_names_ar.assign(arabic.begin() + 1, arabic.end());
        place.name_en = columns[1];
        place.kind = PlaceKind::city;
        place.country_code = columns[8];
        place.lat = parse_double(columns[4]);
        place.lon = parse_double(columns[5]);
        // Past 2^64 a number is no count (and converting it is undefined).
        if (const auto population = parse_double(columns[14]); population && *population > 0 && *population < 0x1p64)
            place.population = static_cast<std::uint64_t>(*population);
        place.from_user_file = true;
        admin1_names_.emplace_back();
        const auto index = static_cast<PlaceIndex>(places_.size());
        by_id_[place.id] = index;
        places_.push_back(std::move(place));
        for (const auto& name : arabic) add_name(name, index);
    }
}

void Gazetteer::load_tsv(const std::string& path, bool bundled, std::vector<std::string>* problems) {
    const std::string content = read_whole(path);
    content_hash_ = detail::hash128_hex(content_hash_ + (bundled ? "bundled:" : "tsv:") + content);
    std::istringstream in(content);
    std::string line;
    std::size_t line_number = 0;
    auto problem = [&](const std::string& reason) {
        if (problems) problems->push_back(path + ":" + std::to_string(line_number) + ": " + reason);
    };
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#' || line.rfind("name_ar\t", 0) == 0) continue;
        const auto columns = split(line, '\t');
        if (columns.size() < 12) {
            problem("expected 12 tab-separated columns, found " + std::to_string(columns.size()));
            continue;
        }
        Place place;
        place.name_ar = columns[0];
        if (!columns[1].empty()) place.alt_names_ar = split(columns[1], '|');
        place.name_en = columns[2];
        const auto kind = parse_kind(columns[3]);
        if (!kind || place.name_ar.empty()) {
            problem(kind ? "no Arabic name" : "unknown kind '" + columns[3] + "'");
            continue;
        }
        place.kind = *kind;
        place.country_code = columns[4];
        for (char& c : place.country_code)
            if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
        place.lat = parse_double(columns[5]);
        place.lon = parse_double(columns[6]);
        if (place.lat.has_value() != place.lon.has_value()) place.lat = place.lon = std::nullopt;
        // Past 2^64 a number is no count (and converting it is undefined).
        if (const auto population = parse_double(columns[7]); population && *population > 0 && *population < 0x1p64)
            place.population = static_cast<std::uint64_t>(*population);
        place.id = split(columns[9], '|')[0];
        if (place.id.empty()) place.id = path + ":" + std::to_string(line_number);
        place.from_user_file = !bundled;
        // admin1 names are resolved in finish(); keep them in the parent slot's stead.
        admin1_names_.push_back(columns[10]);
        const auto index = static_cast<PlaceIndex>(places_.size());
        if (by_id_.count(place.id)) {
            problem("duplicate id '" + place.id + "'");
            admin1_names_.pop_back();
            continue;
        }
        by_id_[place.id] = index;
        places_.push_back(std::move(place));
        add_name(places_.back().name_ar, index);
        for (const auto& alt : places_.back().alt_names_ar) add_name(alt, index);
    }
    // The measured policy travels with the bundled gazetteer it was measured for.
    if (bundled) {
        const auto needs = std::filesystem::path(path).parent_path() / "needs_context.tsv";
        std::error_code error;
        if (std::filesystem::is_regular_file(needs, error)) load_context_needs(needs.string(), problems);
        // The names of the large gazetteer (../shared/gazetteer) measured the same way.
        const auto large = std::filesystem::path(path).parent_path() / "large_needs.tsv";
        if (std::filesystem::is_regular_file(large, error)) load_context_needs(large.string(), problems);
    }
}

void Gazetteer::load_context_needs(const std::string& path, std::vector<std::string>* problems) {
    const std::string content = read_whole(path);
    content_hash_ = detail::hash128_hex(content_hash_ + "needs:" + content);
    std::istringstream in(content);
    std::string line;
    std::size_t line_number = 0;
    while (std::getline(in, line)) {
        ++line_number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const auto columns = split(line, '\t');
        const std::string key = name_key(columns[0]);
        const std::string need = columns.size() > 1 ? columns[1] : "";
        if (key.empty() || (need != "context" && need != "place-word" && need != "never")) {
            if (problems)
                problems->push_back(path + ":" + std::to_string(line_number) +
                                    ": expected a name, a tab and 'context', 'place-word' or 'never'");
            continue;
        }
        context_needs_[key] = need == "context"      ? ContextNeed::context
                              : need == "place-word" ? ContextNeed::place_word
                                                     : ContextNeed::never;
    }
}

void Gazetteer::finish() {
    std::unordered_map<std::string, PlaceIndex> countries, admin1s;
    for (PlaceIndex i = 0; i < places_.size(); ++i) {
        const Place& p = places_[i];
        if (p.kind == PlaceKind::country) countries.emplace(p.country_code, i);
        if (p.kind == PlaceKind::admin1) {
            admin1s.emplace(p.country_code + "\t" + name_key(p.name_ar), i);
            for (const auto& alt : p.alt_names_ar) admin1s.emplace(p.country_code + "\t" + name_key(alt), i);
        }
    }
    for (PlaceIndex i = 0; i < places_.size(); ++i) {
        Place& p = places_[i];
        if (p.kind == PlaceKind::country) continue;
        const auto country = countries.find(p.country_code);
        PlaceIndex parent = country == countries.end() ? NO_PLACE : country->second;
        if (p.kind != PlaceKind::admin1 && !admin1_names_[i].empty()) {
            const auto admin1 = admin1s.find(p.country_code + "\t" + name_key(admin1_names_[i]));
            if (admin1 != admin1s.end() && admin1->second != i) parent = admin1->second;
        }
        p.parent = parent;
    }
    // Names are looked up most prominent first: countries, regions, big cities.
    for (auto& [name, list] : by_name_) {
        std::stable_sort(list.begin(), list.end(), [this](PlaceIndex a, PlaceIndex b) {
            const Place& pa = places_[a];
            const Place& pb = places_[b];
            if (pa.from_user_file != pb.from_user_file) return !pa.from_user_file;
            if (kind_rank(pa.kind) != kind_rank(pb.kind)) return kind_rank(pa.kind) < kind_rank(pb.kind);
            return pa.population > pb.population;
        });
    }
}

const std::vector<PlaceIndex>& Gazetteer::by_name(const std::string& normalized_name) const {
    const auto it = by_name_.find(normalized_name);
    return it == by_name_.end() ? NONE : it->second;
}

std::vector<PlaceIndex> Gazetteer::resolve(std::string_view text) const {
    const std::string trimmed = trim_spaces(std::string(text));
    if (const auto id = by_id_.find(trimmed); id != by_id_.end()) return {id->second};
    std::vector<PlaceIndex> found = by_name(name_key(trimmed));
    const std::string lower = lower_ascii(trimmed);
    for (PlaceIndex i = 0; i < places_.size(); ++i) {
        const Place& p = places_[i];
        const bool iso = p.kind == PlaceKind::country && lower.size() == 2 && lower_ascii(p.country_code) == lower;
        if ((iso || (!p.name_en.empty() && lower_ascii(p.name_en) == lower)) &&
            std::find(found.begin(), found.end(), i) == found.end())
            found.push_back(i);
    }
    return found;
}

std::vector<PlaceIndex> Gazetteer::ancestors(PlaceIndex index) const {
    std::vector<PlaceIndex> chain;
    for (PlaceIndex at = index; at != NO_PLACE && chain.size() < 8; at = places_[at].parent) chain.push_back(at);
    return chain;
}

PlaceIndex Gazetteer::country_of(PlaceIndex index) const {
    for (PlaceIndex at : ancestors(index))
        if (places_[at].kind == PlaceKind::country) return at;
    return NO_PLACE;
}

std::vector<PlaceIndex> Gazetteer::within(double lat, double lon, double km) const {
    std::vector<PlaceIndex> found;
    for (PlaceIndex i = 0; i < places_.size(); ++i) {
        const Place& p = places_[i];
        if (p.lat && distance_km(lat, lon, *p.lat, *p.lon) <= km) found.push_back(i);
    }
    return found;
}

double distance_km(double lat1, double lon1, double lat2, double lon2) {
    constexpr double EARTH_RADIUS_KM = 6371.0088;
    constexpr double RADIANS = 3.14159265358979323846 / 180.0;
    const double dlat = (lat2 - lat1) * RADIANS, dlon = (lon2 - lon1) * RADIANS;
    const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                     std::cos(lat1 * RADIANS) * std::cos(lat2 * RADIANS) * std::sin(dlon / 2) * std::sin(dlon / 2);
    return 2 * EARTH_RADIUS_KM * std::asin(std::min(1.0, std::sqrt(a)));
}

std::string bundled_gazetteer_path() { return data_file_path("gazetteer/places.tsv", "FAHRAS_GAZETTEER"); }

std::string missing_gazetteer_help() {
    return "no gazetteer: " + data_file_not_found("gazetteer/places.tsv") +
           "; reinstall Fahras (cmake --install puts data/ in PREFIX/share/fahras), or set FAHRAS_GAZETTEER to a places.tsv";
}

}  // namespace fahras
