// fahras-eval-search: fahras-search over a file of queries, for run.sh.
//
//   fahras-eval-search --queries FILE [fahras-search options, e.g. --db DB --limit 100 --all]
//
// Each line of FILE is one query.  For each, this runs what fahras-search
// --json runs (parse_searcher_options, the search, print_results_json), one
// fahras::Searcher (the database opened once) serving every query, and
// prints its JSON Lines with a "query_index" field (0-based line number)
// added in front.  One process for thousands of
// queries instead of one per query; run.sh --check-cli compares a sample
// with the real fahras-search, query by query.
#include "searcher.h"

#include <fahras/cli_common.h>
#include <fahras/error.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// {"type":"hit",...} → {"query_index":7,"type":"hit",...}
void print_tagged(const std::string& json_lines, std::size_t index, std::ostream& out) {
    std::istringstream lines(json_lines);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.empty() || line[0] != '{') continue;
        out << "{\"query_index\":" << index << (line.size() > 2 ? "," : "") << line.substr(1) << '\n';
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
        fahras::SearchOptions opts = fahras::parse_searcher_options(static_cast<int>(args.size()), args.data());
        std::ifstream queries(queries_path);
        if (!queries) throw fahras::Error(fahras::EXIT_NO_INPUT, "cannot read " + queries_path);
        fahras::Searcher searcher(opts.db_path);
        std::string query;
        for (std::size_t index = 0; std::getline(queries, query); ++index) {
            opts.query = query;
            std::ostringstream json;
            try {
                fahras::print_results_json(searcher.search(opts), opts, json);
            } catch (const fahras::Error& e) {
                // A query the parser rejects counts as a miss, not a stop.
                if (e.code() != fahras::EXIT_DATA_ERROR) throw;
                std::cerr << "fahras-eval-search: query " << index << ": " << e.what() << '\n';
                continue;
            }
            print_tagged(json.str(), index, std::cout);
        }
        return fahras::EXIT_OK;
    });
}
