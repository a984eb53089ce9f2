// Rendering results: for people (terminal, bidi-safe) and for scripts (JSON).
#include "search_cli.h"

#include "json_writer.h"

#include <fahras/cli_common.h>
#include <fahras/terminal_text.h>

#include <algorithm>
#include <ostream>

namespace fahras {

namespace {

// U+2068 FIRST STRONG ISOLATE … U+2069 POP DIRECTIONAL ISOLATE: each field
// takes its direction from its own first strong letter, so an Arabic title
// never reorders the rank number or a Latin URL next to it.  @a text is
// already terminal-safe (terminal_text() removed any stray isolate or
// override that could end this one early).
std::string isolate(const std::string& text, const SearcherOptions& opts) {
    if (!opts.bidi_isolates || text.empty()) return text;
    return "\u2068" + text + "\u2069";
}

// Text from the archive or the user, as one field of a line: its control
// characters shown (terminal_text.h), then isolated.
std::string field(const std::string& text, const SearcherOptions& opts) {
    return isolate(terminal_text(text), opts);
}

// The archive's text is escaped segment by segment before the highlight
// codes are added, so only our own escape codes reach the terminal.
std::string render(const Snippet& snippet, const SearcherOptions& opts) {
    std::string out;
    for (const auto& segment : snippet) {
        if (!segment.highlighted || opts.highlight == HighlightStyle::none) {
            append_terminal_text(out, segment.text);
        } else if (opts.highlight == HighlightStyle::ansi) {
            out += "\033[1;31m";
            append_terminal_text(out, segment.text);
            out += "\033[0m";
        } else {
            out += '[';
            append_terminal_text(out, segment.text);
            out += ']';
        }
    }
    return out;
}

void write_facets(JsonWriter& json, std::string_view name, const std::vector<FacetCount>& facets, const char* key_name) {
    json.key(name).begin_array();
    for (const auto& facet : facets)
        json.begin_object().field(key_name, facet.key).field("name", facet.name).field("count", facet.count).end_object();
    json.end_array();
}

/** Highlighted spans of @a snippet as [begin, end] pairs of code points. */
void write_spans(JsonWriter& json, std::string_view name, const Snippet& snippet) {
    json.key(name).begin_array();
    for (const auto& [begin, end] : snippet_highlights(snippet)) json.begin_array().value(begin).value(end).end_array();
    json.end_array();
}

}  // namespace

void print_results_text(const ResultPage& results, const SearcherOptions& opts, std::ostream& out) {
    if (opts.request.explain) {
        out << "Query: " << field(opts.request.query, opts) << '\n'
            << "Parsed: " << terminal_text(results.parsed_query) << '\n';
        for (const auto& w : results.explanation) {
            out << "  " << field(w.word, opts) << " -> " << field(w.normalized, opts) << " -> stem "
                << field(w.stem, opts) << "  (" << w.word_frequency << " articles with the word, "
                << w.stem_frequency << " with the stem" << (w.stopword ? "; stopword" : "") << ")";
            if (!w.past_forms.empty()) {
                out << "; also as the past tense:";
                for (const auto& stem : w.past_forms) out << ' ' << field(stem, opts);
            }
            out << '\n';
        }
        out << '\n';
    }
    if (!results.did_you_mean.empty()) out << "Did you mean: " << field(results.did_you_mean, opts) << "\n\n";
    if (results.hits.empty()) {
        out << "No results (about " << results.total_estimate << " matches)\n";
        return;
    }
    out << "Results " << results.hits.front().rank << "-" << results.hits.back().rank << " of about "
        << results.total_estimate << "\n\n";
    for (const auto& hit : results.hits) {
        out << hit.rank << ". " << isolate(render(hit.title, opts), opts) << '\n';
        std::string meta;
        for (const std::string* value : {&hit.date, &hit.source, &hit.url}) {
            if (value->empty()) continue;
            if (!meta.empty()) meta += "  ";
            meta += field(*value, opts);
        }
        if (meta.empty()) meta = field(hit.id, opts);
        out << "   " << meta << '\n';
        if (!hit.snippet.empty()) out << "   " << isolate(render(hit.snippet, opts), opts) << '\n';
        if (opts.request.explain) {
            std::string terms;
            for (const auto& term : hit.matched_terms) terms += (terms.empty() ? "" : " ") + term;
            out << "   matched: " << field(terms, opts) << '\n';
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
            out << "   " << field(names, opts) << '\n';
        }
        out << '\n';
    }
    if (results.facets) {
        auto line = [&](const char* label, const std::vector<FacetCount>& facets) {
            out << label << ':';
            for (const auto& facet : facets) out << "  " << field(facet.name, opts) << ' ' << facet.count;
            out << '\n';
        };
        line("Places", results.facets->places);
        line("Countries", results.facets->countries);
        line("Sources", results.facets->sources);
    }
}

void print_results_json(const ResultPage& results, const SearcherOptions& opts, std::ostream& out) {
    std::string line;
    for (const auto& hit : results.hits) {
        line.clear();
        JsonWriter json(line);
        json.begin_object()
            .field("type", "hit")
            .field("rank", hit.rank)
            .field("id", hit.id)
            .field("url", hit.url)
            .field("title", snippet_text(hit.title));
        write_spans(json, "title_highlights", hit.title);
        json.field("date", hit.date)
            .field("source", hit.source)
            .field("author", hit.author)
            .field("score", hit.score)
            .field("percent", hit.percent)
            .field("snippet", snippet_text(hit.snippet));
        write_spans(json, "highlights", hit.snippet);
        json.key("matched_terms").begin_array();
        for (const auto& term : hit.matched_terms) json.value(term);
        json.end_array().key("places").begin_array();
        for (const auto& place : hit.places) json.begin_object().field("id", place.id).field("name", place.name).end_object();
        json.end_array().end_object();
        out << line << '\n';
    }
    if (results.facets) {
        line.clear();
        JsonWriter json(line);
        json.begin_object().field("type", "facets");
        write_facets(json, "places", results.facets->places, "id");
        write_facets(json, "countries", results.facets->countries, "code");
        write_facets(json, "sources", results.facets->sources, "source");
        json.end_object();
        out << line << '\n';
    }
    line.clear();
    JsonWriter json(line);
    json.begin_object()
        .field("type", "summary")
        .field("query", opts.request.query)
        .field("parsed_query", results.parsed_query)
        .field("total_estimate", results.total_estimate)
        .field("returned", results.hits.size())
        .field("offset", opts.request.offset)
        .field("limit", opts.request.limit)
        .field("elapsed_ms", results.seconds * 1000.0);
    json.key("did_you_mean");
    if (results.did_you_mean.empty()) json.null();
    else json.value(results.did_you_mean);
    if (opts.request.explain) {
        json.key("explain").begin_array();
        for (const auto& w : results.explanation) {
            json.begin_object()
                .field("word", w.word)
                .field("normalized", w.normalized)
                .field("stem", w.stem)
                .field("word_frequency", w.word_frequency)
                .field("stem_frequency", w.stem_frequency)
                .field("stopword", w.stopword);
            json.key("past_forms").begin_array();
            for (const auto& stem : w.past_forms) json.value(stem);
            json.end_array().end_object();
        }
        json.end_array();
    }
    json.end_object();
    out << line << '\n';
}

}  // namespace fahras
