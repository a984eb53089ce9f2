// fahras-bench-latency: query latency of Fahras's searcher, many queries in
// one process.
//
//   fahras-bench-latency DB QUERYFILE [--per-query FILE] [--no-warmup] [--dry-run]
//                        [--ids FILE] [fahras-search options, applied to every query]
//
// Each line of QUERYFILE is `KIND<TAB>ARGS`: KIND labels the query for the
// per-kind breakdown, ARGS are fahras-search arguments split as a POSIX shell
// splits them ('…' literal, "…" with \" \\ \$ \` escapes, \ outside quotes),
// so a line can be checked by pasting ARGS after `fahras-search --db DB`.
// A phrase therefore needs its quotes quoted: '"وزارة الصحة"'.  A line
// without a tab is ARGS alone, of kind "-".
//
// One fahras::Searcher serves every query, as a long-running server would:
// the database is opened and its analysis record checked once, before
// anything is timed.  What is timed is Searcher::search() alone: parse and
// run the query, read the hits and build the snippets (fahras-search's
// defaults: 10 results, 200-character snippets).  Argument parsing before
// it and output formatting after it are not timed, nor is process start-up
// or opening the database: this measures the search, not the command line.
// One untimed pass over every query comes first, so the measured pass is
// warm (and the gazetteer, loaded by the first place query, is loaded).
//
// Prints p50/p95/p99/mean in ms, overall and per kind; --per-query writes
// `index<TAB>kind<TAB>microseconds<TAB>estimated matches<TAB>hits` lines,
// the format fahras-bench-plain search prints, for run.sh's comparison.
// --ids writes `index<TAB>kind` and then `<TAB>id<SPACE>score` for each hit
// of the page, in rank order: what bench/shards compares between one
// database and the same articles in shards, local or remote.
#include "percentile.h"

#include "search_cli.h"

#include <fahras/cli_common.h>
#include <fahras/error.h>

#include <boost/program_options/errors.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

using fahras::bench::percentile;

namespace {

struct QueryLine {
    std::string kind = "-";
    std::vector<std::string> args;
};

// Split @a text into words as a POSIX shell does, for the quoting a query
// file needs: whitespace separates words, '…' is literal, "…" keeps spaces
// and honours \" \\ \$ \`, a backslash elsewhere escapes the next character.
// No expansions.  Throws fahras::Error on an unterminated quote.
std::vector<std::string> shell_split(const std::string& text) {
    std::vector<std::string> words;
    std::string word;
    bool in_word = false;  // '' is a word, though empty
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) words.push_back(std::move(word));
            word.clear();
            in_word = false;
        } else if (c == '\'') {
            const std::size_t end = text.find('\'', i + 1);
            if (end == std::string::npos) throw fahras::Error(fahras::EXIT_USAGE, "unterminated ' in: " + text);
            word += text.substr(i + 1, end - i - 1);
            i = end;
            in_word = true;
        } else if (c == '"') {
            std::size_t j = i + 1;
            for (; j < text.size() && text[j] != '"'; ++j) {
                if (text[j] == '\\' && j + 1 < text.size() && std::string("\"\\$`").find(text[j + 1]) != std::string::npos) ++j;
                word += text[j];
            }
            if (j >= text.size()) throw fahras::Error(fahras::EXIT_USAGE, "unterminated \" in: " + text);
            i = j;
            in_word = true;
        } else if (c == '\\' && i + 1 < text.size()) {
            word += text[++i];
            in_word = true;
        } else {
            word += c;
            in_word = true;
        }
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

std::vector<QueryLine> read_query_file(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw fahras::Error(fahras::EXIT_NO_INPUT, "cannot read " + path);
    std::vector<QueryLine> queries;
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        QueryLine query;
        const std::size_t tab = line.find('\t');
        if (tab != std::string::npos) {
            query.kind = line.substr(0, tab);
            line.erase(0, tab + 1);
        }
        query.args = shell_split(line);
        queries.push_back(std::move(query));
    }
    return queries;
}

struct Sample {
    double micros = 0;
    std::size_t estimated = 0, hits = 0;
};

void print_summary(const std::map<std::string, std::vector<Sample>>& by_kind, std::size_t failed) {
    std::printf("| kind | queries | p50 ms | p95 ms | p99 ms | mean ms | mean hits |\n");
    std::printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (const auto& [kind, samples] : by_kind) {
        std::vector<double> micros;
        double sum = 0, hits = 0;
        for (const Sample& s : samples) {
            micros.push_back(s.micros);
            sum += s.micros;
            hits += static_cast<double>(s.hits);
        }
        const auto n = static_cast<double>(samples.size());
        std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f | %.1f |\n", kind.c_str(), samples.size(),
                    percentile(micros, 50) / 1000, percentile(micros, 95) / 1000, percentile(micros, 99) / 1000,
                    sum / n / 1000, hits / n);
    }
    if (failed) std::printf("\n%zu queries failed (see stderr)\n", failed);
}

// The command line, apart from the queries.
struct Run {
    std::string db_path, query_path, per_query_path, ids_path;
    bool warmup = true, dry_run = false;
    std::vector<std::string> search_options;  // applied to every query
};

Run parse_run(int argc, char* argv[]) {
    if (argc < 3 || std::string(argv[1]).rfind("-", 0) == 0 || std::string(argv[2]).rfind("-", 0) == 0)
        throw fahras::Error(fahras::EXIT_USAGE,
                            "usage: fahras-bench-latency DB QUERYFILE [--per-query FILE] [--ids FILE] "
                            "[--no-warmup] [--dry-run] [fahras-search options]");
    Run run;
    run.db_path = argv[1];
    run.query_path = argv[2];
    for (int i = 3; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--per-query" && i + 1 < argc) run.per_query_path = argv[++i];
        else if (arg == "--ids" && i + 1 < argc) run.ids_path = argv[++i];
        else if (arg == "--no-warmup") run.warmup = false;
        else if (arg == "--dry-run") run.dry_run = true;
        else run.search_options.push_back(arg);
    }
    return run;
}

// The full fahras-search command line of query @a query.
std::vector<std::string> command_line(const Run& run, const QueryLine& query) {
    std::vector<std::string> args = {"fahras-search", "--db", run.db_path};
    args.insert(args.end(), run.search_options.begin(), run.search_options.end());
    args.insert(args.end(), query.args.begin(), query.args.end());
    return args;
}

// Every query's options, parsed once, before anything is timed.
struct ParsedQueries {
    std::vector<std::optional<fahras::SearcherOptions>> options;  // empty where refused
    std::vector<std::string> variant_files;  // the first query's: the one Searcher loads these
    std::size_t failed = 0;
};

// A line fahras-search would refuse is reported and left out, and so is one
// giving --variants files of its own: the one Searcher loads one set, for all.
ParsedQueries parse_queries(const Run& run, const std::vector<QueryLine>& queries) {
    ParsedQueries parsed;
    parsed.options.resize(queries.size());
    std::optional<std::vector<std::string>> variant_files;
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::vector<std::string> args = command_line(run, queries[i]);
        std::vector<const char*> argv_query;
        for (const auto& arg : args) argv_query.push_back(arg.c_str());
        auto& options = parsed.options[i];
        try {
            options = fahras::parse_searcher_options(static_cast<int>(argv_query.size()), argv_query.data());
            if (!variant_files) variant_files = options->variant_files;
            if (options->variant_files != *variant_files)
                throw fahras::Error(fahras::EXIT_USAGE,
                                    "--variants differ from the first query's: give them after QUERYFILE");
        } catch (const boost::program_options::error& e) {
            std::cerr << "fahras-bench-latency: query " << i << ": " << e.what() << '\n';
            options.reset();
            ++parsed.failed;
        } catch (const fahras::Error& e) {
            std::cerr << "fahras-bench-latency: query " << i << ": " << e.what() << '\n';
            options.reset();
            ++parsed.failed;
        }
    }
    parsed.variant_files = variant_files.value_or(std::vector<std::string>());
    return parsed;
}

void print_dry_run(const Run& run, const std::vector<QueryLine>& queries) {
    for (std::size_t i = 0; i < queries.size(); ++i) {
        const std::vector<std::string> args = command_line(run, queries[i]);
        std::cout << i << '\t' << queries[i].kind;
        for (std::size_t a = 3; a < args.size(); ++a) std::cout << '\t' << args[a];
        std::cout << '\n';
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-bench-latency", std::cerr, [&]() -> int {
        const Run run = parse_run(argc, argv);
        const std::vector<QueryLine> queries = read_query_file(run.query_path);
        if (run.dry_run) {
            print_dry_run(run, queries);
            return fahras::EXIT_OK;
        }
        const ParsedQueries parsed = parse_queries(run, queries);
        const auto& options = parsed.options;
        std::size_t failed = parsed.failed;

        // A query the searcher refuses (a syntax error, an unknown place) is
        // a failed query; a database that cannot be read stops everything.
        fahras::Searcher searcher(run.db_path, parsed.variant_files);
        const auto search = [&](std::size_t i, bool report) -> std::optional<fahras::ResultPage> {
            try {
                return searcher.search(options[i]->request);
            } catch (const fahras::Error& e) {
                if (e.code() == fahras::EXIT_NO_INPUT || e.code() == fahras::EXIT_INTERNAL) throw;
                if (report) std::cerr << "fahras-bench-latency: query " << i << ": " << e.what() << '\n';
                return std::nullopt;
            }
        };
        if (run.warmup)
            for (std::size_t i = 0; i < queries.size(); ++i)
                if (options[i]) search(i, false);  // failures are reported by the measured pass

        std::ofstream per_query;
        if (!run.per_query_path.empty()) {
            per_query.open(run.per_query_path);
            if (!per_query) throw fahras::Error(fahras::EXIT_CANT_CREATE, "cannot write " + run.per_query_path);
        }
        std::ofstream ids;
        if (!run.ids_path.empty()) {
            ids.open(run.ids_path);
            if (!ids) throw fahras::Error(fahras::EXIT_CANT_CREATE, "cannot write " + run.ids_path);
        }
        std::map<std::string, std::vector<Sample>> by_kind;
        for (std::size_t i = 0; i < queries.size(); ++i) {
            if (!options[i]) continue;
            const auto start = std::chrono::steady_clock::now();
            const std::optional<fahras::ResultPage> results = search(i, true);
            const double micros = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
            if (!results) {
                ++failed;
                continue;
            }
            const Sample sample{micros, results->total_estimate, results->hits.size()};
            by_kind[queries[i].kind].push_back(sample);
            by_kind["all"].push_back(sample);
            if (per_query)
                per_query << i << '\t' << queries[i].kind << '\t' << std::llround(micros) << '\t' << sample.estimated
                          << '\t' << sample.hits << '\n';
            if (ids) {
                ids << i << '\t' << queries[i].kind;
                char score[32];
                for (const fahras::Hit& hit : results->hits) {
                    // Scores as printed: equal to 1e-9, so a tie is seen as one.
                    std::snprintf(score, sizeof score, "%.9g", hit.score);
                    ids << '\t' << hit.id << ' ' << score;
                }
                ids << '\n';
            }
        }
        print_summary(by_kind, failed);
        return fahras::EXIT_OK;
    });
}
