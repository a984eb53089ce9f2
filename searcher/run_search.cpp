// fahras-search's one search: the request checked, the database opened, searched.
#include "search_cli.h"

#include <chrono>

namespace fahras {

ResultPage run_search(const SearcherOptions& opts) {
    const auto start = std::chrono::steady_clock::now();
    check_search_request(opts.request);  // before the database is opened
    Searcher searcher(opts.db_path, opts.variant_files, opts.remote_timeout);
    ResultPage results = searcher.search(opts.request);
    // What fahras-search reports includes opening the database.
    results.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return results;
}

}  // namespace fahras
