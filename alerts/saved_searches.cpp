// The saved-searches file: JSON Lines written by hand, read line by line so
// that one bad line costs only itself.
#include "saved_searches.h"

#include "request_params.h"

#include <fahras/error.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <stdexcept>

namespace fahras {

namespace {

// A line's problem, said with the key it concerns.
struct LineError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::string text_of(const nlohmann::json& value, const std::string& key) {
    if (!value.is_string()) throw LineError("\"" + key + "\" must be a string");
    return value.get<std::string>();
}

// A string, or a list of strings: "place": "حلب" or "place": ["حلب", "إدلب"].
std::vector<std::string> texts_of(const nlohmann::json& value, const std::string& key) {
    if (value.is_string()) return {value.get<std::string>()};
    if (!value.is_array()) throw LineError("\"" + key + "\" must be a string or a list of strings");
    std::vector<std::string> texts;
    for (const auto& item : value) texts.push_back(text_of(item, key));
    return texts;
}

bool flag_of(const nlohmann::json& value, const std::string& key) {
    if (!value.is_boolean()) throw LineError("\"" + key + "\" must be true or false");
    return value.get<bool>();
}

std::size_t count_of(const nlohmann::json& value, const std::string& key, std::size_t least, std::size_t most) {
    if (!value.is_number_unsigned()) throw LineError("\"" + key + "\" must be a whole number");
    return count_param(key, std::to_string(value.get<std::uint64_t>()), least, most);
}

// A source is one word of the query's source: filter, which ends at a space or a bracket.
std::string source_filter(const std::string& source) {
    if (source.empty() || source.find_first_of(" \t\"()") != std::string::npos)
        throw LineError("\"source\" must be a source's name without spaces, quotes or brackets: '" + source + "'");
    return "source:" + source;
}

// Sets what @a key says in @a search.
void apply_key(SavedSearch& search, const std::string& key, const nlohmann::json& value) {
    SearchRequest& request = search.request;
    if (key == "name") search.name = text_of(value, key);
    else if (key == "query") request.query = text_of(value, key) + request.query;
    else if (key == "source")
        for (const auto& source : texts_of(value, key)) request.query += " " + source_filter(source);
    else if (key == "place") request.places = texts_of(value, key);
    else if (key == "country") request.countries = texts_of(value, key);
    else if (key == "from") request.from = date_param(key, text_of(value, key), false);
    else if (key == "to") request.to = date_param(key, text_of(value, key), true);
    else if (key == "all") request.match_all = flag_of(value, key);
    else if (key == "collapse") request.collapse = flag_of(value, key);
    else if (key == "sort") request.sort = sort_param(key, text_of(value, key));
    else if (key == "limit") request.limit = count_of(value, key, 1, MAX_LIMIT);
    else if (key == "snippet_length") request.snippet_chars = count_of(value, key, 0, MAX_SNIPPET_CHARS);
    else
        throw LineError("unknown key \"" + key +
                        "\" (known: name, query, source, place, country, from, to, all, collapse, sort, limit, "
                        "snippet_length)");
}

SavedSearch parse_line(const std::string& line) {
    nlohmann::json object;
    try {
        object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        throw LineError(std::string("not a JSON object: ") + e.what());
    }
    if (!object.is_object()) throw LineError("not a JSON object: one saved search per line, {\"name\": …, \"query\": …}");
    SavedSearch search;
    search.request.limit = DEFAULT_ALERT_LIMIT;
    // Alerts search what was saved, never a spelling correction of it.
    search.request.correct = false;
    // "query" first, so that "source" adds to it whatever the order of the keys.
    if (object.contains("query")) apply_key(search, "query", object["query"]);
    for (const auto& [key, value] : object.items())
        if (key != "query") apply_key(search, key, value);
    if (search.name.empty()) throw LineError("a saved search needs a \"name\"");
    if (search.request.from && search.request.to && *search.request.from > *search.request.to)
        throw LineError("\"from\" is after \"to\"");
    check_search_request(search.request);
    return search;
}

bool is_blank_or_comment(const std::string& line) {
    const std::size_t first = line.find_first_not_of(" \t\r");
    return first == std::string::npos || line[first] == '#';
}

}  // namespace

SavedSearches parse_saved_searches(std::istream& in, const std::string& file_name) {
    SavedSearches saved;
    std::set<std::string> names;
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (is_blank_or_comment(line)) continue;
        const std::string where = file_name + ":" + std::to_string(number) + ": error: ";
        try {
            SavedSearch search = parse_line(line);
            search.line = number;
            if (!names.insert(search.name).second)
                throw LineError("a second saved search named '" + search.name + "': names must be unique");
            saved.searches.push_back(std::move(search));
        } catch (const LineError& e) {
            saved.errors.push_back(where + e.what());
        } catch (const Error& e) {
            saved.errors.push_back(where + e.what());
        }
    }
    return saved;
}

SavedSearches read_saved_searches(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(EXIT_NO_INPUT, "cannot read the saved searches " + path);
    SavedSearches saved = parse_saved_searches(in, path);
    if (in.bad()) throw Error(EXIT_NO_INPUT, "cannot read the saved searches " + path);
    return saved;
}

}  // namespace fahras
