// Rendering results: for people (terminal, bidi-safe) and for scripts (JSON).
#include "search_cli.h"

#include "json_writer.h"
#include "result_json.h"

#include <fahras/cli_common.h>
#include <fahras/prefix_search.h>
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

// A collapsed story's other copies on one line: how many, and where (each
// one's source and url).
std::string other_versions_line(const Hit& hit, const SearcherOptions& opts) {
    std::string where;
    for (const auto& other : hit.other_versions) {
        if (!where.empty()) where += ", ";
        where += field(other.source.empty() ? other.url : other.source + " " + other.url, opts);
    }
    if (hit.other_count > hit.other_versions.size()) where += ", …";
    return std::to_string(hit.other_count) + (hit.other_count == 1 ? " other version: " : " other versions: ") + where;
}

// A bucket's days: 2015-07-21 / 1436-10-05 (a day), 2015-07 /
// 1436-09-14..1436-10-15 (a month), 2015 / 1436-03-14..1437-03-20 (a year).
std::string bucket_label(const DateBucket& bucket, DateInterval interval) {
    const std::size_t length = interval == DateInterval::year ? 4 : interval == DateInterval::month ? 7 : 10;
    std::string label = bucket.start.substr(0, length);
    if (bucket.start_hijri.empty()) return label;
    label += " / " + bucket.start_hijri;
    if (bucket.end_hijri != bucket.start_hijri && !bucket.end_hijri.empty()) label += ".." + bucket.end_hijri;
    return label;
}

// @a count of @a most as a bar of at most BAR_CELLS cells, in eighths of a
// cell; a count above zero shows at least an eighth.
std::string bar(std::size_t count, std::size_t most) {
    constexpr std::size_t BAR_CELLS = 40;
    static const char* const EIGHTHS[] = {"", "\u258F", "\u258E", "\u258D", "\u258C", "\u258B", "\u258A", "\u2589"};
    if (count == 0 || most == 0) return "";
    const std::size_t eighths = std::max<std::size_t>(1, count * BAR_CELLS * 8 / most);
    std::string out;
    for (std::size_t i = 0; i < eighths / 8; ++i) out += "\u2588";  // a full cell
    return out + EIGHTHS[eighths % 8];
}

}  // namespace

void print_timeline_text(const DateFacet& dates, bool bars, std::ostream& out) {
    out << "Timeline (" << (dates.stories ? "stories" : "articles") << " a " << interval_name(dates.interval);
    if (dates.undated > 0) out << "; " << dates.undated << " undated";
    out << "):\n";
    std::size_t most = 0, label_width = 0;
    std::vector<std::string> labels;
    for (const auto& bucket : dates.buckets) {
        most = std::max(most, bucket.count);
        labels.push_back(bucket_label(bucket, dates.interval));
        label_width = std::max(label_width, labels.back().size());
    }
    const std::size_t count_width = std::to_string(most).size();
    for (std::size_t i = 0; i < dates.buckets.size(); ++i) {
        const std::string count = std::to_string(dates.buckets[i].count);
        out << "  " << labels[i] << std::string(label_width - labels[i].size(), ' ') << "  "
            << std::string(count_width - count.size(), ' ') << count;
        if (bars && dates.buckets[i].count > 0) out << ' ' << bar(dates.buckets[i].count, most);
        out << '\n';
    }
}

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
    if (results.searched_correction)
        out << "Results for " << field(results.did_you_mean, opts) << "; search instead for "
            << field(opts.request.query, opts) << " with --no-correct\n\n";
    else if (!results.did_you_mean.empty())
        out << "Did you mean: " << field(results.did_you_mean, opts) << "\n\n";
    if (!results.shards_failed.empty()) {
        std::string shards;
        for (const auto& shard : results.shards_failed) shards += (shards.empty() ? "" : ", ") + shard;
        out << "Partial results: these shards did not answer and were not searched: " << field(shards, opts) << "\n\n";
    }
    // "of 180" when every match was counted, "of about 2000" when Xapian estimated.
    const char* about = results.total_is_exact ? "" : "about ";
    if (results.hits.empty()) {
        out << "No results (" << about << results.total_estimate << " matches)\n";
        return;
    }
    out << "Results " << results.hits.front().rank << "-" << results.hits.back().rank << " of " << about
        << results.total_estimate << (results.collapsed ? " stories" : " articles") << "\n\n";
    for (const auto& hit : results.hits) {
        out << hit.rank << ". " << isolate(render(hit.title, opts), opts) << '\n';
        std::string meta;
        // 2015-07-21 / 1436-10-05: the Hijri day beside the Gregorian one.
        const std::string date = hit.date_hijri.empty() ? hit.date : hit.date + " / " + hit.date_hijri;
        for (const std::string* value : {&date, &hit.source, &hit.url}) {
            if (value->empty()) continue;
            if (!meta.empty()) meta += "  ";
            meta += field(*value, opts);
        }
        if (meta.empty()) meta = field(hit.id, opts);
        out << "   " << meta << '\n';
        if (!hit.snippet.empty()) out << "   " << isolate(render(hit.snippet, opts), opts) << '\n';
        if (hit.other_count > 0) out << "   " << other_versions_line(hit, opts) << '\n';
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
        const unsigned kinds = results.facets->kinds;
        if (kinds & FACET_PLACES) line("Places", results.facets->places);
        if (kinds & FACET_COUNTRIES) line("Countries", results.facets->countries);
        if (kinds & FACET_SOURCES) line("Sources", results.facets->sources);
        if (results.facets->dates) print_timeline_text(*results.facets->dates, opts.timeline_bars, out);
    }
}

void print_syntax_notice(const ResultPage& results, std::ostream& err) {
    if (results.syntax_fallback)
        err << "fahras-search: note: searched as plain words: " << terminal_text(results.syntax_note) << '\n';
    for (const auto& prefix : results.capped_prefixes)
        err << "fahras-search: note: " << terminal_text(prefix) << " begins more than " << MAX_PREFIX_WORDS
            << " words: only the " << MAX_PREFIX_WORDS << " most frequent were searched; type more letters\n";
}

void print_results_json(const ResultPage& results, const SearcherOptions& opts, std::ostream& out) {
    std::string line;
    for (const auto& hit : results.hits) {
        line.clear();
        JsonWriter json(line);
        json.begin_object().field("type", "hit");
        write_hit_fields(json, hit);
        json.end_object();
        out << line << '\n';
    }
    if (results.facets) {
        line.clear();
        JsonWriter json(line);
        json.begin_object().field("type", "facets");
        write_facet_fields(json, *results.facets);
        json.end_object();
        out << line << '\n';
    }
    line.clear();
    JsonWriter json(line);
    json.begin_object().field("type", "summary");
    write_summary_fields(json, results, opts.request);
    json.end_object();
    out << line << '\n';
}

}  // namespace fahras
