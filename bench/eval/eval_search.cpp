// fahras-eval-search: fahras-search over a file of queries, for run.sh.
//
//   fahras-eval-search --queries FILE [fahras-search options, e.g. --db DB --limit 100 --all]
//
// Each line of FILE is one query.  For each, this runs what fahras-search
// --json runs (parse_searcher_options, the search, print_results_json), one
// fahras::Searcher (the database opened once) serving every query, and
// prints its JSON Lines with a "query_index" field (0-based line number)
// added in front; a query refused as fahras-search refuses it (exit 65)
// gives {"query_index":N,"type":"error","exit":65} instead.  One process for thousands of
// queries instead of one per query; run.sh --check-cli compares a sample
// with the real fahras-search, query by query.
#include "search_cli.h"

#include <fahras/cli_common.h>
#include <fahras/error.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

// {"type":"hit",...} → {"query_index":7,"type":"hit",...}, line by line in
// place: this runs for every query latency.sh times, and is no part of
// fahras-search's own work, so it should cost next to nothing.
void print_tagged(const std::string& json_lines, std::size_t index, std::ostream& out) {
    const std::string tag = "{\"query_index\":" + std::to_string(index);
    std::size_t start = 0;
    while (start < json_lines.size()) {
        std::size_t end = json_lines.find('\n', start);
        if (end == std::string::npos) end = json_lines.size();
        const std::string_view line(json_lines.data() + start, end - start);
        if (!line.empty() && line.front() == '{') {
            out << tag << (line.size() > 2 ? "," : "");
            out.write(line.data() + 1, static_cast<std::streamsize>(line.size() - 1));
            out << '\n';
        }
        start = end + 1;
    }
}

}  // namespace

int main(int argc, char* argv[]) {
    return fahras::run_cli("fahras-eval-search", std::cerr, [&]() -> int {
        std::string queries_path;
        // fahras-search's own parser reads every other option; it needs a
        // query word to accept the command line, replaced query by query.
        std::vector<const char*> args = {"fahras-search"};
        for (int i = 1; i < argc; ++i) {
            if (std::string(argv[i]) == "--queries" && i + 1 < argc) queries_path = argv[++i];
            else args.push_back(argv[i]);
        }
        if (queries_path.empty()) throw fahras::Error(fahras::EXIT_USAGE, "--queries FILE is required");
        args.push_back("--json");
        args.push_back("placeholder");
        fahras::SearcherOptions opts = fahras::parse_searcher_options(static_cast<int>(args.size()), args.data());
        std::ifstream queries(queries_path);
        if (!queries) throw fahras::Error(fahras::EXIT_NO_INPUT, "cannot read " + queries_path);
        fahras::Searcher searcher(opts.db_path, opts.variant_files);
        std::string query;
        for (std::size_t index = 0; std::getline(queries, query); ++index) {
            opts.request.query = query;
            std::ostringstream json;
            try {
                fahras::print_results_json(searcher.search(opts.request), opts, json);
            } catch (const fahras::Error& e) {
                // A query the search refuses (exit 65 from fahras-search)
                // counts as a miss, not a stop; eval.py counts these lines.
                if (e.code() != fahras::EXIT_DATA_ERROR) throw;
                std::cerr << "fahras-eval-search: query " << index << ": " << e.what() << '\n';
                std::cout << "{\"query_index\":" << index << ",\"type\":\"error\",\"exit\":" << e.code() << "}\n";
                continue;
            }
            print_tagged(json.str(), index, std::cout);
        }
        return fahras::EXIT_OK;
    });
}
