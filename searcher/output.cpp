// Rendering results: for people (terminal, bidi-safe) and for scripts (JSON).
#include "searcher.h"

#include <fahras/cli_common.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <ostream>

namespace fahras {

namespace {

// U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE: each field
// takes its direction from its own first strong letter, so an Arabic title
// never reorders the rank number or a Latin URL next to it.
std::string isolate(const std::string& text, const SearchOptions& opts) {
    if (!opts.bidi_isolates || text.empty()) return text;
    return "\u2068" + text + "\u2069";
}

std::string render(const Snippet& snippet, const SearchOptions& opts) {
    std::string out;
    for (const auto& segment : snippet) {
        if (!segment.highlighted || opts.highlight == HighlightStyle::none) {
            out += segment.text;
        } else if (opts.highlight == HighlightStyle::ansi) {
            out += "\033[1;31m" + segment.text + "\033[0m";
        } else {
            out += "[" + segment.text + "]";
        }
    }
    return out;
}

nlohmann::ordered_json facet_list(const std::vector<FacetCount>& facets, const char* key_name) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& facet : facets) list.push_back({{key_name, facet.key}, {"name", facet.name}, {"count", facet.count}});
    return list;
}

nlohmann::ordered_json spans(const Snippet& snippet) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& [begin, end] : snippet_highlights(snippet)) list.push_back({begin, end});
    return list;
}

}  // namespace

void print_results_text(const SearchResults& results, const SearchOptions& opts, std::ostream& out) {
    if (opts.explain) {
        out << "Query: " << isolate(opts.query, opts) << '\n' << "Parsed: " << results.parsed_query << '\n';
        for (const auto& w : results.explanation) {
            out << "  " << isolate(w.word, opts) << " -> " << isolate(w.normalized, opts) << " -> stem "
                << isolate(w.stem, opts) << "  (" << w.word_frequency << " articles with the word, "
                << w.stem_frequency << " with the stem" << (w.stopword ? "; stopword" : "") << ")\n";
        }
        out << '\n';
    }
    if (!results.did_you_mean.empty()) out << "Did you mean: " << isolate(results.did_you_mean, opts) << "\n\n";
    if (results.hits.empty()) {
        out << "No results (about " << results.total_estimate << " matches)\n";
        return;
    }
    out << "Results " << results.hits.front().rank << "-" << results.hits.back().rank << " of about "
        << results.total_estimate << "\n\n";
    for (const auto& hit : results.hits) {
        out << hit.rank << ". " << isolate(render(hit.title, opts), opts) << '\n';
        std::string meta;
        for (const std::string* field : {&hit.date, &hit.source, &hit.url}) {
            if (field->empty()) continue;
            if (!meta.empty()) meta += "  ";
            meta += isolate(*field, opts);
        }
        if (meta.empty()) meta = isolate(hit.id, opts);
        out << "   " << meta << '\n';
        if (!hit.snippet.empty()) out << "   " << isolate(render(hit.snippet, opts), opts) << '\n';
        if (opts.explain) {
            std::string terms;
            for (const auto& term : hit.matched_terms) terms += (terms.empty() ? "" : " ") + term;
            out << "   matched: " << isolate(terms, opts) << '\n';
        }
        if (!hit.places.empty()) {
            // A governorate and its capital often share a name: show it once.
            std::string names;
            std::vector<std::string> shown;
            for (const auto& place : hit.places) {
                if (std::find(shown.begin(), shown.end(), place.name) != shown.end()) continue;
                shown.push_back(place.name);
                names += (names.empty() ? "" : "، ") + place.name;
            }
            out << "   " << isolate(names, opts) << '\n';
        }
        out << '\n';
    }
    if (results.facets) {
        auto line = [&](const char* label, const std::vector<FacetCount>& facets) {
            out << label << ':';
            for (const auto& facet : facets) out << "  " << isolate(facet.name, opts) << ' ' << facet.count;
            out << '\n';
        };
        line("Places", results.facets->places);
        line("Countries", results.facets->countries);
        line("Sources", results.facets->sources);
    }
}

void print_results_json(const SearchResults& results, const SearchOptions& opts, std::ostream& out) {
    const auto replace = nlohmann::json::error_handler_t::replace;
    for (const auto& hit : results.hits) {
        nlohmann::ordered_json places = nlohmann::ordered_json::array();
        for (const auto& place : hit.places) places.push_back({{"id", place.id}, {"name", place.name}});
        const nlohmann::ordered_json object = {
            {"type", "hit"},
            {"rank", hit.rank},
            {"id", hit.id},
            {"url", hit.url},
            {"title", snippet_text(hit.title)},
            {"title_highlights", spans(hit.title)},
            {"date", hit.date},
            {"source", hit.source},
            {"author", hit.author},
            {"score", hit.score},
            {"percent", hit.percent},
            {"snippet", snippet_text(hit.snippet)},
            {"highlights", spans(hit.snippet)},
            {"matched_terms", hit.matched_terms},
            {"places", places},
        };
        out << object.dump(-1, ' ', false, replace) << '\n';
    }
    if (results.facets) {
        const nlohmann::ordered_json facets = {
            {"type", "facets"},
            {"places", facet_list(results.facets->places, "id")},
            {"countries", facet_list(results.facets->countries, "code")},
            {"sources", facet_list(results.facets->sources, "source")},
        };
        out << facets.dump(-1, ' ', false, replace) << '\n';
    }
    nlohmann::ordered_json explanation = nlohmann::ordered_json::array();
    for (const auto& w : results.explanation) {
        explanation.push_back({{"word", w.word}, {"normalized", w.normalized}, {"stem", w.stem},
                               {"word_frequency", w.word_frequency}, {"stem_frequency", w.stem_frequency},
                               {"stopword", w.stopword}});
    }
    nlohmann::ordered_json summary = {
        {"type", "summary"},
        {"query", opts.query},
        {"parsed_query", results.parsed_query},
        {"total_estimate", results.total_estimate},
        {"returned", results.hits.size()},
        {"offset", opts.offset},
        {"limit", opts.limit},
        {"elapsed_ms", results.seconds * 1000.0},
        {"did_you_mean", results.did_you_mean.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(results.did_you_mean)},
    };
    if (opts.explain) summary["explain"] = explanation;
    out << summary.dump(-1, ' ', false, replace) << '\n';
}

}  // namespace fahras
